// Package shapecases makes request bodies that each break one constraint of one member of a
// Secrets Manager operation's request shape (secrets.Shapes), on a body otherwise good for
// the default world (world.Default): the store's answers and the browser's call form are
// both held to secrets.CheckInput's on them. Only tests import it.
package shapecases

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/iamplay/iamplay/engine/secrets"
)

// Case is a body breaking one constraint of Field, a top-level member of the operation's
// request.
type Case struct {
	Operation string
	Field     string // the top-level member at fault
	Body      []byte
}

// All are a body breaking each constraint of each shape in turn.
func All() []Case {
	var out []Case
	// exclusive are members a body must not carry with the one broken.
	exclusive := map[string][]string{"SecretIdList": {"Filters"}}
	base := map[string]map[string]any{
		"BatchGetSecretValue": {"Filters": []any{map[string]any{"Key": "name", "Values": []any{"TestEnv"}}}},
		"PutSecretValue":      {"SecretString": "v"},
	}
	for _, sh := range secrets.Shapes() {
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
				out = append(out, Case{sh.Operation, f.Name, in})
			}
		}
	}
	return out
}

// sample is a valid value of a field, for the members a body needs.
func sample(f secrets.Field) any {
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
func violations(f secrets.Field) []any {
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
