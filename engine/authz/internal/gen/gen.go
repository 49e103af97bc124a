// Package gen makes random evaluation documents for differential testing against an
// independent evaluator. Output depends only on the seed, so a failing document can be
// regenerated from (seed, index).
package gen

import (
	"encoding/json"
	"math/rand"
)

// Documents returns n evaluation documents (compact JSON, the format of DESIGN.md) made
// deterministically from seed. Documents never carry "want".
func Documents(seed int64, n int) [][]byte {
	if n <= 0 {
		return nil
	}
	g := &generator{r: rand.New(rand.NewSource(seed))}
	out := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		b, err := json.Marshal(g.document())
		if err != nil { // cannot happen: only maps, slices and strings
			continue
		}
		out = append(out, b)
	}
	return out
}

// Document is the evaluation document as the generator builds it.
type Document struct {
	IdentityPolicies     []Policy   `json:"identityPolicies"`
	ResourcePolicy       *Policy    `json:"resourcePolicy"`
	PermissionBoundaries []Policy   `json:"permissionBoundaries"`
	SCPs                 [][]Policy `json:"scps"`
	SessionPolicy        *Policy    `json:"sessionPolicy"`
	Request              Request    `json:"request"`
}

// Policy is one policy document.
type Policy struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement; unset elements are omitted.
type Statement struct {
	Effect       string                    `json:"Effect"`
	Principal    any                       `json:"Principal,omitempty"`
	NotPrincipal any                       `json:"NotPrincipal,omitempty"`
	Action       any                       `json:"Action,omitempty"`
	NotAction    any                       `json:"NotAction,omitempty"`
	Resource     any                       `json:"Resource,omitempty"`
	NotResource  any                       `json:"NotResource,omitempty"`
	Condition    map[string]map[string]any `json:"Condition,omitempty"`
}

// Request is who asks what on which resource, with which context.
type Request struct {
	Principal string         `json:"principal"`
	Action    string         `json:"action"`
	Resource  string         `json:"resource"`
	Context   map[string]any `json:"context"`
}

type generator struct{ r *rand.Rand }

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *generator, xs []T) T { return xs[g.r.Intn(len(xs))] }

func (g *generator) document() Document {
	p := pick(g, principals)
	a := pick(g, actions)
	res := "*"
	if a.resource {
		res = pick(g, secrets)
	}
	d := Document{Request: Request{Principal: p.arn, Action: a.name, Resource: res, Context: g.context(p, a)}}
	if p.service {
		// A service calls with no identity-side policies of its own; SCPs and boundaries in
		// the document do not apply to it.
		d.ResourcePolicy = g.resourcePolicy(p, a)
		if g.chance(0.25) {
			d.PermissionBoundaries = []Policy{g.policy(a)}
		}
		if g.chance(0.25) {
			d.SCPs = g.scps(a)
		}
		return d
	}
	if p.root {
		// The root user has no identity policies, boundary or session policy; SCPs apply.
		if a.resource && (g.chance(0.5) || p.account != account(res)) {
			d.ResourcePolicy = g.resourcePolicy(p, a)
		}
		if g.chance(0.3) {
			d.SCPs = g.scps(a)
		}
		return d
	}
	d.IdentityPolicies = []Policy{}
	for i, k := 0, g.r.Intn(4); i < k; i++ {
		d.IdentityPolicies = append(d.IdentityPolicies, g.policy(a))
	}
	// Actions without a resource type (ListSecrets) are not governed by a secret's policy.
	if a.resource && (g.chance(0.5) || p.account != account(res) && g.chance(0.8)) {
		d.ResourcePolicy = g.resourcePolicy(p, a)
	}
	if g.chance(0.25) {
		d.PermissionBoundaries = []Policy{g.policy(a)}
	}
	if g.chance(0.25) {
		d.SCPs = g.scps(a)
	}
	if p.session && g.chance(0.35) || p.federated && g.chance(0.6) {
		sp := g.policy(a)
		d.SessionPolicy = &sp
	}
	return d
}

// scps makes one to three SCP levels, most of them with full access beside a generated policy.
func (g *generator) scps(a action) [][]Policy {
	var levels [][]Policy
	for i, n := 0, 1+g.r.Intn(3); i < n; i++ {
		level := []Policy{}
		if g.chance(0.7) {
			level = append(level, fullAccess())
		}
		for j, k := 0, 1+g.r.Intn(2); j < k && (len(level) == 0 || g.chance(0.5)); j++ {
			level = append(level, g.policy(a))
		}
		levels = append(levels, level)
	}
	return levels
}

func fullAccess() Policy {
	return Policy{Version: "2012-10-17", Statement: []Statement{{Effect: "Allow", Action: "*", Resource: "*"}}}
}

// policy makes an identity-style policy (no Principal) of one to three statements.
func (g *generator) policy(a action) Policy {
	p := Policy{Version: "2012-10-17"}
	for i, k := 0, 1+g.r.Intn(3); i < k; i++ {
		p.Statement = append(p.Statement, g.statement(a))
	}
	return p
}

func (g *generator) resourcePolicy(p principal, a action) *Policy {
	pol := Policy{Version: "2012-10-17"}
	for i, k := 0, 1+g.r.Intn(2); i < k; i++ {
		s := g.statement(a)
		if g.chance(0.08) {
			s.NotPrincipal = g.principalElement(p)
			s.Effect = "Deny"
		} else {
			s.Principal = g.principalElement(p)
		}
		pol.Statement = append(pol.Statement, s)
	}
	return &pol
}

func (g *generator) statement(a action) Statement {
	s := Statement{Effect: "Allow"}
	if g.chance(0.22) {
		s.Effect = "Deny"
	}
	if g.chance(0.1) {
		s.NotAction = g.actionPattern(a)
	} else {
		s.Action = g.actionPattern(a)
	}
	if g.chance(0.1) {
		// No policy variables under NotResource: AWS does not document how an unresolved
		// variable behaves there, so the oracle cannot settle it.
		s.NotResource = pick(g, resourcePatterns[:9])
	} else {
		s.Resource = g.resourcePattern()
	}
	if g.chance(0.45) {
		s.Condition = g.condition(a)
	}
	return s
}

func (g *generator) actionPattern(a action) any {
	var pats []string
	if g.chance(0.7) {
		pats = append(pats, pick(g, a.patterns))
	} else {
		pats = append(pats, pick(g, otherActionPatterns))
	}
	if g.chance(0.25) {
		pats = append(pats, pick(g, otherActionPatterns))
	}
	if len(pats) == 1 && g.chance(0.6) {
		return pats[0]
	}
	return pats
}

func (g *generator) resourcePattern() any {
	if g.chance(0.15) {
		return []string{pick(g, resourcePatterns), pick(g, resourcePatterns)}
	}
	return pick(g, resourcePatterns)
}

func (g *generator) principalElement(p principal) any {
	switch g.r.Intn(9) {
	case 0:
		return "*"
	case 1:
		return map[string]any{"AWS": "*"}
	case 2:
		return map[string]any{"AWS": pick(g, []string{accountA, accountB})}
	case 3:
		return map[string]any{"AWS": "arn:aws:iam::" + pick(g, []string{accountA, accountB}) + ":root"}
	case 4:
		return map[string]any{"Service": pick(g, []string{"lambda.amazonaws.com", "ecs.amazonaws.com"})}
	case 5:
		return map[string]any{"AWS": []string{pick(g, principalARNs), pick(g, principalARNs)}}
	}
	if p.service { // a service is named only under "Service"
		return map[string]any{"Service": p.arn}
	}
	switch g.r.Intn(6) {
	case 0, 1:
		if p.role != "" {
			return map[string]any{"AWS": p.role}
		}
		return map[string]any{"AWS": p.arn}
	default:
		return map[string]any{"AWS": pick(g, []string{p.arn, p.arn, pick(g, principalARNs)})}
	}
}

// condition makes one to two operator blocks over keys that apply to the action.
func (g *generator) condition(a action) map[string]map[string]any {
	c := map[string]map[string]any{}
	for i, k := 0, 1+g.r.Intn(2); i < k; i++ {
		key := g.keyFor(a)
		op := g.operator(key)
		var vals []string
		for j, m := 0, 1+g.r.Intn(2); j < m; j++ {
			vals = append(vals, g.policyValue(key, op))
		}
		var v any = vals
		if len(vals) == 1 && g.chance(0.5) {
			v = vals[0]
		}
		if c[op] == nil {
			c[op] = map[string]any{}
		}
		c[op][key.name] = v
	}
	return c
}

func (g *generator) keyFor(a action) key {
	for {
		k := pick(g, keys)
		if k.appliesTo(a.name) {
			return k
		}
	}
}

func (g *generator) operator(k key) string {
	op := pick(g, operatorsByType[k.typ])
	for k.multi && op == "Null" {
		op = pick(g, operatorsByType[k.typ])
	}
	if k.multi {
		op = pick(g, []string{"ForAnyValue:", "ForAllValues:"}) + op
	}
	if g.chance(0.2) && op != "Null" {
		op += "IfExists"
	}
	return op
}

func (g *generator) policyValue(k key, op string) string {
	if op == "Null" {
		return pick(g, []string{"true", "false"})
	}
	if k.typ == "ip" {
		return pick(g, sourceIPValues)
	}
	if k.typ == "string" && (hasSuffixFold(op, "Like") || hasSuffixFold(op, "LikeIfExists")) && g.chance(0.5) {
		return pick(g, k.patterns)
	}
	if k.typ == "string" && g.chance(0.1) && k.name == "aws:ResourceTag/team" {
		// Only the form with a default: AWS does not document a negated operator over a
		// variable that cannot be resolved, so the oracle cannot settle it.
		return "${aws:PrincipalTag/team, 'eng'}"
	}
	return pick(g, k.values)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}

// context gives each applicable key a value with probability 0.55; multi-valued keys get
// zero to three values.
func (g *generator) context(p principal, a action) map[string]any {
	ctx := map[string]any{}
	for _, k := range keys {
		if !k.appliesTo(a.name) || !g.chance(0.55) {
			continue
		}
		switch {
		case k.name == "aws:PrincipalArn":
			if !p.service {
				ctx[k.name] = p.principalArn()
			}
		case k.name == "aws:username":
			if p.user != "" {
				ctx[k.name] = p.user
			}
		case k.multi:
			vals := []string{}
			for i, n := 0, g.r.Intn(4); i < n; i++ {
				vals = append(vals, pick(g, k.values))
			}
			ctx[k.name] = vals
		default:
			ctx[k.name] = pick(g, k.values)
		}
	}
	return ctx
}
