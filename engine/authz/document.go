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
	r.lines = jsontree.NewLines(src)
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
			for j, e := range r.list(v, path, m.Name) {
				d.Input.Identity = append(d.Input.Identity, r.policy(e, "identityPolicies/"+strconv.Itoa(j), path+"/"+strconv.Itoa(j)))
			}
		case "resourcePolicy":
			if v.Kind != jsontree.Null {
				s := r.policy(v, "resourcePolicy", path)
				d.Input.Resource = &s
			}
		case "permissionBoundaries":
			if v.Kind != jsontree.Null {
				d.Input.Boundaries = []Source{}
				for j, e := range r.list(v, path, m.Name) {
					d.Input.Boundaries = append(d.Input.Boundaries, r.policy(e, "permissionBoundaries/"+strconv.Itoa(j), path+"/"+strconv.Itoa(j)))
				}
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
				var ss []Source
				for j, e := range r.list(level, lp, "each SCP level") {
					ss = append(ss, r.policy(e, "scps/"+strconv.Itoa(l)+"/"+strconv.Itoa(j), lp+"/"+strconv.Itoa(j)))
				}
				d.Input.SCPs = append(d.Input.SCPs, ss)
			}
		case "sessionPolicy":
			if v.Kind != jsontree.Null {
				s := r.policy(v, "sessionPolicy", path)
				d.Input.Session = &s
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

// policy reads one embedded policy: the document itself, or {"name": ..., "policy": {...}}.
func (r *reader) policy(n *jsontree.Node, locator, path string) Source {
	s := Source{}
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
	return s
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
		return v.Text, v
	}
	var an, pn, rn *jsontree.Node
	q.Principal, pn = str("principal")
	q.Action, an = str("action")
	q.Resource, rn = str("resource")
	if pn != nil && pn.Kind == jsontree.String {
		if c := policy.ParseCaller(q.Principal); c.Kind == policy.PrincipalOther {
			r.add("request", "request.bad_principal", policy.SeverityWarning, "the principal \""+q.Principal+"\" is not an IAM user, role, assumed-role session, account, federated user or service principal; only Principal \"*\" can match it", path+"/principal", pn.Start, pn.End)
		}
	}
	if rn == nil {
		r.add("request", "request.missing_resource", policy.SeverityWarning, "the request has no \"resource\"; only statements with Resource \"*\" or NotResource can match", path, n.Start, n.Start+1)
	} else if rn.Kind == jsontree.String && q.Resource != "*" && (!strings.HasPrefix(q.Resource, "arn:") || strings.Count(q.Resource, ":") < 5) {
		r.add("request", "request.bad_resource", policy.SeverityWarning, "the resource \""+q.Resource+"\" is not an ARN (arn:partition:service:region:account:resource)", path+"/resource", rn.Start, rn.End)
	}
	if an == nil {
		r.add("request", "request.missing_action", policy.SeverityError, "the request has no \"action\"", path, n.Start, n.Start+1)
	} else if i := strings.IndexByte(q.Action, ':'); i <= 0 {
		r.add("request", "request.bad_action", policy.SeverityError, "the action \""+q.Action+"\" is not of the form service:Action", path+"/action", an.Start, an.End)
	} else if svc, ok := catalog.Lookup(q.Action[:i]); ok {
		if _, ok := svc.Action(q.Action[i+1:]); !ok {
			names := make([]string, 0, len(svc.Actions))
			for _, a := range svc.Actions {
				names = append(names, a.FullName())
			}
			msg := "unknown " + svc.ShortName + " action \"" + q.Action + "\""
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
			q.Context = make(map[string][]string, len(c.Members))
			for i := range c.Members {
				m := &c.Members[i]
				kp := path + "/context/" + m.Name
				vals, bad := m.Value.Values()
				for _, e := range bad {
					if e == m.Value {
						r.wrong(e, kp, "context key "+m.Name, "a string or a list of strings")
					} else {
						r.wrong(e, kp, "a context value", "a string")
					}
				}
				if vals != nil {
					q.Context[m.Name] = vals
				}
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
