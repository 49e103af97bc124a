package world

import (
	_ "embed"
	"encoding/json"
	"sync"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// managedJSON holds the AWS managed policies a world can attach by ARN, as AWS publishes
// them (scripts/managed-policies extracts them; the file names its source).
//
//go:embed managed.json
var managedJSON []byte

// awsManaged are the AWS managed policies by ARN, compiled once when first asked for: not
// at init, so that a program that reads no world (the Worker answering an evaluate) does not
// start by compiling them.
var awsManaged = sync.OnceValue(func() map[string]*ManagedPolicy {
	var f struct {
		Policies []struct {
			Name     string          `json:"name"`
			ARN      string          `json:"arn"`
			Document json.RawMessage `json:"document"`
		} `json:"policies"`
	}
	if err := json.Unmarshal(managedJSON, &f); err != nil {
		panic("world: managed.json: " + err.Error())
	}
	m := make(map[string]*ManagedPolicy, len(f.Policies))
	for _, p := range f.Policies {
		pol := authz.NewPolicy(policy.KindIdentity, p.Name, p.Document)
		m[p.ARN] = &ManagedPolicy{ARN: p.ARN, Name: p.Name, Path: "/", Policy: &NamedPolicy{Name: p.Name, Policy: pol, Raw: p.Document}}
	}
	return m
})

// AWSManagedPolicies lists the AWS managed policies a world can attach, by ARN.
func AWSManagedPolicies() []string {
	out := make([]string, 0, len(awsManaged()))
	for arn := range awsManaged() {
		out = append(out, arn)
	}
	return out
}
