package browser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// stateJSON is the page's state as JSON.
func stateJSON(p *page) string { return eval[string](p, `JSON.stringify(iamplayTest.state())`) }

// The address bar always holds the current state: after an edit the fragment is the state,
// and a reload, even one right after an edit, brings back that edit, never an older state.
func TestAddressFollowsEdits(t *testing.T) {
	p := open(t, "")
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Sid": "First", "Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]}`)
	p.settle()
	want := stateJSON(p)
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`location.hash.startsWith('#s=')`)); err != nil {
		t.Fatal(err)
	}
	if got := decodeShare(t, strings.TrimPrefix(eval[string](p, `location.hash`), "#s=")); got != want {
		t.Errorf("after an edit the address holds\n%s\nwant the state\n%s", got, want)
	}
	p.do(chromedp.Reload())
	p.waitDecision()
	if got := stateJSON(p); got != want {
		t.Errorf("the reload brought back\n%s\nwant\n%s", got, want)
	}
	// An edit, then a reload at once: no waiting for the evaluation or the fragment. (One
	// round trip lets the editor read the inserted text, as it would before a reload key.)
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Sid": "Second", "Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}]}`)
	eval[bool](p, `true`)
	p.do(chromedp.Reload())
	p.waitDecision()
	if got := p.editorText(); !strings.Contains(got, "Second") {
		t.Errorf("a reload right after an edit shows %.80q, want the edit", got)
	}
}

// Remove policy, Reset and Open can be undone; removing every policy leaves an empty state
// that says what to do, and the focus never drops to the body.
func TestUndoAndEmptyState(t *testing.T) {
	p := open(t, "")
	before := stateJSON(p)
	p.do(chromedp.Click(chromedp.CSS("#remove-policy")))
	p.settle()
	if msg := eval[string](p, `document.querySelector('#toast:not([hidden])')?.textContent ?? ''`); !strings.Contains(msg, "Removed Identity: AliceReadsTestEnv") {
		t.Errorf("after Remove policy the toast says %q", msg)
	}
	if f := p.focused(); f != "tab-0" {
		t.Errorf("after Remove policy the focus is on %q, want the tab now shown", f)
	}
	p.do(chromedp.Click(chromedp.CSS("#remove-policy")))
	p.settle()
	if !eval[bool](p, `!document.querySelector('#empty').hidden && !!document.querySelector('#empty button.undo-empty')`) {
		t.Error("with every policy removed there is no empty state with a way back")
	}
	if f := p.focused(); f != "undo" {
		t.Errorf("after the last Remove policy the focus is on %q, want Undo", f)
	}
	p.screenshot("empty")
	p.do(chromedp.Click(chromedp.CSS("#undo")))
	p.settle()
	if n := eval[int](p, `iamplayTest.state().policies.length`); n != 1 {
		t.Errorf("Undo brought back %d policies, want the one removed last", n)
	}
	// Reset, then undo it.
	p.typeText(`{"Version": "2012-10-17", "Statement": []}`)
	p.settle()
	edited := stateJSON(p)
	p.do(chromedp.Click(chromedp.CSS("#reset")))
	p.settle()
	if got := stateJSON(p); got != before {
		t.Errorf("Reset gives\n%s\nwant the example", got)
	}
	p.do(chromedp.Click(chromedp.CSS("#undo")))
	p.settle()
	if got := stateJSON(p); got != edited {
		t.Errorf("Undo after Reset gives\n%s\nwant\n%s", got, edited)
	}
	if f := p.focused(); f == "body" || f == "" {
		t.Errorf("after Undo the focus dropped to %q", f)
	}
}

// Open reads a bare IAM policy (a new tab), an evaluation document from examples/ and the
// playground's own state, and says which it read; anything else changes nothing.
func TestOpenReadsThreeKinds(t *testing.T) {
	p := open(t, "")
	dir := t.TempDir()
	write := func(name, text string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	example, err := filepath.Abs(filepath.Join("..", "..", "examples", "testenv_eval.json"))
	if err != nil {
		t.Fatal(err)
	}
	openFile := func(path string) string {
		t.Helper()
		p.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#open-note').textContent = ''`),
			chromedp.SetUploadFiles(chromedp.CSS("#open"), []string{path}))
		if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.querySelector('#open-note').textContent !== ''`)); err != nil {
			t.Fatal(err)
		}
		p.settle()
		return eval[string](p, `document.querySelector('#open-note').textContent`)
	}
	note := openFile(write("policy.json", `{"Version": "2012-10-17", "Statement": [{"Sid": "Bare", "Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*"}]}`))
	if !strings.Contains(note, "a bare IAM policy") || eval[int](p, `iamplayTest.state().policies.length`) != 3 {
		t.Errorf("a bare policy: %q, %d tabs; want it read as a bare policy and added as a third tab", note, eval[int](p, `iamplayTest.state().policies.length`))
	}
	note = openFile(example)
	if !strings.Contains(note, "an evaluation document") || eval[string](p, `iamplayTest.state().request.principal`) != "arn:aws:iam::111122223333:user/alice" {
		t.Errorf("an evaluation document: %q", note)
	}
	if d := p.decision(); d != "Allow" {
		t.Errorf("examples/testenv_eval.json decides %s in the page, want Allow (its want)", d)
	}
	state := stateJSON(p)
	note = openFile(write("state.json", state))
	if !strings.Contains(note, "a playground state") || stateJSON(p) != state {
		t.Errorf("the playground's own state: %q", note)
	}
	note = openFile(write("junk.json", `[1, 2]`))
	if !strings.Contains(note, "Could not open") || stateJSON(p) != state {
		t.Errorf("a file that is none of them: %q, and the state changed", note)
	}
	p.screenshot("opened")
}

// The default state's share link is short enough to paste anywhere (under 2,000 characters,
// the length old browsers and many chat tools keep whole); its length is a figure for issue 10.
func TestDefaultShareLinkLength(t *testing.T) {
	p := open(t, "")
	p.do(chromedp.Click(chromedp.CSS("#share")), chromedp.WaitVisible(chromedp.CSS("#share-url")))
	link := eval[string](p, `document.querySelector('#share-url').value`)
	frag := link[strings.Index(link, "#"):]
	t.Logf("the default state's share link: %d characters, the fragment %d", len(link), len(frag))
	if len(link) > 2000 {
		t.Errorf("the default share link is %d characters", len(link))
	}
}
