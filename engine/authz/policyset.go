package authz

import (
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/exposure"
	"github.com/iamplay/iamplay/engine/internal/eval"
	"github.com/iamplay/iamplay/engine/policy"
)

// Policy is one policy parsed, validated and compiled once, when it is written. It keeps its
// findings beside it; deciding a request never parses, validates or compiles again.
type Policy struct {
	Name     string           // the user's name for it ("AliceReadsTestEnv"); may be empty
	Kind     policy.Kind      // identity, resource, boundary, scp or session
	Doc      *policy.Document // the parsed document (with its Source); never nil, empty when the text did not parse
	Findings policy.Findings  // Parse's, Validate's and (resource-based kinds) exposure's findings, positioned in Doc.Source
	c        *eval.Policy     // the compiled matchers
	refused  int              // index in Findings of the first finding AWS refuses, -1 when none
	checked  *policy.Checked  // what an edit of the text reuses (EditPolicy); nil when not compiled from a text by EditPolicy
}

// NewPolicy parses, validates and compiles src as a policy of the kind. A text that does
// not parse gives a policy whose statements match nothing, with findings saying why.
func NewPolicy(kind policy.Kind, name string, src []byte) *Policy {
	doc, fs := policy.Parse(src)
	if doc == nil {
		doc = &policy.Document{Source: src}
		return &Policy{Name: name, Kind: kind, Doc: doc, Findings: fs, c: eval.Compile(doc), refused: firstRefused(fs)}
	}
	return compilePolicy(kind, name, doc, fs)
}

// NewPolicyFromDocument validates and compiles an already parsed document (as the
// evaluation-document reader parses it, with positions in the whole document); parsed are
// the parser's findings for it.
func NewPolicyFromDocument(kind policy.Kind, name string, doc *policy.Document, parsed policy.Findings) *Policy {
	return compilePolicy(kind, name, doc, parsed)
}

func compilePolicy(kind policy.Kind, name string, doc *policy.Document, fs policy.Findings) *Policy {
	if doc == nil {
		doc = &policy.Document{}
	} else {
		fs = append(fs, validate(doc, kind)...)
	}
	return &Policy{Name: name, Kind: kind, Doc: doc, Findings: fs, c: eval.Compile(doc), refused: firstRefused(fs)}
}

// Check parses and validates a policy text as kind, with every finding a policy gets
// wherever it is written (the CLI's validate, the playground's tabs, a policy the store
// compiles): the language's (policy.Check) and, for the resource-based kinds, the
// public-access check (engine/exposure).
func Check(src []byte, kind policy.Kind) (*policy.Document, policy.Findings) {
	doc, fs := policy.Parse(src)
	if doc != nil {
		fs = append(fs, validate(doc, kind)...)
	}
	return doc, fs
}

// validate is Check's findings for a parsed document.
func validate(doc *policy.Document, kind policy.Kind) policy.Findings {
	fs := policy.Validate(doc, kind)
	return append(fs, exposure.Findings(doc, kind, exposure.Owner{})...) // resource-based kinds only
}

// Valid reports whether AWS would store the policy: no finding makes AWS refuse it (the code
// catalogue's AWS column). Errors AWS only reports (an unknown action, ...) leave it valid:
// its statements mean what AWS makes of them.
func (p *Policy) Valid() bool { return p.refused < 0 }

// Input is everything one decision needs besides the request: compiled policies,
// assembled by reference. Nil means absent: no resource policy, no organization (SCPs),
// no session policy. A caller has a permissions boundary exactly when Boundaries is not
// empty.
type Input struct {
	SCPs       [][]*Policy // nil: not in an organization; else levels, root first
	Resource   *Policy
	Identity   []*Policy
	Boundaries []*Policy
	Session    *Policy
}

// Ref names one policy of an Input by its kind, SCP level and index. Its text form is the
// policy's place in the evaluation document: identityPolicies/0, resourcePolicy, scps/1/0,
// permissionBoundaries/0, sessionPolicy; and request or document for findings about those.
type Ref struct {
	Kind  policy.Kind
	Level int // SCP level, root = 0; 0 for other kinds
	Index int // position among the policies of its kind (within its level for SCPs)
}

// Refs of findings that are about no policy of the Input.
var (
	RequestRef  = Ref{Kind: "request"}
	DocumentRef = Ref{Kind: "document"}
)

// EntryKind marks a Ref to an entry of an evaluation document's "policies" list by its
// position (Index), for findings about an entry that is not in the Input: policies/3.
const EntryKind policy.Kind = "policies"

// String gives the locator: identityPolicies/0, scps/1/0, resourcePolicy, request.
func (r Ref) String() string {
	switch r.Kind {
	case policy.KindIdentity:
		return "identityPolicies/" + strconv.Itoa(r.Index)
	case policy.KindBoundary:
		return "permissionBoundaries/" + strconv.Itoa(r.Index)
	case policy.KindSCP:
		return "scps/" + strconv.Itoa(r.Level) + "/" + strconv.Itoa(r.Index)
	case policy.KindResource:
		return "resourcePolicy"
	case policy.KindSession:
		return "sessionPolicy"
	case EntryKind:
		return "policies/" + strconv.Itoa(r.Index)
	}
	return string(r.Kind)
}

// MarshalText writes the locator, so JSON carries "identityPolicies/0".
func (r Ref) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a locator written by MarshalText.
func (r *Ref) UnmarshalText(b []byte) error {
	s := string(b)
	num := func(t string) int { n, _ := strconv.Atoi(t); return n }
	switch {
	case strings.HasPrefix(s, "identityPolicies/"):
		*r = Ref{Kind: policy.KindIdentity, Index: num(s[len("identityPolicies/"):])}
	case strings.HasPrefix(s, "permissionBoundaries/"):
		*r = Ref{Kind: policy.KindBoundary, Index: num(s[len("permissionBoundaries/"):])}
	case strings.HasPrefix(s, "scps/"):
		l, i, _ := strings.Cut(s[len("scps/"):], "/")
		*r = Ref{Kind: policy.KindSCP, Level: num(l), Index: num(i)}
	case strings.HasPrefix(s, "policies/"):
		*r = Ref{Kind: EntryKind, Index: num(s[len("policies/"):])}
	case s == "resourcePolicy":
		*r = Ref{Kind: policy.KindResource}
	case s == "sessionPolicy":
		*r = Ref{Kind: policy.KindSession}
	default:
		*r = Ref{Kind: policy.Kind(s)}
	}
	return nil
}

// Each calls f for every policy of the input in the order AWS applies them: SCP levels,
// the resource policy, identity policies, boundaries, the session policy.
func (in *Input) Each(f func(Ref, *Policy)) {
	for l, level := range in.SCPs {
		for i, p := range level {
			f(Ref{Kind: policy.KindSCP, Level: l, Index: i}, p)
		}
	}
	if in.Resource != nil {
		f(Ref{Kind: policy.KindResource}, in.Resource)
	}
	for i, p := range in.Identity {
		f(Ref{Kind: policy.KindIdentity, Index: i}, p)
	}
	for i, p := range in.Boundaries {
		f(Ref{Kind: policy.KindBoundary, Index: i}, p)
	}
	if in.Session != nil {
		f(Ref{Kind: policy.KindSession}, in.Session)
	}
}

// Findings returns every policy's findings, each tagged with its policy, in AWS's order.
func (in *Input) Findings() []Finding {
	n := 0
	in.Each(func(_ Ref, p *Policy) { n += len(p.Findings) })
	if n == 0 {
		return nil
	}
	out := make([]Finding, 0, n) // one list, not one grown: a long policy's findings are an edit's garbage
	in.Each(func(r Ref, p *Policy) {
		for _, f := range p.Findings {
			out = append(out, Finding{Policy: r, Finding: f})
		}
	})
	return out
}

// Valid reports whether AWS would store every policy of the input (Policy.Valid). It
// allocates nothing: Decide asks it first.
func (in *Input) Valid() bool {
	for _, level := range in.SCPs {
		for _, p := range level {
			if !p.Valid() {
				return false
			}
		}
	}
	for _, p := range in.Identity {
		if !p.Valid() {
			return false
		}
	}
	for _, p := range in.Boundaries {
		if !p.Valid() {
			return false
		}
	}
	return (in.Resource == nil || in.Resource.Valid()) && (in.Session == nil || in.Session.Valid())
}

// Finding is a finding with the policy (or request, or document) it is about.
type Finding struct {
	Policy Ref `json:"policy"`
	policy.Finding
}
