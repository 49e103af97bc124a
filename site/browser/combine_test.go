package browser

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iamplay/iamplay/internal/chaincases"
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

// tabsOf is a chain case's policies as the playground's tabs, named for what they say.
func tabsOf(c chaincases.Case) []tab {
	names := map[string]string{chaincases.AllowGet: "Allows", chaincases.DenyGet: "DenyGet", chaincases.Silent: "Silent",
		chaincases.ResAlice: "AllowsAlice", chaincases.ResRoot: "NamesTheAccount"}
	var tabs []tab
	if c.Identity != "" {
		tabs = append(tabs, tab{"identity", names[c.Identity], !c.IdentityOff, c.Identity, nil})
	}
	if c.Resource != "" {
		tabs = append(tabs, tab{"resource", names[c.Resource], true, c.Resource, nil})
	}
	if c.Boundary != "" {
		tabs = append(tabs, tab{"boundary", names[c.Boundary], true, c.Boundary, nil})
	}
	if c.SCP != "" {
		root := 0
		tabs = append(tabs, tab{"scp", names[c.SCP], true, c.SCP, &root})
	}
	return tabs
}

// litRow is the lit row's result and the table it is in.
func litRow(p *page) (decision, table string) {
	v := eval[[]string](p, `(() => { const t = document.querySelector('#combos table.combo-table'); const c = t && t.querySelector('tr.lit td[data-decision]');
		return [c ? c.dataset.decision : '', t ? t.dataset.table : ''] })()`)
	return v[0], v[1]
}

// Each case of issue 10 where the seed's union table used to contradict the decision
// (internal/chaincases, which engine/authz's TestChainTeaches shares): the lit row's result
// now equals the decision, in the table AWS applies to the pair, and the page says why (the
// sentences rest on the AWS pages cited in engine/authz/chain.go).
func TestLitRowEqualsDecision(t *testing.T) {
	setup(t)
	// What the page says of each case: a phrase of the sentence saying why the table applies,
	// and a phrase the explanation must hold ("" for none).
	says := map[string]struct{ why, explained string }{
		"cross_account":                     {"another account, so both sides must allow", ""},
		"account_principal_identity_off":    {"delegates to the account's IAM policies", "delegates to the account's IAM policies and grants nothing by itself"},
		"account_principal_identity_silent": {"delegates to the account's IAM policies", "delegates to the account's IAM policies and grants nothing by itself"},
		"scp_denies":                        {"every level from the root down must allow", ""},
		"boundary_silent":                   {"only limits, so both must allow", ""},
		"same_account_names_alice":          {"either the identity side or a resource policy naming the caller", ""},
	}
	for _, c := range chaincases.Cases {
		t.Run(c.Name, func(t *testing.T) {
			say, ok := says[c.Name]
			if !ok {
				t.Fatalf("no phrases for the case %s", c.Name)
			}
			p := open(t, shareLink(t, tabsOf(c), chaincases.Alice, c.Secret))
			d := p.decision()
			lit, table := litRow(p)
			if d != c.Decision || lit != d {
				t.Errorf("the page decides %s and its lit row says %s; want %s for both (%s)", d, lit, c.Decision, c.Cite)
			}
			if table != c.Table {
				t.Errorf("the lit row is in the %s table, want %s", table, c.Table)
			}
			if why := eval[string](p, `document.querySelector('#combos .why').textContent`); !strings.Contains(why, say.why) {
				t.Errorf("the page says why %q, want it to say %q", why, say.why)
			}
			if departs := eval[bool](p, `!!document.querySelector('#combos .chain li.departs .departs-badge')`); departs != c.Departs {
				t.Errorf("a step marked where AWS departs from the seed's table: %v, want %v", departs, c.Departs)
			}
			// The chain ends in the decision, step by step.
			if last := eval[string](p, `[...document.querySelectorAll('#combos .chain li')].pop().dataset.result`); last != d {
				t.Errorf("the chain ends in %s, the decision is %s", last, d)
			}
			if say.explained != "" {
				if text := eval[string](p, `document.querySelector('#explain').textContent`); !strings.Contains(text, say.explained) {
					t.Errorf("the explanation does not say %q:\n%s", say.explained, text)
				}
			}
			p.screenshot(c.Name)
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
	p := open(t, shareLink(t, []tab{{"identity", "Silent", true, chaincases.Silent, nil}, {"resource", "AllowsAlice", true, chaincases.ResAlice, nil}},
		chaincases.Alice, chaincases.OtherSecret))
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
