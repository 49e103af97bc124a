package browser

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// The example loads with no console error and no CSP violation, shows the decision with
// its verdicts, explanation and matrix, and offers the missing context key.
func TestPageLoads(t *testing.T) {
	p := open(t, "")
	if d := p.decision(); d != "ExplicitDeny" {
		t.Errorf("the example decides %q, want ExplicitDeny (the resource policy denies outside the office network)", d)
	}
	for _, sel := range []string{"#verdicts td[data-decision]", "#combos tr.lit", "#explain details", "#matrix td[data-decision]", "#missing button[data-key='aws:SourceIp']"} {
		if !eval[bool](p, `!!document.querySelector(`+jsString(sel)+`)`) {
			t.Errorf("the page has no %s", sel)
		}
	}
	p.screenshot("loaded")
	// The one-click "add" for the missing key, then a value from the office network.
	p.do(chromedp.Click(chromedp.CSS("#missing button[data-key='aws:SourceIp']")))
	p.do(chromedp.WaitVisible(chromedp.CSS("#ctx-val-0")), chromedp.SendKeys(chromedp.CSS("#ctx-val-0"), "192.0.2.7"))
	if d := p.decision(); d != "Allow" {
		t.Errorf("with aws:SourceIp in the office network the decision is %q, want Allow", d)
	}
	p.screenshot("context_added")
	if bad := p.problems(); len(bad) > 0 {
		t.Errorf("console errors or CSP violations:\n%s", strings.Join(bad, "\n"))
	}
}

// Typing a policy into the editor changes the decision.
func TestTypingChangesDecision(t *testing.T) {
	p := open(t, "")
	p.do(chromedp.Click(chromedp.CSS("#tab-1")))
	before := p.decision()
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`)
	if after := p.decision(); before != "ExplicitDeny" || after != "Allow" {
		t.Errorf("decision %s before typing and %s after, want ExplicitDeny then Allow", before, after)
	}
	if v := eval[string](p, `document.querySelector('#verdicts td[data-verdict]:nth-child(1)').dataset.verdict`); v != "Allows" {
		t.Errorf("the resource layer's verdict is %q, want Allows", v)
	}
	p.screenshot("typed")
}

// A typo in an operator shows a squiggle with the finding; the one-click fix repairs it.
func TestOperatorTypoFix(t *testing.T) {
	p := open(t, "")
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "alice"}}}]}`)
	p.settle()
	squiggle := eval[string](p, `(() => { const s = document.querySelector('#editor').shadowRoot.querySelector('.cm-lintRange-error'); return s ? s.textContent : '' })()`)
	if squiggle != `"StringEqual"` && squiggle != "StringEqual" {
		t.Errorf("the squiggle covers %q, want the operator", squiggle)
	}
	p.screenshot("squiggle")
	p.do(chromedp.Click(chromedp.CSS("#findings li[data-code='condition.unknown_operator'] button.fix")))
	p.settle()
	if text := p.editorText(); !strings.Contains(text, `"StringEquals"`) || strings.Contains(text, `"StringEqual"`) {
		t.Errorf("after the fix the policy is %s", text)
	}
	if n := eval[int](p, `document.querySelectorAll('#findings li[data-code="condition.unknown_operator"]').length`); n != 0 {
		t.Errorf("%d unknown-operator findings remain after the fix", n)
	}
	if d := p.decision(); d != "ExplicitDeny" {
		t.Errorf("decision %s after the fix, want ExplicitDeny (the resource policy still denies)", d)
	}
	p.screenshot("fixed")
}

// A share link holds the state and nothing else, the page says links never reach a server,
// and the link opened in a new tab restores the same state and decision.
func TestShareLink(t *testing.T) {
	setup(t)
	p := open(t, env.url+"?ref=junk")
	// Dark theme: the page now keeps a theme in localStorage beside the autosave.
	p.do(chromedp.Click(chromedp.CSS("#theme")), chromedp.Click(chromedp.CSS("#tab-1")), chromedp.Click(chromedp.CSS("#tab-enabled")))
	if d := p.decision(); d != "Allow" {
		t.Fatalf("with the resource policy off the decision is %s, want Allow", d)
	}
	if note := eval[string](p, `(() => { const n = document.querySelector('#share-privacy'); return n && n.checkVisibility() ? n.textContent : '' })()`); !strings.Contains(note, "never reach a server") {
		t.Errorf("the note near Share says %q, want that links never reach a server", note)
	}
	p.do(chromedp.Click(chromedp.CSS("#share")), chromedp.WaitVisible(chromedp.CSS("#share-url")))
	link := eval[string](p, `document.querySelector('#share-url').value`)
	want := eval[string](p, `JSON.stringify(iamplayTest.state())`)
	frag, ok := strings.CutPrefix(link, env.url+"#s=")
	if !ok {
		t.Fatalf("share link %q is not the page's address with only a state fragment", link)
	}
	if got := decodeShare(t, frag); got != want {
		t.Errorf("the link's fragment holds\n%s\nwant exactly the state\n%s", got, want)
	}
	p.screenshot("share")
	q := open(t, link)
	q.shot = p.shot
	if d := q.decision(); d != "Allow" {
		t.Errorf("the shared link decides %s, want Allow", d)
	}
	if got := eval[string](q, `JSON.stringify(iamplayTest.state())`); got != want {
		t.Errorf("the shared link restores\n%s\nwant\n%s", got, want)
	}
	q.screenshot("shared")
}

// Every matrix cell equals the decision engine/authz reaches natively; a click loads the cell.
func TestMatrixMatchesAuthz(t *testing.T) {
	p := open(t, "")
	p.settle()
	var st struct {
		Policies []struct {
			Kind    policy.Kind `json:"kind"`
			Enabled bool        `json:"enabled"`
			Text    string      `json:"text"`
		} `json:"policies"`
		Request authz.Request `json:"request"`
	}
	if err := json.Unmarshal([]byte(eval[string](p, `JSON.stringify(iamplayTest.state())`)), &st); err != nil {
		t.Fatal(err)
	}
	in := &authz.Input{}
	for _, pol := range st.Policies {
		src := authz.NewPolicy(pol.Kind, "", []byte(pol.Text))
		switch pol.Kind {
		case policy.KindIdentity:
			in.Identity = append(in.Identity, src)
		case policy.KindResource:
			in.Resource = src
		default:
			t.Fatalf("the example has a %s policy this test does not model", pol.Kind)
		}
	}
	type cell struct{ Action, Resource, Decision string }
	var cells []cell
	if err := json.Unmarshal([]byte(eval[string](p, `JSON.stringify([...document.querySelectorAll('#matrix button[data-decision]')].map(b => ({Action: b.dataset.action, Resource: b.dataset.resource, Decision: b.dataset.decision})))`)), &cells); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range cells {
		q := st.Request
		q.Action, q.Resource = c.Action, c.Resource
		if want := in.Decide(authz.Prepare(q)); string(want) != c.Decision {
			t.Errorf("%s on %s: the page shows %s, authz decides %s", c.Action, c.Resource, c.Decision, want)
		}
		seen[c.Decision] = true
	}
	if len(cells) < 23*2 || len(seen) < 2 {
		t.Errorf("%d cells with decisions %v; want every action on at least two resources", len(cells), seen)
	}
	p.screenshot("matrix")
	// Clicking a cell loads its request.
	sel := chromedp.CSS(`#matrix button[data-action="secretsmanager:DescribeSecret"]`)
	want := eval[string](p, `document.querySelector('#matrix button[data-action="secretsmanager:DescribeSecret"]').dataset.decision`)
	p.do(chromedp.Click(sel))
	if a := eval[string](p, `document.querySelector('#action').value`); a != "secretsmanager:DescribeSecret" {
		t.Errorf("after the click the action is %q", a)
	}
	if d := p.decision(); d != want {
		t.Errorf("the loaded request decides %s, the cell said %s", d, want)
	}
}

// Flipping a verdict in the combination table lights the seed's row for the new pair.
func TestFlipVerdictLightsRow(t *testing.T) {
	p := open(t, "")
	p.settle()
	if r := eval[int](p, `Number(document.querySelector('#combos table').dataset.litRow)`); r != 3 {
		t.Errorf("the example lights row %d, want 3 (identity Allows, resource Denies)", r)
	}
	for _, row := range authz.Table {
		p.do(chromedp.Click(chromedp.CSS(`#combos button[data-side="a"][data-verdict="`+string(row.PolicyA)+`"]`)),
			chromedp.Click(chromedp.CSS(`#combos button[data-side="b"][data-verdict="`+string(row.PolicyB)+`"]`)))
		lit := eval[[]int](p, `[...document.querySelectorAll('#combos tr.lit')].map(r => Number(r.dataset.row))`)
		if len(lit) != 1 || lit[0] != row.Index {
			t.Errorf("%s × %s lights rows %v, want [%d]", row.PolicyA, row.PolicyB, lit, row.Index)
		}
	}
	p.do(chromedp.Click(chromedp.CSS(`#combos button[data-side="a"][data-verdict="Silent"]`)),
		chromedp.Click(chromedp.CSS(`#combos button[data-side="b"][data-verdict="Allows"]`)))
	p.screenshot("flipped")
}

// axe-core finds no serious or critical violation, in the light and the dark theme and
// on a phone-sized screen.
func TestAccessibility(t *testing.T) {
	p := open(t, "")
	p.settle()
	scan := func(what string) {
		t.Helper()
		axeScan(t, p, what)
	}
	scan("light theme")
	p.do(chromedp.Click(chromedp.CSS("#theme")))
	p.settle()
	scan("dark theme")
	p.screenshot("dark")
	p.do(chromedp.EmulateViewport(390, 844))
	p.settle()
	if w := eval[bool](p, `document.documentElement.scrollWidth <= window.innerWidth + 1`); !w {
		t.Errorf("the page scrolls sideways on a 390 px wide screen")
	}
	scan("phone")
	// No two controls overlap on the phone (an element and what it contains may).
	overlaps := eval[[]string](p, `(() => {
		const name = e => e.id ? '#' + e.id : e.tagName.toLowerCase() + ':' + (e.textContent || '').trim().slice(0, 20);
		const els = [...document.querySelectorAll('button, input, select, label, .decision, h1, h2, h3, [role=tab]')]
			.filter(e => e.checkVisibility() && !e.classList.contains('visually-hidden') && !e.closest('#matrix'));
		const out = [];
		for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
			const a = els[i], b = els[j];
			if (a.contains(b) || b.contains(a)) continue;
			const r = a.getBoundingClientRect(), q = b.getBoundingClientRect();
			const w = Math.min(r.right, q.right) - Math.max(r.left, q.left), h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
			if (w > 1 && h > 1) out.push(name(a) + ' overlaps ' + name(b));
		}
		return out })()`)
	for _, o := range overlaps {
		t.Errorf("on a 390 px screen %s", o)
	}
	p.screenshot("phone")
}

// The evaluation corpus of engine/authz, run in the browser build, agrees with native Go.
func TestCorpusInBrowser(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "engine", "authz", "testdata", "cases", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var docs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	p := open(t, "")
	all, _ := json.Marshal(docs)
	out := eval[string](p, `(async (docs) => { const out = []; for (const d of docs) {
		const r = JSON.parse((await iamplayTest.call('evaluateDocument', d)).result); out.push(r.decision || ('error: ' + r.error)); }
		return JSON.stringify(out) })(`+string(all)+`)`)
	var got []string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		_, res := authz.Evaluate([]byte(docs[i]))
		if got[i] != string(res.Decision) {
			t.Errorf("%s: the browser decides %s, native Go %s", filepath.Base(f), got[i], res.Decision)
		}
	}
	t.Logf("%d corpus documents agree", len(files))
}

// decodeShare reads a share link's fragment as the page writes it (deflate-raw, base64url),
// independently of the page's code.
func decodeShare(tb testing.TB, frag string) string {
	tb.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(frag)
	if err != nil {
		tb.Fatalf("the fragment is not base64url: %v", err)
	}
	out, err := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
	if err != nil {
		tb.Fatalf("the fragment does not inflate: %v", err)
	}
	return string(out)
}
