package authz

import (
	"strconv"

	"github.com/iamplay/iamplay/engine/policy"
)

// Finding is a policy finding with the policy it is about ("identityPolicies/0", "request").
type Finding struct {
	Policy string `json:"policy"`
	policy.Finding
}

// compiled is one policy of the input, compiled.
type compiled struct {
	name  string // locator: identityPolicies/0, resourcePolicy, scps/0/1, ...
	label string // the user's name for it, or the locator
	kind  policy.Kind
	index int
	level int // SCP level
	pol   *policy.Policy
	at    int // position in Program.all
}

// Program is an Input compiled once. Decide and Explain run on it for any request; both
// reach the same decision by construction and by test.
type Program struct {
	identity   []compiled
	resource   *compiled
	boundaries []compiled
	scps       [][]compiled
	session    *compiled
	hasSCPs    bool
	findings   []Finding
	all        []*compiled // every policy, in evaluation order
}

// Compile parses, validates and compiles every policy of the input. Findings never stop
// compilation: statements that did not parse match nothing.
func Compile(in *Input) *Program {
	p := &Program{}
	one := func(s Source, kind policy.Kind, name string, index, level int) compiled {
		doc := s.Doc
		if doc == nil {
			var fs policy.Findings
			doc, fs = policy.Parse(s.Text)
			p.note(name, fs)
		}
		if doc != nil {
			p.note(name, policy.Validate(doc, kind))
		}
		label := s.Name
		if label == "" {
			label = name
		}
		return compiled{name: name, label: label, kind: kind, index: index, level: level, pol: policy.Compile(doc)}
	}
	for i, s := range in.Identity {
		p.identity = append(p.identity, one(s, policy.KindIdentity, "identityPolicies/"+strconv.Itoa(i), i, 0))
	}
	if in.Resource != nil {
		c := one(*in.Resource, policy.KindResource, "resourcePolicy", 0, 0)
		p.resource = &c
	}
	for i, s := range in.Boundaries {
		p.boundaries = append(p.boundaries, one(s, policy.KindBoundary, "permissionBoundaries/"+strconv.Itoa(i), i, 0))
	}
	if in.SCPs != nil {
		p.hasSCPs = true
		for l, level := range in.SCPs {
			var cs []compiled
			for i, s := range level {
				cs = append(cs, one(s, policy.KindSCP, "scps/"+strconv.Itoa(l)+"/"+strconv.Itoa(i), i, l))
			}
			p.scps = append(p.scps, cs)
		}
	}
	if in.Session != nil {
		c := one(*in.Session, policy.KindSession, "sessionPolicy", 0, 0)
		p.session = &c
	}
	for l := range p.scps {
		for i := range p.scps[l] {
			p.all = append(p.all, &p.scps[l][i])
		}
	}
	if p.resource != nil {
		p.all = append(p.all, p.resource)
	}
	for i := range p.identity {
		p.all = append(p.all, &p.identity[i])
	}
	for i := range p.boundaries {
		p.all = append(p.all, &p.boundaries[i])
	}
	if p.session != nil {
		p.all = append(p.all, p.session)
	}
	for i, c := range p.all {
		c.at = i
	}
	return p
}

func (p *Program) note(name string, fs policy.Findings) {
	for _, f := range fs {
		p.findings = append(p.findings, Finding{Policy: name, Finding: f})
	}
}

// Findings returns every finding of every policy.
func (p *Program) Findings() []Finding { return p.findings }

// Valid reports whether no policy has an error finding.
func (p *Program) Valid() bool {
	for _, f := range p.findings {
		if f.Severity == policy.SeverityError {
			return false
		}
	}
	return true
}

// Prepare turns a request into the matcher's form once: the context as given, plus the keys
// AWS puts into every such request (derive.go) unless the request sets or removes them.
func (p *Program) Prepare(r Request) *policy.Request {
	return prepare(r, len(p.boundaries) > 0)
}

// sameAccount reports whether the caller and the resource are in one account. A resource
// whose account cannot be read counts as the caller's own.
func sameAccount(r *policy.Request) bool {
	ra := r.ResourceAccount
	return ra == "" || r.Caller.Account == "" || ra == r.Caller.Account
}

// Decide returns the decision for r, stopping as soon as it is known. It allocates nothing.
func (p *Program) Decide(r *policy.Request) Decision {
	var (
		scpOK      = true
		idAllow    bool
		resOut     policy.Outcome
		boundaryOK = true
		sessionOK  = true
	)
	for l := range p.scps {
		allowed := false
		for i := range p.scps[l] {
			o := p.scps[l][i].pol.Evaluate(r)
			if o.Deny {
				return ExplicitDeny
			}
			allowed = allowed || o.Allow
		}
		scpOK = scpOK && allowed
	}
	if p.resource != nil {
		resOut = p.resource.pol.Evaluate(r)
		if resOut.Deny {
			return ExplicitDeny
		}
	}
	for i := range p.identity {
		o := p.identity[i].pol.Evaluate(r)
		if o.Deny {
			return ExplicitDeny
		}
		idAllow = idAllow || o.Allow
	}
	if len(p.boundaries) > 0 {
		boundaryOK = false
		for i := range p.boundaries {
			o := p.boundaries[i].pol.Evaluate(r)
			if o.Deny {
				return ExplicitDeny
			}
			boundaryOK = boundaryOK || o.Allow
		}
	}
	if p.session != nil {
		o := p.session.pol.Evaluate(r)
		if o.Deny {
			return ExplicitDeny
		}
		sessionOK = o.Allow
	}
	d, _ := combine(scpOK, idAllow, resOut, boundaryOK, sessionOK, sameAccount(r))
	return d
}

// Deciding layers, for the reason sentence.
const (
	byNone     = ""
	bySCP      = "scp"
	byResource = "resource"
	byIdentity = "identity"
	byBoundary = "boundary"
	bySession  = "session"
)

// combine applies AWS's rules once no explicit deny was found. It returns the decision and
// the layer that decided it.
//
// In one account, a resource policy that names the caller itself allows on its own; one that
// names the caller's role leaves the boundary and session policy in force. "*" counts as
// naming the caller (IAM User Guide, Principal: "permissions boundaries or session policies
// do not limit permissions granted using the aws:PrincipalArn condition key with a
// wildcard(*) in the Principal element, unless the identity-based policies contain an
// explicit deny").
func combine(scpOK, idAllow bool, res policy.Outcome, boundaryOK, sessionOK, same bool) (Decision, string) {
	if !scpOK {
		return ImplicitDeny, bySCP
	}
	if same && res.Allow {
		switch res.Strength {
		case policy.PrincipalByARN, policy.PrincipalByWildcard:
			return Allow, byResource
		case policy.PrincipalByRole:
			if d, by := limits(boundaryOK, sessionOK); d != Allow {
				return d, by
			}
			return Allow, byResource
		}
	}
	if !idAllow {
		return ImplicitDeny, byIdentity
	}
	if d, by := limits(boundaryOK, sessionOK); d != Allow {
		return d, by
	}
	if same {
		return Allow, byIdentity
	}
	if !res.Allow {
		return ImplicitDeny, byResource
	}
	return Allow, byResource
}

// limits applies the permissions boundary and the session policy, which only ever take
// away: Allow when neither stands in the way.
func limits(boundaryOK, sessionOK bool) (Decision, string) {
	switch {
	case !boundaryOK:
		return ImplicitDeny, byBoundary
	case !sessionOK:
		return ImplicitDeny, bySession
	}
	return Allow, byNone
}
