package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

func init() {
	register(&command{
		name:    "call",
		args:    "--as PRINCIPAL_ARN [--world FILE] [--region R] [--advance D] [--save FILE] ACTION [INPUT_JSON]",
		summary: "run one Secrets Manager call against a world, authorized by the engine",
		detail: "ACTION is a Secrets Manager operation (GetSecretValue); INPUT_JSON its request body as the\n" +
			"API Reference writes it ({\"SecretId\": \"TestEnv/db\"}), \"-\" for standard input, {} when absent.\n" +
			"Without --world the call runs against the default world. The response JSON goes to standard\n" +
			"output; an AWS error goes to standard error as the AWS CLI prints it, and a refusal (by a policy\n" +
			"or a KMS key) is followed by the authorization's explanation (--explain prints it for every\n" +
			"call). --save writes the world after the call, secret values included. --advance moves the\n" +
			"world's clock forward first\n" +
			"(90m, 12h, 30d): scheduled rotations run and recovery windows end; with it, ACTION may be left out.\n" +
			"Exit status: 0 the call succeeded; 1 it returned an AWS error (AccessDeniedException,\n" +
			"ResourceNotFoundException, ...); 2 the world, the principal or the arguments are unusable.",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			o := callOptions{}
			fs.StringVar(&o.world, "world", "", "the world `file` (default: the default world)")
			fs.StringVar(&o.as, "as", "", "the caller: a user, role session or root `ARN` of the world")
			fs.StringVar(&o.region, "region", "us-east-1", "the `region` of the endpoint called")
			fs.StringVar(&o.save, "save", "", "write the world after the call to `file`")
			fs.StringVar(&o.sourceIP, "source-ip", secrets.DefaultNetwork.SourceIP, "the caller's `address` (aws:SourceIp)")
			fs.StringVar(&o.vpce, "vpce", "", "the VPC endpoint `id` the call came through (aws:SourceVpce)")
			fs.BoolVar(&o.insecure, "no-tls", false, "the call came without TLS (aws:SecureTransport false)")
			fs.BoolVar(&o.explain, "explain", false, "print the authorization's explanation whatever the outcome")
			fs.Func("advance", "move the world's clock forward by `duration` (90m, 12h, 30d) before the call", func(v string) (err error) {
				o.advance, err = parseAdvance(v)
				return err
			})
			return func(s stdio, args []string) int { return call(s, o, args) }
		},
	})
}

type callOptions struct {
	world, as, region, save, sourceIP, vpce string
	insecure, explain                       bool
	advance                                 time.Duration
}

// loadWorld reads the world file at path, or gives the default world when path is "";
// a world with errors is reported on standard error, with its findings, and gives nil.
func loadWorld(s stdio, cmd, path string) *world.World {
	if path == "" {
		return world.Default()
	}
	_, src, err := readInput(s, path, world.MaxFileBytes)
	if err != nil {
		fmt.Fprintf(s.err, "iamplay %s: cannot read %s: %v\n", cmd, path, unwrapPath(err))
		return nil
	}
	w, fs := world.Read(src)
	if fs.HasErrors() {
		_ = policy.Render(s.err, path, src, fs, policy.RenderOptions{})
		fmt.Fprintln(s.err, policy.Summary(fs))
		return nil
	}
	return w
}

func call(s stdio, o callOptions, args []string) int {
	if len(args) < 1 && o.advance == 0 || len(args) > 2 || o.as == "" {
		fmt.Fprintln(s.err, "iamplay call: want --as PRINCIPAL_ARN, an ACTION and at most one INPUT_JSON (iamplay help call)")
		return exitUsage
	}
	w := loadWorld(s, "call", o.world)
	if w == nil {
		return exitUsage
	}
	who, err := w.Caller(o.as)
	if err != nil {
		fmt.Fprintf(s.err, "iamplay call: %s: %v\n", o.as, err)
		return exitUsage
	}
	input := []byte("{}")
	if len(args) == 2 {
		input = []byte(args[1])
		if args[1] == "-" {
			_, src, err := readInput(s, "-", secrets.MaxInputBytes)
			if err != nil {
				fmt.Fprintf(s.err, "iamplay call: cannot read the input: %v\n", err)
				return exitUsage
			}
			input = src
		}
	}
	st := secrets.New(w, secrets.Options{})
	for _, run := range st.Advance(o.advance) {
		printRotation(s.err, run)
	}
	if len(args) == 0 {
		return saveWorld(s, st, o.save, exitOK)
	}
	net := secrets.Network{SourceIP: o.sourceIP, VPCEndpoint: o.vpce, TLS: !o.insecure}
	r := st.Call(secrets.Call{Caller: who, Region: o.region, Network: net, Operation: args[0], Input: input})
	status := exitOK
	if r.Err != nil {
		// as the AWS CLI prints an error
		fmt.Fprintf(s.err, "An error occurred (%s) when calling the %s operation: %s\n", r.Err.Type, args[0], r.Err.Message)
		status = exitFindings
	} else {
		var b bytes.Buffer
		if json.Indent(&b, r.Output, "", "    ") != nil {
			b.Reset()
			b.Write(r.Output)
		}
		b.WriteByte('\n')
		s.out.Write(b.Bytes())
	}
	if r.Err != nil && r.Policy != nil && len(r.Policy.Findings) > 0 {
		// the policy the call gave, with the findings that explain the error, like validate
		fmt.Fprintln(s.err)
		_ = policy.Render(s.err, "ResourcePolicy", r.Policy.Source, r.Policy.Findings, policy.RenderOptions{})
	}
	denied := r.Err != nil && r.Denied() // AccessDeniedException, or the key's refusal (InvalidRequestException)
	if ex := r.Explanation(); ex != nil && (denied || o.explain) {
		w := s.err
		if r.Err == nil {
			w = s.out
		}
		fmt.Fprintln(w)
		_ = authz.RenderText(w, "authorization", ex)
	}
	if r.Rotation != nil {
		printRotation(s.err, r.Rotation)
	}
	return saveWorld(s, st, o.save, status)
}

// saveWorld writes the world to path when one is given, and answers the exit status.
func saveWorld(s stdio, st *secrets.Store, path string, status int) int {
	if path == "" {
		return status
	}
	b, err := st.World().Export(world.ExportOptions{Values: true})
	if err == nil {
		err = os.WriteFile(path, b, 0o600)
	}
	if err != nil {
		fmt.Fprintf(s.err, "iamplay call: cannot save the world: %v\n", unwrapPath(err))
		return exitUsage
	}
	return status
}
