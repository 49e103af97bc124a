// Command iamplay checks and evaluates AWS IAM policies for AWS Secrets Manager.
//
// Each subcommand lives in a file of its own and registers itself in init with register;
// main only dispatches. Exit status: 0 success, 1 the input has errors (the command says which),
// 2 the command could not do its job (bad usage, unreadable file).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
)

// Exit statuses shared by every subcommand.
const (
	exitOK       = 0 // done; nothing wrong with the input
	exitFindings = 1 // done; the input has errors
	exitUsage    = 2 // could not do the job: bad arguments, unreadable input
)

// version is the release, set at build time with -ldflags "-X main.version=v1.2.3".
var version = "devel"

// stdio is where a command reads and writes, so tests run commands in-process.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// command is one subcommand: its name, its argument synopsis, a one-line summary for the
// overview, a paragraph for its own help, and setup, which defines the command's flags on fs
// and returns what runs with the remaining arguments.
type command struct {
	name    string
	args    string
	summary string
	detail  string
	setup   func(fs *flag.FlagSet) func(s stdio, args []string) int
}

// commands is every registered subcommand by name.
var commands = map[string]*command{}

// register adds a subcommand; each command file calls it from init.
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("iamplay: command registered twice: " + c.name) // a programming error, caught by any test
	}
	commands[c.name] = c
}

func main() {
	os.Exit(run(os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}))
}

// run dispatches the arguments (without the program name) to a subcommand and returns the exit status.
func run(args []string, s stdio) int {
	if len(args) == 0 {
		usage(s.err)
		return exitUsage
	}
	switch name := args[0]; name {
	case "help", "-h", "-help", "--help":
		return help(args[1:], s)
	case "version", "--version":
		fmt.Fprintln(s.out, versionString())
		return exitOK
	default:
		c, ok := commands[name]
		if !ok {
			fmt.Fprintf(s.err, "iamplay: unknown command %q\n\n", name)
			usage(s.err)
			return exitUsage
		}
		return c.exec(args[1:], s)
	}
}

// exec parses the command's flags, which may come before, between or after its other
// arguments ("--" ends the flags), and runs it.
func (c *command) exec(args []string, s stdio) int {
	fs := c.flagSet(s.err)
	action := c.setup(fs)
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK // the usage went to stderr, as flag does for -h
	}
	if err != nil {
		return exitUsage // flag printed the problem and the usage
	}
	return action(s, rest)
}

// flagSet is a flag set for the command whose usage names the command and its arguments.
func (c *command) flagSet(w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("iamplay "+c.name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: iamplay %s %s\n\n%s.\n", c.name, c.args, upperFirst(c.summary))
		if c.detail != "" {
			fmt.Fprintf(fs.Output(), "\n%s\n", c.detail)
		}
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintf(fs.Output(), "\nflags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseInterspersed parses flags anywhere in args and returns the other arguments in order.
// A lone "-" is an argument (standard input); everything after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		remaining := fs.Args()
		if len(remaining) == 0 {
			return rest, nil
		}
		if consumed := len(args) - len(remaining); consumed > 0 && args[consumed-1] == "--" {
			return append(rest, remaining...), nil
		}
		rest = append(rest, remaining[0])
		args = remaining[1:]
	}
}

// help prints the overview, or one command's usage with its flags.
func help(args []string, s stdio) int {
	if len(args) == 0 {
		usage(s.out)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(s.err, "iamplay help: unknown command %q\n", args[0])
		return exitUsage
	}
	fs := c.flagSet(s.out)
	c.setup(fs)
	fs.Usage()
	return exitOK
}

// usage prints the overview: what iamplay is and every command.
func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("iamplay checks and evaluates AWS IAM policies for AWS Secrets Manager.\n\n")
	b.WriteString("usage: iamplay COMMAND [ARGUMENTS]\n\ncommands:\n")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprintf(&b, "  %-10s %s\n", "help", "show this overview, or a command's flags: iamplay help validate")
	fmt.Fprintf(&b, "  %-10s %s\n", "version", "print the version")
	io.WriteString(w, b.String())
}

// versionString names the release, the source revision when the binary was built from a
// git checkout, and the Go version.
func versionString() string {
	v := "iamplay " + version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, st := range bi.Settings {
			if st.Key == "vcs.revision" && len(st.Value) >= 12 {
				v += " " + st.Value[:12]
			}
		}
	}
	return v + " " + runtime.Version()
}

// upperFirst capitalises the first letter of a summary to make it a sentence.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
