package browser

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// tab is one policy of a playground state, as the page keeps it.
type tab struct {
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"`
	Text    string `json:"text"`
	Level   *int   `json:"level,omitempty"`
}

// shareLink is the playground's address with the state in its fragment, packed as the page
// packs it (deflate-raw, base64url), independently of the page's code.
func shareLink(tb testing.TB, policies []tab, principal, resource string) string {
	tb.Helper()
	state := map[string]any{"policies": policies, "request": map[string]any{
		"principal": principal, "action": "secretsmanager:GetSecretValue", "resource": resource, "context": map[string]any{}}}
	raw, err := json.Marshal(state)
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(raw)
	w.Close()
	return env.url + "#s=" + base64.RawURLEncoding.EncodeToString(b.Bytes())
}

const (
	alice       = "arn:aws:iam::111122223333:user/alice"
	sameSecret  = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"
	otherSecret = "arn:aws:secretsmanager:us-east-1:444455556666:secret:prod/db-AbCdEf"
	allowGet    = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
	denyGet     = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
	describe    = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}`
	resAlice    = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "` + alice + `"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
	resRoot     = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
)

// litRow is the lit row's result and the table it is in.
func litRow(p *page) (decision, table string) {
	v := eval[[]string](p, `(() => { const t = document.querySelector('#combos table.combo-table'); const c = t && t.querySelector('tr.lit td[data-decision]');
		return [c ? c.dataset.decision : '', t ? t.dataset.table : ''] })()`)
	return v[0], v[1]
}

// Each case of issue 10 where the seed's union table used to contradict the decision: the
// lit row's result now equals the decision, in the table AWS applies to the pair, and the
// page says why (the sentences rest on the AWS pages cited in engine/authz/chain.go).
func TestLitRowEqualsDecision(t *testing.T) {
	setup(t)
	level0 := 0
	for _, c := range []struct {
		name      string
		policies  []tab
		resource  string
		decision  string
		table     string
		why       string // a phrase of the sentence saying why the table applies
		departs   bool
		explained string // a phrase the explanation must hold
	}{
		{"cross_account", []tab{{"identity", "Silent", true, describe, nil}, {"resource", "AllowsAlice", true, resAlice, nil}}, otherSecret,
			"ImplicitDeny", "intersection", "another account, so both sides must allow", true, ""},
		{"account_principal_identity_off", []tab{{"identity", "Off", false, allowGet, nil}, {"resource", "NamesTheAccount", true, resRoot, nil}}, sameSecret,
			"ImplicitDeny", "intersection", "delegates to the account's IAM policies", true, "delegates to the account's IAM policies and grants nothing by itself"},
		{"scp_denies", []tab{{"identity", "Allows", true, allowGet, nil}, {"scp", "DenyGet", true, denyGet, &level0}}, sameSecret,
			"ExplicitDeny", "intersection", "every level from the root down must allow", false, ""},
		{"boundary_silent", []tab{{"identity", "Allows", true, allowGet, nil}, {"boundary", "Silent", true, describe, nil}}, sameSecret,
			"ImplicitDeny", "intersection", "only limits, so both must allow", true, ""},
		{"same_account_names_alice", []tab{{"identity", "Silent", true, describe, nil}, {"resource", "AllowsAlice", true, resAlice, nil}}, sameSecret,
			"Allow", "union", "either the identity side or a resource policy naming the caller", false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := open(t, shareLink(t, c.policies, alice, c.resource))
			d := p.decision()
			lit, table := litRow(p)
			if d != c.decision || lit != d {
				t.Errorf("the page decides %s and its lit row says %s; want %s for both", d, lit, c.decision)
			}
			if table != c.table {
				t.Errorf("the lit row is in the %s table, want %s", table, c.table)
			}
			if why := eval[string](p, `document.querySelector('#combos .why').textContent`); !strings.Contains(why, c.why) {
				t.Errorf("the page says why %q, want it to say %q", why, c.why)
			}
			if departs := eval[bool](p, `!!document.querySelector('#combos .chain li.departs .departs-badge')`); departs != c.departs {
				t.Errorf("a step marked where AWS departs from the seed's table: %v, want %v", departs, c.departs)
			}
			// The chain ends in the decision, step by step.
			if last := eval[string](p, `[...document.querySelectorAll('#combos .chain li')].pop().dataset.result`); last != d {
				t.Errorf("the chain ends in %s, the decision is %s", last, d)
			}
			if c.explained != "" {
				if text := eval[string](p, `document.querySelector('#explain').textContent`); !strings.Contains(text, c.explained) {
					t.Errorf("the explanation does not say %q:\n%s", c.explained, text)
				}
			}
			p.screenshot(c.name)
			if bad := p.problems(); len(bad) > 0 {
				t.Errorf("console errors: %v", bad)
			}
		})
	}
}

// A what-if flip lights the flipped row and keeps the request's own row marked beside it;
// the focus stays on the picker; choosing another step of the chain shows its table.
func TestFlipKeepsRequestRow(t *testing.T) {
	setup(t)
	p := open(t, shareLink(t, []tab{{"identity", "Silent", true, describe, nil}, {"resource", "AllowsAlice", true, resAlice, nil}}, alice, otherSecret))
	p.settle()
	p.do(chromedp.Click(chromedp.CSS(`#combos button[data-side="a"][data-verdict="Allows"]`)))
	got := eval[[]int](p, `[Number(document.querySelector('#combos tr.lit').dataset.row), Number(document.querySelector('#combos tr.request').dataset.row)]`)
	if got[0] != 2 || got[1] != 5 {
		t.Errorf("after flipping A to Allows the rows lit/marked are %v, want the what-if row 2 and the request's row 5", got)
	}
	if f := eval[string](p, `(() => { const a = document.activeElement; return a ? (a.dataset.side || '') + ':' + (a.dataset.verdict || '') : '' })()`); f != "a:Allows" {
		t.Errorf("after the flip the focus is on %q, want the picker a:Allows", f)
	}
	p.screenshot("flipped")
	p.do(chromedp.Click(chromedp.CSS(`#combos button.reset-flip`)))
	if n := eval[int](p, `document.querySelectorAll('#combos tr.request').length`); n != 0 {
		t.Errorf("back to the request, %d rows still marked as the request beside the lit one", n)
	}
	if f := p.focused(); f == "body" || f == "" {
		t.Errorf("after Back to the request the focus dropped to %q", f)
	}
}
