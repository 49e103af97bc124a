package secrets

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestShapesCoverOperations holds the shapes to the operations the store runs, and each
// shape's members to the JSON names the operation's handler reads.
func TestShapesCoverOperations(t *testing.T) {
	var ops []string
	for _, s := range Shapes() {
		ops = append(ops, s.Operation)
	}
	slices.Sort(ops)
	if want := slices.Sorted(slices.Values(Operations())); !slices.Equal(ops, want) {
		t.Fatalf("shapes %v\nwant the operations %v", ops, want)
	}
	inputs := map[string]any{
		"CreateSecret": createInput{}, "BatchGetSecretValue": batchInput{}, "UpdateSecret": updateInput{},
		"DescribeSecret": idInput{}, "ListSecrets": listInput{}, "ListSecretVersionIds": versionsInput{},
		"DeleteSecret": deleteInput{}, "RestoreSecret": idInput{}, "TagResource": tagInput{}, "UntagResource": tagInput{},
		"GetRandomPassword": passwordInput{}, "PutResourcePolicy": policyInput{}, "GetResourcePolicy": idInput{},
		"DeleteResourcePolicy": idInput{}, "ValidateResourcePolicy": policyInput{}, "RotateSecret": rotateInput{},
		"CancelRotateSecret": idInput{}, "ReplicateSecretToRegions": replicateInput{}, "RemoveRegionsFromReplication": replicateInput{},
		"StopReplicationToReplica": idInput{}, "GetSecretValue": getValueInput{}, "PutSecretValue": putValueInput{},
		"UpdateSecretVersionStage": stageInput{},
	}
	for _, s := range Shapes() {
		in, ok := inputs[s.Operation]
		if !ok {
			t.Errorf("%s: no input type in the test", s.Operation)
			continue
		}
		names := jsonNames(reflect.TypeOf(in))
		for _, f := range s.Fields {
			if !names[f.Name] {
				t.Errorf("%s: the shape's %s is not a member the handler reads (%v)", s.Operation, f.Name, names)
			}
		}
	}
}

func jsonNames(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			for k := range jsonNames(f.Type) {
				out[k] = true
			}
			continue
		}
		out[strings.Split(f.Tag.Get("json"), ",")[0]] = true
	}
	return out
}

// sample is a valid value of a field, for the members a body needs.
func sample(f Field) any {
	switch f.Name {
	case "SecretId":
		return "TestEnv/db"
	case "Name":
		return "new/shape"
	case "Region":
		return "us-west-2"
	case "ResourcePolicy":
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	case "RemoveReplicaRegions":
		return []any{"us-west-2"}
	}
	switch f.Type {
	case "string":
		if f.Enum != nil {
			return f.Enum[0]
		}
		return strings.Repeat("a", max(f.Min, 1))
	case "integer":
		return max(f.Min, 1)
	case "boolean":
		return false
	case "list":
		return []any{sample(*f.Member)}
	case "structure":
		m := map[string]any{}
		for _, sub := range f.Fields {
			if sub.Required || sub.Name == "Region" || sub.Enum != nil {
				m[sub.Name] = sample(sub)
			}
		}
		return m
	}
	return nil
}

// violations are values of a field that break one of its constraints (nil: leave it out).
func violations(f Field) []any {
	var out []any
	if f.Required {
		out = append(out, nil)
	}
	switch f.Type {
	case "string":
		if f.Min > 0 {
			out = append(out, strings.Repeat("a", f.Min-1))
		}
		if f.Max > 0 {
			out = append(out, strings.Repeat("a", f.Max+1))
		}
		if f.Enum != nil {
			out = append(out, "not-in-the-set")
		}
	case "integer":
		if f.Max > 0 {
			out = append(out, f.Min-1, f.Max+1)
		}
	case "list":
		if f.Min > 0 {
			out = append(out, []any{})
		}
		if f.Max > 0 {
			out = append(out, slices.Repeat([]any{sample(*f.Member)}, f.Max+1))
		}
		for _, v := range violations(*f.Member) {
			if v != nil {
				out = append(out, []any{v})
			}
		}
	case "structure":
		for _, sub := range f.Fields {
			for _, v := range violations(sub) {
				m := sample(f).(map[string]any)
				if v == nil {
					delete(m, sub.Name)
				} else {
					m[sub.Name] = v
				}
				out = append(out, m)
			}
		}
	}
	return out
}

// TestShapesAgreeWithStore sends the store, as the account's admin, a body breaking each
// constraint of each shape in turn, and holds its answer to CheckInput's: the form's
// messages are the store's.
func TestShapesAgreeWithStore(t *testing.T) {
	// exclusive are members a body must not carry with the one broken.
	exclusive := map[string][]string{"SecretIdList": {"Filters"}}
	base := map[string]map[string]any{
		"BatchGetSecretValue": {"Filters": []any{map[string]any{"Key": "name", "Values": []any{"TestEnv"}}}},
		"PutSecretValue":      {"SecretString": "v"},
	}
	n := 0
	for _, sh := range Shapes() {
		for _, f := range sh.Fields {
			for _, v := range violations(f) {
				body := map[string]any{}
				for k, x := range base[sh.Operation] {
					body[k] = x
				}
				for _, g := range sh.Fields {
					if g.Required {
						body[g.Name] = sample(g)
					}
				}
				for _, k := range exclusive[f.Name] {
					delete(body, k)
				}
				if v == nil {
					delete(body, f.Name)
				} else {
					body[f.Name] = v
				}
				in, _ := json.Marshal(body)
				want := CheckInput(sh.Operation, in)
				if len(want) != 1 || want[0].Field != f.Name {
					t.Errorf("%s %.200s: CheckInput %v, want one error in %s", sh.Operation, in, want, f.Name)
					continue
				}
				r := newStore(t).run(t, step{op: sh.Operation, in: string(in)})
				if r.Err == nil || *r.Err != want[0].Error {
					t.Errorf("%s %.200s:\n store %v\n shape %v", sh.Operation, in, r.Err, &want[0].Error)
				}
				n++
			}
		}
	}
	if n < 60 {
		t.Errorf("only %d violations tried", n)
	}
}

func TestCheckInputValid(t *testing.T) {
	for _, c := range []struct{ op, in string }{
		{"GetSecretValue", `{"SecretId":"TestEnv/db","VersionStage":"AWSCURRENT"}`},
		{"ListSecrets", ``},
		{"RotateSecret", `{"SecretId":"x","RotationRules":{"AutomaticallyAfterDays":30}}`},
		{"TagResource", `{"SecretId":"x","Tags":[{"Key":"team","Value":""}]}`},
	} {
		if errs := CheckInput(c.op, []byte(c.in)); len(errs) != 0 {
			t.Errorf("%s %s: %v", c.op, c.in, errs)
		}
	}
	for _, c := range []struct{ op, in, want string }{
		{"GetSecretValue", `[1]`, SerializationException},
		{"GetSecretValue", `{"SecretId":7}`, SerializationException},
		{"NoSuchOperation", `{}`, InvalidRequest},
	} {
		if errs := CheckInput(c.op, []byte(c.in)); len(errs) != 1 || errs[0].Type != c.want {
			t.Errorf("%s %s: %v, want %s", c.op, c.in, errs, c.want)
		}
	}
}
