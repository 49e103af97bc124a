package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/playground"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// Report is a run of a scenario: each check's explained decision, each call's answer, and
// every expectation that did not hold.
type Report struct {
	Scenario *Scenario
	Checks   []*authz.Result   // by Scenario.Checks
	Calls    []*secrets.Result // by Scenario.Calls; nil for a call that could not be made
	Failures Errors
}

// Run evaluates every request of the scenario through the evaluation document's reader
// (authz.Reader: the contract of the CLI and the playground) and runs its calls in order
// against one in-memory Secrets Manager over its world. Policies are compiled once per run.
// A check that holds is only decided (authz.Input.Decide); one that fails is explained.
func Run(s *Scenario) *Report {
	return run(s, false)
}

func run(s *Scenario, explainAll bool) *Report {
	r := &Report{Scenario: s}
	fail := func(line int, format string, args ...any) {
		r.Failures = append(r.Failures, &Error{File: s.File, Line: line, Message: fmt.Sprintf(format, args...)})
	}
	type source struct {
		kind       policy.Kind
		name, text string
	}
	compiled := map[source]*authz.Policy{}
	rd := &authz.Reader{Compile: func(kind policy.Kind, name, text string) *authz.Policy {
		key := source{kind, name, text}
		if p := compiled[key]; p != nil {
			return p
		}
		p := authz.NewPolicy(kind, name, []byte(text))
		compiled[key] = p
		return p
	}}
	for _, p := range s.Policies {
		rd.Texts = append(rd.Texts, p.Text) // beside each check's document, not copied into it
	}
	for _, c := range s.Checks {
		res := evaluate(rd, s, c, explainAll)
		r.Checks = append(r.Checks, res)
		if res.Decision != c.Want {
			fail(c.WantAt, "%s: want %s, got %s: %s", c.Name, c.Want, res.Decision, res.Reason)
		}
	}
	for _, f := range s.Findings {
		var p *Policy
		for _, q := range s.Policies {
			if q.Name == f.Policy {
				p = q
			}
		}
		if p == nil {
			fail(f.Line, "no policy is named %q", f.Policy)
			continue
		}
		got := rd.Compile(p.Kind, p.Name, p.Text)
		found := false
		var codes []string
		for _, pf := range got.Findings {
			found = found || pf.Code == f.Code
			codes = append(codes, pf.Code)
		}
		if !found {
			fail(f.Line, "policy %s: want finding %s, got %s", f.Policy, f.Code, orNone(codes))
		}
	}
	r.runCalls(fail)
	return r
}

func orNone(codes []string) string {
	if len(codes) == 0 {
		return "none"
	}
	return strings.Join(codes, ", ")
}

// Test runs the scenario and returns the expectations that did not hold, or nil.
func Test(s *Scenario) error {
	if f := Run(s).Failures; len(f) > 0 {
		return f
	}
	return nil
}

// tab is the policy as an entry of the evaluation document's "policies" list: a
// playground tab.
func (p *Policy) tab(enabled bool) playground.Tab {
	return playground.Tab{Kind: p.Kind, Name: p.Name, Enabled: enabled, Level: p.Level, Text: p.Text}
}

// document is the evaluation document (docs/contract.md, list form) of one check: the
// playground's state for it, without the policies' texts, which the reader takes beside it
// (authz.Reader.Texts), so that a check costs its request, not a copy of every policy.
func document(s *Scenario, c *Check) []byte {
	// entry is a tab whose text the reader takes from Texts: "text" is left out.
	type entry struct {
		playground.Tab
		Text *string `json:"text,omitempty"`
	}
	doc := struct {
		Policies []entry         `json:"policies"`
		Request  json.RawMessage `json:"request"`
	}{Request: c.Request}
	for i, p := range s.Policies {
		doc.Policies = append(doc.Policies, entry{Tab: p.tab(c.Enabled[i])})
	}
	b, _ := json.Marshal(doc)
	return b
}

// evaluate decides a check, and explains it when asked to or when the decision is not
// the one wanted.
func evaluate(rd *authz.Reader, s *Scenario, c *Check, explain bool) *authz.Result {
	d, fs := rd.Read(document(s, c))
	if d == nil {
		return &authz.Result{Decision: authz.ImplicitDeny, Reason: "the evaluation document could not be read", Findings: fs}
	}
	q := authz.Prepare(d.Request)
	if !explain {
		if dec := d.Input.Decide(q); dec == c.Want {
			return &authz.Result{Decision: dec}
		}
	}
	res := d.Input.ExplainTrimmed(q, playground.TrimAbove) // as the playground explains a large policy
	res.Findings = append(fs, res.Findings...)
	return res
}

// runCalls runs the transcript and compares each answer with the one written.
func (r *Report) runCalls(fail func(int, string, ...any)) {
	s := r.Scenario
	if len(s.Calls) == 0 {
		return
	}
	if s.World == nil || s.World.Text == nil {
		fail(s.Calls[0].Line, "the world file %s was not read (read scenarios with ParseFile or Load)", s.World.Src)
		return
	}
	w, fs := world.Read(s.World.Text)
	if fs.HasErrors() {
		fail(s.World.Line, "the world has errors: %s", policy.Summary(fs))
		return
	}
	st := secrets.New(w, secrets.Options{Seed: 1})
	for _, c := range s.Calls {
		who, err := w.Caller(c.Caller)
		if err != nil {
			r.Calls = append(r.Calls, nil)
			fail(c.Line, "%s: %v", c.Caller, err)
			continue
		}
		net := secrets.Network{SourceIP: c.SourceIP, VPCEndpoint: c.VPCE, TLS: !c.NoTLS}
		if c.VPCE != "" {
			net.SourceIP = ""
		}
		res := st.Call(secrets.Call{Caller: who, Region: c.Region, Network: net, Operation: c.Operation, Input: c.Input})
		r.Calls = append(r.Calls, res)
		if msg := mismatch(c, res); msg != "" {
			fail(c.Line, "%s %s: %s", c.Operation, c.Caller, msg)
		}
	}
}

// mismatch says how a call's answer differs from the one written, or "".
func mismatch(c *Call, res *secrets.Result) string {
	exp := c.Expected
	if typ, op, msg, ok := awsError(exp); ok {
		switch {
		case res.Err == nil:
			return "want " + typ + ", but the call succeeded: " + compact(res.Output)
		case op != c.Operation:
			return "the error line names the operation " + op + ", the call is " + c.Operation
		case res.Err.Type != typ:
			return "want " + typ + ", got " + res.Err.Type + ": " + res.Err.Message
		case msg != "" && !strings.HasSuffix(msg, "...") && msg != res.Err.Message:
			return "want the message " + msg + ", got " + res.Err.Message
		case strings.HasSuffix(msg, "...") && !strings.HasPrefix(res.Err.Message, strings.TrimSuffix(msg, "...")):
			return "want a message starting " + strings.TrimSuffix(msg, "...") + ", got " + res.Err.Message
		}
		return ""
	}
	if res.Err != nil {
		return "want success, got " + res.Err.Type + ": " + res.Err.Message
	}
	if exp == "" {
		return ""
	}
	var want, got any
	if json.Unmarshal([]byte(exp), &want) != nil || json.Unmarshal(res.Output, &got) != nil {
		return "the response is not JSON: " + compact(res.Output)
	}
	if p := contains(got, want, ""); p != "" {
		return p + "; the response: " + compact(res.Output)
	}
	return ""
}

// contains reports where want is not part of got: objects by the members written, arrays
// element by element with the same length, anything else equal.
func contains(got, want any, at string) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return "at " + orRoot(at) + ": want an object"
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return "no " + at + "/" + k + " in the response"
			}
			if p := contains(gv, wv, at+"/"+k); p != "" {
				return p
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("at %s: want %d elements", orRoot(at), len(w))
		}
		for i := range w {
			if p := contains(g[i], w[i], fmt.Sprintf("%s/%d", at, i)); p != "" {
				return p
			}
		}
		return ""
	default:
		if !reflect.DeepEqual(got, want) {
			return fmt.Sprintf("at %s: want %v, got %v", orRoot(at), want, got)
		}
		return ""
	}
}

func orRoot(at string) string {
	if at == "" {
		return "/"
	}
	return at
}

func compact(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}
