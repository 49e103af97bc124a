package playground

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// SavedScenario is SaveScenario's reply: a scenario document (scenarios/*.md, read by
// internal/scenario) and a file name for it.
type SavedScenario struct {
	Markdown string         `json:"markdown"`
	File     string         `json:"file"`     // a file name for it: saved-scenario.md
	Decision authz.Decision `json:"decision"` // the decision written as the expectation
}

// SaveScenario writes the playground's state as a scenario document a documentation author
// can commit: one policy block per tab (switched-off tabs marked off), the request, and the
// decision it gets now as the expected one, with the Exercise and Sources sections left for
// the author. texts are the tabs' texts, as Evaluate takes them.
func SaveScenario(state []byte, texts ...string) []byte {
	return guard("SaveScenario", func() []byte {
		doc, fs := read(state, texts...)
		if doc == nil {
			return unreadable(fs)
		}
		q := doc.Request
		if q.Principal == "" || q.Action == "" {
			return errorJSON(CodeBadArgument, "a scenario's request needs a principal and an action")
		}
		res := doc.Input.Explain(authz.Prepare(q))
		var b strings.Builder
		b.WriteString("---\ntitle: Saved from the playground\nsummary: " + yamlString(res.Reason) + "\ntags: [playground]\n---\n\n")
		b.WriteString("# Saved from the playground\n\nSay here what the reader should see, and why.\n")
		seen := map[string]bool{}
		for _, e := range doc.Entries {
			if e.Policy == nil || e.Policy.Doc == nil || strings.TrimSpace(string(e.Policy.Doc.Source)) == "" {
				continue
			}
			info := "json policy kind=" + string(e.Policy.Kind)
			if name := infoName(e.Policy.Name, seen); name != "" {
				info += " name=" + name
			}
			if e.Policy.Kind == policy.KindSCP {
				info += " level=" + strconv.Itoa(e.Level)
			}
			if !e.Enabled {
				info += " off"
			}
			b.WriteString("\n")
			fenced(&b, info, string(e.Policy.Doc.Source))
		}
		b.WriteString("\n")
		fenced(&b, "json request", requestJSON(q))
		b.WriteString("\n")
		fenced(&b, "text expect", string(res.Decision))
		b.WriteString("\n## Exercise\n\nChange one line so that ...\n\n## Sources\n\n> The sentence of the AWS documentation this outcome rests on.\n\nIts page, with a link.\n")
		return marshal(SavedScenario{Markdown: b.String(), File: "saved-scenario.md", Decision: res.Decision})
	})
}

// fenced writes a fenced block whose fence is longer than any run of backticks in text.
func fenced(b *strings.Builder, info, text string) {
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	b.WriteString(fence + info + "\n" + strings.TrimRight(text, "\n") + "\n" + fence + "\n")
}

// infoName is a policy name as an info-string attribute value, unique among those written;
// "" for a policy with no name.
func infoName(name string, seen map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if r == '"' || r == '\n' || r == '\r' || r == '`' {
			return '\''
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		return ""
	}
	base := name
	for i := 2; seen[name]; i++ {
		name = base + " " + strconv.Itoa(i)
	}
	seen[name] = true
	if strings.ContainsAny(name, " \t=") {
		return `"` + name + `"`
	}
	return name
}

// requestJSON writes a request as the evaluation document does (docs/contract.md): a
// context value is a string or a list, a key AWS does not send is null.
func requestJSON(q authz.Request) string {
	type out struct {
		Principal     string                     `json:"principal"`
		Action        string                     `json:"action"`
		Resource      string                     `json:"resource,omitempty"`
		Context       map[string]json.RawMessage `json:"context,omitempty"`
		Time          string                     `json:"time,omitempty"`
		Derive        *bool                      `json:"derive,omitempty"`
		SessionIssuer string                     `json:"sessionIssuer,omitempty"`
	}
	o := out{Principal: q.Principal, Action: q.Action, Resource: q.Resource, Time: q.Time, SessionIssuer: q.SessionIssuer}
	if q.NoDerive {
		f := false
		o.Derive = &f
	}
	keys := make([]string, 0, len(q.Context))
	for k := range q.Context {
		keys = append(keys, k)
	}
	// sort.Slice, not sort.Strings: the .wasm has its sort already (slices.Sort for strings is 5 KB gzip more)
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, k := range keys {
		if o.Context == nil {
			o.Context = map[string]json.RawMessage{}
		}
		v := q.Context[k]
		if len(v) == 1 {
			o.Context[k], _ = json.Marshal(v[0])
		} else {
			o.Context[k], _ = json.Marshal(v)
		}
	}
	for _, k := range q.Absent {
		if o.Context == nil {
			o.Context = map[string]json.RawMessage{}
		}
		o.Context[k] = json.RawMessage("null")
	}
	b, _ := json.MarshalIndent(o, "", "  ")
	return string(b)
}

// yamlString quotes s for YAML: a JSON string is a YAML double-quoted scalar.
func yamlString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
