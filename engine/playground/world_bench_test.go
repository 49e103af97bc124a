package playground

import (
	"encoding/json"
	"fmt"
	"testing"
)

// BenchmarkWorldAppend answers a timeline one call longer each time, as the page does when a
// call is made: the cached replay runs only the new step; the answer holds every step's and
// the new one's explanation. Each answer is written over the last, as the browser's worker
// does (AppendWorld).
func BenchmarkWorldAppend(b *testing.B) {
	uncheckedViews(b)
	read := callStep(anaya, "GetSecretValue", `{"SecretId": "`+testDB+`"}`)
	st := WorldState{Seed: 1}
	var answer []byte
	for b.Loop() {
		if len(st.Steps) == 50 {
			st.Steps = st.Steps[:0]
		}
		st.Steps = append(st.Steps, read)
		src, _ := json.Marshal(st)
		answer = AppendWorld(answer[:0], src)
	}
}

// BenchmarkWorldAccess answers "who can read" for every identity and every secret of a world
// of 20 identities and 50 secrets: the GetSecretValue decision and the KMS step, 2,000 decisions.
func BenchmarkWorldAccess(b *testing.B) {
	uncheckedViews(b)
	w := `{"clock": "2026-11-30T09:00:00Z", "accounts": [{"id": "111122223333", "users": [`
	for i := range 19 {
		if i > 0 {
			w += ","
		}
		w += fmt.Sprintf(`{"name": "user%02d", "tags": {"team": "t%d"}, "policies": [{"name": "ReadTeam", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}]}}]}`, i, i%5)
	}
	w += `], "secrets": [`
	var q AccessQuery
	q.At, q.Network, q.Actions = -1, internet, []string{"secretsmanager:GetSecretValue", "kms:Decrypt"}
	q.Callers = append(q.Callers, CallerSpec{Principal: "arn:aws:iam::111122223333:root"})
	for i := range 19 {
		q.Callers = append(q.Callers, CallerSpec{Principal: fmt.Sprintf("arn:aws:iam::111122223333:user/user%02d", i)})
	}
	for i := range 50 {
		if i > 0 {
			w += ","
		}
		w += fmt.Sprintf(`{"name": "app/s%02d", "region": "us-east-1", "suffix": "Ab%04d", "tags": {"team": "t%d"}, "versions": [{"id": "a1b2c3d4-0000-4000-8000-%012d", "stages": ["AWSCURRENT"], "secretString": "v"}]}`, i, i, i%5, i)
		q.Secrets = append(q.Secrets, fmt.Sprintf("arn:aws:secretsmanager:us-east-1:111122223333:secret:app/s%02d-Ab%04d", i, i))
	}
	w += `]}]}`
	state, _ := json.Marshal(WorldState{World: json.RawMessage(w), Seed: 1, Steps: []Step{}})
	query, _ := json.Marshal(q)
	var a AccessAnswer
	if err := json.Unmarshal(Access(state, query), &a); err != nil || len(a.Grid) != 20 || a.Grid[1][0] != "AA" || a.Grid[1][1] != "IA" {
		b.Fatalf("%v %+v", err, a)
	}
	for b.Loop() {
		Access(state, query)
	}
}
