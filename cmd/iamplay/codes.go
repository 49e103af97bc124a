package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/iamplay/iamplay/engine/policy"
)

func init() {
	register(&command{
		name:    "codes",
		args:    "[--format text|json] [CODE...]",
		summary: "list the finding codes: severity, whether AWS refuses the policy, and the AWS page it rests on",
		detail: "Without CODE, every code the engine can report. \"AWS refuses\" codes make IAM, Secrets\n" +
			"Manager or Organizations reject the policy (MalformedPolicyDocument), so eval answers\n" +
			"Refused; \"AWS reports\" codes are Access Analyzer's kind: AWS stores the policy and\n" +
			"evaluates it as written. Exit status: 0 done; 2 an unknown code or bad usage.",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			format := fs.String("format", "text", "output `format`: text (for people) or json (the catalogue's entries)")
			return func(s stdio, names []string) int { return listCodes(s, *format, names) }
		},
	})
}

// awsText says in words what AWS does with a policy that has a finding of the code.
var awsText = map[policy.Response]string{
	policy.Refuses: "AWS refuses the policy",
	policy.Reports: "AWS stores and evaluates the policy",
	policy.Input:   "about the evaluation document, not a policy",
}

// listCodes prints the named codes (all when none is named) from the code catalogue.
func listCodes(s stdio, format string, names []string) int {
	if format != "text" && format != "json" {
		fmt.Fprintf(s.err, "iamplay codes: unknown format %q (want text or json)\n", format)
		return exitUsage
	}
	infos := policy.Codes()
	if len(names) > 0 {
		infos = make([]policy.CodeInfo, 0, len(names))
		for _, n := range names {
			c, ok := policy.LookupCode(n)
			if !ok {
				fmt.Fprintf(s.err, "iamplay codes: unknown code %q\n", n)
				return exitUsage
			}
			infos = append(infos, c)
		}
	}
	if format == "json" {
		enc := json.NewEncoder(s.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(infos); err != nil {
			return exitUsage
		}
		return exitOK
	}
	var b strings.Builder
	for _, c := range infos {
		fmt.Fprintf(&b, "%s  %s  %s\n    %s\n    basis: %s\n", c.Code, c.Severity, awsText[c.AWS], c.Summary, c.Basis)
	}
	_, err := fmt.Fprint(s.out, b.String())
	if err != nil {
		return exitUsage
	}
	return exitOK
}
