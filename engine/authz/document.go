package authz

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/internal/eval"
	"github.com/iamplay/iamplay/engine/internal/suggest"
	"github.com/iamplay/iamplay/engine/jsontree"
	"github.com/iamplay/iamplay/engine/policy"
)

// MaxDocumentBytes bounds an evaluation document; larger input is one finding, unread.
const MaxDocumentBytes = 8 << 20

// Document is an evaluation document (DESIGN.md, "The evaluation document") as read.
type Document struct {
	Input   Input    // the policies that apply, each compiled once as it is read
	Request Request  // the request as written
	Want    Decision // from "want": {"decision": ...}; "" when absent
	Name    string   // optional "name"
	Entries []Entry  // every policy: those written by kind in AWS's order, then the "policies" list in its order
}

// Entry is one policy of a document as written, with what only a page needs: its name,
// whether it is switched on, and its place in the list (a playground's tab order).
type Entry struct {
	Policy  *Policy
	Enabled bool // false: written but switched off ("enabled": false)
	Applied bool // in Input, at Ref; false when switched off or a second resource or session policy
	Ref     Ref  // its place in Input when Applied
	Level   int  // the "level" written for an SCP in the "policies" list (ordering only)
}

// ReadDocument reads an evaluation document and compiles its policies. Policies keep
// positions in src and their own findings (Input.Findings); the findings returned here are
// about the document and the request. Findings with severity error mean the document cannot
// be evaluated as meant; doc is nil only when src is not a JSON object.
//
// Policies are written by kind ("identityPolicies", "resourcePolicy", ...), or as one
// ordered list, "policies", of {"kind", "name", "enabled", "level", "policy" or "text"}: the
// form the playground keeps, where "text" holds a policy as typed (valid JSON or not).
func ReadDocument(src []byte) (*Document, []Finding) {
	return (&Reader{}).Read(src)
}

// Reader reads evaluation documents with options a host needs.
type Reader struct {
	// Texts are policy texts by position in the "policies" list, for entries that have
	// neither "text" nor "policy": a page passes large texts beside the JSON, unescaped.
	Texts []string
	// Compile compiles a policy written as text; nil compiles with NewPolicy. A host that
	// re-reads documents as a user types passes a cache, so unchanged policies are reused.
	Compile func(kind policy.Kind, name, text string) *Policy
}

// Read reads one document; see ReadDocument.
func (rd *Reader) Read(src []byte) (*Document, []Finding) {
	r := &reader{src: src, opts: rd}
	root, err := jsontree.Parse(src, jsontree.Limits{MaxBytes: MaxDocumentBytes, MaxDepth: policy.MaxDepth})
	if err != nil && err.Code == policy.CodeJSONTooLarge {
		r.lines = jsontree.NewLines(nil) // not read: no line index of it either
	} else {
		r.lines = jsontree.NewLines(src)
	}
	if err != nil {
		r.add(DocumentRef, err.Code, err.Message, "", err.Offset, err.End)
		return nil, r.fs
	}
	if root.Kind != jsontree.Object {
		r.add(DocumentRef, policy.CodeDocumentNotObject, "an evaluation document must be a JSON object, not "+root.Kind.String(), "", root.Start, root.End)
		return nil, r.fs
	}
	d := &Document{}
	sawRequest := false
	for i := range root.Members {
		m := &root.Members[i]
		v := m.Value
		path := "/" + m.Name
		switch m.Name {
		case "identityPolicies":
			d.Input.Identity = r.policyList(r.list(v, path, m.Name), policy.KindIdentity, path)
		case "resourcePolicy":
			if v.Kind != jsontree.Null {
				d.Input.Resource = r.policy(v, policy.KindResource, path)
			}
		case "policies":
			r.entries(v, path)
		case "permissionBoundaries":
			if v.Kind != jsontree.Null {
				d.Input.Boundaries = append(d.Input.Boundaries, r.policyList(r.list(v, path, m.Name), policy.KindBoundary, path)...)
			}
		case "scps":
			if v.Kind == jsontree.Null {
				continue
			}
			if v.Kind != jsontree.Array {
				r.wrong(v, path, "scps", "null or a list of levels (root first), each a list of policies")
				continue
			}
			d.Input.SCPs = [][]*Policy{}
			for l, level := range v.Elems {
				lp := path + "/" + strconv.Itoa(l)
				d.Input.SCPs = append(d.Input.SCPs, r.policyList(r.list(level, lp, "each SCP level"), policy.KindSCP, lp))
			}
		case "sessionPolicy":
			if v.Kind != jsontree.Null {
				d.Input.Session = r.policy(v, policy.KindSession, path)
			}
		case "request":
			sawRequest = true
			d.Request = r.request(v, path)
		case "want":
			if v.Kind == jsontree.Object {
				if w := v.Get("decision"); w != nil && w.Kind == jsontree.String {
					switch Decision(w.Text) {
					case Allow, ExplicitDeny, ImplicitDeny, Refused:
						d.Want = Decision(w.Text)
					default:
						r.add(DocumentRef, policy.CodeDocumentBadWant, "want.decision must be Allow, ExplicitDeny, ImplicitDeny or Refused", path+"/decision", w.Start, w.End)
					}
				}
			}
		case "name":
			if v.Kind == jsontree.String {
				d.Name = v.Text
			}
		case "doc", "note", "description", "$schema":
		default:
			r.add(DocumentRef, policy.CodeDocumentUnknownField, "unknown field \""+m.Name+"\" in the evaluation document; it is ignored", path, m.NameFrom, m.NameTo)
		}
	}
	if !sawRequest {
		r.add(RequestRef, policy.CodeRequestMissing, "the evaluation document has no \"request\"", "", root.Start, root.Start+1)
	}
	r.assemble(d)
	return d, r.fs
}

type reader struct {
	src   []byte
	lines *jsontree.Lines
	fs    []Finding
	opts  *Reader
	flat  []listed // the "policies" list as read
	// policies and statements read so far, against MaxPolicies and MaxStatements
	nPolicies, nStatements int
}

// listed is one entry of the "policies" list before it is assembled into the Input.
type listed struct {
	Entry
	node  *jsontree.Node
	index int // position in the list
}

// add records a finding of a catalogued code (policy.NewFinding gives its severity) about the
// document, an entry or the request: never one that AWS refuses, since no policy is at fault.
func (r *reader) add(pol Ref, code, msg, path string, from, to int) {
	l1, c1 := r.lines.At(from)
	l2, c2 := r.lines.At(to)
	rng := policy.Range{Start: policy.Pos{Line: l1, Column: c1, Offset: from}, End: policy.Pos{Line: l2, Column: c2, Offset: to}}
	f := policy.NewFinding(code, path, rng, msg, "")
	f.Refused = false
	r.fs = append(r.fs, Finding{Policy: pol, Finding: f})
}

func (r *reader) wrong(n *jsontree.Node, path, what, want string) {
	r.add(DocumentRef, policy.CodeDocumentWrongType, what+" must be "+want+", not "+n.Kind.String(), path, n.Start, n.End)
}

// entries reads the "policies" list: each entry a kind, an optional name, "enabled" and SCP
// "level", and the policy as a JSON object ("policy") or as typed text ("text", or the
// reader's Texts at the entry's position).
func (r *reader) entries(v *jsontree.Node, path string) {
	if v.Kind == jsontree.Null {
		return
	}
	if v.Kind != jsontree.Array {
		r.wrong(v, path, "policies", "a list of {\"kind\", \"name\", \"enabled\", \"policy\" or \"text\"}")
		return
	}
	for i, e := range v.Elems {
		ep := path + "/" + strconv.Itoa(i)
		if e.Kind != jsontree.Object {
			r.wrong(e, ep, "an entry of policies", "an object")
			continue
		}
		it := listed{Entry: Entry{Enabled: true}, node: e, index: i}
		var kind policy.Kind
		name, text, hasText := "", "", false
		var body *jsontree.Node
		for j := range e.Members {
			m := &e.Members[j]
			mv, mp := m.Value, ep+"/"+m.Name
			switch m.Name {
			case "kind":
				k, err := policy.ParseKind(mv.Text)
				if mv.Kind != jsontree.String || err != nil {
					r.add(DocumentRef, policy.CodeDocumentBadKind, "kind must be one of identity, resource, boundary, scp, session, key, trust", mp, mv.Start, mv.End)
					continue
				}
				kind = k
			case "name", "text":
				if mv.Kind != jsontree.String {
					r.wrong(mv, mp, m.Name, "a string")
					continue
				}
				if m.Name == "name" {
					name = mv.Text
				} else {
					text, hasText = mv.Text, true
				}
			case "enabled":
				if mv.Kind != jsontree.Bool {
					r.wrong(mv, mp, "enabled", "true or false")
					continue
				}
				it.Enabled = mv.Text == "true"
			case "level":
				n, err := strconv.Atoi(mv.Text)
				if mv.Kind != jsontree.Number || err != nil || n < 0 {
					r.add(DocumentRef, policy.CodeDocumentBadLevel, "level must be a whole number, 0 for the organization root", mp, mv.Start, mv.End)
					continue
				}
				it.Level = n
			case "policy":
				body = mv
			default:
				r.add(DocumentRef, policy.CodeDocumentUnknownField, "unknown field \""+m.Name+"\" in a policies entry; it is ignored", mp, m.NameFrom, m.NameTo)
			}
		}
		if kind == "" {
			if e.Get("kind") == nil {
				r.add(DocumentRef, policy.CodeDocumentBadKind, "a policies entry needs a \"kind\": identity, resource, boundary, scp, session, key or trust", ep, e.Start, e.Start+1)
			}
			continue
		}
		if !hasText && body == nil && i < len(r.opts.Texts) {
			text, hasText = r.opts.Texts[i], true
		}
		if r.overLimits(e, body, ep) {
			continue
		}
		switch {
		case body != nil && !hasText:
			doc, fs := policy.ParseNode(r.src, r.lines, body, ep+"/policy")
			it.Policy = NewPolicyFromDocument(kind, name, doc, fs)
		case r.opts.Compile != nil:
			it.Policy = r.opts.Compile(kind, name, text)
		default:
			it.Policy = NewPolicy(kind, name, []byte(text))
		}
		r.flat = append(r.flat, it)
	}
}

// assemble puts the switched-on entries of the "policies" list into the Input after the
// policies written by kind: a second resource or session policy is reported and left out,
// SCPs are grouped by level, lowest first. Then it lists every entry.
func (r *reader) assemble(d *Document) {
	d.Input.Each(func(ref Ref, p *Policy) {
		d.Entries = append(d.Entries, Entry{Policy: p, Enabled: true, Applied: true, Ref: ref, Level: ref.Level})
	})
	var levels []int // distinct SCP levels written, ascending
	for i := range r.flat {
		it := &r.flat[i]
		if !it.Enabled {
			continue
		}
		it.Applied = true
		switch it.Policy.Kind {
		case policy.KindIdentity:
			it.Ref = Ref{Kind: policy.KindIdentity, Index: len(d.Input.Identity)}
			d.Input.Identity = append(d.Input.Identity, it.Policy)
		case policy.KindBoundary:
			it.Ref = Ref{Kind: policy.KindBoundary, Index: len(d.Input.Boundaries)}
			d.Input.Boundaries = append(d.Input.Boundaries, it.Policy)
		case policy.KindResource, policy.KindKey, policy.KindTrust, policy.KindSession:
			// The resource's policy is the one its kind of resource carries: a secret's
			// resource policy, a KMS key's key policy, a role's trust policy.
			slot, kind := &d.Input.Resource, policy.KindResource
			if it.Policy.Kind == policy.KindSession {
				slot, kind = &d.Input.Session, policy.KindSession
			} else if want := resourceKind(d.Request.Action); it.Policy.Kind != want {
				it.Applied = false
				r.add(Ref{Kind: EntryKind, Index: it.index}, policy.CodeDocumentIgnoredPolicy, "a "+string(it.Policy.Kind)+" policy does not apply to "+d.Request.Action+", which acts on a resource with a "+string(want)+" policy", "", it.node.Start, it.node.Start+1)
				continue
			}
			if *slot != nil {
				it.Applied = false
				r.add(Ref{Kind: EntryKind, Index: it.index}, policy.CodeDocumentIgnoredPolicy, "only one "+string(it.Policy.Kind)+" policy applies to a request; this one is ignored (switch the other off)", "", it.node.Start, it.node.Start+1)
				continue
			}
			*slot = it.Policy
			it.Ref = Ref{Kind: kind}
		case policy.KindSCP:
			at := sort.SearchInts(levels, it.Level)
			if at == len(levels) || levels[at] != it.Level {
				levels = append(levels[:at], append([]int{it.Level}, levels[at:]...)...)
			}
		}
	}
	if len(levels) > 0 {
		base := len(d.Input.SCPs)
		for range levels {
			d.Input.SCPs = append(d.Input.SCPs, nil)
		}
		for i := range r.flat {
			it := &r.flat[i]
			if !it.Enabled || it.Policy.Kind != policy.KindSCP {
				continue
			}
			l := base + sort.SearchInts(levels, it.Level)
			it.Ref = Ref{Kind: policy.KindSCP, Level: l, Index: len(d.Input.SCPs[l])}
			d.Input.SCPs[l] = append(d.Input.SCPs[l], it.Policy)
		}
	}
	for _, it := range r.flat {
		d.Entries = append(d.Entries, it.Entry)
	}
}

// resourceKind is the kind of policy the resource of an action carries (eval.Request.ResourceKind).
func resourceKind(action string) policy.Kind {
	q := eval.Request{}
	q.Init(&anonymous, action, "", nil)
	return q.ResourceKind()
}

// list accepts a list, or a single object where a list of one is meant.
func (r *reader) list(n *jsontree.Node, path, what string) []*jsontree.Node {
	switch n.Kind {
	case jsontree.Array:
		return n.Elems
	case jsontree.Object:
		return []*jsontree.Node{n}
	case jsontree.Null:
		return nil
	}
	r.wrong(n, path, what, "a list of policies")
	return nil
}

// policyList reads a list of policies; those past the document's limits are left out.
func (r *reader) policyList(elems []*jsontree.Node, kind policy.Kind, path string) []*Policy {
	var out []*Policy
	for j, e := range elems {
		if p := r.policy(e, kind, path+"/"+strconv.Itoa(j)); p != nil {
			out = append(out, p)
		}
	}
	return out
}

// policy reads and compiles one embedded policy: the document itself, or
// {"name": ..., "policy": {...}}. Its findings stay with it. It is nil when the policy is
// past the document's limits (overLimits), and then left out.
func (r *reader) policy(n *jsontree.Node, kind policy.Kind, path string) *Policy {
	name := ""
	if n.Kind == jsontree.Object && n.Get("Statement") == nil {
		if p := n.Get("policy"); p != nil {
			if nm := n.Get("name"); nm != nil && nm.Kind == jsontree.String {
				name = nm.Text
			}
			n, path = p, path+"/policy"
		}
	}
	if r.overLimits(n, n, path) {
		return nil
	}
	doc, fs := policy.ParseNode(r.src, r.lines, n, path)
	return NewPolicyFromDocument(kind, name, doc, fs)
}

// overLimits counts a policy (at n) and its statements (those of body, when it is written
// as JSON), and reports, once per limit, a document with more than MaxPolicies or
// MaxStatements: such a policy is left unread.
func (r *reader) overLimits(n, body *jsontree.Node, path string) bool {
	r.nPolicies++
	if r.nPolicies > MaxPolicies {
		if r.nPolicies == MaxPolicies+1 {
			r.add(DocumentRef, policy.CodeDocumentTooManyPolicies,
				"the document has more than "+strconv.Itoa(MaxPolicies)+" policies; the rest are not read", path, n.Start, n.End)
		}
		return true
	}
	stmts := 0
	if body != nil {
		if st := body.Get("Statement"); st != nil {
			stmts = max(len(st.Elems), 1)
		}
	}
	before := r.nStatements
	r.nStatements += stmts
	if r.nStatements > MaxStatements {
		if before <= MaxStatements {
			r.add(DocumentRef, policy.CodeDocumentTooManyStatements,
				"the document has more than "+strconv.Itoa(MaxStatements)+" statements; the policies past that are not read", path, n.Start, n.End)
		}
		return true
	}
	return false
}

func (r *reader) request(n *jsontree.Node, path string) Request {
	var q Request
	if n.Kind != jsontree.Object {
		r.wrong(n, path, "request", "an object")
		return q
	}
	str := func(name string) (string, *jsontree.Node) {
		v := n.Get(name)
		if v == nil {
			return "", nil
		}
		if v.Kind != jsontree.String {
			r.wrong(v, path+"/"+name, "request "+name, "a string")
			return "", v
		}
		if len(v.Text) > MaxRequestBytes { // left out, and not checked further
			r.add(RequestRef, policy.CodeRequestTooLong, "request "+name+" is "+strconv.Itoa(len(v.Text))+
				" bytes; the most is "+strconv.Itoa(MaxRequestBytes)+" (AWS ARNs have at most 2,048 characters)", path+"/"+name, v.Start, v.End)
			return "", v
		}
		return v.Text, v
	}
	var an, pn, rn *jsontree.Node
	q.Principal, pn = str("principal")
	q.Action, an = str("action")
	q.Resource, rn = str("resource")
	if pn != nil && pn.Kind == jsontree.String && q.Principal == pn.Text {
		if c := policy.ParseCaller(q.Principal); c.Kind == policy.PrincipalOther {
			r.add(RequestRef, policy.CodeRequestBadPrincipal, "the principal \""+q.Principal+"\" is not an IAM user, role, assumed-role session, account, federated user or service principal; only Principal \"*\" can match it", path+"/principal", pn.Start, pn.End)
		}
	}
	if rn == nil {
		r.add(RequestRef, policy.CodeRequestMissingResource, "the request has no \"resource\"; only statements with Resource \"*\" or NotResource can match", path, n.Start, n.Start+1)
	} else if rn.Kind == jsontree.String && q.Resource == rn.Text && q.Resource != "*" && (!strings.HasPrefix(q.Resource, "arn:") || strings.Count(q.Resource, ":") < 5) {
		r.add(RequestRef, policy.CodeRequestBadResource, "the resource \""+q.Resource+"\" is not an ARN (arn:partition:service:region:account:resource)", path+"/resource", rn.Start, rn.End)
	}
	if an == nil {
		r.add(RequestRef, policy.CodeRequestMissingAction, "the request has no \"action\"", path, n.Start, n.Start+1)
	} else if an.Kind == jsontree.String && q.Action != an.Text {
		// too long: reported
	} else if i := strings.IndexByte(q.Action, ':'); i <= 0 {
		r.add(RequestRef, policy.CodeRequestBadAction, "the action \""+q.Action+"\" is not of the form service:Action", path+"/action", an.Start, an.End)
	} else if svc, ok := catalog.Lookup(q.Action[:i]); ok {
		if _, ok := svc.Action(q.Action[i+1:]); !ok {
			msg := "unknown " + svc.ShortName + " action \"" + q.Action + "\""
			sugg := ""
			if s, ok := suggest.Closest(q.Action, svc.ActionNames()); ok {
				msg += "; did you mean `" + s + "`?"
				sugg = "\"" + s + "\""
			}
			r.add(RequestRef, policy.CodeRequestUnknownAction, msg, path+"/action", an.Start, an.End)
			r.fs[len(r.fs)-1].Suggestion = sugg
		}
	}
	if t, tn := str("time"); tn != nil && tn.Kind == jsontree.String {
		if _, err := ParseTime(t); err != nil {
			r.add(RequestRef, policy.CodeRequestBadTime, "the request time \""+t+"\" is not an RFC 3339 date and time such as \""+DefaultTime+"\"", path+"/time", tn.Start, tn.End)
		} else {
			q.Time = t
		}
	}
	if is, isn := str("sessionIssuer"); isn != nil && isn.Kind == jsontree.String {
		c := policy.ParseCaller(is)
		switch {
		case policy.ParseCaller(q.Principal).Kind != policy.PrincipalFederated:
			r.add(RequestRef, policy.CodeRequestUnusedIssuer, "sessionIssuer names the IAM user that made a federated user session; the principal is not one (arn:aws:sts::ACCOUNT:federated-user/NAME), so it is ignored", path+"/sessionIssuer", isn.Start, isn.End)
		case c.Kind != policy.PrincipalUser:
			r.add(RequestRef, policy.CodeRequestBadIssuer, "sessionIssuer must be the ARN of the IAM user that called GetFederationToken (arn:aws:iam::ACCOUNT:user/NAME), not \""+is+"\"", path+"/sessionIssuer", isn.Start, isn.End)
		default:
			q.SessionIssuer = is
		}
	}
	if d := n.Get("derive"); d != nil {
		if d.Kind != jsontree.Bool {
			r.wrong(d, path+"/derive", "the request's \"derive\"", "true or false")
		} else {
			q.NoDerive = d.Text == "false"
		}
	}
	if c := n.Get("context"); c != nil && c.Kind != jsontree.Null {
		if c.Kind != jsontree.Object {
			r.wrong(c, path+"/context", "request context", "an object of keys to a string or a list of strings")
		} else {
			for i := range c.Members {
				m := &c.Members[i]
				if m.Name == "" {
					r.add(RequestRef, policy.CodeRequestEmptyKey, "a context key with no name is ignored", path+"/context/", m.NameFrom, m.NameTo)
					continue
				}
				if m.Value.Kind == jsontree.Null { // the key is marked absent: AWS did not send it
					q.Absent = append(q.Absent, m.Name)
				}
			}
			var probs []jsontree.ContextProblem
			q.Context, probs = c.Context(jsontree.ContextLimits{MaxValues: MaxContextValues, MaxValueBytes: MaxContextValueBytes})
			delete(q.Context, "")
			for _, p := range probs {
				r.add(RequestRef, p.Code, p.Message, path+"/context/"+p.Key, p.From, p.To)
			}
		}
	}
	return q
}

// Evaluate reads an evaluation document and explains its decision: the one call the CLI,
// the browser and the Worker share. Result.Valid is false when the document cannot be read
// as meant (an input error) or AWS would refuse one of its policies (Result.Refused).
func Evaluate(src []byte) (*Document, *Result) {
	doc, fs := ReadDocument(src)
	if doc == nil {
		return nil, &Result{Decision: ImplicitDeny, Reason: "the evaluation document could not be read", Findings: fs}
	}
	res := doc.Input.Explain(Prepare(doc.Request))
	res.Findings = append(fs, res.Findings...)
	for _, f := range fs {
		if f.Severity == policy.SeverityError {
			res.Valid = false
		}
	}
	return doc, res
}
