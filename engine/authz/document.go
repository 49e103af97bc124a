package authz

import (
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/internal/jsontree"
	"github.com/iamplay/iamplay/engine/policy"
)

// MaxDocumentBytes bounds an evaluation document; larger input is one finding, unread.
const MaxDocumentBytes = 8 << 20

// Document is an evaluation document (DESIGN.md, "The evaluation document") as read.
type Document struct {
	Input Input
	Want  Decision // from "want": {"decision": ...}; "" when absent
	Name  string   // optional "name"
}

// ReadDocument reads an evaluation document. Policies keep positions in src. Findings with
// severity error mean the document cannot be evaluated as meant; doc is nil only when src
// is not a JSON object.
func ReadDocument(src []byte) (*Document, []Finding) {
	r := &reader{src: src}
	root, err := jsontree.Parse(src, jsontree.Limits{MaxBytes: MaxDocumentBytes, MaxDepth: policy.MaxDepth})
	if err != nil && err.Code == "json.too_large" {
		r.lines = jsontree.NewLines(nil) // not read: no line index of it either
	} else {
		r.lines = jsontree.NewLines(src)
	}
	if err != nil {
		r.add("document", err.Code, policy.SeverityError, err.Message, "", err.Offset, err.End)
		return nil, r.fs
	}
	if root.Kind != jsontree.Object {
		r.add("document", "document.not_object", policy.SeverityError, "an evaluation document must be a JSON object, not "+root.Kind.String(), "", root.Start, root.End)
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
			d.Input.Identity = r.policyList(r.list(v, path, m.Name), "identityPolicies", path)
		case "resourcePolicy":
			if v.Kind != jsontree.Null {
				if s, ok := r.policy(v, "resourcePolicy", path); ok {
					d.Input.Resource = &s
				}
			}
		case "permissionBoundaries":
			if v.Kind != jsontree.Null {
				d.Input.Boundaries = append([]Source{}, r.policyList(r.list(v, path, m.Name), "permissionBoundaries", path)...)
			}
		case "scps":
			if v.Kind == jsontree.Null {
				continue
			}
			if v.Kind != jsontree.Array {
				r.wrong(v, path, "scps", "null or a list of levels (root first), each a list of policies")
				continue
			}
			d.Input.SCPs = [][]Source{}
			for l, level := range v.Elems {
				lp := path + "/" + strconv.Itoa(l)
				d.Input.SCPs = append(d.Input.SCPs, r.policyList(r.list(level, lp, "each SCP level"), "scps/"+strconv.Itoa(l), lp))
			}
		case "sessionPolicy":
			if v.Kind != jsontree.Null {
				if s, ok := r.policy(v, "sessionPolicy", path); ok {
					d.Input.Session = &s
				}
			}
		case "request":
			sawRequest = true
			d.Input.Request = r.request(v, path)
		case "want":
			if v.Kind == jsontree.Object {
				if w := v.Get("decision"); w != nil && w.Kind == jsontree.String {
					switch Decision(w.Text) {
					case Allow, ExplicitDeny, ImplicitDeny:
						d.Want = Decision(w.Text)
					default:
						r.add("document", "document.bad_want", policy.SeverityError, "want.decision must be Allow, ExplicitDeny or ImplicitDeny", path+"/decision", w.Start, w.End)
					}
				}
			}
		case "name":
			if v.Kind == jsontree.String {
				d.Name = v.Text
			}
		case "doc", "note", "description", "$schema":
		default:
			r.add("document", "document.unknown_field", policy.SeverityWarning, "unknown field \""+m.Name+"\" in the evaluation document; it is ignored", path, m.NameFrom, m.NameTo)
		}
	}
	if !sawRequest {
		r.add("request", "request.missing", policy.SeverityError, "the evaluation document has no \"request\"", "", root.Start, root.Start+1)
	}
	return d, r.fs
}

type reader struct {
	src   []byte
	lines *jsontree.Lines
	fs    []Finding
	// policies and statements read so far, against MaxPolicies and MaxStatements
	nPolicies, nStatements int
}

func (r *reader) add(pol, code string, sev policy.Severity, msg, path string, from, to int) {
	l1, c1 := r.lines.At(from)
	l2, c2 := r.lines.At(to)
	r.fs = append(r.fs, Finding{Policy: pol, Finding: policy.Finding{Code: code, Severity: sev, Message: msg, Path: path,
		Range: policy.Range{Start: policy.Pos{Line: l1, Column: c1, Offset: from}, End: policy.Pos{Line: l2, Column: c2, Offset: to}}}})
}

func (r *reader) wrong(n *jsontree.Node, path, what, want string) {
	r.add("document", "document.wrong_type", policy.SeverityError, what+" must be "+want+", not "+n.Kind.String(), path, n.Start, n.End)
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
func (r *reader) policyList(elems []*jsontree.Node, locator, path string) []Source {
	var out []Source
	for j, e := range elems {
		if s, ok := r.policy(e, locator+"/"+strconv.Itoa(j), path+"/"+strconv.Itoa(j)); ok {
			out = append(out, s)
		}
	}
	return out
}

// policy reads one embedded policy: the document itself, or {"name": ..., "policy": {...}}.
// ok is false when the policy is past the document's limits (overLimits) and left out.
func (r *reader) policy(n *jsontree.Node, locator, path string) (_ Source, ok bool) {
	s := Source{}
	if r.overLimits(n, path) {
		return s, false
	}
	if n.Kind == jsontree.Object && n.Get("Statement") == nil {
		if p := n.Get("policy"); p != nil {
			if nm := n.Get("name"); nm != nil && nm.Kind == jsontree.String {
				s.Name = nm.Text
			}
			n, path = p, path+"/policy"
		}
	}
	doc, fs := policy.ParseNode(r.src, r.lines, n, path)
	for _, f := range fs {
		r.fs = append(r.fs, Finding{Policy: locator, Finding: f})
	}
	if doc == nil {
		doc = &policy.Document{}
	}
	s.Doc = doc
	return s, true
}

// overLimits counts a policy and its statements, and reports (once per limit) when the
// document has more than MaxPolicies or MaxStatements: such a policy is left unread.
func (r *reader) overLimits(n *jsontree.Node, path string) bool {
	r.nPolicies++
	if r.nPolicies > MaxPolicies {
		if r.nPolicies == MaxPolicies+1 {
			r.add("document", "document.too_many_policies", policy.SeverityError,
				"the document has more than "+strconv.Itoa(MaxPolicies)+" policies; the rest are not read", path, n.Start, n.End)
		}
		return true
	}
	body := n // the policy itself, or {"name": ..., "policy": {...}}
	if p := n.Get("policy"); p != nil && n.Get("Statement") == nil {
		body = p
	}
	stmts := 0
	if st := body.Get("Statement"); st != nil {
		stmts = max(len(st.Elems), 1)
	}
	before := r.nStatements
	r.nStatements += stmts
	if r.nStatements > MaxStatements {
		if before <= MaxStatements {
			r.add("document", "document.too_many_statements", policy.SeverityError,
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
			r.wrong(v, path+"/"+name, "request."+name, "a string")
			return "", v
		}
		if len(v.Text) > MaxRequestBytes { // left out, and not checked further
			r.add("request", "request.too_long", policy.SeverityError, "request."+name+" is "+strconv.Itoa(len(v.Text))+
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
			r.add("request", "request.bad_principal", policy.SeverityWarning, "the principal \""+q.Principal+"\" is not an IAM user, role, assumed-role session, account, federated user or service principal; only Principal \"*\" can match it", path+"/principal", pn.Start, pn.End)
		}
	}
	if rn == nil {
		r.add("request", "request.missing_resource", policy.SeverityWarning, "the request has no \"resource\"; only statements with Resource \"*\" or NotResource can match", path, n.Start, n.Start+1)
	} else if rn.Kind == jsontree.String && q.Resource == rn.Text && q.Resource != "*" && (!strings.HasPrefix(q.Resource, "arn:") || strings.Count(q.Resource, ":") < 5) {
		r.add("request", "request.bad_resource", policy.SeverityWarning, "the resource \""+q.Resource+"\" is not an ARN (arn:partition:service:region:account:resource)", path+"/resource", rn.Start, rn.End)
	}
	if an == nil {
		r.add("request", "request.missing_action", policy.SeverityError, "the request has no \"action\"", path, n.Start, n.Start+1)
	} else if q.Action != an.Text {
		// too long: reported
	} else if i := strings.IndexByte(q.Action, ':'); i <= 0 {
		r.add("request", "request.bad_action", policy.SeverityError, "the action \""+q.Action+"\" is not of the form service:Action", path+"/action", an.Start, an.End)
	} else if strings.EqualFold(q.Action[:i], catalog.Service) {
		if _, ok := catalog.LookupAction(q.Action); !ok {
			names := make([]string, 0, len(catalog.Actions()))
			for _, a := range catalog.Actions() {
				names = append(names, catalog.Service+":"+a.Name)
			}
			msg := "unknown Secrets Manager action \"" + q.Action + "\""
			sugg := ""
			if s, ok := catalog.Suggest(q.Action, names); ok {
				msg += "; did you mean `" + s + "`?"
				sugg = "\"" + s + "\""
			}
			r.add("request", "request.unknown_action", policy.SeverityWarning, msg, path+"/action", an.Start, an.End)
			r.fs[len(r.fs)-1].Suggestion = sugg
		}
	}
	if c := n.Get("context"); c != nil && c.Kind != jsontree.Null {
		if c.Kind != jsontree.Object {
			r.wrong(c, path+"/context", "request.context", "an object of keys to a string or a list of strings")
		} else {
			var probs []jsontree.ContextProblem
			q.Context, probs = c.Context(jsontree.ContextLimits{MaxValues: MaxContextValues, MaxValueBytes: MaxContextValueBytes})
			for _, p := range probs {
				r.add("request", p.Code, policy.SeverityError, p.Message, path+"/context/"+p.Key, p.From, p.To)
			}
		}
	}
	return q
}

// Evaluate reads an evaluation document and explains its decision: the one call the CLI,
// the browser and the Worker share.
func Evaluate(src []byte) (*Document, *Result) {
	doc, fs := ReadDocument(src)
	if doc == nil {
		return nil, &Result{Decision: ImplicitDeny, Reason: "the evaluation document could not be read", Findings: fs}
	}
	prog := Compile(&doc.Input)
	res := prog.Explain(prog.Prepare(doc.Input.Request))
	res.Findings = append(fs, res.Findings...)
	for _, f := range fs {
		if f.Severity == policy.SeverityError {
			res.Valid = false
		}
	}
	return doc, res
}
