package playground

import (
	"encoding/json"
	"strconv"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/internal/jsonstr"
	"github.com/iamplay/iamplay/engine/policy"
)

// The policies of an answer are most of its bytes (a 2,100-statement policy explains a few
// hundred statements, 180 KB), and encoding/json's reflection over them cost more than the
// edit itself, three times more in WebAssembly. They are written here by hand, exactly as
// encoding/json writes them (same keys, omissions and escaping: TestAnswerEncoding), and so
// are the findings; the rest of the answer by encoding/json.

// answerRest is an Answer without its policies and findings: its fields, always nil, hide
// the Result's.
type answerRest struct {
	*authz.Result
	Policies *struct{} `json:"policies,omitempty"`
	Findings *struct{} `json:"findings,omitempty"`
}

// encodeAnswer writes a as json.Marshal does, but for the order of the keys: "findings"
// and "policies" come last.
func encodeAnswer(a *Answer) []byte { return appendAnswer(nil, a) }

// appendAnswer is encodeAnswer appending to dst: a caller that hands each answer over before
// the next (wasm/playground) writes them all into one buffer. The answer about a
// 2,100-statement policy is up to a few hundred KB, garbage on every edit, and garbage is
// what brings on the collections that made the slowest of those edits slow.
func appendAnswer(dst []byte, a *Answer) []byte {
	b, err := json.Marshal(answerRest{Result: a.Result})
	if err != nil || len(b) < 2 || b[len(b)-1] != '}' {
		return append(dst, marshal(a)...)
	}
	n := len(b) + 256 // room for the policies: an explained statement takes about a kilobyte
	n += 512 * len(a.Findings)
	for i := range a.Policies {
		n += 256 + 1024*len(a.Policies[i].Statements)
	}
	if cap(dst)-len(dst) < n {
		dst = append(make([]byte, 0, len(dst)+n), dst...)
	}
	w := &jsonWriter{b: append(dst, b[:len(b)-1]...)}
	if len(b) > 2 {
		w.raw(",")
	}
	w.findings(a.Findings)
	w.policies(a.Policies)
	w.raw("}")
	return w.b
}

// jsonWriter appends JSON to b; its methods write a key (with what precedes it) and a value.
// (Calls, not appends written out: in WebAssembly each append is a hundred bytes of code.)
type jsonWriter struct{ b []byte }

func (w *jsonWriter) raw(s string) { w.b = append(w.b, s...) }

func (w *jsonWriter) str(key, s string) {
	w.raw(key)
	w.b = appendString(w.b, s)
}

func (w *jsonWriter) int(key string, n int) {
	w.raw(key)
	w.b = strconv.AppendInt(w.b, int64(n), 10)
}

func (w *jsonWriter) bool(key string, v bool) {
	w.raw(key)
	w.b = strconv.AppendBool(w.b, v)
}

// open writes key and "[", or key and "null" for a nil list, and reports which.
func (w *jsonWriter) open(key string, isNil bool) bool {
	w.raw(key)
	if isNil {
		w.raw("null")
		return false
	}
	w.raw("[")
	return true
}

// comma writes the comma before every element of a list but the first.
func (w *jsonWriter) comma(i int) {
	if i > 0 {
		w.raw(",")
	}
}

// findings writes the findings and the comma after them (a long policy's answer has a
// hundred: reflection over them cost as much as the rest of the answer).
func (w *jsonWriter) findings(fs []FindingAnswer) {
	if w.open(`"findings":`, fs == nil) {
		var ref authz.Ref
		var policy string // ref's locator: a long policy's hundred findings are mostly one policy's
		for i := range fs {
			w.comma(i)
			f := &fs[i]
			if i == 0 || f.Policy != ref {
				ref, policy = f.Policy, f.Policy.String()
			}
			w.findingAt(&f.Finding, policy)
			w.int(`,"tab":`, f.Tab)
			w.raw("}")
		}
		w.raw("]")
	}
	w.raw(",")
}

// finding writes a finding as encoding/json encodes an authz.Finding, but for the closing
// brace: findings adds the tab.
func (w *jsonWriter) finding(f *authz.Finding) { w.findingAt(f, f.Policy.String()) }

// findingAt writes f with policy, its policy's locator, but for the closing brace.
func (w *jsonWriter) findingAt(f *authz.Finding, policy string) {
	w.str(`{"policy":`, policy)
	w.str(`,"code":`, f.Code)
	w.str(`,"severity":`, string(f.Severity))
	if f.Refused {
		w.raw(`,"refused":true`)
	}
	w.str(`,"message":`, f.Message)
	w.str(`,"path":`, f.Path)
	w.rng(f.Range)
	if f.Suggestion != "" {
		w.str(`,"suggestion":`, f.Suggestion)
	}
}

func (w *jsonWriter) policies(ps []PolicyAnswer) {
	if !w.open(`"policies":`, ps == nil) {
		return
	}
	for i := range ps {
		w.comma(i)
		w.policy(&ps[i].PolicyResult)
		w.int(`,"tab":`, ps[i].Tab)
		w.raw("}")
	}
	w.raw("]")
}

// policy writes a policy's verdict and statements as encoding/json encodes an
// authz.PolicyResult, but for the closing brace: policies adds the tab.
func (w *jsonWriter) policy(p *authz.PolicyResult) {
	w.str(`{"kind":`, string(p.Kind))
	w.int(`,"index":`, p.Index)
	if p.Level != 0 {
		w.int(`,"level":`, p.Level)
	}
	w.str(`,"name":`, p.Name)
	w.str(`,"policy":`, p.Ref.String())
	w.str(`,"verdict":`, string(p.Verdict))
	if p.Strength != "" {
		w.str(`,"principalMatch":`, p.Strength)
	}
	w.statements(p.Statements)
	if p.Omitted != 0 {
		w.int(`,"omitted":`, p.Omitted)
	}
}

// result writes an explanation as encoding/json encodes an authz.Result: world mode writes
// one per call, and reflection over its policies was most of a call's garbage. The rare
// members (findings, refusals) go through encoding/json.
func (w *jsonWriter) result(r *authz.Result) {
	if r == nil {
		w.raw("null")
		return
	}
	w.str(`{"decision":`, string(r.Decision))
	w.str(`,"reason":`, r.Reason)
	w.str(`,"decidedBy":`, r.DecidedBy.String())
	w.bool(`,"sameAccount":`, r.SameAccount)
	if w.open(`,"layers":`, r.Layers == nil) {
		for i := range r.Layers {
			w.comma(i)
			l := &r.Layers[i]
			w.str(`{"kind":`, string(l.Kind))
			w.str(`,"verdict":`, string(l.Verdict))
			w.bool(`,"decided":`, l.Decided)
			if l.Note != "" {
				w.str(`,"note":`, l.Note)
			}
			w.raw("}")
		}
		w.raw("]")
	}
	if w.open(`,"policies":`, r.Policies == nil) {
		for i := range r.Policies {
			w.comma(i)
			w.policy(&r.Policies[i])
			w.raw("}")
		}
		w.raw("]")
	}
	w.int(`,"row":{"index":`, r.Row.Index)
	w.str(`,"policyA":`, string(r.Row.PolicyA))
	w.str(`,"policyB":`, string(r.Row.PolicyB))
	w.str(`,"effective":`, r.Row.Effective)
	w.str(`,"decision":`, string(r.Row.Decision))
	w.raw("}")
	if w.open(`,"chain":`, r.Chain == nil) {
		for i := range r.Chain {
			w.comma(i)
			w.step(&r.Chain[i])
		}
		w.raw("]")
	}
	if len(r.MissingContext) > 0 {
		w.strs(`,"missingContext":`, r.MissingContext)
	}
	if len(r.Derived) > 0 {
		w.open(`,"derived":`, false)
		for i := range r.Derived {
			w.comma(i)
			d := &r.Derived[i]
			w.str(`{"key":`, d.Key)
			w.strs(`,"value":`, d.Values)
			w.str(`,"from":`, d.From)
			w.str(`,"why":`, d.Why)
			w.raw("}")
		}
		w.raw("]")
	}
	if len(r.Findings) > 0 {
		w.open(`,"findings":`, false)
		for i := range r.Findings {
			w.comma(i)
			w.finding(&r.Findings[i])
			w.raw("}")
		}
		w.raw("]")
	}
	if len(r.Refused) > 0 {
		w.raw(`,"refused":`)
		w.encode(r.Refused)
	}
	w.bool(`,"valid":`, r.Valid)
	w.raw("}")
}

// step writes one step of an explanation's chain as encoding/json encodes an authz.Step.
func (w *jsonWriter) step(s *authz.Step) {
	w.str(`{"kind":`, string(s.Kind))
	if s.Level != 0 {
		w.int(`,"level":`, s.Level)
	}
	w.str(`,"name":`, s.Name)
	w.str(`,"verdict":`, string(s.Verdict))
	if s.Absent {
		w.raw(`,"absent":true`)
	}
	if s.A != "" {
		w.str(`,"a":`, string(s.A))
	}
	if s.Table != "" {
		w.str(`,"table":`, string(s.Table))
	}
	if s.Row != 0 {
		w.int(`,"row":`, s.Row)
	}
	w.str(`,"result":`, string(s.Result))
	if s.Departs {
		w.raw(`,"departs":true`)
	}
	if s.Decides {
		w.raw(`,"decides":true`)
	}
	w.str(`,"why":`, s.Why)
	w.str(`,"cite":`, s.Cite)
	w.raw("}")
}

// strs writes key and a list of strings, null when nil.
func (w *jsonWriter) strs(key string, ss []string) {
	if w.open(key, ss == nil) {
		for i, s := range ss {
			w.comma(i)
			w.str("", s)
		}
		w.raw("]")
	}
}

func (w *jsonWriter) statements(ss []policy.StatementResult) {
	if !w.open(`,"statements":`, ss == nil) {
		return
	}
	for i := range ss {
		w.comma(i)
		s := &ss[i]
		w.int(`{"index":`, s.Index)
		if s.Sid != "" {
			w.str(`,"sid":`, s.Sid)
		}
		w.str(`,"effect":`, s.Effect)
		w.bool(`,"matched":`, s.Matched)
		w.str(`,"path":`, s.Path)
		w.rng(s.Range)
		w.check(`,"action":`, &s.Action)
		w.check(`,"resource":`, &s.Resource)
		if s.Principal != nil {
			w.check(`,"principal":`, s.Principal)
		}
		if len(s.Conditions) > 0 {
			w.open(`,"conditions":`, false)
			for j := range s.Conditions {
				w.comma(j)
				w.condition(&s.Conditions[j])
			}
			w.raw("]")
		}
		w.raw("}")
	}
	w.raw("]")
}

func (w *jsonWriter) check(key string, c *policy.ElementCheck) {
	w.raw(key)
	w.bool(`{"matched":`, c.Matched)
	w.str(`,"why":`, c.Why)
	if c.Path != "" {
		w.str(`,"path":`, c.Path)
	}
	w.rng(c.Range)
	w.raw("}")
}

func (w *jsonWriter) condition(c *policy.ConditionResult) {
	w.str(`{"operator":`, c.Operator)
	w.str(`,"key":`, c.Key)
	w.strs(`,"values":`, c.Values)
	w.bool(`,"result":`, c.Result)
	if c.Missing {
		w.raw(`,"missing":true`)
	}
	w.str(`,"why":`, c.Why)
	w.str(`,"path":`, c.Path)
	w.rng(c.Range)
	w.raw("}")
}

// rangeKeys are what comes before each of a range's six numbers.
var rangeKeys = [...]string{`,"range":{"start":{"line":`, `,"column":`, `,"offset":`, `},"end":{"line":`, `,"column":`, `,"offset":`}

// rng writes `,"range":{...}`, in one loop: a range is written for every statement, element
// and condition an answer explains, and a call per member cost 7% of a world call in
// WebAssembly.
func (w *jsonWriter) rng(r policy.Range) {
	ns := [len(rangeKeys)]int{r.Start.Line, r.Start.Column, r.Start.Offset, r.End.Line, r.End.Column, r.End.Offset}
	for i, n := range ns {
		w.b = strconv.AppendInt(append(w.b, rangeKeys[i]...), int64(n), 10)
	}
	w.b = append(w.b, "}}"...)
}

// appendString writes s as a JSON string as encoding/json does, <, > and & escaped for HTML.
func appendString(b []byte, s string) []byte { return jsonstr.Append(b, s, true) }
