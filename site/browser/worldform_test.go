package browser

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/iamplay/iamplay/engine/playground"
	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/internal/shapecases"
)

// formState is what the call form shows: the members it offers, their values and errors,
// and the JSON body beside it.
type formState struct {
	Fields []string          `json:"fields"`
	Values map[string]string `json:"values"`
	Errors map[string]string `json:"errors"`
	Body   string            `json:"body"`
}

func (p *page) form() formState {
	p.tb.Helper()
	// The engine's check is asynchronous: wait until the one of this body is shown.
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.getElementById('w-form').dataset.checked === document.getElementById('w-op').value + ' ' + document.getElementById('w-input').value`)); err != nil {
		p.tb.Fatalf("the call form was not checked: %v", err)
	}
	return eval[formState](p, `(() => {
		const rows = [...document.querySelectorAll('#w-form .wformrow')];
		const fields = rows.map(r => r.dataset.field), values = {}, errors = {};
		for (const f of fields) {
			values[f] = document.getElementById('w-f-' + f).value;
			const e = document.getElementById('w-f-' + f + '-error').textContent;
			if (e) errors[f] = e;
		}
		return { fields, values, errors, body: document.getElementById('w-input').value };
	})()`)
}

// TestWorldModeCallForm: the call form is built from the operation's shape, stays in step
// with the JSON body both ways, and checks the request as the store does: its message is
// the one the store answers when the call is made anyway.
func TestWorldModeCallForm(t *testing.T) {
	p := openWorld(t, "")
	p.do(setValue("w-caller", worldRoot), setValue("w-op", "GetSecretValue"))
	f := p.form()
	if strings.Join(f.Fields, " ") != "SecretId VersionId VersionStage" {
		t.Fatalf("GetSecretValue's form offers %v", f.Fields)
	}
	if !strings.Contains(f.Values["SecretId"], ":secret:") || len(f.Errors) != 0 {
		t.Errorf("the form does not show the template's SecretId, or has errors: %+v", f)
	}
	// The form writes the body.
	p.do(setValue("w-f-VersionStage", "AWSPREVIOUS"))
	if f = p.form(); !strings.Contains(f.Body, `"VersionStage": "AWSPREVIOUS"`) {
		t.Errorf("the form's VersionStage is not in the body: %s", f.Body)
	}
	// The body writes the form, and the check speaks beside the member at fault.
	p.do(setValue("w-input", `{"SecretId": "TestEnv/db", "VersionId": "short"}`))
	f = p.form()
	want := "ValidationException: 1 validation error detected: Value at 'versionId' failed to satisfy constraint: Member must have length greater than or equal to 32"
	if f.Values["VersionId"] != "short" || f.Values["VersionStage"] != "" || f.Errors["VersionId"] != want {
		t.Fatalf("after editing the body the form shows %+v\nwant VersionId short and the error %q", f, want)
	}
	p.screenshot("call_form_error")
	// Called anyway, the store answers the same.
	runs := eval[int](p, `Number(document.body.dataset.worldRuns)`)
	p.do(chromedp.Click(chromedp.CSS("#w-call")))
	p.waitWorld(runs + 1)
	if got := eval[string](p, `document.getElementById('w-error').textContent`); got != want {
		t.Errorf("the store answered %q\nthe form said %q", got, want)
	}
	// An enum and a required member, on other operations.
	p.do(setValue("w-op", "ListSecrets"), setValue("w-input", `{"SortOrder": "up"}`))
	if f = p.form(); !strings.Contains(f.Errors["SortOrder"], "Member must satisfy enum value set: [asc, desc]") {
		t.Errorf("ListSecrets SortOrder up: %+v", f)
	}
	p.do(setValue("w-f-SortOrder", "desc"))
	if f = p.form(); len(f.Errors) != 0 || !strings.Contains(f.Body, `"SortOrder": "desc"`) {
		t.Errorf("SortOrder desc picked in the form: %+v", f)
	}
	p.do(setValue("w-op", "TagResource"), setValue("w-input", `{"SecretId": "TestEnv/db"}`))
	if f = p.form(); f.Errors["Tags"] != "ValidationException: 1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must not be null" {
		t.Errorf("TagResource without Tags: %+v", f)
	}
	p.do(setValue("w-f-Tags", `[{"Key": "team", "Value": "payments"}]`))
	if f = p.form(); len(f.Errors) != 0 || !strings.Contains(f.Body, `"Key": "team"`) {
		t.Errorf("Tags written as JSON in the form: %+v", f)
	}
	if e := eval[string](p, `document.querySelector('#w-f-Tags').getAttribute('aria-invalid')`); e != "false" {
		t.Errorf("Tags is still marked invalid: %q", e)
	}
	p.screenshot("call_form")
	if pr := p.problems(); len(pr) > 0 {
		t.Errorf("console problems: %v", pr)
	}
}

// TestWorldModeWorldFileSquiggles: an edit of the whole world file is checked as a world
// file, and its findings squiggle the text where they are.
func TestWorldModeWorldFileSquiggles(t *testing.T) {
	p := openWorld(t, "")
	if id := eval[string](p, `JSON.parse(document.getElementById('w-input').value).SecretId`); !strings.Contains(id, ":secret:") {
		t.Errorf("the first body's SecretId is %q, want the first secret's ARN", id)
	}
	p.openEditor("")
	// The editor shows only the lines in view; it was loaded with the answer's view.
	text := eval[string](p, `JSON.stringify(window.iamplayWorld.answer().view, null, 2)`)
	if !strings.Contains(text, `"id": "444455556666"`) {
		t.Fatalf("the world file in the editor has no account 444455556666: %.300s", text)
	}
	p.worldEdit(strings.Replace(text, `"id": "444455556666"`, `"id": "4444"`, 1))
	squiggle := func() string {
		return eval[string](p, `(() => { const s = document.querySelector('#w-editor > div').shadowRoot.querySelector('.cm-lintRange-error'); return s ? s.textContent : '' })()`)
	}
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`!!document.querySelector('#w-editor > div').shadowRoot.querySelector('.cm-lintRange-error')`)); err != nil {
		t.Fatalf("no squiggle in the world file: %v; findings: %s", err, eval[string](p, `document.getElementById('w-editor-findings').textContent`))
	}
	if s := squiggle(); s != `"4444"` {
		t.Errorf("the squiggle covers %q, want the account id", s)
	}
	if e := eval[string](p, `(document.getElementById('w-error') || {dataset: {}}).dataset.error || ''`); e != "InvalidParameterException" {
		t.Errorf("the edit with an error answered %q, want InvalidParameterException (the world unchanged)", e)
	}
	p.screenshot("world_file_squiggle")
}

// TestEngineStartsEarly: the playground page starts the engine's worker from boot.js, before
// app.js runs, and reads the catalogue from catalog.json, the engine's catalogue with the
// operations' shapes.
func TestEngineStartsEarly(t *testing.T) {
	p := openWorld(t, "")
	got := eval[string](p, `(async () => {
		const names = performance.getEntriesByType('resource').map(e => e.name.split('/').pop());
		const file = await (await fetch('catalog.json')).json();
		return [names.includes('boot.js'), names.includes('catalog.json'), window.iamplayBootWorker === undefined,
			(file.actions || []).length > 0, (file.shapes || []).length].join(' ') })()`)
	if got != "true true true true 23" {
		t.Errorf("boot.js loaded, catalog.json fetched, the early worker adopted, the file's actions, its shapes: %s", got)
	}
	if string(playground.CatalogFile()) != eval[string](p, `fetch('catalog.json').then(r => r.text())`) {
		t.Errorf("the page's catalog.json is not the engine's CatalogFile")
	}
}

// TestWorldModeFormCheckAgreesWithGo: the call form's check gives, for a body breaking each
// constraint of each shape (internal/shapecases) and for good and malformed bodies, the
// errors secrets.CheckInput gives, whose messages the store's test holds to its answers.
func TestWorldModeFormCheckAgreesWithGo(t *testing.T) {
	p := openWorld(t, "")
	type check struct {
		Op   string `json:"op"`
		Body string `json:"body"`
	}
	var checks []check
	for _, c := range shapecases.All() {
		checks = append(checks, check{c.Operation, string(c.Body)})
	}
	checks = append(checks, check{"GetSecretValue", `{"SecretId": "TestEnv/db"}`}, check{"ListSecrets", ``}, check{"GetSecretValue", `[1]`},
		check{"GetSecretValue", `{"SecretId": 7}`}, check{"DeleteSecret", `{"SecretId": "x", "RecoveryWindowInDays": 1.5}`},
		check{"TagResource", `{"SecretId": "x", "Tags": [{"Key": "", "Value": "v"}, {"Value": "w"}]}`},
		check{"GetSecretValue", `{"SecretId": "` + strings.Repeat("é", 2048) + `", "VersionStage": null}`})
	in, _ := json.Marshal(checks)
	type inputError struct {
		Field   string `json:"field"`
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	got := eval[[][]inputError](p, `(`+string(in)+`).map(c => iamplayWorld.checkInput(c.op, c.body))`)
	if len(got) != len(checks) {
		t.Fatalf("%d answers for %d checks", len(got), len(checks))
	}
	for i, c := range checks {
		var want []inputError
		for _, e := range secrets.CheckInput(c.Op, []byte(c.Body)) {
			want = append(want, inputError{e.Field, e.Type, e.Message})
		}
		if len(want) != len(got[i]) || (len(want) > 0 && !reflect.DeepEqual(want, got[i])) {
			t.Errorf("%s %.120s:\n page %+v\n Go   %+v", c.Op, c.Body, got[i], want)
		}
	}
	t.Logf("%d bodies checked", len(checks))
}

// TestWorldModeSessionTags: a role session's session tags, given in the caller picker, are
// its aws:PrincipalTag values: a session policy matching them to the secret's team tag lets
// the payments session read TestEnv/db and not the platform one.
func TestWorldModeSessionTags(t *testing.T) {
	p := openWorld(t, "")
	p.do(setValue("w-caller", worldRole), setValue("w-session-policy", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
		"Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}]}`), setValue("w-session-tags", "team=payments"))
	if e := p.worldCall(worldRole, "GetSecretValue", "TestEnv/db", ""); e != "" {
		t.Fatalf("the payments session's read answered %q", e)
	}
	p.do(setValue("w-session-tags", "team=platform"))
	if e := p.worldCall(worldRole, "GetSecretValue", "TestEnv/db", ""); e != "AccessDeniedException" {
		t.Errorf("the platform session's read answered %q, want AccessDeniedException", e)
	}
	if s := eval[string](p, `document.querySelector('#w-timeline li:last-child').textContent`); !strings.Contains(s, "tags team=platform") {
		t.Errorf("the timeline does not say the session's tags: %q", s)
	}
	p.screenshot("session_tags")
}
