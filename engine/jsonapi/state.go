package jsonapi

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/internal/jsontree"
	"github.com/iamplay/iamplay/engine/policy"
)

// State is what the playground edits: its policies, one per tab, and the request.
type State struct {
	Policies []Tab                     `json:"policies"`
	Request  StateRequest              `json:"request"`
	problems []jsontree.ContextProblem // in the request's context: reported as findings on the request
}

// Tab is one policy of the state. Text is the policy JSON as typed; findings are
// positioned in it. Level is the SCP level (root = 0) and is ignored for other kinds.
type Tab struct {
	Kind    policy.Kind `json:"kind"`
	Name    string      `json:"name"`
	Enabled bool        `json:"enabled"`
	Text    string      `json:"text"`
	Level   int         `json:"level,omitempty"`
}

// StateRequest is the request as the page holds it; context values may be a string or a
// list of strings, as in the evaluation document.
type StateRequest struct {
	Principal string              `json:"principal"`
	Action    string              `json:"action"`
	Resource  string              `json:"resource"`
	Context   map[string][]string `json:"context,omitempty"` // read from a string or a list per key
}

// readState decodes a state; an error names what is wrong.
//
// It reads with the engine's own JSON tree rather than encoding/json: a 2,100-statement
// policy arrives as one long escaped string, and in WebAssembly the reflection-free reader
// is several times faster.
//
// texts, when given, are the policies' texts by tab index, passed beside the state rather
// than inside it: a large policy then crosses from JavaScript as one plain string, with no
// JSON escaping on either side. A tab's "text" field, when present, wins.
func readState(src []byte, texts ...string) (*State, error) {
	root, jerr := jsontree.Parse(src, jsontree.Limits{MaxBytes: MaxStateBytes, MaxDepth: 64})
	if jerr != nil {
		return nil, fmt.Errorf("state: %s at byte %d", jerr.Message, jerr.Offset)
	}
	if root.Kind != jsontree.Object {
		return nil, fmt.Errorf("state: must be an object, not %s", root.Kind)
	}
	var s State
	if ps := root.Get("policies"); ps != nil && ps.Kind != jsontree.Null {
		if ps.Kind != jsontree.Array {
			return nil, fmt.Errorf("state: policies must be a list, not %s", ps.Kind)
		}
		for i, e := range ps.Elems {
			if e.Kind != jsontree.Object {
				return nil, fmt.Errorf("state: policies[%d] must be an object, not %s", i, e.Kind)
			}
			var t Tab
			if i < len(texts) {
				t.Text = texts[i]
			}
			for _, m := range e.Members {
				v := m.Value
				switch m.Name {
				case "kind", "name", "text":
					if v.Kind != jsontree.String {
						return nil, fmt.Errorf("state: policies[%d].%s must be a string, not %s", i, m.Name, v.Kind)
					}
					switch m.Name {
					case "kind":
						t.Kind = policy.Kind(v.Text)
					case "name":
						t.Name = v.Text
					default:
						t.Text = v.Text
					}
				case "enabled":
					if v.Kind != jsontree.Bool {
						return nil, fmt.Errorf("state: policies[%d].enabled must be a boolean, not %s", i, v.Kind)
					}
					t.Enabled = v.Text == "true"
				case "level":
					n, err := strconv.Atoi(v.Text)
					if v.Kind != jsontree.Number || err != nil {
						return nil, fmt.Errorf("state: policies[%d].level must be a whole number", i)
					}
					t.Level = n
				}
			}
			s.Policies = append(s.Policies, t)
		}
	}
	if rq := root.Get("request"); rq != nil && rq.Kind == jsontree.Object {
		for _, m := range rq.Members {
			v := m.Value
			switch m.Name {
			case "principal", "action", "resource":
				if v.Kind != jsontree.String {
					return nil, fmt.Errorf("state: request.%s must be a string, not %s", m.Name, v.Kind)
				}
				if len(v.Text) > authz.MaxRequestBytes { // left out, as the evaluation document's reader does
					s.problems = append(s.problems, jsontree.ContextProblem{Code: "request.too_long", Key: m.Name,
						Message: "request." + m.Name + " is " + strconv.Itoa(len(v.Text)) + " bytes; the most is " + strconv.Itoa(authz.MaxRequestBytes)})
					continue
				}
				switch m.Name {
				case "principal":
					s.Request.Principal = v.Text
				case "action":
					s.Request.Action = v.Text
				default:
					s.Request.Resource = v.Text
				}
			case "context":
				if v.Kind != jsontree.Object {
					continue
				}
				// Read as the evaluation document's reader does; values of other kinds are left out.
				s.Request.Context, s.problems = v.Context(jsontree.ContextLimits{MaxValues: authz.MaxContextValues, MaxValueBytes: authz.MaxContextValueBytes})
				delete(s.Request.Context, "")
			}
		}
	}
	return &s, nil
}

// MaxStateBytes bounds a playground state; larger input is refused with an error.
const MaxStateBytes = 32 << 20

// request converts the page's request into authz's; readState has already read the context
// values as authz's reader does (jsontree.Node.Values).
func (r StateRequest) request() authz.Request {
	return authz.Request{Principal: r.Principal, Action: r.Action, Resource: r.Resource, Context: r.Context}
}

// input builds authz's Input from the enabled tabs and remembers which tab each locator
// ("identityPolicies/0", "scps/1/0", ...) came from. Tabs of a kind that allows one policy
// (resource, session) beyond the first enabled one are reported in extra.
func (s *State) input() (in *authz.Input, tabOf map[string]int, extra []int) {
	in = &authz.Input{Request: s.Request.request()}
	tabOf = map[string]int{}
	levels := map[int][]int{} // SCP level -> tab indexes
	for i, t := range s.Policies {
		if !t.Enabled {
			continue
		}
		src := authz.Source{Name: t.Name, Kind: t.Kind, Text: []byte(t.Text)}
		switch t.Kind {
		case policy.KindIdentity:
			tabOf["identityPolicies/"+strconv.Itoa(len(in.Identity))] = i
			in.Identity = append(in.Identity, src)
		case policy.KindResource:
			if in.Resource != nil {
				extra = append(extra, i)
				continue
			}
			tabOf["resourcePolicy"] = i
			in.Resource = &src
		case policy.KindBoundary:
			tabOf["permissionBoundaries/"+strconv.Itoa(len(in.Boundaries))] = i
			in.Boundaries = append(in.Boundaries, src)
		case policy.KindSCP:
			levels[t.Level] = append(levels[t.Level], i)
		case policy.KindSession:
			if in.Session != nil {
				extra = append(extra, i)
				continue
			}
			tabOf["sessionPolicy"] = i
			in.Session = &src
		default:
			extra = append(extra, i)
		}
	}
	if len(levels) > 0 {
		order := make([]int, 0, len(levels))
		for l := range levels {
			order = append(order, l)
		}
		sort.Ints(order)
		in.SCPs = [][]authz.Source{}
		for li, l := range order {
			var level []authz.Source
			for j, i := range levels[l] {
				t := s.Policies[i]
				tabOf["scps/"+strconv.Itoa(li)+"/"+strconv.Itoa(j)] = i
				level = append(level, authz.Source{Name: t.Name, Kind: t.Kind, Text: []byte(t.Text)})
			}
			in.SCPs = append(in.SCPs, level)
		}
	}
	return in, tabOf, extra
}
