package browser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// openWorld opens the playground (at url, the playground itself when "") and switches to
// world mode, waiting for its first answer.
func openWorld(tb testing.TB, url string) *page {
	tb.Helper()
	p := open(tb, url)
	if eval[string](p, `document.body.dataset.mode || ''`) != "world" {
		p.do(chromedp.Click(chromedp.CSS("#mode-world")))
	}
	p.waitWorld(1)
	return p
}

// waitWorld waits until world mode has shown at least n answers and settled.
func (p *page) waitWorld(n int) {
	p.tb.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](fmt.Sprintf(`(async () => { const n = Number(document.body.dataset.worldRuns || 0);
		if (n < %d) return false; await new Promise(r => setTimeout(r, 80)); return n === Number(document.body.dataset.worldRuns || 0) })()`, n)))
	if err != nil {
		p.tb.Fatalf("world mode showed no answer: %v\nproblems: %v\nanswer: %s", err, p.problems(),
			eval[string](p, `(document.getElementById('w-answer-body') || {}).textContent || 'no answer element'`))
	}
}

// worldCall picks the caller, operation and secret in the page's form, optionally sets
// the body, clicks Call and returns the error type shown ("" on success).
func (p *page) worldCall(caller, op, secret, body string) string {
	p.tb.Helper()
	runs := eval[int](p, `Number(document.body.dataset.worldRuns)`)
	p.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const set = (id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('change')); };
		set('w-caller', %s); set('w-op', %s); set('w-secret', [...document.getElementById('w-secret').options].find(o => o.textContent.startsWith(%s)).value);
		if (%s) { const b = document.getElementById('w-input'); b.value = %s; b.dispatchEvent(new Event('input')); }
	})()`, jsString(caller), jsString(op), jsString(secret+" "), jsString(body), jsString(body))))
	p.do(chromedp.Click(chromedp.CSS("#w-call")))
	p.waitWorld(runs + 1)
	return eval[string](p, `(document.getElementById('w-error') || {dataset: {}}).dataset.error || ''`)
}

// setValue sets a form field's value as typing it would, with its input and change events.
func setValue(id, v string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.getElementById(%s); e.value = %s;
		e.dispatchEvent(new Event('input')); e.dispatchEvent(new Event('change')) })()`, jsString(id), jsString(v)))
}

const (
	worldAnaya = "arn:aws:iam::111122223333:user/anaya"
	worldRoot  = "arn:aws:iam::111122223333:root"
	worldRole  = "arn:aws:iam::111122223333:role/EC2RoleToAccessSecrets"
)

func TestWorldModeAnayaReadsTestEnv(t *testing.T) {
	p := openWorld(t, "")
	if e := p.worldCall(worldAnaya, "GetSecretValue", "TestEnv/db", ""); e != "" {
		t.Fatalf("anaya's read failed with %s", e)
	}
	if d := eval[string](p, `document.querySelector('#w-explanation .decision').dataset.decision`); d != "Allow" {
		t.Errorf("explanation decision %q, want Allow", d)
	}
	out := eval[string](p, `document.getElementById('w-output').textContent`)
	if !strings.Contains(out, "hidden") || strings.Contains(out, "EXAMPLE-test-password") {
		t.Errorf("the value is not masked: %s", out)
	}
	p.do(chromedp.Click(chromedp.CSS("#w-values")))
	p.waitWorld(3)
	if out := eval[string](p, `document.getElementById('w-output').textContent`); !strings.Contains(out, "EXAMPLE-test-password-2") {
		t.Errorf("values asked for, not shown: %s", out)
	}
	p.screenshot("anaya")
	if pr := p.problems(); len(pr) > 0 {
		t.Errorf("console problems: %v", pr)
	}
}

func TestWorldModeSessionPolicy(t *testing.T) {
	p := openWorld(t, "")
	if e := p.worldCall(worldRole, "GetSecretValue", "TestEnv/db", ""); e != "" {
		t.Fatalf("the role session's read failed with %s", e)
	}
	p.do(setValue("w-session-policy", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}`))
	if e := p.worldCall(worldRole, "GetSecretValue", "TestEnv/db", ""); e != "AccessDeniedException" {
		t.Fatalf("with a session policy that grants only DescribeSecret the read answered %q, want AccessDeniedException", e)
	}
	if v := eval[string](p, `[...document.querySelectorAll('#w-explanation .verdicts td')].map(td => td.dataset.verdict || td.dataset.decision).join(' ')`); !strings.Contains(v, "Silent") {
		t.Errorf("the explanation's layers %q show no Silent session policy", v)
	}
	p.screenshot("session_policy")
}

func TestWorldModeClockEndsRecoveryWindow(t *testing.T) {
	p := openWorld(t, "")
	if e := p.worldCall(worldRoot, "DeleteSecret", "TestEnv/api-key", ""); e != "" {
		t.Fatalf("DeleteSecret: %s", e)
	}
	runs := eval[int](p, `Number(document.body.dataset.worldRuns)`)
	p.do(setValue("w-days", "31"), chromedp.Click(chromedp.CSS("#w-advance")))
	p.waitWorld(runs + 1)
	if n := eval[int](p, `document.querySelectorAll('#w-browse [data-secret="TestEnv/api-key"]').length`); n != 0 {
		t.Errorf("TestEnv/api-key is still in the world 31 days after a 30-day recovery window")
	}
	if e := p.worldCall(worldRoot, "RestoreSecret", "TestEnv/db", `{"SecretId": "TestEnv/api-key"}`); e != "ResourceNotFoundException" {
		t.Errorf("RestoreSecret after the window answered %q, want ResourceNotFoundException", e)
	}
	// Undo back to the deletion: the secret is there again, scheduled for deletion.
	runs = eval[int](p, `Number(document.body.dataset.worldRuns)`)
	p.do(chromedp.Click(chromedp.CSS(`#w-timeline li:first-child button[aria-label^="Undo"]`)))
	p.waitWorld(runs + 1)
	if n := eval[int](p, `document.querySelectorAll('#w-timeline li').length`); n != 1 {
		t.Errorf("after undo the timeline has %d steps, want 1", n)
	}
	if n := eval[int](p, `document.querySelectorAll('#w-browse [data-secret="TestEnv/api-key"] .wdeleted').length`); n != 1 {
		t.Errorf("after undo TestEnv/api-key is not shown scheduled for deletion")
	}
}

func TestWorldModeShareLink(t *testing.T) {
	p := openWorld(t, "")
	p.worldCall(worldAnaya, "GetSecretValue", "TestEnv/db", "")
	p.worldCall(worldRoot, "PutSecretValue", "TestEnv/db", "")
	p.do(chromedp.Click(chromedp.CSS("#w-share")))
	url, err := chromedp.Run(p.ctx, chromedp.Poll[string](`document.getElementById('share-url').value`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(url, "#w=") {
		t.Fatalf("share link %q", url)
	}
	want := eval[string](p, `JSON.stringify(iamplayWorld.answer().steps)`)
	q := openWorld(t, url)
	if got := eval[string](q, `JSON.stringify(iamplayWorld.answer().steps)`); got != want {
		t.Errorf("the shared link answers\n%s\nnot\n%s", got, want)
	}
	if s := eval[string](q, `JSON.stringify(iamplayWorld.state())`); strings.Contains(s, "new-value") {
		t.Errorf("the link carries a secret value: %s", s)
	}
	q.screenshot("shared")
}

// TestWorldModeWhoCanRead holds "who can read this secret" to the store: for every identity
// of the world, the page's answer equals the decision of the call made by that identity.
func TestWorldModeWhoCanRead(t *testing.T) {
	p := openWorld(t, "")
	mismatch := eval[[]string](p, `(async () => {
		const out = [];
		const rows = [...document.querySelectorAll('#w-who-table tbody tr')];
		const secret = document.getElementById('w-who-secret').value;
		if (rows.length < 5) return ['only ' + rows.length + ' identities listed'];
		for (const row of rows) {
			const principal = row.dataset.principal;
			const caller = principal.includes(':role/') ? {principal, session: 'who'} : {principal};
			const st = await iamplayWorld.call({call: {caller, region: 'us-east-1', network: {sourceIp: '203.0.113.10', tls: true}, operation: 'GetSecretValue', input: {SecretId: secret}}});
			const check = (st.checks || []).find(c => c.action === 'secretsmanager:GetSecretValue');
			const want = check ? check.decision : 'none';
			const got = row.querySelector('[data-decision]').dataset.decision;
			if (got !== want) out.push(principal + ': page ' + got + ', store ' + want);
		}
		return out })()`)
	for _, m := range mismatch {
		t.Error(m)
	}
}

func TestWorldModeEditPolicy(t *testing.T) {
	p := openWorld(t, "")
	if e := p.worldCall("arn:aws:iam::111122223333:user/alice", "GetSecretValue", "Prod/db", ""); e != "AccessDeniedException" {
		t.Fatalf("alice read Prod/db: %q", e)
	}
	// Edit the Developers group's managed policy in the page's editor: its resource becomes every secret.
	p.do(chromedp.Click(chromedp.CSS(`#w-browse button[data-path="/accounts/0/policies/0/policy"]`)))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!document.getElementById('w-editor-panel').hidden`)); err != nil {
		t.Fatal(err)
	}
	text := eval[string](p, `document.querySelector('#w-editor > div').shadowRoot.querySelector('.cm-content').innerText`)
	if !strings.Contains(text, "TestEnv/*") {
		t.Fatalf("the editor holds %q", text)
	}
	p.worldEdit(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`)
	runs := eval[int](p, `Number(document.body.dataset.worldRuns)`)
	p.do(chromedp.Click(chromedp.CSS(`#w-timeline li:first-child button[aria-label^="Re-run"]`)))
	p.waitWorld(runs + 1)
	if e := eval[string](p, `(document.getElementById('w-error') || {dataset: {}}).dataset.error || ''`); e != "" {
		t.Errorf("after the edit alice's read answered %q", e)
	}
	p.screenshot("edited")
}

// worldEdit replaces the text in world mode's policy editor through the keyboard (select
// all, then insert the text as an input method does) and waits for the edit's answer.
func (p *page) worldEdit(text string) {
	p.tb.Helper()
	runs := eval[int](p, `Number(document.body.dataset.worldRuns)`)
	p.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#w-editor > div').shadowRoot.querySelector('.cm-content').focus()`),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	p.do(chromedp.Evaluate[chromedp.Void](`document.execCommand('insertText', false, ` + jsString(text) + `)`))
	p.waitWorld(runs + 1)
}

// openEditor clicks an Edit button of the world (by its JSON pointer, "" for the world file).
func (p *page) openEditor(path string) {
	p.tb.Helper()
	sel := `#w-edit-file`
	if path != "" {
		sel = `#w-browse button[data-path="` + path + `"]`
	}
	p.do(chromedp.Click(chromedp.CSS(sel)))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!document.getElementById('w-editor-panel').hidden && !!document.querySelector('#w-editor > div')`)); err != nil {
		p.tb.Fatal(err)
	}
}

// TestWorldModeCrossAccountKey: mateo's read of a secret of another account fails on the
// AWS managed key and succeeds once, all by editing in the page, the secret is encrypted with
// a customer managed key whose policy allows him and his own policy allows kms:Decrypt
// (Secrets Manager User Guide, Access AWS Secrets Manager secrets from a different account).
func TestWorldModeCrossAccountKey(t *testing.T) {
	p := openWorld(t, "")
	const mateo = "arn:aws:iam::444455556666:user/mateo"
	if e := p.worldCall(mateo, "GetSecretValue", "TestEnv/db", ""); e != "InvalidRequestException" {
		t.Fatalf("mateo's read on the default key answered %q, want InvalidRequestException", e)
	}
	// A customer managed key, added in the world file's editor.
	p.openEditor("")
	p.worldEdit(eval[string](p, `(() => { const w = structuredClone(iamplayWorld.answer().view);
		w.accounts[0].keys.push({id: "1234abcd-12ab-34cd-56ef-1234567890ab", region: "us-east-1", aliases: ["alias/SharedSecretsKey"],
			policy: {Version: "2012-10-17", Statement: [
				{Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: {AWS: "arn:aws:iam::111122223333:root"}, Action: "kms:*", Resource: "*"},
				{Sid: "Mateo decrypts through Secrets Manager", Effect: "Allow", Principal: {AWS: "`+mateo+`"}, Action: "kms:Decrypt", Resource: "*"}]}});
		return JSON.stringify(w, null, 2) })()`))
	if n := eval[int](p, `document.querySelectorAll('#w-browse [data-key="1234abcd-12ab-34cd-56ef-1234567890ab"]').length`); n != 1 {
		t.Fatalf("the new key is not in the world")
	}
	if e := p.worldCall(worldRoot, "UpdateSecret", "TestEnv/db", `{"SecretId": "TestEnv/db", "KmsKeyId": "alias/SharedSecretsKey"}`); e != "" {
		t.Fatalf("UpdateSecret KmsKeyId: %s", e)
	}
	if e := p.worldCall(mateo, "GetSecretValue", "TestEnv/db", ""); e != "AccessDeniedException" {
		t.Errorf("mateo's read before his policy allows kms:Decrypt answered %q, want AccessDeniedException", e)
	}
	if d := eval[string](p, `document.querySelector('#w-explanation .decision').dataset.decision`); d != "ImplicitDeny" {
		t.Errorf("the KMS step's explanation says %q", d)
	}
	// Side by side: the secret's check allowed, the key's decided; each with the chain's lit row.
	side := eval[string](p, `[...document.querySelectorAll('#w-explanations > .wexplain')].map(e => e.querySelector('h3').textContent.split(' on ')[0] + ':' +
		e.querySelector('.decision').dataset.decision + ':' + e.dataset.deciding + ':' + (e.querySelector('.combo-table tr.lit') ? 'lit' : 'none')).join(' ')`)
	if side != "secretsmanager:GetSecretValue:Allow:false:lit kms:Decrypt:ImplicitDeny:true:lit" {
		t.Errorf("the explanations side by side: %q", side)
	}
	p.screenshot("kms_side_by_side")
	// His own policy, edited in the policy editor.
	p.openEditor("/accounts/1/users/0/policies/0/policy")
	p.worldEdit(`{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/*"},
		{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}`)
	if e := p.worldCall(mateo, "GetSecretValue", "TestEnv/db", ""); e != "" {
		t.Errorf("mateo's read on the customer managed key answered %q", e)
	}
	if d := eval[string](p, `document.querySelector('#w-matrix-table') ? '' : 'none'`); d != "" {
		t.Errorf("no access matrix")
	}
	p.screenshot("cross_account")
}

// TestWorldModePublicPolicy: PutResourcePolicy with BlockPublicPolicy and Principal "*" is
// refused with the statement that makes it public and its fix; one click applies the fix
// and calls again, and the policy is accepted.
func TestWorldModePublicPolicy(t *testing.T) {
	p := openWorld(t, "")
	if e := p.worldCall(worldRoot, "PutResourcePolicy", "TestEnv/db", ""); e != "PublicPolicyException" {
		t.Fatalf("a public policy with BlockPublicPolicy answered %q", e)
	}
	if n := eval[int](p, `document.querySelectorAll('#w-policy-findings li .wfix').length`); n == 0 {
		t.Fatalf("no fix offered: %s", eval[string](p, `document.getElementById('w-answer-body').innerText`))
	}
	p.screenshot("public")
	runs := eval[int](p, `Number(document.body.dataset.worldRuns)`)
	p.do(chromedp.Click(chromedp.CSS(`#w-policy-findings .wfix`)))
	p.waitWorld(runs + 1)
	if e := eval[string](p, `(document.getElementById('w-error') || {dataset: {}}).dataset.error || ''`); e != "" {
		t.Errorf("the fixed policy answered %q", e)
	}
}

func TestWorldModeAccessibility(t *testing.T) {
	p := openWorld(t, "")
	p.worldCall(worldAnaya, "GetSecretValue", "TestEnv/db", "")
	axeScan(t, p, "world mode, light theme")
	p.do(chromedp.Click(chromedp.CSS("#theme")))
	axeScan(t, p, "world mode, dark theme")
}

func TestWorldModeOnAPhone(t *testing.T) {
	p := openWorld(t, "")
	p.do(chromedp.EmulateViewport(390, 844))
	p.waitWorld(1)
	if w := eval[bool](p, `document.documentElement.scrollWidth <= window.innerWidth + 1`); !w {
		t.Errorf("world mode scrolls sideways on a 390 px wide screen")
	}
	axeScan(t, p, "world mode, phone")
	p.screenshot("world_phone")
}
