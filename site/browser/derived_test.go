package browser

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// encodeShare packs a state as the page's share links do: deflate-raw, then base64url.
func encodeShare(tb testing.TB, state string) string {
	tb.Helper()
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		tb.Fatal(err)
	}
	w.Write([]byte(state))
	w.Close()
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// The page lists the context keys the engine derived and what from; Remove marks one absent
// (the decision changes), the row's × restores it, Override copies it into the context to edit.
func TestDerivedContext(t *testing.T) {
	setup(t)
	const state = `{"policies":[{"kind":"identity","name":"UsersOnly","enabled":true,"text":"{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"aws:PrincipalType\": \"User\"}}}]}"}],
	  "request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"secretsmanager:GetSecretValue","resource":"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf","context":{}}}`
	p := open(t, env.url+"#s="+encodeShare(t, state))
	if d := p.decision(); d != "Allow" {
		t.Fatalf("with aws:PrincipalType derived as User the decision is %s, want Allow", d)
	}
	const row = `#derived .derived-key[data-key="aws:PrincipalType"]`
	text := eval[string](p, `(() => { const r = document.querySelector(`+jsString(row)+`); return r ? r.textContent : '' })()`)
	if !strings.Contains(text, "User") || !strings.Contains(text, "from the principal ARN") {
		t.Errorf("the derived row for aws:PrincipalType reads %q, want its value User and \"from the principal ARN\"", text)
	}
	for _, k := range []string{"aws:username", "aws:PrincipalArn", "aws:CurrentTime", "aws:SecureTransport", "aws:RequestedRegion"} {
		if !eval[bool](p, `!!document.querySelector('#derived .derived-key[data-key="`+k+`"]')`) {
			t.Errorf("the page does not list the derived key %s", k)
		}
	}
	p.screenshot("derived")

	// Remove: the key is marked absent, so the condition fails.
	p.do(chromedp.Click(chromedp.CSS(row + " button.remove")))
	if d := p.decision(); d != "ImplicitDeny" {
		t.Errorf("with aws:PrincipalType removed the decision is %s, want ImplicitDeny", d)
	}
	if !eval[bool](p, `iamplayTest.state().request.context["aws:PrincipalType"] === null`) {
		t.Errorf("after Remove the state's context is %s, want aws:PrincipalType: null", eval[string](p, `JSON.stringify(iamplayTest.state().request.context)`))
	}
	if !eval[bool](p, `!!document.querySelector('#context input[data-absent][disabled]')`) || eval[bool](p, `!!document.querySelector(`+jsString(row)+`)`) {
		t.Errorf("after Remove the context should show the key as absent and the derived list should not offer it")
	}
	p.screenshot("derived_removed")

	// The row's × stops marking it absent: derived again.
	p.do(chromedp.Click(chromedp.CSS(`#context .ctx-row button`)))
	if d := p.decision(); d != "Allow" {
		t.Errorf("after un-marking aws:PrincipalType the decision is %s, want Allow", d)
	}

	// Override: the derived value goes into the context, where it can be edited.
	p.do(chromedp.WaitVisible(chromedp.CSS(row+" button.override")), chromedp.Click(chromedp.CSS(row+" button.override")))
	p.do(chromedp.WaitVisible(chromedp.CSS("#ctx-val-0")))
	if v := eval[string](p, `document.querySelector('#ctx-val-0').value`); v != "User" {
		t.Errorf("Override puts %q into the context, want the derived value User", v)
	}
	p.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#ctx-val-0').value = ''`), chromedp.SendKeys(chromedp.CSS("#ctx-val-0"), "AssumedRole"))
	if d := p.decision(); d != "ImplicitDeny" {
		t.Errorf("with aws:PrincipalType overridden to AssumedRole the decision is %s, want ImplicitDeny", d)
	}
	p.screenshot("derived_overridden")
	if bad := p.problems(); len(bad) > 0 {
		t.Errorf("console errors or CSP violations:\n%s", strings.Join(bad, "\n"))
	}
}
