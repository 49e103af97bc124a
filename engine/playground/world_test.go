package playground

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/secrets"
)

const (
	anaya    = "arn:aws:iam::111122223333:user/anaya"
	aliceARN = "arn:aws:iam::111122223333:user/alice"
	root     = "arn:aws:iam::111122223333:root"
	ec2Role  = "arn:aws:iam::111122223333:role/EC2RoleToAccessSecrets"
	testDB   = "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf"
)

var internet = NetworkSpec{SourceIP: "203.0.113.10", TLS: true}

// callStep is a call step in us-east-1 from the internet.
func callStep(principal, op, input string) Step {
	return Step{Call: &StepCall{Caller: CallerSpec{Principal: principal}, Region: "us-east-1", Network: internet, Operation: op, Input: json.RawMessage(input)}}
}

// runWorld answers a state and fails the test on an error reply.
func runWorld(t *testing.T, st WorldState) *WorldAnswer {
	t.Helper()
	src, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	out := World(src)
	var a WorldAnswer
	if err := json.Unmarshal(out, &a); err != nil || a.Steps == nil {
		t.Fatalf("World answered %s (%v)", out, err)
	}
	return &a
}

func TestWorldTimeline(t *testing.T) {
	getDB := `{"SecretId": "` + testDB + `"}`
	tests := []struct {
		name  string
		steps []Step
		// want is each step's error type, "" for success
		want []string
	}{
		{"anaya reads a TestEnv secret", []Step{callStep(anaya, "GetSecretValue", getDB)}, []string{""}},
		{"aliceARN may not read Prod/db", []Step{callStep(aliceARN, "GetSecretValue", `{"SecretId": "Prod/db"}`)}, []string{"AccessDeniedException"}},
		{"a session policy limits the role session", []Step{
			{Call: &StepCall{Caller: CallerSpec{Principal: ec2Role, Session: "app"}, Region: "us-east-1", Network: internet, Operation: "GetSecretValue", Input: json.RawMessage(getDB)}},
			{Call: &StepCall{Caller: CallerSpec{Principal: ec2Role, Session: "app", SessionPolicy: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}`},
				Region: "us-east-1", Network: internet, Operation: "GetSecretValue", Input: json.RawMessage(getDB)}},
		}, []string{"", "AccessDeniedException"}},
		{"AssumeRole by a user the trust policy does not name", []Step{
			{Call: &StepCall{Caller: CallerSpec{Principal: ec2Role, Session: "s", AssumedBy: aliceARN}, Region: "us-east-1", Network: internet, Operation: "GetSecretValue", Input: json.RawMessage(getDB)}},
		}, []string{"AccessDeniedException"}},
		{"31 days end a recovery window of 30", []Step{
			callStep(root, "DeleteSecret", `{"SecretId": "TestEnv/api-key", "RecoveryWindowInDays": 30}`),
			callStep(root, "RestoreSecret", `{"SecretId": "TestEnv/api-key"}`),
			callStep(root, "DeleteSecret", `{"SecretId": "TestEnv/api-key", "RecoveryWindowInDays": 30}`),
			{Advance: &Advance{Days: 31}},
			callStep(root, "RestoreSecret", `{"SecretId": "TestEnv/api-key"}`),
		}, []string{"", "", "", "", "ResourceNotFoundException"}},
		{"an edit of a policy changes the world", []Step{
			{Edit: &Edit{Path: "/accounts/0/users/0/policies", Value: json.RawMessage(`[{"name": "ReadProd", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}}]`)}},
			callStep(aliceARN, "GetSecretValue", `{"SecretId": "Prod/db"}`),
		}, []string{"", ""}},
		{"an edit with errors is refused and changes nothing", []Step{
			{Edit: &Edit{Path: "/accounts/0/users/0/groups", Value: json.RawMessage(`["NoSuchGroup"]`)}},
			callStep(aliceARN, "GetSecretValue", `{"SecretId": "TestEnv/db"}`),
		}, []string{"InvalidParameterException", ""}},
		{"a negative advance is refused", []Step{{Advance: &Advance{Days: -1}}}, []string{"InvalidParameterException"}},
		{"a step with two kinds is refused", []Step{{Advance: &Advance{Days: 1}, Edit: &Edit{Path: ""}}}, []string{"InvalidParameterException"}},
		{"an unknown caller", []Step{callStep("arn:aws:iam::111122223333:user/nobody", "ListSecrets", `{}`)}, []string{"UnrecognizedClientException"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := runWorld(t, WorldState{Seed: 7, Steps: tc.steps})
			if len(a.Steps) != len(tc.want) {
				t.Fatalf("%d step answers, want %d", len(a.Steps), len(tc.want))
			}
			for i, s := range a.Steps {
				got := ""
				if s.Error != nil {
					got = s.Error.Type
				}
				if got != tc.want[i] || s.OK != (got == "") {
					t.Errorf("step %d: error %q ok %v, want %q (%+v)", i, got, s.OK, tc.want[i], s)
				}
			}
		})
	}
}

func TestWorldExplainsAndMasks(t *testing.T) {
	st := WorldState{Seed: 3, Steps: []Step{
		callStep(anaya, "GetSecretValue", `{"SecretId": "`+testDB+`"}`),
		callStep(aliceARN, "GetSecretValue", `{"SecretId": "Prod/db"}`),
	}}
	a := runWorld(t, st)
	if a.At != 1 || a.Explanation == nil || a.Explanation.Decision != authz.ImplicitDeny {
		t.Fatalf("at %d, explanation %+v: want step 1's ImplicitDeny", a.At, a.Explanation)
	}
	if a.Steps[0].Output != nil {
		t.Errorf("step 0's output is answered though step 1 is shown: %s", a.Steps[0].Output)
	}
	zero := 0
	st.At = &zero
	a = runWorld(t, st)
	out := string(a.Steps[0].Output)
	if strings.Contains(out, "EXAMPLE-test-password") || !strings.Contains(out, Masked) {
		t.Errorf("the value is not masked: %s", out)
	}
	if strings.Contains(string(a.View), "EXAMPLE-") {
		t.Errorf("the view holds a value: %s", a.View)
	}
	st.Values = true
	a = runWorld(t, st)
	if !strings.Contains(string(a.Steps[0].Output), "EXAMPLE-test-password-2") || !strings.Contains(string(a.View), "EXAMPLE-") {
		t.Errorf("values asked for but not shown: %s", a.Steps[0].Output)
	}
	if a.At != 0 || a.Explanation == nil || a.Explanation.Decision != authz.Allow {
		t.Errorf("at %d: want step 0's Allow, got %+v", a.At, a.Explanation)
	}
}

// TestWorldReplayIsDeterministic holds the cache to a fresh replay: a timeline answered step
// by step (each answer extending the cached one), then after an undo, answers as it does
// from scratch.
func TestWorldReplayIsDeterministic(t *testing.T) {
	steps := []Step{
		callStep(root, "CreateSecret", `{"Name": "new/one", "SecretString": "v1"}`),
		callStep(root, "PutSecretValue", `{"SecretId": "new/one", "SecretString": "v2"}`),
		{Advance: &Advance{Days: 2}},
		callStep(root, "CreateSecret", `{"Name": "new/two", "SecretString": "v"}`),
		callStep(root, "ListSecrets", `{}`),
	}
	var last []byte
	for n := 1; n <= len(steps); n++ {
		src, _ := json.Marshal(WorldState{Seed: 11, Steps: steps[:n]})
		last = World(src)
	}
	src, _ := json.Marshal(WorldState{Seed: 11, Steps: steps[:3]})
	World(src) // an undo, then the same steps again
	worlds.Lock()
	worlds.cached = [2]*replay{}
	worlds.Unlock()
	src, _ = json.Marshal(WorldState{Seed: 11, Steps: steps})
	if fresh := World(src); string(fresh) != string(last) {
		t.Errorf("a cached replay differs from a fresh one:\n%s\n%s", last, fresh)
	}
}

// TestWhoCanReadAgreesWithTheStore asks, for every identity and secret of the default
// world, whether it may read the secret, and holds the answer to the call itself.
func TestWhoCanReadAgreesWithTheStore(t *testing.T) {
	a := runWorld(t, WorldState{Seed: 5, Steps: []Step{}})
	var q AccessQuery
	q.At, q.Network, q.Actions = -1, internet, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}
	for _, id := range a.Identities {
		q.Callers = append(q.Callers, CallerSpec{Principal: id.Principal})
	}
	for _, s := range a.Secrets {
		q.Secrets = append(q.Secrets, s.ARN)
	}
	state, _ := json.Marshal(WorldState{Seed: 5, Steps: []Step{}})
	query, _ := json.Marshal(q)
	var acc AccessAnswer
	if err := json.Unmarshal(Access(state, query), &acc); err != nil || len(acc.Grid) != len(q.Callers) {
		t.Fatalf("Access: %v %+v", err, acc)
	}
	allowed := 0
	for ci, c := range q.Callers {
		for si, s := range q.Secrets {
			for ai, op := range []string{"GetSecretValue", "DescribeSecret"} {
				st := WorldState{Seed: 5, Steps: []Step{{Call: &StepCall{Caller: c, Region: regionOf(s), Network: internet, Operation: op, Input: json.RawMessage(`{"SecretId": "` + s + `"}`)}}}}
				got := runWorld(t, st).Steps[0]
				var d authz.Decision
				for _, ch := range got.Checks {
					if ch.Action == "secretsmanager:"+op {
						d = ch.Decision
					}
				}
				if want := string(decisionLetter[d]); acc.Grid[ci][si][ai:ai+1] != want {
					t.Errorf("%s %s on %s: access says %c, the call %s", c.Principal, op, s, acc.Grid[ci][si][ai], d)
				}
				if d == authz.Allow {
					allowed++
				}
			}
		}
	}
	if allowed == 0 || allowed == len(q.Callers)*len(q.Secrets)*2 {
		t.Errorf("%d of the calls allowed: the world should allow some and deny some", allowed)
	}
}

func TestWorldRefusesBadInput(t *testing.T) {
	for _, in := range []string{``, `[]`, `{"steps": 3}`, `{"world": "nope", "steps": []}`, `{"world": [1], "steps": []}`} {
		var e ErrorReply
		if err := json.Unmarshal(World([]byte(in)), &e); err != nil || e.Code == "" {
			t.Errorf("World(%s) = %+v, want an error reply", in, e)
		}
	}
	// A world that reads with errors is answered, with its findings positioned in the file.
	a := runWorld(t, WorldState{World: json.RawMessage(`{"accounts": 1}`), Steps: []Step{}})
	if len(a.Findings) == 0 || a.Findings[0].Path != "/accounts" || a.Findings[0].Range.Start.Line != 1 {
		t.Errorf("findings %+v, want one at /accounts, line 1", a.Findings)
	}
}

const mateo = "arn:aws:iam::444455556666:user/mateo"

// sharedKey is a customer managed key whose policy lets mateo decrypt through Secrets Manager.
const sharedKey = `{"id": "1234abcd-12ab-34cd-56ef-1234567890ab", "region": "us-east-1", "aliases": ["alias/SharedSecretsKey"],
	"policy": {"Version": "2012-10-17", "Statement": [
		{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
		{"Sid": "Mateo decrypts through Secrets Manager", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:user/mateo"}, "Action": "kms:Decrypt", "Resource": "*",
		 "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}}]}}`

// TestWorldCrossAccountKey: "To access a secret in another account, the secret must be
// encrypted with a customer managed key" and "Secrets encrypted with the AWS managed key
// aws/secretsmanager can't be accessed cross-account" (Secrets Manager User Guide, Access
// AWS Secrets Manager secrets from a different account), whose identity policy must also
// allow kms:Decrypt on the key (same page, the policy attached to the identity).
func TestWorldCrossAccountKey(t *testing.T) {
	read := callStep(mateo, "GetSecretValue", `{"SecretId": "`+testDB+`"}`)
	steps := []Step{
		read,
		{Edit: &Edit{Path: "/accounts/0/keys/-", Value: json.RawMessage(sharedKey)}},
		callStep(root, "UpdateSecret", `{"SecretId": "TestEnv/db", "KmsKeyId": "alias/SharedSecretsKey"}`),
		{Edit: &Edit{Path: "/accounts/1/users/0/policies/0/policy/Statement/-", Value: json.RawMessage(`{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}`)}},
		read,
	}
	a := runWorld(t, WorldState{Seed: 9, Steps: steps})
	want := []string{"InvalidRequestException", "", "", "", ""}
	for i, s := range a.Steps {
		got := ""
		if s.Error != nil {
			got = s.Error.Type
		}
		if got != want[i] {
			t.Errorf("step %d: %q, want %q (%+v)", i, got, want[i], s)
		}
	}
	if n := len(a.Steps[4].Checks); n != 2 || a.Steps[4].Checks[1].Action != "kms:Decrypt" || a.Steps[4].Checks[1].Decision != authz.Allow {
		t.Errorf("the read's checks %+v, want the secret's and the key's, both allowing", a.Steps[4].Checks)
	}
	// Both checks explained side by side: the secret's and the key's.
	if e := a.Explanations; len(e) != 2 || e[0].Decision != authz.Allow || e[1].Decision != authz.Allow {
		t.Errorf("the read's explanations %+v, want two allowing", e)
	}
	// Before mateo's own policy allows kms:Decrypt the key's check denies the read, and the
	// deciding explanation is the key's, beside the secret's that allowed.
	denied := runWorld(t, WorldState{Seed: 9, Steps: append(append([]Step{}, steps[:3]...), read)})
	if e := denied.Explanations; len(e) != 2 || e[0].Decision != authz.Allow || e[1].Decision != authz.ImplicitDeny ||
		denied.Explanation == nil || denied.Explanation.Decision != authz.ImplicitDeny {
		t.Errorf("the denied read's explanations %+v (deciding %+v), want the secret's allowing and the key's denying", e, denied.Explanation)
	}
	// The access matrix's KMS step agrees: denied before the key moved, allowed after.
	for at, want := range map[int]string{0: "I", 4: "A"} {
		state, _ := json.Marshal(WorldState{Seed: 9, Steps: steps})
		query, _ := json.Marshal(AccessQuery{At: at, Callers: []CallerSpec{{Principal: mateo}}, Actions: []string{"kms:Decrypt"}, Secrets: []string{testDB}, Network: internet})
		var acc AccessAnswer
		if err := json.Unmarshal(Access(state, query), &acc); err != nil || len(acc.Grid) != 1 || acc.Grid[0][0] != want {
			t.Errorf("after step %d the KMS step is %+v, want %s", at, acc, want)
		}
	}
}

// TestWorldPublicPolicy: PutResourcePolicy with BlockPublicPolicy "block[s] resource-based
// policies that allow broad access to the secret, for example those that use a wildcard for
// the principal" (Secrets Manager API Reference, PutResourcePolicy); the answer carries the
// statement that makes it public and its fix.
func TestWorldPublicPolicy(t *testing.T) {
	policyText := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`
	body, _ := json.Marshal(map[string]any{"SecretId": "TestEnv/db", "ResourcePolicy": policyText, "BlockPublicPolicy": true})
	a := runWorld(t, WorldState{Seed: 2, Steps: []Step{callStep(root, "PutResourcePolicy", string(body))}})
	s := a.Steps[0]
	if s.Error == nil || s.Error.Type != "PublicPolicyException" || s.Policy == nil || s.Policy.Source != policyText || len(s.Policy.Findings) == 0 || s.Policy.Findings[0].Suggestion == "" {
		t.Fatalf("answer %+v, want PublicPolicyException with the statement and its fix", s)
	}
}

// TestValidateWorld: a whole world file's findings are positioned in the text as written.
func TestValidateWorld(t *testing.T) {
	text := "{\n  \"accounts\": [\n    {\"id\": \"12\"}\n  ]\n}"
	var got struct{ Findings policy.Findings }
	if err := json.Unmarshal(Validate([]byte(text), KindWorld), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) == 0 {
		t.Fatalf("an account id of two digits gave no finding")
	}
	f := got.Findings[0]
	if f.Range.Start.Line != 3 || text[f.Range.Start.Offset:f.Range.End.Offset] != `"12"` {
		t.Errorf("finding %+v is not on the id", f)
	}
}

// TestWorldSessionTags: a role session's session tags are its aws:PrincipalTag values, and
// AssumeRole with session tags also needs sts:TagSession, from the assumer's policies and the
// role's trust policy (IAM User Guide, Passing session tags in AWS STS: "the role's trust
// policy must allow sts:TagSession").
func TestWorldSessionTags(t *testing.T) {
	byTeam := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
		"Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}]}`
	read := func(by string, tags []SessionTag) Step {
		return Step{Call: &StepCall{Caller: CallerSpec{Principal: ec2Role, Session: "app", SessionPolicy: byTeam, AssumedBy: by, Tags: tags},
			Region: "us-east-1", Network: internet, Operation: "GetSecretValue", Input: json.RawMessage(`{"SecretId": "` + testDB + `"}`)}}
	}
	assume := func(actions string) Step {
		return Step{Edit: &Edit{Path: "/accounts/0/users/1/policies", Value: json.RawMessage(`[{"name": "Assume", "policy": {"Version": "2012-10-17",
			"Statement": [{"Effect": "Allow", "Action": ` + actions + `, "Resource": "` + ec2Role + `"}]}}]`)}}
	}
	var many []SessionTag
	for i := range 51 {
		many = append(many, SessionTag{strings.Repeat("k", i+1), "v"})
	}
	trust := Step{Edit: &Edit{Path: "/accounts/0/roles/0/trustPolicy", Value: json.RawMessage(`{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}`)}}
	a := runWorld(t, WorldState{Seed: 1, Steps: []Step{
		read("", []SessionTag{{"team", "payments"}}),
		read("", []SessionTag{{"team", "platform"}}),
		assume(`"sts:AssumeRole"`),
		read(anaya, []SessionTag{{"team", "payments"}}),
		assume(`["sts:AssumeRole", "sts:TagSession"]`),
		read(anaya, []SessionTag{{"team", "payments"}}),
		trust,
		read(anaya, []SessionTag{{"team", "payments"}}),
		read(anaya, many),
	}})
	want := []string{"", "AccessDeniedException", "", "AccessDeniedException", "", "AccessDeniedException", "", "", "ValidationError"}
	for i, s := range a.Steps {
		got := ""
		if s.Error != nil {
			got = s.Error.Type
		}
		if got != want[i] {
			t.Errorf("step %d: %q (%v), want %q", i+1, got, s.Error, want[i])
		}
	}
	if c := a.Steps[3].Checks; len(c) != 1 || c[0].Action != "sts:TagSession" {
		t.Errorf("the AssumeRole with tags but no sts:TagSession was refused on %+v", c)
	}
}

// TestWorldAnswerEncoding holds World's answer, written from pieces, to encoding/json's
// encoding of a WorldAnswer: decoded and encoded again, every kind of step answers the same
// bytes (members, order, omitted members, escaping), whichever step is shown, with values
// masked or not.
func TestWorldAnswerEncoding(t *testing.T) {
	role := Step{Call: &StepCall{Caller: CallerSpec{Principal: ec2Role, Session: "s", AssumedBy: aliceARN}, Region: "us-east-1", Network: internet,
		Operation: "GetSecretValue", Input: json.RawMessage(`{"SecretId": "` + testDB + `"}`)}}
	steps := []Step{
		callStep(anaya, "GetSecretValue", `{"SecretId": "`+testDB+`"}`), // two checks: the secret's and the key's
		callStep(aliceARN, "GetSecretValue", `{"SecretId": "Prod/db"}`), // denied
		role,                                // AssumeRole refused
		callStep(root, "ListSecrets", `{}`), // one check
		callStep(root, "PutResourcePolicy", `{"SecretId": "TestEnv/db", "BlockPublicPolicy": true, "ResourcePolicy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}]}"}`),
		{Advance: &Advance{Days: 31}}, // no checks
		{Edit: &Edit{Path: "/accounts/0/users/0/groups", Value: json.RawMessage(`["NoSuchGroup"]`)}}, // refused, with findings
		callStep("arn:aws:iam::111122223333:user/nobody<&>", "ListSecrets", `{}`),                    // escaping
	}
	for _, values := range []bool{false, true} {
		for at := -1; at < len(steps); at++ {
			src, _ := json.Marshal(WorldState{Seed: 1, Steps: steps, At: &at, Values: values})
			out := World(src)
			var a WorldAnswer
			if err := json.Unmarshal(out, &a); err != nil || a.Steps == nil {
				t.Fatalf("at %d: World answered %.300s (%v)", at, out, err)
			}
			again, err := json.Marshal(&a)
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != string(out) {
				i := 0
				for i < len(out) && i < len(again) && out[i] == again[i] {
					i++
				}
				t.Fatalf("at %d, values %v: the answer is not encoding/json's encoding of a WorldAnswer from byte %d:\n%.200s\n%.200s", at, values, i, out[i:], again[i:])
			}
			if at >= 0 && at < 5 && a.Explanation == nil {
				t.Errorf("at %d: no explanation", at)
			}
		}
	}
}

// TestWorldKeptView makes a timeline one step at a time, as the page does, so that each
// answer may reuse the view and inventory kept from the one before: every read and list
// operation of the catalogue (each keeps them), between writes (each clears them); checkViews
// holds every kept text to a new export.
func TestWorldKeptView(t *testing.T) {
	reads := map[string]string{
		"GetSecretValue":       `{"SecretId": "TestEnv/db"}`,
		"BatchGetSecretValue":  `{"SecretIdList": ["TestEnv/db", "TestEnv/api-key"]}`,
		"DescribeSecret":       `{"SecretId": "TestEnv/db"}`,
		"GetRandomPassword":    `{"PasswordLength": 12}`,
		"GetResourcePolicy":    `{"SecretId": "TestEnv/db"}`,
		"ListSecrets":          `{}`,
		"ListSecretVersionIds": `{"SecretId": "TestEnv/db"}`,
	}
	for _, op := range secrets.Operations() {
		if readOnly(op) && reads[op] == "" {
			t.Errorf("%s only reads: add it to the timeline", op)
		}
	}
	writes := []Step{
		callStep(root, "PutSecretValue", `{"SecretId": "TestEnv/db", "SecretString": "new"}`),
		callStep(root, "TagResource", `{"SecretId": "TestEnv/db", "Tags": [{"Key": "k", "Value": "v"}]}`),
		{Advance: &Advance{Days: 1}},
		callStep(root, "DeleteSecret", `{"SecretId": "TestEnv/api-key", "RecoveryWindowInDays": 7}`),
		{Edit: &Edit{Path: "/accounts/0/users/0/groups", Value: json.RawMessage(`[]`)}},
	}
	var st WorldState
	for _, w := range writes {
		for op, input := range reads {
			for _, caller := range []string{root, anaya} {
				st.Steps = append(st.Steps, callStep(caller, op, input))
				for _, values := range []bool{false, true} {
					st.Values = values
					runWorld(t, st)
				}
			}
		}
		st.Steps = append(st.Steps, w)
		runWorld(t, st)
	}
	if a := runWorld(t, st); len(a.Steps) != len(writes)*(len(reads)*2+1) || !a.Steps[len(a.Steps)-1].OK {
		t.Errorf("the timeline ran %d steps, the last %+v", len(a.Steps), a.Steps[len(a.Steps)-1])
	}
}

// TestAppendWorld: an answer appended to a buffer, reused call after call, is World's.
func TestAppendWorld(t *testing.T) {
	st := WorldState{Seed: 1, Steps: []Step{callStep(anaya, "GetSecretValue", `{"SecretId": "TestEnv/db"}`)}}
	buf := []byte("kept")
	for range 2 {
		src, _ := json.Marshal(st)
		buf = AppendWorld(buf[:4], src)
		if want := World(src); string(buf[:4]) != "kept" || string(buf[4:]) != string(want) {
			t.Fatalf("AppendWorld wrote %.200q, World answers %.200q", buf, want)
		}
		st.Steps = append(st.Steps, callStep(root, "ListSecrets", `{}`))
	}
}

// maskedByDecoding is what masked means: the body decoded, each member named as a
// secretField at any depth set to Masked.
func maskedByDecoding(out []byte) any {
	v, _ := decodeNumbers(out)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if secretFields[k] {
					v[k] = Masked
				} else {
					walk(x)
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return v
}

// decodeNumbers decodes JSON keeping numbers as written.
func decodeNumbers(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// checkMasked holds masked to maskedByDecoding on a JSON body.
func checkMasked(t *testing.T, out []byte) {
	t.Helper()
	got := masked(out, false)
	g, err := decodeNumbers(got)
	if err != nil {
		t.Fatalf("masked(%s) = %s, not JSON: %v", out, got, err)
	}
	if want := maskedByDecoding(out); !reflect.DeepEqual(g, want) {
		t.Fatalf("masked(%s) = %s, want %v", out, got, want)
	}
	if string(masked(out, true)) != string(out) {
		t.Fatalf("masked(%s) with values changed it", out)
	}
}

func TestMasked(t *testing.T) {
	for _, out := range []string{
		`{"ARN":"arn","Name":"n","SecretString":"EXAMPLE-value","VersionStages":["AWSCURRENT"],"CreatedDate":1780302600}`,
		`{"SecretValues":[{"Name":"a","SecretBinary":"AAEC"},{"Name":"b","SecretString":"v"}],"Errors":[]}`,
		`{"RandomPassword":"p@ss"}`,
		`{"Description":"SecretString","Tags":[{"Key":"SecretString","Value":"x"}]}`, // names as values are kept
		`{"Name":"a\"SecretString\":\"b","SecretString" : {"nested": ["x", "\\\"y"]}}`,
		`{"Secret\u0053tring":"v"}`,
		`{"SecretString":"a","SecretString":"b"}`,
		`[]`, `"SecretString"`, `{}`,
	} {
		checkMasked(t, []byte(out))
	}
}

// FuzzMasked holds masked to maskedByDecoding on any JSON body.
func FuzzMasked(f *testing.F) {
	f.Add([]byte(`{"SecretValues":[{"Name":"a","SecretBinary":"AAEC"}],"SecretString":"x","Key":"RandomPassword"}`))
	f.Fuzz(func(t *testing.T, out []byte) {
		if json.Valid(out) {
			checkMasked(t, out)
		}
	})
}
