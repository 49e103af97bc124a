package world

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/jsontree"
	"github.com/iamplay/iamplay/engine/policy"
)

// MaxFileBytes bounds a world file; larger input is one finding, unread.
const MaxFileBytes = 16 << 20

// Finding codes of Read, declared in policy's code catalogue.
const (
	CodeWrongType    = policy.CodeWorldWrongType    // an element has the wrong JSON type
	CodeUnknownField = policy.CodeWorldUnknownField // a field the world file does not have
	CodeMissing      = policy.CodeWorldMissing      // a required field is absent
	CodeDuplicate    = policy.CodeWorldDuplicate    // two things of one kind share a name or ID
	CodeReference    = policy.CodeWorldReference    // a name or ARN that names nothing in the world
	CodeBadValue     = policy.CodeWorldBadValue     // a value AWS would not accept (an account ID, a time, ...)
)

// Read loads a world file. Policies are parsed and compiled once, positioned in src; their
// findings are among the world's, with paths into the file. Findings with severity error
// mean the world is not what the file meant; w is nil only when src is not a JSON object.
func Read(src []byte) (*World, policy.Findings) {
	r := &reader{src: src, lines: jsontree.NewLines(src)}
	root, err := jsontree.Parse(src, jsontree.Limits{MaxBytes: MaxFileBytes, MaxDepth: policy.MaxDepth})
	if err != nil {
		r.add(err.Code, err.Message, "", err.Offset, err.End)
		return nil, r.fs
	}
	if root.Kind != jsontree.Object {
		r.add(CodeWrongType, "a world file is a JSON object, not "+root.Kind.String(), "", root.Start, root.End)
		return nil, r.fs
	}
	w := &World{Partition: "aws", accounts: map[string]*Account{}}
	r.fields(root, "", "the world", fieldSet{
		"clock":     func(v *jsontree.Node, p string) { w.Clock = r.time(v, p) },
		"partition": func(v *jsontree.Node, p string) { w.Partition = r.str(v, p) },
		"organization": func(v *jsontree.Node, p string) {
			w.Organization = r.organization(v, p)
		},
		"accounts": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				a := r.account(e, ep, w.Partition)
				if a == nil {
					return
				}
				if w.accounts[a.ID] != nil {
					r.addNode(CodeDuplicate, "account "+a.ID+" appears twice", ep, e)
					return
				}
				w.accounts[a.ID] = a
				w.Accounts = append(w.Accounts, a)
			})
		},
	}, "accounts")
	if w.Clock.IsZero() {
		w.Clock = DefaultClock
	}
	r.check(w, root)
	return w, r.fs
}

// DefaultClock is the time of a world file that names none: a fixed instant, so that a
// world decides the same way every time it is loaded.
var DefaultClock = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

type reader struct {
	src   []byte
	lines *jsontree.Lines
	fs    policy.Findings
	// where each named thing was read, for findings about references to it
	at map[any]*jsontree.Node
}

// add records a finding; its severity comes from the code catalogue.
func (r *reader) add(code, msg, path string, from, to int) {
	l1, c1 := r.lines.At(from)
	l2, c2 := r.lines.At(to)
	r.fs = append(r.fs, policy.NewFinding(code, path,
		policy.Range{Start: policy.Pos{Line: l1, Column: c1, Offset: from}, End: policy.Pos{Line: l2, Column: c2, Offset: to}}, msg, ""))
}

func (r *reader) addNode(code, msg, path string, n *jsontree.Node) {
	r.add(code, msg, path, n.Start, n.End)
}

func (r *reader) wrong(v *jsontree.Node, path, want string) {
	r.addNode(CodeWrongType, "expected "+want+", not "+v.Kind.String(), path, v)
}

// fieldSet reads an object's fields by name.
type fieldSet map[string]func(v *jsontree.Node, path string)

// fields reads an object: each known field with its reader, a warning for any other, an
// error for each required one that is absent. It reports whether n is an object.
func (r *reader) fields(n *jsontree.Node, path, what string, fs fieldSet, required ...string) bool {
	if n.Kind != jsontree.Object {
		r.wrong(n, path, what+" (an object)")
		return false
	}
	for i := range n.Members {
		m := &n.Members[i]
		p := path + "/" + pointerEscape(m.Name)
		if f, ok := fs[m.Name]; ok {
			f(m.Value, p)
			continue
		}
		r.add(CodeUnknownField, "unknown field \""+m.Name+"\" in "+what+"; it is ignored", p, m.NameFrom, m.NameTo)
	}
	for _, req := range required {
		if n.Get(req) == nil {
			r.add(CodeMissing, what+" needs \""+req+"\"", path, n.Start, n.Start+1)
		}
	}
	return true
}

func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func (r *reader) str(v *jsontree.Node, path string) string {
	if v.Kind != jsontree.String {
		r.wrong(v, path, "a string")
		return ""
	}
	return v.Text
}

func (r *reader) boolean(v *jsontree.Node, path string) bool {
	if v.Kind != jsontree.Bool {
		r.wrong(v, path, "true or false")
		return false
	}
	return v.Text == "true"
}

func (r *reader) strs(v *jsontree.Node, path string) []string {
	if v.Kind != jsontree.Array {
		r.wrong(v, path, "a list of strings")
		return nil
	}
	out := make([]string, 0, len(v.Elems))
	for i, e := range v.Elems {
		if s := r.str(e, path+"/"+strconv.Itoa(i)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (r *reader) time(v *jsontree.Node, path string) time.Time {
	s := r.str(v, path)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		r.addNode(CodeBadValue, "a time is written as RFC 3339, like 2026-01-31T12:00:00Z", path, v)
	}
	return t.UTC()
}

// integer reads a whole number.
func (r *reader) integer(v *jsontree.Node, path string) int64 {
	if v.Kind != jsontree.Number {
		r.wrong(v, path, "a number")
		return 0
	}
	n, err := strconv.ParseInt(v.Text, 10, 64)
	if err != nil {
		r.addNode(CodeBadValue, "expected a whole number", path, v)
	}
	return n
}

// each reads a list, element by element.
func (r *reader) each(v *jsontree.Node, path string, f func(e *jsontree.Node, p string)) {
	if v.Kind != jsontree.Array {
		r.wrong(v, path, "a list")
		return
	}
	for i, e := range v.Elems {
		f(e, path+"/"+strconv.Itoa(i))
	}
}

// tags reads {"key": "value", ...}, keeping the order written.
func (r *reader) tags(v *jsontree.Node, path string) []Tag {
	if v.Kind != jsontree.Object {
		r.wrong(v, path, "an object of tag keys to values")
		return nil
	}
	out := make([]Tag, 0, len(v.Members))
	for i := range v.Members {
		m := &v.Members[i]
		out = append(out, Tag{Key: m.Name, Value: r.str(m.Value, path+"/"+pointerEscape(m.Name))})
	}
	return out
}

// policy reads and compiles one policy document written in the file.
func (r *reader) policy(v *jsontree.Node, path string, kind policy.Kind, name string) *NamedPolicy {
	doc, fs := policy.ParseNode(r.src, r.lines, v, path)
	p := authz.NewPolicyFromDocument(kind, name, doc, fs)
	r.fs = append(r.fs, p.Findings...)
	return &NamedPolicy{Name: name, Policy: p, Raw: r.src[v.Start:v.End]}
}

// named reads [{"name": ..., "policy": {...}}] as inline or organization policies.
func (r *reader) named(v *jsontree.Node, path string, kind policy.Kind) []*NamedPolicy {
	var out []*NamedPolicy
	seen := map[string]bool{}
	r.each(v, path, func(e *jsontree.Node, ep string) {
		var name string
		var body *jsontree.Node
		var bodyPath string
		if !r.fields(e, ep, "a policy", fieldSet{
			"name":   func(v *jsontree.Node, p string) { name = r.str(v, p) },
			"policy": func(v *jsontree.Node, p string) { body, bodyPath = v, p },
		}, "name", "policy") || body == nil {
			return
		}
		if seen[name] {
			r.addNode(CodeDuplicate, "two policies are named \""+name+"\"", ep, e)
			return
		}
		seen[name] = true
		out = append(out, r.policy(body, bodyPath, kind, name))
	})
	return out
}

func (r *reader) organization(v *jsontree.Node, path string) *Organization {
	o := &Organization{scps: map[string]*NamedPolicy{}}
	r.fields(v, path, "the organization", fieldSet{
		"id":   func(v *jsontree.Node, p string) { o.ID = r.str(v, p) },
		"scps": func(v *jsontree.Node, p string) { o.SCPs = r.named(v, p, policy.KindSCP) },
		"root": func(v *jsontree.Node, p string) { o.Root = r.unit(v, p) },
	}, "id", "root")
	for _, s := range o.SCPs {
		o.scps[s.Name] = s
	}
	if o.Root == nil {
		o.Root = &Unit{}
	}
	return o
}

func (r *reader) unit(v *jsontree.Node, path string) *Unit {
	u := &Unit{}
	r.fields(v, path, "an organizational unit", fieldSet{
		"id":       func(v *jsontree.Node, p string) { u.ID = r.str(v, p) },
		"name":     func(v *jsontree.Node, p string) { u.Name = r.str(v, p) },
		"scps":     func(v *jsontree.Node, p string) { u.SCPs = r.strs(v, p) }, // nil: FullAWSAccess
		"accounts": func(v *jsontree.Node, p string) { u.Accounts = r.strs(v, p) },
		"units": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) { u.Units = append(u.Units, r.unit(e, ep)) })
		},
	}, "id")
	r.remember(u, v)
	return u
}

func (r *reader) remember(k any, n *jsontree.Node) {
	if r.at == nil {
		r.at = map[any]*jsontree.Node{}
	}
	r.at[k] = n
}

func (r *reader) principal(pr *Principal, fs fieldSet) {
	fs["name"] = func(v *jsontree.Node, p string) { pr.Name = r.str(v, p) }
	fs["path"] = func(v *jsontree.Node, p string) { pr.Path = r.str(v, p) }
	fs["policies"] = func(v *jsontree.Node, p string) { pr.Inline = r.named(v, p, policy.KindIdentity) }
	fs["managedPolicies"] = func(v *jsontree.Node, p string) { pr.Managed = r.strs(v, p) }
	fs["permissionsBoundary"] = func(v *jsontree.Node, p string) { pr.Boundary = r.str(v, p) }
	fs["tags"] = func(v *jsontree.Node, p string) { pr.Tags = r.tags(v, p) }
}

func (r *reader) account(v *jsontree.Node, path, partition string) *Account {
	a := &Account{}
	ok := r.fields(v, path, "an account", fieldSet{
		"id":    func(v *jsontree.Node, p string) { a.ID = r.str(v, p) },
		"alias": func(v *jsontree.Node, p string) { a.Alias = r.str(v, p) },
		"scps":  func(v *jsontree.Node, p string) { a.SCPs = r.strs(v, p) },
		"policies": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				m := &ManagedPolicy{Path: "/"}
				var body *jsontree.Node
				var bp string
				if !r.fields(e, ep, "a managed policy", fieldSet{
					"name":   func(v *jsontree.Node, p string) { m.Name = r.str(v, p) },
					"path":   func(v *jsontree.Node, p string) { m.Path = r.str(v, p) },
					"policy": func(v *jsontree.Node, p string) { body, bp = v, p },
				}, "name", "policy") || body == nil {
					return
				}
				m.Policy = r.policy(body, bp, policy.KindIdentity, m.Name)
				r.remember(m, e)
				a.Policies = append(a.Policies, m)
			})
		},
		"groups": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				g := &Group{Path: "/"}
				r.fields(e, ep, "a group", fieldSet{
					"name":            func(v *jsontree.Node, p string) { g.Name = r.str(v, p) },
					"path":            func(v *jsontree.Node, p string) { g.Path = r.str(v, p) },
					"policies":        func(v *jsontree.Node, p string) { g.Inline = r.named(v, p, policy.KindIdentity) },
					"managedPolicies": func(v *jsontree.Node, p string) { g.Managed = r.strs(v, p) },
				}, "name")
				r.remember(g, e)
				a.Groups = append(a.Groups, g)
			})
		},
		"users": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				u := &User{Principal: Principal{Path: "/"}}
				fs := fieldSet{
					"groups": func(v *jsontree.Node, p string) { u.Groups = r.strs(v, p) },
					"accessKeys": func(v *jsontree.Node, p string) {
						r.each(v, p, func(e *jsontree.Node, ep string) {
							var k AccessKey
							r.fields(e, ep, "an access key", fieldSet{
								"id":     func(v *jsontree.Node, p string) { k.ID = r.str(v, p) },
								"secret": func(v *jsontree.Node, p string) { k.Secret = r.str(v, p) },
							}, "id", "secret")
							u.AccessKeys = append(u.AccessKeys, k)
						})
					},
				}
				r.principal(&u.Principal, fs)
				r.fields(e, ep, "a user", fs, "name")
				r.remember(u, e)
				a.Users = append(a.Users, u)
			})
		},
		"roles": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				ro := &Role{Principal: Principal{Path: "/"}}
				fs := fieldSet{
					"trustPolicy": func(v *jsontree.Node, p string) { ro.Trust = r.policy(v, p, policy.KindTrust, "trust") },
				}
				r.principal(&ro.Principal, fs)
				r.fields(e, ep, "a role", fs, "name", "trustPolicy")
				r.remember(ro, e)
				a.Roles = append(a.Roles, ro)
			})
		},
		"keys": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				k := &Key{}
				r.fields(e, ep, "a KMS key", fieldSet{
					"id":          func(v *jsontree.Node, p string) { k.ID = r.str(v, p) },
					"region":      func(v *jsontree.Node, p string) { k.Region = r.str(v, p) },
					"description": func(v *jsontree.Node, p string) { k.Description = r.str(v, p) },
					"aliases":     func(v *jsontree.Node, p string) { k.Aliases = r.strs(v, p) },
					"awsManaged":  func(v *jsontree.Node, p string) { k.AWSManaged = r.boolean(v, p) },
					"policy":      func(v *jsontree.Node, p string) { k.Policy = r.policy(v, p, policy.KindKey, "key policy") },
				}, "id", "region", "policy")
				r.remember(k, e)
				a.Keys = append(a.Keys, k)
			})
		},
		"rotationFunctions": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				f := &RotationFunction{}
				r.fields(e, ep, "a rotation function", fieldSet{
					"arn":  func(v *jsontree.Node, p string) { f.ARN = r.str(v, p) },
					"role": func(v *jsontree.Node, p string) { f.Role = r.str(v, p) },
					"passwordRules": func(v *jsontree.Node, p string) {
						if v.Kind != jsontree.Object {
							r.wrong(v, p, "GetRandomPassword's parameters (an object)")
							return
						}
						f.PasswordRules = r.src[v.Start:v.End]
					},
				}, "arn", "role")
				r.remember(f, e)
				a.RotationFunctions = append(a.RotationFunctions, f)
			})
		},
		"secrets": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				if s := r.secret(e, ep); s != nil {
					a.Secrets = append(a.Secrets, s)
				}
			})
		},
	}, "id")
	if !ok {
		return nil
	}
	if !policy.IsAccountID(a.ID) {
		if n := v.Get("id"); n != nil {
			r.addNode(CodeBadValue, "an account ID is twelve digits", path+"/id", n)
		}
	}
	return a
}

func (r *reader) secret(v *jsontree.Node, path string) *Secret {
	s := &Secret{}
	if !r.fields(v, path, "a secret", fieldSet{
		"name":           func(v *jsontree.Node, p string) { s.Name = r.str(v, p) },
		"region":         func(v *jsontree.Node, p string) { s.Region = r.str(v, p) },
		"suffix":         func(v *jsontree.Node, p string) { s.Suffix = r.str(v, p) },
		"description":    func(v *jsontree.Node, p string) { s.Description = r.str(v, p) },
		"kmsKeyId":       func(v *jsontree.Node, p string) { s.KMSKeyID = r.str(v, p) },
		"tags":           func(v *jsontree.Node, p string) { s.Tags = r.tags(v, p) },
		"resourcePolicy": func(v *jsontree.Node, p string) { s.Policy = r.policy(v, p, policy.KindResource, "resource policy") },
		"created":        func(v *jsontree.Node, p string) { s.Created = r.time(v, p) },
		"lastChanged":    func(v *jsontree.Node, p string) { s.LastChangedDate = r.time(v, p) },
		"deletionDate":   func(v *jsontree.Node, p string) { s.DeletionDate = r.time(v, p) },
		"rotation": func(v *jsontree.Node, p string) {
			ro := &s.Rotation
			r.fields(v, p, "a rotation", fieldSet{
				"enabled":                func(v *jsontree.Node, p string) { ro.Enabled = r.boolean(v, p) },
				"lambdaArn":              func(v *jsontree.Node, p string) { ro.LambdaARN = r.str(v, p) },
				"automaticallyAfterDays": func(v *jsontree.Node, p string) { ro.AutomaticallyAfterDays = r.integer(v, p) },
				"duration":               func(v *jsontree.Node, p string) { ro.Duration = r.str(v, p) },
				"scheduleExpression":     func(v *jsontree.Node, p string) { ro.ScheduleExpression = r.str(v, p) },
				"lastRotated":            func(v *jsontree.Node, p string) { ro.LastRotated = r.time(v, p) },
				"configured":             func(v *jsontree.Node, p string) { ro.Configured = r.time(v, p) },
			})
		},
		"replicas": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				var rep Replica
				r.fields(e, ep, "a replica", fieldSet{
					"region":        func(v *jsontree.Node, p string) { rep.Region = r.str(v, p) },
					"kmsKeyId":      func(v *jsontree.Node, p string) { rep.KMSKeyID = r.str(v, p) },
					"status":        func(v *jsontree.Node, p string) { rep.Status = r.str(v, p) },
					"statusMessage": func(v *jsontree.Node, p string) { rep.StatusMessage = r.str(v, p) },
				}, "region")
				s.Replicas = append(s.Replicas, rep)
			})
		},
		"versions": func(v *jsontree.Node, p string) {
			r.each(v, p, func(e *jsontree.Node, ep string) {
				ver := &Version{}
				r.fields(e, ep, "a secret version", fieldSet{
					"id":      func(v *jsontree.Node, p string) { ver.ID = r.str(v, p) },
					"stages":  func(v *jsontree.Node, p string) { ver.Stages = r.strs(v, p) },
					"created": func(v *jsontree.Node, p string) { ver.Created = r.time(v, p) },
					"secretString": func(v *jsontree.Node, p string) {
						str := r.str(v, p)
						ver.String = &str
					},
					"secretBinary": func(v *jsontree.Node, p string) {
						b, err := base64.StdEncoding.DecodeString(r.str(v, p))
						if err != nil {
							r.addNode(CodeBadValue, "secretBinary is written in base64", p, v)
						}
						ver.Binary = b
					},
				}, "id")
				s.Versions = append(s.Versions, ver)
			})
		},
	}, "name", "region", "suffix") {
		return nil
	}
	r.remember(s, v)
	return s
}
