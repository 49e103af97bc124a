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
	Policies []Tab        `json:"policies"`
	Request  StateRequest `json:"request"`
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
	Absent    []string            `json:"-"`                 // keys the page marks absent (null): not derived
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
				s.Request.Context = make(map[string][]string, len(v.Members))
				for _, c := range v.Members {
					if c.Value.Kind == jsontree.Null && c.Name != "" {
						s.Request.Absent = append(s.Request.Absent, c.Name)
						continue
					}
					if vals, _ := c.Value.Values(); vals != nil && c.Name != "" {
						s.Request.Context[c.Name] = vals // values of other kinds are left out
					}
				}
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
	return authz.Request{Principal: r.Principal, Action: r.Action, Resource: r.Resource, Context: r.Context, Absent: r.Absent}
}

// input assembles authz's Input from the enabled tabs' compiled policies (compiling only
// those whose text changed since they were last seen, see compiled) and remembers which tab
// each policy came from. Tabs of a kind that allows one policy (resource, session) beyond
// the first enabled one are reported in extra.
func (s *State) input() (in *authz.Input, tabOf map[authz.Ref]int, extra []int) {
	in = &authz.Input{}
	tabOf = map[authz.Ref]int{}
	levels := map[int][]int{} // SCP level -> tab indexes
	for i, t := range s.Policies {
		if !t.Enabled {
			continue
		}
		switch t.Kind {
		case policy.KindIdentity:
			tabOf[authz.Ref{Kind: t.Kind, Index: len(in.Identity)}] = i
			in.Identity = append(in.Identity, compiled(t))
		case policy.KindResource:
			if in.Resource != nil {
				extra = append(extra, i)
				continue
			}
			tabOf[authz.Ref{Kind: t.Kind}] = i
			in.Resource = compiled(t)
		case policy.KindBoundary:
			tabOf[authz.Ref{Kind: t.Kind, Index: len(in.Boundaries)}] = i
			in.Boundaries = append(in.Boundaries, compiled(t))
		case policy.KindSCP:
			levels[t.Level] = append(levels[t.Level], i)
		case policy.KindSession:
			if in.Session != nil {
				extra = append(extra, i)
				continue
			}
			tabOf[authz.Ref{Kind: t.Kind}] = i
			in.Session = compiled(t)
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
		in.SCPs = [][]*authz.Policy{}
		for li, l := range order {
			var level []*authz.Policy
			for j, i := range levels[l] {
				t := s.Policies[i]
				tabOf[authz.Ref{Kind: policy.KindSCP, Level: li, Index: j}] = i
				level = append(level, compiled(t))
			}
			in.SCPs = append(in.SCPs, level)
		}
	}
	return in, tabOf, extra
}
