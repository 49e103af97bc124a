package secrets

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

const rotateFn = "arn:aws:lambda:us-east-1:111122223333:function:rotate"

// stagesOfStore is the secret's VersionIdsToStages as DescribeSecret answers it.
func stagesIn(t *testing.T, s *Store, id, region string) map[string][]string {
	t.Helper()
	out := outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"` + id + `"}`, region: region}))
	m := map[string][]string{}
	for k, v := range out["VersionIdsToStages"].(map[string]any) {
		for _, l := range v.([]any) {
			m[k] = append(m[k], l.(string))
		}
	}
	return m
}

func valueOf(t *testing.T, s *Store, id, region string) (string, string) {
	t.Helper()
	out := outOf(t, s.run(t, step{op: "GetSecretValue", in: `{"SecretId":"` + id + `"}`, region: region}))
	return out["SecretString"].(string), out["VersionId"].(string)
}

// RotateSecret with the default world's function: the four steps run as its role, the new
// version is AWSCURRENT with a new password, the old one AWSPREVIOUS, no AWSPENDING is left,
// and DescribeSecret shows the configuration and dates.
func TestRotateSecret(t *testing.T) {
	s := newStore(t)
	r := s.run(t, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","RotationRules":{"AutomaticallyAfterDays":30}}`})
	out := outOf(t, r)
	if r.Rotation == nil || !r.Rotation.OK() {
		t.Fatalf("rotation: %+v", r.Rotation)
	}
	var names []string
	for _, st := range r.Rotation.Steps {
		names = append(names, st.Step)
		for _, c := range st.Calls {
			notYet := st.Step == StepCreate && c.Err != nil && c.Err.Type == ResourceNotFound // the template's look for an AWSPENDING version
			if c.Err != nil && !notYet || !strings.HasPrefix(c.call.Caller.ARN, "arn:aws:sts::111122223333:assumed-role/SecretsManagerRotationRole/rotate") {
				t.Errorf("%s: %s as %s: %v", st.Step, c.call.Operation, c.call.Caller.ARN, c.Err)
			}
		}
	}
	if !slices.Equal(names, steps) {
		t.Errorf("steps %v", names)
	}
	token := out["VersionId"].(string)
	val, id := valueOf(t, s, "TestEnv/db", "")
	var v map[string]string
	if err := json.Unmarshal([]byte(val), &v); err != nil || id != token || v["username"] != "testapp" || len(v["password"]) != 32 || strings.ContainsAny(v["password"], `/@"'\`) {
		t.Fatalf("new value %q (version %s, want %s): %v", val, id, token, err)
	}
	got := stagesIn(t, s, "TestEnv/db", "")
	if !slices.Equal(got[token], []string{current}) || !slices.Equal(got[cur], []string{previous}) || len(got) != 2 {
		t.Errorf("labels %v", got)
	}
	d := outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`}))
	now := float64(s.Now().Unix())
	if d["RotationEnabled"] != true || d["RotationLambdaARN"] != rotateFn || d["LastRotatedDate"] != now ||
		d["NextRotationDate"] != now+30*86400 || !jsonEqual(d["RotationRules"], map[string]any{"AutomaticallyAfterDays": 30}) {
		t.Errorf("describe: %v", d)
	}
	l := outOf(t, s.run(t, step{op: "ListSecrets", in: `{"Filters":[{"Key":"name","Values":["TestEnv/db"]}]}`}))
	if e := l["SecretList"].([]any)[0].(map[string]any); e["RotationEnabled"] != true || e["NextRotationDate"] != now+30*86400 || e["RotationLambdaARN"] != rotateFn {
		t.Errorf("list: %v", e)
	}
}

// rotationWorld is the default world with a role with no permissions, the role of a
// function that cannot work.
func rotationWorld(t *testing.T) *Store {
	t.Helper()
	w := world.Default()
	a := w.Account("111122223333")
	a.Roles = append(a.Roles, &world.Role{Principal: world.Principal{Name: "NoPermissions", Path: "/"}})
	a.RotationFunctions = append(a.RotationFunctions,
		&world.RotationFunction{ARN: "arn:aws:lambda:us-east-1:111122223333:function:powerless", Role: "NoPermissions"})
	return New(w, Options{Seed: 1})
}

// A step that fails leaves the secret as AWS leaves it: AWSPENDING on the new version,
// AWSCURRENT where it was; RotateSecret then answers that a previous rotation isn't complete,
// and the next scheduled window reattempts the rotation with the same token.
func TestRotationFailure(t *testing.T) {
	s := rotationWorld(t)
	fail := true
	builtin := passwordRotation(nil)
	s.RegisterRotationFunc(rotateFn, func(step, arn, token string, call CallFunc) error {
		if step == StepTest && fail {
			return errors.New("the new password does not work")
		}
		return builtin(step, arn, token, call)
	})
	r := s.run(t, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","RotationRules":{"ScheduleExpression":"rate(10 days)"}}`})
	outOf(t, r)
	if r.Rotation.OK() || len(r.Rotation.Steps) != 3 || !strings.HasPrefix(r.Rotation.Err.Error(), "testSecret") {
		t.Fatalf("rotation %+v", r.Rotation)
	}
	token := r.Rotation.Token
	got := stagesIn(t, s, "TestEnv/db", "")
	if !slices.Equal(got[token], []string{pending}) || !slices.Equal(got[cur], []string{current}) {
		t.Fatalf("labels after a failed testSecret: %v", got)
	}
	if _, id := valueOf(t, s, "TestEnv/db", ""); id != cur {
		t.Errorf("AWSCURRENT moved to %s", id)
	}
	again := s.run(t, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db"}`})
	if again.Err == nil || again.Err.Type != InvalidRequest || !strings.Contains(again.Err.Message, "previous rotation isn't complete") {
		t.Fatalf("a second rotation: %v", again.Err)
	}
	fail = false
	runs := s.Advance(11 * 24 * time.Hour)
	if len(runs) != 1 || !runs[0].OK() || runs[0].Token != token {
		t.Fatalf("the scheduled reattempt: %+v", runs)
	}
	if _, id := valueOf(t, s, "TestEnv/db", ""); id != token {
		t.Errorf("AWSCURRENT is %s after the reattempt, want %s", id, token)
	}
}

// The function's role is authorized like any caller: a role without permissions fails at
// its first call, and the secret does not change beyond its rotation configuration.
func TestRotationRoleDenied(t *testing.T) {
	s := rotationWorld(t)
	before := stagesIn(t, s, "TestEnv/db", "")
	r := s.run(t, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"arn:aws:lambda:us-east-1:111122223333:function:powerless"}`})
	outOf(t, r)
	st := r.Rotation.Steps[0]
	if r.Rotation.OK() || st.Step != StepCreate || len(st.Calls) != 1 || st.Calls[0].Err.Type != AccessDenied ||
		!strings.Contains(st.Calls[0].Err.Message, "assumed-role/NoPermissions/powerless") {
		t.Fatalf("rotation %+v", r.Rotation)
	}
	if after := stagesIn(t, s, "TestEnv/db", ""); !jsonEqual(before, after) {
		t.Errorf("labels changed: %v -> %v", before, after)
	}
}

// A Go function that panics fails its step; RotateImmediately false runs createSecret and
// testSecret and removes the version they made.
func TestRotationFuncs(t *testing.T) {
	s := rotationWorld(t)
	s.RegisterRotationFunc(rotateFn, func(step, arn, token string, call CallFunc) error { panic("boom") })
	r := s.run(t, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/api-key","RotationLambdaARN":"` + rotateFn + `"}`})
	if outOf(t, r); r.Rotation.OK() || !strings.Contains(r.Rotation.Err.Error(), "panicked") {
		t.Fatalf("%+v", r.Rotation)
	}
	s = newStore(t)
	before := stagesIn(t, s, "Prod/db", "")
	r = s.run(t, step{op: "RotateSecret", in: `{"SecretId":"Prod/db","RotationLambdaARN":"` + rotateFn + `","RotateImmediately":false,"RotationRules":{"ScheduleExpression":"cron(0 16 1,15 * ? *)","Duration":"2h"}}`})
	out := outOf(t, r)
	if _, ok := out["VersionId"]; ok || !r.Rotation.OK() || len(r.Rotation.Steps) != 2 || r.Rotation.Steps[1].Step != StepTest {
		t.Fatalf("test rotation %v %+v", out, r.Rotation)
	}
	if after := stagesIn(t, s, "Prod/db", ""); !jsonEqual(before, after) {
		t.Errorf("labels changed: %v -> %v", before, after)
	}
	d := outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"Prod/db"}`}))
	if want := float64(time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC).Unix()); d["NextRotationDate"] != want || d["LastRotatedDate"] != nil {
		t.Errorf("describe %v, want next %v", d, want)
	}
}

// Advancing the clock runs each rotation when its window opens, in order; CancelRotateSecret
// stops them.
func TestAdvanceRotates(t *testing.T) {
	s := newStore(t)
	outOf(t, s.run(t, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","RotationRules":{"ScheduleExpression":"rate(4 hours)"}}`}))
	start := s.Now()
	runs := s.Advance(13 * time.Hour)
	if len(runs) != 3 {
		t.Fatalf("%d rotations in 13 hours of rate(4 hours)", len(runs))
	}
	d := outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`}))
	if d["LastRotatedDate"] != float64(start.Add(12*time.Hour).Unix()) || d["NextRotationDate"] != float64(start.Add(16*time.Hour).Unix()) {
		t.Errorf("dates %v %v", d["LastRotatedDate"], d["NextRotationDate"])
	}
	if !jsonEqual(d["RotationRules"], map[string]any{"AutomaticallyAfterDays": 1, "ScheduleExpression": "rate(4 hours)"}) {
		t.Errorf("rules as reported: %v", d["RotationRules"]) // "calculated from the rotation schedule after every successful rotation"
	}
	if got := stagesIn(t, s, "TestEnv/db", ""); len(got) != 2 {
		t.Errorf("labels %v", got)
	}
	cancel := outOf(t, s.run(t, step{op: "CancelRotateSecret", in: `{"SecretId":"TestEnv/db"}`}))
	if _, ok := cancel["VersionId"]; ok {
		t.Errorf("no rotation is pending, yet %v", cancel)
	}
	if runs := s.Advance(48 * time.Hour); len(runs) != 0 {
		t.Errorf("%d rotations after CancelRotateSecret", len(runs))
	}
	if d := outOf(t, s.run(t, step{op: "DescribeSecret", in: `{"SecretId":"TestEnv/db"}`})); d["RotationEnabled"] != false || d["NextRotationDate"] != nil {
		t.Errorf("after cancel: %v", d)
	}
}

// Each form of schedule opens its next window where RotationRulesType says.
func TestSchedules(t *testing.T) {
	base := time.Date(2026, 11, 30, 9, 30, 0, 0, time.UTC) // a Monday
	cases := []struct {
		rules world.Rotation
		want  time.Time
	}{
		{world.Rotation{AutomaticallyAfterDays: 30}, base.Add(30 * 24 * time.Hour)},
		{world.Rotation{ScheduleExpression: "rate(4 hours)"}, base.Add(4 * time.Hour)},
		{world.Rotation{ScheduleExpression: "rate(1 day)"}, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
		{world.Rotation{ScheduleExpression: "rate(10 days)", Duration: "3h"}, time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)},
		{world.Rotation{ScheduleExpression: "cron(0 8 1 * ? *)"}, time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)},
		{world.Rotation{ScheduleExpression: "cron(0 10 ? * MON-FRI *)"}, time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)},
		{world.Rotation{ScheduleExpression: "cron(15 */6 ? * SUN *)"}, time.Date(2026, 12, 6, 0, 15, 0, 0, time.UTC)},
		{world.Rotation{ScheduleExpression: "cron(0 0 29 2 ? 2028)"}, time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		sc, err := scheduleOf(tc.rules)
		if err != nil {
			t.Errorf("%+v: %v", tc.rules, err)
			continue
		}
		if got := sc.next(base); !got.Equal(tc.want) {
			t.Errorf("%+v: next %v, want %v", tc.rules, got, tc.want)
		}
	}
	for _, bad := range []world.Rotation{
		{ScheduleExpression: "rate(3 hours)"}, {ScheduleExpression: "rate(0 days)"}, {ScheduleExpression: "rate(2 weeks)"},
		{ScheduleExpression: "rate(1001 days)"}, {ScheduleExpression: "cron(0 8 1 * * *)"}, {ScheduleExpression: "cron(0 8 ? * ? *)"},
		{ScheduleExpression: "cron(0 8 L * ? *)"}, {ScheduleExpression: "cron(60 8 1 * ? *)"}, {ScheduleExpression: "cron(0 8 1 * ?)"},
		{ScheduleExpression: "cron(0 23 1 * ? *)", Duration: "2h"}, {ScheduleExpression: "rate(4 hours)", Duration: "5h"},
		{ScheduleExpression: "every day"}, {ScheduleExpression: "rate(1 day)", Duration: "25h"}, {Duration: "3d"},
	} {
		if _, err := scheduleOf(bad); err == nil || err.Type != InvalidParameter {
			t.Errorf("%+v: %v, want InvalidParameterException", bad, err)
		}
	}
}

// Every error of RotateSecret and CancelRotateSecret, and their denials, change nothing.
func TestRotationErrors(t *testing.T) {
	setupReplica := []step{{op: "ReplicateSecretToRegions", in: `{"SecretId":"TestEnv/db","AddReplicaRegions":[{"Region":"us-west-2"}]}`}}
	cases := []struct {
		name  string
		setup []step
		st    step
	}{
		{"days and a schedule", nil, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","RotationRules":{"AutomaticallyAfterDays":3,"ScheduleExpression":"rate(4 hours)"}}`, want: InvalidParameter}},
		{"rate too often", nil, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","RotationRules":{"ScheduleExpression":"rate(1 hour)"}}`, want: InvalidParameter}},
		{"bad cron", nil, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","RotationRules":{"ScheduleExpression":"cron(0 8 * * * *)"}}`, want: InvalidParameter}},
		{"bad duration", nil, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","RotationRules":{"ScheduleExpression":"rate(1 day)","Duration":"99h"}}`, want: InvalidParameter}},
		{"zero days", nil, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","RotationRules":{"AutomaticallyAfterDays":0}}`, want: ValidationException}},
		{"not a Lambda ARN", nil, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"arn:aws:iam::111122223333:role/x"}`, want: InvalidParameter}},
		{"a token already used", nil, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","ClientRequestToken":"` + cur + `"}`, want: ResourceExists}},
		{"a short token", nil, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `","ClientRequestToken":"short"}`, want: ValidationException}},
		{"no such secret", nil, step{op: "RotateSecret", in: `{"SecretId":"nope","RotationLambdaARN":"` + rotateFn + `"}`, want: ResourceNotFound}},
		{"scheduled for deletion", []step{{op: "DeleteSecret", in: `{"SecretId":"TestEnv/api-key"}`}}, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/api-key","RotationLambdaARN":"` + rotateFn + `"}`, want: InvalidRequest}},
		{"on a replica", setupReplica, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `"}`, region: "us-west-2", want: InvalidParameter}},
		{"denied", nil, step{as: "user/alice", op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `"}`, want: AccessDenied}},
		{"cancel: no such secret", nil, step{op: "CancelRotateSecret", in: `{"SecretId":"nope"}`, want: ResourceNotFound}},
		{"cancel: no SecretId", nil, step{op: "CancelRotateSecret", in: `{}`, want: ValidationException}},
		{"cancel: on a replica", setupReplica, step{op: "CancelRotateSecret", in: `{"SecretId":"TestEnv/db"}`, region: "us-west-2", want: InvalidParameter}},
		{"cancel: denied", nil, step{as: "user/alice", op: "CancelRotateSecret", in: `{"SecretId":"TestEnv/db"}`, want: AccessDenied}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { do(t, tc.setup, tc.st) })
	}
	// a function the world does not register: AWS cannot invoke it, which IAM did not decide
	s := newStore(t)
	before := export(t, s)
	r := s.run(t, step{op: "RotateSecret", in: `{"SecretId":"TestEnv/db","RotationLambdaARN":"arn:aws:lambda:us-east-1:111122223333:function:nothere"}`})
	if r.Err == nil || r.Err.Type != AccessDenied || !strings.HasPrefix(r.Err.Message, "Secrets Manager cannot invoke the specified Lambda function.") {
		t.Errorf("an unregistered function: %v", r.Err)
	}
	if after := export(t, s); string(after) != string(before) {
		t.Errorf("RotateSecret with an unregistered function changed the world")
	}
}

// BenchmarkRotation is one whole rotation of the built-in function: RotateSecret and the
// ten calls its four steps make as the function's role.
func BenchmarkRotation(b *testing.B) {
	s := New(world.Default(), Options{Seed: 1})
	admin := caller(b, s.w, "user/admin")
	in := []byte(`{"SecretId":"TestEnv/db","RotationLambdaARN":"` + rotateFn + `"}`)
	for b.Loop() {
		if r := s.Call(Call{Caller: admin, Region: "us-east-1", Network: DefaultNetwork, Operation: "RotateSecret", Input: in}); r.Err != nil || !r.Rotation.OK() {
			b.Fatal(r.Err, r.Rotation.Err)
		}
	}
}

// TestRotationInputAsMap holds the password rotation's call inputs to what a map of the
// same members writes (the calls were maps before): the same bytes, empty members left
// out except RemoveFromVersionId.
func TestRotationInputAsMap(t *testing.T) {
	value, none := `{"password":"p"}`, ""
	for _, c := range []struct {
		in   rotationInput
		want map[string]any
	}{
		{rotationInput{SecretId: "arn"}, map[string]any{"SecretId": "arn"}},
		{rotationInput{SecretId: "arn", VersionId: "t", VersionStage: pending}, map[string]any{"SecretId": "arn", "VersionId": "t", "VersionStage": pending}},
		{rotationInput{SecretId: "arn", ClientRequestToken: "t", SecretString: &value, VersionStages: []string{pending}},
			map[string]any{"SecretId": "arn", "ClientRequestToken": "t", "SecretString": value, "VersionStages": []string{pending}}},
		{rotationInput{SecretId: "arn", VersionStage: current, MoveToVersionId: "t", RemoveFromVersionId: &none},
			map[string]any{"SecretId": "arn", "VersionStage": current, "MoveToVersionId": "t", "RemoveFromVersionId": ""}},
	} {
		got, _ := json.Marshal(&c.in)
		want, _ := json.Marshal(c.want)
		if string(got) != string(want) {
			t.Errorf("%s, a map writes %s", got, want)
		}
	}
}
