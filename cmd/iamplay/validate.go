package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

func init() {
	register(&command{
		name:    "validate",
		args:    "[--kind identity|resource|boundary|scp|session|key|trust] [--format text|json] [--color auto|always|never] FILE...",
		summary: "check policy files and print findings like a compiler",
		detail: "FILE - reads standard input. Findings are printed by position, then a summary line.\n" +
			"Exit status: 0 no policy has errors (warnings allowed), 1 a policy has errors,\n" +
			"2 bad usage or a file that cannot be read (the other files are still checked).",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			kind := fs.String("kind", string(policy.KindIdentity), "the policy's `kind`: identity, resource, boundary, scp, session,\n"+
				"key (a KMS key policy) or trust (a role's trust policy)")
			format := fs.String("format", "text", "output `format`: text (for people) or json (for tools)")
			color := fs.String("color", "auto", "colour the text output: auto (when writing to a terminal), always or never")
			return func(s stdio, files []string) int {
				return validate(s, validateOptions{kind: *kind, format: *format, color: *color}, files)
			}
		},
	})
}

// validateOptions are the flags of iamplay validate, as given.
type validateOptions struct {
	kind, format, color string
}

// stdinName is what findings about standard input ("-") are reported as.
const stdinName = "<stdin>"

// validate checks each file as a policy of the kind and prints the findings, then a summary.
func validate(s stdio, o validateOptions, files []string) int {
	kind, err := policy.ParseKind(o.kind)
	if err != nil {
		fmt.Fprintf(s.err, "iamplay validate: %v\n", err)
		return exitUsage
	}
	if o.format != "text" && o.format != "json" {
		fmt.Fprintf(s.err, "iamplay validate: unknown format %q (want text or json)\n", o.format)
		return exitUsage
	}
	opts, err := colorOption(o.color, s.out)
	if err != nil {
		fmt.Fprintf(s.err, "iamplay validate: %v\n", err)
		return exitUsage
	}
	if len(files) == 0 {
		fmt.Fprintln(s.err, "iamplay validate: no files given (use - to read standard input)")
		return exitUsage
	}

	status, read := exitOK, 0
	var all policy.Findings
	var reports []policy.FileFindings
	for _, name := range files {
		display, src, err := readInput(s, name, policy.MaxSourceBytes)
		if err != nil {
			fmt.Fprintf(s.err, "iamplay validate: cannot read %s: %v\n", display, unwrapPath(err))
			status = exitUsage
			continue
		}
		read++
		_, fs := authz.Check(src, kind) // with the public-access check of resource-based kinds
		slices.SortStableFunc(fs, func(a, b policy.Finding) int { return a.Range.Start.Offset - b.Range.Start.Offset })
		all = append(all, fs...)
		if o.format == "json" {
			reports = append(reports, policy.FileFindings{File: display, Findings: fs})
			continue
		}
		if err := policy.Render(s.out, display, src, fs, opts); err != nil {
			fmt.Fprintf(s.err, "iamplay validate: %v\n", err)
			return exitUsage
		}
	}
	switch {
	case o.format == "json":
		if err := policy.RenderJSON(s.out, reports); err != nil {
			fmt.Fprintf(s.err, "iamplay validate: %v\n", err)
			return exitUsage
		}
	case read > 0: // a summary of nothing read would mislead
		fmt.Fprintln(s.out, policy.Summary(all))
	}
	if status == exitOK && all.HasErrors() {
		status = exitFindings
	}
	return status
}

// readInput reads a named file, or standard input for "-", and returns the name to report.
// It reads at most limit+1 bytes: enough for the engine to say the input is too large
// without holding all of it.
func readInput(s stdio, name string, limit int) (string, []byte, error) {
	if name == "-" {
		src, err := io.ReadAll(io.LimitReader(s.in, int64(limit)+1))
		return stdinName, src, err
	}
	f, err := os.Open(name)
	if err != nil {
		return name, nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	return name, src, err
}

// unwrapPath drops the operation and path from an *os.PathError, which the message already names.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// colorOption decides whether text output is coloured: always, never, or auto (when out is a
// terminal and NO_COLOR is unset, https://no-color.org).
func colorOption(mode string, out io.Writer) (policy.RenderOptions, error) {
	switch mode {
	case "always":
		return policy.RenderOptions{Color: true}, nil
	case "never":
		return policy.RenderOptions{}, nil
	case "auto":
		f, ok := out.(*os.File)
		if !ok || os.Getenv("NO_COLOR") != "" {
			return policy.RenderOptions{}, nil
		}
		st, err := f.Stat()
		return policy.RenderOptions{Color: err == nil && st.Mode()&os.ModeCharDevice != 0}, nil
	}
	return policy.RenderOptions{}, fmt.Errorf("unknown colour mode %q (want auto, always or never)", mode)
}
