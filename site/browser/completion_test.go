package browser

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The editor completes actions and condition keys of every catalogued service, and the
// request's action and context-key lists offer them too.
func TestCompletionOffersEveryService(t *testing.T) {
	p := open(t, "")
	p.settle()
	actions := eval[[]string](p, `[...document.querySelectorAll('#actions-list option')].map((o) => o.value)`)
	keys := eval[[]string](p, `[...document.querySelectorAll('#keys-list option')].map((o) => o.value)`)
	for _, want := range []string{"secretsmanager:GetSecretValue", "kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "sts:AssumeRole", "sts:TagSession"} {
		if !slices.Contains(actions, want) {
			t.Errorf("the request's action list (%d entries) lacks %s", len(actions), want)
		}
	}
	for _, want := range []string{"secretsmanager:VersionStage", "kms:ViaService", "kms:CallerAccount", "sts:ExternalId", "aws:SourceIp"} {
		if !slices.Contains(keys, want) {
			t.Errorf("the context key list (%d entries) lacks %s", len(keys), want)
		}
	}
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:GenerateDataKeyW`)
	p.do(chromedp.KeyEvent(" ", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	const optionsJS = `[...document.querySelector('#editor').shadowRoot.querySelectorAll('.cm-tooltip-autocomplete li')].map((li) => li.textContent)`
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](optionsJS+`.length > 0`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("no completions inside the Action string: %v", err)
	}
	if got := strings.Join(eval[[]string](p, optionsJS), " | "); !strings.Contains(got, "kms:GenerateDataKeyWithoutPlaintext") {
		t.Errorf("completions %q lack kms:GenerateDataKeyWithoutPlaintext", got)
	}
	p.screenshot("completion_kms")
}

// A KMS key policy tab can be added: it starts with a key-shaped statement, is checked as a
// key policy and is said to take no part in the decision yet.
func TestAddKeyPolicyTab(t *testing.T) {
	p := open(t, "")
	before := p.decision()
	p.do(chromedp.SetValue(chromedp.CSS("#new-kind"), "key"), chromedp.Click(chromedp.CSS("#add-policy")))
	if d := p.decision(); d != before {
		t.Errorf("adding a key policy changed the decision from %s to %s", before, d)
	}
	if text := p.editorText(); !strings.Contains(text, `"kms:*"`) || !strings.Contains(text, `"Principal"`) {
		t.Errorf("the new key policy reads %s", text)
	}
	if n := eval[int](p, `document.querySelectorAll('#findings li[data-code="document.ignored_policy"]').length`); n != 1 {
		t.Errorf("%d findings say the key policy is left out of the decision, want 1", n)
	}
	p.typeText(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrpyt", "Resource": "*"}]}`)
	p.settle()
	if n := eval[int](p, `document.querySelectorAll('#findings li[data-code="policy.unknown_action"]').length`); n != 1 {
		t.Errorf("%d unknown-action findings for kms:Decrpyt, want 1", n)
	}
	p.screenshot("key_policy_tab")
}
