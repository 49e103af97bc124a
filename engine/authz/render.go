package authz

import (
	"fmt"
	"io"
	"strings"

	"github.com/iamplay/iamplay/engine/policy"
)

// RenderText draws a result for a person: the decision and AWS's sentence, the verdict of
// each layer in the order AWS applies them, the chain of combinations with the table that
// governs the deciding step and its row marked, and the trace of every statement and
// condition.
func RenderText(w io.Writer, title string, res *Result) error {
	var b strings.Builder
	if title != "" {
		fmt.Fprintf(&b, "%s: %s\n", title, res.Decision)
	} else {
		fmt.Fprintf(&b, "%s\n", res.Decision)
	}
	fmt.Fprintf(&b, "  %s\n\n", res.Reason)
	if len(res.Refused) > 0 {
		b.WriteString("AWS would refuse these policies (the verdicts below are for study only)\n")
		for _, r := range res.Refused {
			fmt.Fprintf(&b, "  %s %d:%d: %s %s: %s\n", r.Policy, r.Range.Start.Line, r.Range.Start.Column, r.Error, r.Code, r.Message)
		}
		b.WriteByte('\n')
	}

	b.WriteString("Verdicts, in the order AWS applies them\n")
	fmt.Fprintf(&b, "  %-10s  %-7s\n", "layer", "verdict")
	fmt.Fprintf(&b, "  %s  %s\n", strings.Repeat("─", 10), strings.Repeat("─", 7))
	for _, l := range res.Layers {
		mark := ""
		if l.Decided {
			mark = "  ← decided " + string(res.Decision)
		}
		fmt.Fprintf(&b, "  %-10s  %-7s%s\n", l.Kind, l.Verdict, mark)
	}
	if res.SameAccount {
		b.WriteString("  (caller and secret are in the same account)\n")
	} else {
		b.WriteString("  (cross-account: the identity side and the resource policy must both allow)\n")
	}

	renderChain(&b, res)

	b.WriteString("\nTrace\n")
	for _, p := range res.Policies {
		name := p.Ref.String()
		if p.Name != "" && p.Name != name {
			name = p.Name + " (" + name + ")"
		}
		fmt.Fprintf(&b, "  %s %s: %s\n", p.Kind, name, p.Verdict)
		for _, s := range p.Statements {
			label := s.Sid
			if label == "" {
				label = fmt.Sprintf("#%d", s.Index+1) // statements are numbered from 1 where people read them
			}
			fmt.Fprintf(&b, "    %s %s %s  (line %d)\n", tick(s.Matched), s.Effect, label, s.Range.Start.Line)
			fmt.Fprintf(&b, "        %s action     %s\n", tick(s.Action.Matched), s.Action.Why)
			fmt.Fprintf(&b, "        %s resource   %s\n", tick(s.Resource.Matched), s.Resource.Why)
			if s.Principal != nil {
				fmt.Fprintf(&b, "        %s principal  %s\n", tick(s.Principal.Matched), s.Principal.Why)
			}
			for _, c := range s.Conditions {
				fmt.Fprintf(&b, "        %s condition  %s\n", tick(c.Result), c.Why)
			}
		}
	}
	if len(res.Derived) > 0 {
		b.WriteString("\nDerived context (AWS sends these keys; the request did not give them)\n")
		for _, d := range res.Derived {
			fmt.Fprintf(&b, "  %s = %s  (%s)\n", d.Key, strings.Join(d.Values, ", "), d.Why)
		}
	}
	if len(res.MissingContext) > 0 {
		fmt.Fprintf(&b, "\nMissing context: %s\n", strings.Join(res.MissingContext, ", "))
	}
	if n := len(res.Findings); n > 0 {
		fs := make(policy.Findings, n)
		for i, f := range res.Findings {
			fs[i] = f.Finding
		}
		fmt.Fprintf(&b, "\nFindings: %s\n", policy.Summary(fs))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func tick(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// renderChain draws the chain step by step and the table of the step that decides, its row
// marked: the marked row's result is the decision.
func renderChain(b *strings.Builder, res *Result) {
	if len(res.Chain) == 0 {
		return
	}
	b.WriteString("\nThe chain: each result is the next Policy A, as the seed combines policies\n")
	fmt.Fprintf(b, "  %-4s  %-22s  %-7s  %-12s  %-3s  %s\n", "step", "Policy B", "verdict", "table", "row", "result")
	var decides *Step
	for i := range res.Chain {
		s := &res.Chain[i]
		row := ""
		if s.Row > 0 {
			row = fmt.Sprint(s.Row)
		}
		mark := ""
		if s.Decides {
			decides, mark = s, "  ← decides"
		}
		if s.Departs {
			mark += "  (AWS departs from the seed's table here)"
		}
		fmt.Fprintf(b, "  %-4d  %-22s  %-7s  %-12s  %-3s  %s%s\n", i+1, s.Name, s.Verdict, s.Table, row, s.Result, mark)
	}
	if decides == nil || decides.Table == "" {
		return
	}
	for _, t := range Tables {
		if t.Kind != decides.Table {
			continue
		}
		fmt.Fprintf(b, "\nPolicy A (the result so far) × Policy B (%s): %s\n", decides.Name, t.Title)
		fmt.Fprintf(b, "  %s\n", decides.Why)
		fmt.Fprintf(b, "     %-8s %-8s %s\n", "A", "B", "effective")
		for _, r := range t.Rows {
			mark := "   "
			if r.Index == decides.Row && res.Decision != Refused {
				mark = "▶  "
			}
			fmt.Fprintf(b, "  %s%-8s %-8s %s\n", mark, r.PolicyA, r.PolicyB, r.Effective)
		}
	}
}
