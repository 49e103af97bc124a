package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/iamplay/iamplay/internal/scenario"
)

func init() {
	register(&command{
		name:    "scenarios",
		args:    "test|export [--dir DIR] [--out DIR] [FILE...]",
		summary: "check the scenario documents (scenarios/*.md), or publish them as JSON",
		detail: "test evaluates every request of each scenario and runs its calls, and prints each\n" +
			"expectation that does not hold as FILE:LINE: what was wanted and what came.\n" +
			"export writes each scenario as JSON (SLUG.json in --out) for the site and the embed;\n" +
			"the package doc of internal/scenario describes the shape.\n" +
			"Without FILEs, every *.md in --dir.\n" +
			"Exit status: 0 every expectation holds; 1 a scenario is malformed or an expectation fails;\n" +
			"2 bad usage or an unreadable directory.",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			o := scenariosOptions{}
			fs.StringVar(&o.dir, "dir", "scenarios", "the `directory` of the scenarios when no FILE is given")
			fs.StringVar(&o.out, "out", "", "export: the `directory` to write SLUG.json into (default: standard output, one JSON per line)")
			return func(s stdio, args []string) int { return scenarios(s, o, args) }
		},
	})
}

type scenariosOptions struct{ dir, out string }

func scenarios(s stdio, o scenariosOptions, args []string) int {
	if len(args) == 0 || (args[0] != "test" && args[0] != "export") {
		fmt.Fprintln(s.err, "iamplay scenarios: want test or export (iamplay help scenarios)")
		return exitUsage
	}
	verb, files := args[0], args[1:]
	var all []*scenario.Scenario
	status, malformed := exitOK, 0
	if len(files) == 0 {
		var err error
		all, err = scenario.Load(o.dir)
		if es, ok := err.(scenario.Errors); ok {
			fmt.Fprintln(s.err, es)
			status, malformed = exitFindings, malformedFiles(es)
		} else if err != nil {
			fmt.Fprintf(s.err, "iamplay scenarios: %v\n", err)
			return exitUsage
		}
		if len(all) == 0 && status == exitOK {
			fmt.Fprintf(s.err, "iamplay scenarios: no scenario (*.md) in %s\n", o.dir)
			return exitUsage
		}
	}
	for _, f := range files {
		sc, err := scenario.ParseFile(f)
		if err != nil {
			fmt.Fprintln(s.err, err)
			status = exitFindings
			malformed++
			continue
		}
		all = append(all, sc)
	}
	if verb == "export" {
		return max(status, exportScenarios(s, o, all))
	}
	checks, calls, failed := 0, 0, 0
	for _, sc := range all {
		r := scenario.Run(sc)
		checks += len(sc.Checks) + len(sc.Findings)
		calls += len(sc.Calls)
		if len(r.Failures) > 0 {
			fmt.Fprintln(s.err, r.Failures)
			failed++
			status = exitFindings
		}
	}
	fmt.Fprintf(s.out, "%d scenarios, %d decisions and findings, %d calls: %s\n", len(all), checks, calls, verdict(failed, malformed))
	return status
}

func verdict(failed, malformed int) string {
	switch {
	case failed == 0 && malformed == 0:
		return "ok"
	case malformed == 0:
		return fmt.Sprintf("%d failing", failed)
	}
	return fmt.Sprintf("%d failing, %d malformed", failed, malformed)
}

// malformedFiles counts the files the errors are about.
func malformedFiles(es scenario.Errors) int {
	files := map[string]bool{}
	for _, e := range es {
		files[e.File] = true
	}
	return len(files)
}

// exportScenarios writes each scenario's JSON to --out, or one per line to standard output.
func exportScenarios(s stdio, o scenariosOptions, all []*scenario.Scenario) int {
	if o.out != "" {
		if err := os.MkdirAll(o.out, 0o755); err != nil {
			fmt.Fprintf(s.err, "iamplay scenarios: %v\n", err)
			return exitUsage
		}
	}
	status := exitOK
	for _, sc := range all {
		p := scenario.Publish(sc)
		if !p.Pass {
			fmt.Fprintf(s.err, "iamplay scenarios: %s does not pass its own expectations (iamplay scenarios test %s)\n", sc.File, sc.File)
			status = exitFindings
		}
		b, err := scenario.Export(sc)
		if err != nil {
			fmt.Fprintf(s.err, "iamplay scenarios: %s: %v\n", sc.File, err)
			return exitUsage
		}
		if o.out == "" {
			s.out.Write(compactLine(b))
			continue
		}
		if err := os.WriteFile(filepath.Join(o.out, sc.Slug+".json"), append(b, '\n'), 0o644); err != nil {
			fmt.Fprintf(s.err, "iamplay scenarios: %v\n", unwrapPath(err))
			return exitUsage
		}
	}
	return status
}

// compactLine is JSON on one line, for a stream of documents.
func compactLine(b []byte) []byte {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return append(b, '\n')
	}
	out.WriteByte('\n')
	return out.Bytes()
}
