package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/iamplay/iamplay/site"
)

// countWorkers wraps the page's Worker constructor before any of its scripts run, so the test
// counts the workers the page starts without asking the page's own code.
const countWorkers = `window.__workers = []; { const W = window.Worker;
	window.Worker = class extends W { constructor(url, o) { super(url, o); window.__workers.push(String(url)); } }; }`

// openEmbed loads embed.html with workers counted and waits until each playground decided;
// before runs first, on the site's origin.
func openEmbed(t *testing.T, before string) *page {
	t.Helper()
	p := newPage(t)
	if before != "" {
		p.do(chromedp.Evaluate[chromedp.Void](before))
	}
	p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: countWorkers})
		return err
	}))
	p.do(chromedp.Navigate(env.origin + "/" + site.PlaygroundDir + "/embed.html"))
	for _, box := range embedBoxes {
		p.embedDecision(box)
	}
	return p
}

// The playgrounds of embed.html, by the id of the element each is mounted on.
var embedBoxes = []string{"deny", "allow", "silent"}

// embedState is what one playground of the page shows.
type embedState struct {
	Decision    string
	Evaluations string
}

// embedDecision waits until the playground in #box has answered every edit, then returns
// its decision.
func (p *page) embedDecision(box string) string {
	p.tb.Helper()
	root := jsString("#" + box + " .iamplay")
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`(async () => { const r = document.querySelector(`+root+`);
		const n = r && r.dataset.evaluations; if (!n || !r.querySelector('.decision').dataset.decision) return false;
		await new Promise(res => setTimeout(res, 80)); return n === r.dataset.evaluations })()`, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		p.tb.Fatalf("#%s shows no decision: %v", box, err)
	}
	return p.embed(box).Decision
}

func (p *page) embed(box string) embedState {
	return eval[embedState](p, `(() => { const r = document.querySelector(`+jsString("#"+box+" .iamplay")+`);
		return {Decision: r.querySelector('.decision').dataset.decision || '', Evaluations: r.dataset.evaluations || ''} })()`)
}

// typeInto replaces the text of the editor of the playground in #box through the keyboard.
func (p *page) typeInto(box, text string) {
	p.tb.Helper()
	p.do(chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString("#"+box+" .editor")+`).shadowRoot.querySelector('.cm-content').focus()`),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
			return err
		}))
}

// Three playgrounds on one page decide on their own, share one worker, have no id in common
// and keep their ARIA relations inside themselves; a read-only one cannot be edited.
func TestEmbedPlaygrounds(t *testing.T) {
	p := openEmbed(t, "")
	want := map[string]string{"deny": "ExplicitDeny", "allow": "Allow", "silent": "ImplicitDeny"}
	for _, box := range embedBoxes {
		if d := p.embed(box).Decision; d != want[box] {
			t.Errorf("#%s decides %s, want %s", box, d, want[box])
		}
	}
	p.screenshot("embed")

	if ws := eval[[]string](p, `window.__workers`); len(ws) != 1 || !strings.HasSuffix(ws[0], "/"+site.PlaygroundDir+"/worker.js") {
		t.Errorf("the page started workers %q, want one worker.js for its three playgrounds", ws)
	}

	// Ids are unique, and every id reference points into the playground it is written in.
	if dups := eval[[]string](p, `(() => { const seen = new Set(), out = [];
		for (const e of document.querySelectorAll('[id]')) { if (seen.has(e.id)) out.push(e.id); seen.add(e.id); } return out })()`); len(dups) > 0 {
		t.Errorf("ids used twice: %v", dups)
	}
	if bad := eval[[]string](p, `(() => { const out = [];
		for (const r of document.querySelectorAll('.iamplay')) for (const e of r.querySelectorAll('[for], [list], [aria-labelledby], [aria-controls], [aria-describedby]'))
			for (const a of ['for', 'list', 'aria-labelledby', 'aria-controls', 'aria-describedby']) for (const id of (e.getAttribute(a) || '').split(/\s+/).filter(Boolean)) {
				const target = document.getElementById(id);
				if (!target || !r.contains(target)) out.push(a + '=' + id + ' in ' + r.parentElement.id);
			}
		return out })()`); len(bad) > 0 {
		t.Errorf("references that leave their playground or point nowhere: %v", bad)
	}
	if n := eval[int](p, `document.querySelectorAll('#allow [id$="add-policy"], #allow [id$="add-context"], #allow .fix').length`); n != 0 {
		t.Errorf("the read-only playground offers %d editing controls", n)
	}

	// An edit in one playground changes its decision and no other's.
	before := map[string]embedState{}
	for _, box := range embedBoxes {
		before[box] = p.embed(box)
	}
	p.typeInto("silent", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]}`)
	if d := p.embedDecision("silent"); d != "Allow" {
		t.Errorf("after the edit #silent decides %s, want Allow", d)
	}
	for _, box := range []string{"deny", "allow"} {
		if got := p.embed(box); got != before[box] {
			t.Errorf("an edit in #silent changed #%s from %+v to %+v", box, before[box], got)
		}
	}
	// The read-only playground's editor ignores typing.
	text := eval[string](p, `iamplay.playgrounds[1].text()`)
	p.typeInto("allow", `{"Version": "2012-10-17", "Statement": []}`)
	if got := eval[string](p, `iamplay.playgrounds[1].text()`); got != text {
		t.Errorf("typing changed the read-only playground's policy to %s", got)
	}
	if got := p.embed("allow"); got != before["allow"] {
		t.Errorf("typing in the read-only playground changed it from %+v to %+v", before["allow"], got)
	}

	// Interleaved edits in two playgrounds: each shows the answer to its own latest edit.
	p.do(chromedp.Evaluate[chromedp.Void](`(() => {
		const set = (box, v) => { const i = document.querySelector('#' + box + ' input[id$="-action"]'); i.value = v; i.dispatchEvent(new Event('input')); };
		for (let i = 0; i < 30; i++) {
			set('deny', i % 2 ? 'secretsmanager:GetSecretValue' : 'secretsmanager:DescribeSecret');
			set('silent', i % 2 ? 'secretsmanager:DescribeSecret' : 'secretsmanager:GetSecretValue');
		}
	})()`))
	// deny ends on GetSecretValue (the resource policy denies it); silent on DescribeSecret (allowed).
	if d := p.embedDecision("deny"); d != "ExplicitDeny" {
		t.Errorf("after interleaved edits #deny decides %s, want ExplicitDeny for its last action", d)
	}
	if d := p.embedDecision("silent"); d != "Allow" {
		t.Errorf("after interleaved edits #silent decides %s, want Allow for its last action", d)
	}
	for i, a := range map[int]string{0: "secretsmanager:GetSecretValue", 2: "secretsmanager:DescribeSecret"} {
		if got := eval[string](p, fmt.Sprintf(`iamplay.playgrounds[%d].getState().request.action`, i)); got != a {
			t.Errorf("playground %d holds action %s, want %s", i, got, a)
		}
	}
	p.screenshot("edited")

	// #deny links to the full playground with its current state.
	link := eval[string](p, `document.querySelector('#deny a.open-link').href`)
	frag, ok := strings.CutPrefix(link, env.url+"#s=")
	if !ok {
		t.Errorf("#deny links to %q, want the playground with a state fragment", link)
	} else if got, want := decodeShare(t, frag), eval[string](p, `JSON.stringify(iamplay.playgrounds[0].getState())`); mustCanon(t, got) != mustCanon(t, want) {
		t.Errorf("#deny's link holds\n%s\nwant its state\n%s", got, want)
	}

	// A playground mounted later by the page's own script uses the same worker; destroyed, it
	// leaves nothing behind and the others carry on.
	p.do(chromedp.Evaluate[chromedp.Void](`(() => { const el = document.createElement('div'); el.id = 'later';
		document.querySelector('main').append(el); window.later = iamplay.mountPlayground(el, {compact: true}) })()`))
	if d := p.embedDecision("later"); d != "ExplicitDeny" {
		t.Errorf("a playground mounted with no state decides %s, want the example's ExplicitDeny", d)
	}
	if n := eval[int](p, `window.__workers.length`); n != 1 {
		t.Errorf("after a fourth playground the page has started %d workers, want 1", n)
	}
	if n := eval[int](p, `(() => { later.destroy(); return document.querySelector('#later').childElementCount })()`); n != 0 {
		t.Errorf("a destroyed playground leaves %d elements", n)
	}
	p.typeInto("silent", `{"Version": "2012-10-17", "Statement": []}`)
	if d := p.embedDecision("silent"); d != "ImplicitDeny" {
		t.Errorf("after another playground was destroyed, #silent decides %s, want ImplicitDeny", d)
	}
	axeScan(t, p, "embed page")
	if bad := p.problems(); len(bad) > 0 {
		t.Errorf("console errors or CSP violations:\n%s", strings.Join(bad, "\n"))
	}
}

// Playgrounds in a page follow the theme the reader chose on the playground page.
func TestEmbedFollowsTheme(t *testing.T) {
	p := openEmbed(t, `localStorage.setItem('iamplay.theme', 'dark')`)
	if th := eval[string](p, `document.documentElement.dataset.theme || ''`); th != "dark" {
		t.Errorf("the embed page's theme is %q, want the saved dark", th)
	}
	p.screenshot("dark")
	axeScan(t, p, "embed page, dark theme")
}

// axeScan fails the test for each serious or critical violation axe-core finds in the page,
// loading axe-core into the page first when it is not there yet.
func axeScan(t *testing.T, p *page, what string) {
	t.Helper()
	if !eval[bool](p, `typeof axe !== 'undefined'`) {
		axe, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			t.Fatalf("axe-core is missing (npm ci installs it): %v", err)
		}
		p.do(chromedp.Evaluate[chromedp.Void](string(axe)))
	}
	out := eval[string](p, `axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations
		.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))`)
	var vs []string
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("%s: %s", what, v)
	}
}
