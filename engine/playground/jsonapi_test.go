package playground

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
)

const (
	alice  = "arn:aws:iam::111122223333:user/alice"
	secret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"
	allow  = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
	deny   = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "secretsmanager:*", "Resource": "*"}]}`
)

func stateJSON(t *testing.T, tabs []Tab, action string) []byte {
	t.Helper()
	b, err := json.Marshal(State{Policies: tabs, Request: StateRequest{Principal: alice, Action: action, Resource: secret}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		tabs   []Tab
		action string
		want   authz.Decision
		row    int
	}{
		{"no policy", nil, "secretsmanager:GetSecretValue", authz.ImplicitDeny, 4},
		{"identity allows", []Tab{{Kind: "identity", Enabled: true, Text: allow}}, "secretsmanager:GetSecretValue", authz.Allow, 1},
		{"other action", []Tab{{Kind: "identity", Enabled: true, Text: allow}}, "secretsmanager:DeleteSecret", authz.ImplicitDeny, 4},
		{"resource denies", []Tab{{Kind: "identity", Enabled: true, Text: allow}, {Kind: "resource", Enabled: true, Text: deny}}, "secretsmanager:GetSecretValue", authz.ExplicitDeny, 3},
		{"disabled tab", []Tab{{Kind: "identity", Enabled: true, Text: allow}, {Kind: "resource", Enabled: false, Text: deny}}, "secretsmanager:GetSecretValue", authz.Allow, 1},
		{"boundary silent", []Tab{{Kind: "identity", Enabled: true, Text: allow}, {Kind: "boundary", Enabled: true, Text: `{"Version": "2012-10-17", "Statement": []}`}}, "secretsmanager:GetSecretValue", authz.ImplicitDeny, 1},
		{"scp level denies", []Tab{{Kind: "identity", Enabled: true, Text: allow}, {Kind: "scp", Enabled: true, Level: 1, Text: strings.Replace(deny, `"Principal": {"AWS": "*"}, `, "", 1)}}, "secretsmanager:GetSecretValue", authz.ExplicitDeny, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var a struct {
				Decision authz.Decision `json:"decision"`
				Row      authz.Row      `json:"row"`
				Policies []struct {
					Tab int `json:"tab"`
				} `json:"policies"`
				Error string `json:"error"`
			}
			if err := json.Unmarshal(Evaluate(stateJSON(t, c.tabs, c.action)), &a); err != nil || a.Error != "" {
				t.Fatalf("Evaluate: %v %s", err, a.Error)
			}
			if a.Decision != c.want || a.Row.Index != c.row {
				t.Errorf("decision %s row %d, want %s row %d", a.Decision, a.Row.Index, c.want, c.row)
			}
			for _, p := range a.Policies {
				if p.Tab < 0 || p.Tab >= len(c.tabs) || !c.tabs[p.Tab].Enabled {
					t.Errorf("policy tagged with tab %d", p.Tab)
				}
			}
		})
	}
}

// Findings are positioned in their own tab's text, not in a combined document.
func TestEvaluateFindingsPerTab(t *testing.T) {
	t.Parallel()
	typo := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "alice"}}}]}`
	tabs := []Tab{{Kind: "identity", Enabled: true, Text: allow}, {Kind: "identity", Enabled: true, Text: typo}, {Kind: "resource", Enabled: true, Text: deny}, {Kind: "resource", Enabled: true, Text: deny}}
	var a Answer
	if err := json.Unmarshal(Evaluate(stateJSON(t, tabs, "secretsmanager:GetSecretValue")), &a); err != nil {
		t.Fatal(err)
	}
	var sawTypo, sawExtra bool
	for _, f := range a.Findings {
		if f.Tab == 1 && strings.Contains(f.Message, "StringEqual") {
			sawTypo = true
			got := typo[f.Range.Start.Offset:f.Range.End.Offset]
			if got != `"StringEqual"` || f.Suggestion != `"StringEquals"` {
				t.Errorf("typo finding covers %q, suggests %q", got, f.Suggestion)
			}
		}
		if f.Tab == 3 && f.Code == "document.ignored_policy" {
			sawExtra = true
		}
	}
	if !sawTypo || !sawExtra {
		t.Errorf("findings %+v: typo %v, ignored second resource policy %v", a.Findings, sawTypo, sawExtra)
	}
}

// A key or trust policy tab is left out of the decision, with a warning, and shows its own
// findings as its kind; Validate checks its text as its kind too.
func TestKeyAndTrustTabs(t *testing.T) {
	t.Parallel()
	key := `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "kms:Decrpyt", "Resource": "*"}]}`
	trust := `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sts:AssumeRole"}]}`
	tabs := []Tab{{Kind: "identity", Enabled: true, Text: allow}, {Kind: "key", Enabled: true, Text: key}, {Kind: "trust", Enabled: true, Text: trust}}
	var a Answer
	if err := json.Unmarshal(Evaluate(stateJSON(t, tabs, "secretsmanager:GetSecretValue")), &a); err != nil {
		t.Fatal(err)
	}
	if a.Decision != "Allow" {
		t.Errorf("decision %s, want Allow: the key and trust policies take no part", a.Decision)
	}
	seen := map[string]bool{}
	for _, f := range a.Findings {
		seen[strconv.Itoa(f.Tab)+" "+f.Code] = true
	}
	for _, want := range []string{"1 document.ignored_policy", "2 document.ignored_policy", "1 policy.unknown_action", "2 policy.missing_principal"} {
		if !seen[want] {
			t.Errorf("no finding %s in %v", want, seen)
		}
	}
	for kind, want := range map[string]string{"key": "policy.unknown_action", "trust": "policy.missing_principal"} {
		text := map[string]string{"key": key, "trust": trust}[kind]
		if got := string(Validate([]byte(text), kind)); !strings.Contains(got, want) {
			t.Errorf("Validate as %s: %s, want %s", kind, got, want)
		}
	}
}

func TestErrorsAreObjects(t *testing.T) {
	t.Parallel()
	for _, out := range [][]byte{Evaluate([]byte("{")), Matrix([]byte("[1]")), Validate([]byte("{}"), "nope"), Evaluate(nil)} {
		var e ErrorReply
		if err := json.Unmarshal(out, &e); err != nil || e.Error == "" || e.Code == "" {
			t.Errorf("want an error object, got %s", out)
		}
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	var v struct {
		Findings []struct {
			Code string `json:"code"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(Validate([]byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "secretsmanager:GetSecretValu", "Resource": "*"}}`), "identity"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Findings) == 0 || v.Findings[0].Code != "policy.unknown_action" {
		t.Errorf("findings %+v, want policy.unknown_action first", v.Findings)
	}
}

func TestCatalog(t *testing.T) {
	t.Parallel()
	var c Catalogue
	if err := json.Unmarshal(Catalog(), &c); err != nil {
		t.Fatal(err)
	}
	perService := map[string]int{}
	for _, a := range c.Actions {
		perService[a.Name[:strings.IndexByte(a.Name, ':')]]++
	}
	if perService["secretsmanager"] != 23 || perService["kms"] == 0 || perService["sts"] == 0 ||
		len(c.Operators) == 0 || len(c.Table) != 9 || len(c.Codes) == 0 {
		t.Errorf("catalogue: %v actions, %d operators, %d rows, %d codes", perService, len(c.Operators), len(c.Table), len(c.Codes))
	}
	want := map[string]string{"secretsmanager:VersionStage": "secretsmanager:GetSecretValue",
		"kms:ViaService": "kms:Decrypt", "sts:ExternalId": "sts:AssumeRole"}
	seen := map[string]bool{}
	for _, k := range c.Keys {
		if a, ok := want[k.Name]; ok && !slices.Contains(k.Actions, a) {
			t.Errorf("%s lists %v, not %s", k.Name, k.Actions, a)
		}
		if !k.Global && seen[k.Name] {
			t.Errorf("%s is listed twice", k.Name)
		}
		seen[k.Name] = true
	}
}

// Every matrix cell equals a decision made on its own.
func TestMatrixAgreesWithAuthz(t *testing.T) {
	t.Parallel()
	ident := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:Describe*", "Resource": "arn:aws:secretsmanager:*:*:secret:test/*"}, {"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:ListSecrets"], "Resource": "*"}]}`
	res := `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "` + secret + `"}]}`
	tabs := []Tab{{Kind: "identity", Enabled: true, Text: ident}, {Kind: "resource", Enabled: true, Text: res}}
	var m MatrixAnswer
	if err := json.Unmarshal(Matrix(stateJSON(t, tabs, "secretsmanager:GetSecretValue")), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Resources) != 2 || m.Resources[1] != "arn:aws:secretsmanager:us-east-1:111122223333:secret:test/example" {
		t.Fatalf("resources %q", m.Resources)
	}
	n, kinds := 0, map[authz.Decision]bool{}
	for _, g := range m.Groups {
		for _, r := range g.Rows {
			for j, got := range r.Cells {
				in := &authz.Input{Identity: []*authz.Policy{authz.NewPolicy("identity", "", []byte(ident))}, Resource: authz.NewPolicy("resource", "", []byte(res))}
				if want := in.Decide(authz.Prepare(authz.Request{Principal: alice, Action: r.Action, Resource: m.Resources[j]})); got != want {
					t.Errorf("%s on %s: matrix %s, authz %s", r.Action, m.Resources[j], got, want)
				}
				n++
				kinds[got] = true
			}
		}
	}
	if n != 46 || len(kinds) != 3 {
		t.Errorf("%d cells with decisions %v, want 46 cells with all three decisions", n, kinds)
	}
}

// The JSON contract answers the corpus exactly as authz does.
func TestEvaluateDocumentCorpus(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../authz/testdata/cases/*.json")
	if len(files) == 0 {
		t.Fatal("no corpus files")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, want := authz.Evaluate(src)
		var got authz.Result
		if err := json.Unmarshal(EvaluateDocument(src), &got); err != nil {
			t.Fatal(err)
		}
		if got.Decision != want.Decision {
			t.Errorf("%s: %s, authz %s", f, got.Decision, want.Decision)
		}
		if doc != nil && doc.Want != "" && got.Decision != doc.Want {
			t.Logf("%s: want %s, got %s (the corpus owner's concern)", f, doc.Want, got.Decision)
		}
	}
}

// TestCatalogFile: the file the build writes is the catalogue with the operations' shapes.
func TestCatalogFile(t *testing.T) {
	t.Parallel()
	var c CatalogueFile
	if err := json.Unmarshal(CatalogFile(), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Shapes) != 23 || len(c.Actions) == 0 || c.Shapes[0].Fields[0].Name == "" {
		t.Errorf("catalog.json: %d shapes, %d actions", len(c.Shapes), len(c.Actions))
	}
}
