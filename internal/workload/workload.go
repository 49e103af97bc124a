// Package workload is the shared benchmark workload (../shared/bench/workload.json): the
// 21-statement identity policy and the 10,000 requests the peer engines (MinIO, cedar-go,
// OPA, ladon) were measured on, with larger policies of the same shape. Tests and
// benchmarks of every package read it from here, and only they import it.
package workload

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

//go:embed testdata/workload.json
var raw []byte

// Account is the account every principal and secret of the workload is in.
const Account = "123456789012"

// Request is one request of the workload, with the decision it was generated to get.
type Request struct {
	Action   string            `json:"action"`
	Resource string            `json:"resource"`
	Context  map[string]string `json:"context"`
	Want     string            `json:"want"`
}

// Principal is the IAM user who makes the request: user/<aws:username>.
func (r Request) Principal() string {
	return "arn:aws:iam::" + Account + ":user/" + r.Context["aws:username"]
}

// Workload is the policy and the requests.
type Workload struct {
	Policy   json.RawMessage `json:"policy"`
	Requests []Request       `json:"requests"`
}

// Load reads the embedded workload.
func Load() (*Workload, error) {
	var w Workload
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("workload.json: %w", err)
	}
	return &w, nil
}

// Teams is the workload policy's shape with more teams: statements-1 Allow statements (teams
// 0 to statements-2, the last with the StringLike condition on aws:username) and the Deny.
// Teams(21) is the workload policy itself.
func Teams(statements int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := 0; i < statements-1; i++ {
		cond := ""
		if i == statements-2 {
			cond = `,"Condition":{"StringLike":{"aws:username":["svc-*"]}}`
		}
		fmt.Fprintf(&sb, `{"Sid":"AllowTeam%d","Effect":"Allow","Action":["secretsmanager:GetSecretValue","secretsmanager:DescribeSecret"],"Resource":["arn:aws:secretsmanager:us-east-1:%s:secret:team-%d/*"]%s},`, i, Account, i, cond)
	}
	sb.WriteString(`{"Sid":"DenyRestrictedValues","Effect":"Deny","Action":["secretsmanager:GetSecretValue"],"Resource":["arn:aws:secretsmanager:us-east-1:` + Account + `:secret:*"],"Condition":{"StringEquals":{"aws:ResourceTag/classification":["restricted"]}}}]}`)
	return []byte(sb.String())
}

// Middle is the byte offset just after the "Sid": of the first statement past the middle of
// a policy's text (Repeated's): where the benchmarks type inside a large policy, so that
// the half of it after the edit moves. -1 when no statement follows the middle.
func Middle(text []byte) int {
	i := bytes.Index(text[len(text)/2:], []byte(`"Sid":`))
	if i < 0 {
		return -1
	}
	return len(text)/2 + i + len(`"Sid":`)
}

// Repeated is the workload policy's 21 statements repeated n times with distinct Sids,
// indented as a person would write it: the playground's large-policy benchmark, where
// every copy of a team's statements applies to a request on that team.
func Repeated(n int) ([]byte, error) {
	var p struct {
		Version   string           `json:"Version"`
		Statement []map[string]any `json:"Statement"`
	}
	if err := json.Unmarshal(raw, &struct {
		Policy any `json:"policy"`
	}{&p}); err != nil {
		return nil, err
	}
	var sts []map[string]any
	for i := 0; i < n; i++ {
		for _, s := range p.Statement {
			c := make(map[string]any, len(s))
			for k, v := range s {
				c[k] = v
			}
			c["Sid"] = fmt.Sprintf("%v%d", s["Sid"], i)
			sts = append(sts, c)
		}
	}
	return json.MarshalIndent(map[string]any{"Version": p.Version, "Statement": sts}, "", "  ")
}
