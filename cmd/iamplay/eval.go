package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

func init() {
	register(&command{
		name:    "eval",
		args:    "[--explain] [--format json|text] [--check] [FILE...]",
		summary: "decide evaluation documents: Allow, ExplicitDeny or ImplicitDeny (Refused when AWS would reject a policy)",
		detail: "Each FILE (or standard input, or -) is one evaluation document (see DESIGN.md).\n" +
			"JSON output is one object per line with file and decision; --explain adds the verdicts,\n" +
			"the table row, the statement trace and missing context. Text output draws the verdict\n" +
			"table and the trace for a person.\n" +
			"A document with a policy AWS would refuse (MalformedPolicyDocument: bad grammar, a Sid\n" +
			"or partition AWS rejects, ...) decides Refused, and the refusing findings go to standard\n" +
			"error; errors AWS only reports (an unknown action) do not stop the decision.\n" +
			"Exit status: 0 done; 1 with --check, a document's want.decision disagrees; 2 a document\n" +
			"is invalid (its findings are printed as validate prints them) or cannot be read.",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			explain := fs.Bool("explain", false, "include verdicts, table row and trace")
			format := fs.String("format", "json", "output `format`: json (a line per document) or text (for people)")
			check := fs.Bool("check", false, "exit 1 when a document's want.decision differs from the decision")
			return func(s stdio, files []string) int {
				return evaluate(s, evalOptions{explain: *explain, format: *format, check: *check}, files)
			}
		},
	})
}

type evalOptions struct {
	explain, check bool
	format         string
}

// evalLine is one line of JSON output.
type evalLine struct {
	File     string          `json:"file"`
	Name     string          `json:"name,omitempty"`
	Decision authz.Decision  `json:"decision"`
	Want     authz.Decision  `json:"want,omitempty"`
	Reason   string          `json:"reason,omitempty"`
	Refused  []authz.Refusal `json:"refused,omitempty"` // the policies AWS would refuse (decision Refused)
	*authz.Result
}

func evaluate(s stdio, o evalOptions, files []string) int {
	if o.format != "text" && o.format != "json" {
		fmt.Fprintf(s.err, "iamplay eval: unknown format %q (want json or text)\n", o.format)
		return exitUsage
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	status := exitOK
	enc := json.NewEncoder(s.out)
	for _, name := range files {
		display, src, err := readInput(s, name, authz.MaxDocumentBytes)
		if err != nil {
			fmt.Fprintf(s.err, "iamplay eval: cannot read %s: %v\n", display, unwrapPath(err))
			status = exitUsage
			continue
		}
		doc, res := authz.Evaluate(src)
		if doc == nil || !res.Valid && len(res.Refused) == 0 {
			printFindings(s.err, display, src, res.Findings)
			status = exitUsage
			continue
		}
		if len(res.Refused) > 0 {
			printFindings(s.err, display, src, refusing(res.Findings))
		}
		if o.check && doc.Want != "" && doc.Want != res.Decision && status == exitOK {
			status = exitFindings
		}
		if o.format == "text" {
			title := display
			if doc.Name != "" {
				title += " (" + doc.Name + ")"
			}
			if err := authz.RenderText(s.out, title, res); err != nil {
				return exitUsage
			}
			if doc.Want != "" && doc.Want != res.Decision {
				fmt.Fprintf(s.out, "\nwant %s, got %s\n", doc.Want, res.Decision)
			}
			fmt.Fprintln(s.out)
			continue
		}
		line := evalLine{File: display, Name: doc.Name, Decision: res.Decision, Want: doc.Want, Reason: res.Reason, Refused: res.Refused}
		if o.explain {
			line.Result = res
		}
		if err := enc.Encode(line); err != nil {
			return exitUsage
		}
	}
	return status
}

// refusing keeps the findings for which AWS refuses a policy.
func refusing(fs []authz.Finding) []authz.Finding {
	var out []authz.Finding
	for _, f := range fs {
		if f.Refused {
			out = append(out, f)
		}
	}
	return out
}

// printFindings renders an evaluation document's findings as validate does, grouped by policy.
func printFindings(w io.Writer, file string, src []byte, fs []authz.Finding) {
	pf := make(policy.Findings, 0, len(fs))
	for _, f := range fs {
		f.Message = f.Policy.String() + ": " + f.Message
		pf = append(pf, f.Finding)
	}
	_ = policy.Render(w, file, src, pf, policy.RenderOptions{})
	fmt.Fprintln(w, policy.Summary(pf))
}
