package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
	"github.com/iamplay/iamplay/internal/endpoint"
)

func init() {
	register(&command{
		name:    "emulate",
		args:    "[--addr HOST:PORT] [--world FILE] [--state FILE]",
		summary: "serve the Secrets Manager API locally for the AWS CLI and SDKs, every call authorized by the engine",
		detail: "Serves AWS JSON 1.1 as Secrets Manager does (use --endpoint-url http://HOST:PORT); every request\n" +
			"must be signed (Signature Version 4) with an access key the command prints: test/test is the root\n" +
			"user of the world's first account, each user's access key signs as that user. The region is the\n" +
			"one the client signs for. STS's GetCallerIdentity and AssumeRole are served too: AssumeRole is\n" +
			"decided by the engine (the caller's policies and the role's trust policy) and its temporary\n" +
			"credentials sign as the role session.\n" +
			"Without --world it serves the default world. With --state every\n" +
			"acknowledged change is saved to FILE (a world file with secret values, replaced atomically and\n" +
			"synced) before the response goes out, and a restart resumes from FILE when it exists (--world is\n" +
			"then only where a new state starts); role sessions made by AssumeRole are kept beside it\n" +
			"(FILE.sessions) and sign again after a restart until they expire. Without it the world lives in\n" +
			"memory. Each request is logged on standard error, and each refusal by a policy or a KMS key\n" +
			"with the authorization's explanation\n" +
			"under its request ID (the x-amzn-RequestId response header). Stop with Ctrl-C or SIGTERM.",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			o := emulateOptions{}
			fs.StringVar(&o.addr, "addr", "127.0.0.1:4566", "the `address` to listen on")
			fs.StringVar(&o.world, "world", "", "the world `file` (default: the default world)")
			fs.StringVar(&o.state, "state", "", "save every change to `file` and resume from it")
			return func(s stdio, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(s.err, "iamplay emulate: unexpected argument %q\n", args[0])
					return exitUsage
				}
				ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
				defer stop()
				return emulate(ctx, s, o)
			}
		},
	})
}

type emulateOptions struct{ addr, world, state string }

// Server timeouts: a slow client cannot hold a connection or the server.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
	shutdownGrace     = 5 * time.Second
)

// emulateStore is the store to serve: the state file's world when it exists, else the
// world file's (or the default world), saved at once as the new state when there is one.
func emulateStore(s stdio, o emulateOptions) *secrets.Store {
	if o.state != "" {
		w, ok, err := endpoint.ReadState(o.state)
		if err != nil {
			fmt.Fprintf(s.err, "iamplay emulate: cannot resume from the state: %v\n", err)
			return nil
		}
		if ok {
			fmt.Fprintf(s.out, "resuming from %s\n", o.state)
			return secrets.New(w, secrets.Options{})
		}
	}
	w := loadWorld(s, "emulate", o.world)
	if w == nil {
		return nil
	}
	st := secrets.New(w, secrets.Options{})
	if o.state != "" {
		b, err := st.Export(world.ExportOptions{Values: true})
		if err == nil {
			err = endpoint.WriteState(o.state, b)
		}
		if err != nil {
			fmt.Fprintf(s.err, "iamplay emulate: cannot write the state %s: %v\n", o.state, err)
			return nil
		}
	}
	return st
}

// emulate serves until ctx ends, then shuts down gracefully: calls under way finish.
func emulate(ctx context.Context, s stdio, o emulateOptions) int {
	st := emulateStore(s, o)
	if st == nil {
		return exitUsage
	}
	h := endpoint.New(st, endpoint.Options{Log: s.err, State: o.state})
	if err := h.RestoreSessions(); err != nil {
		fmt.Fprintf(s.err, "iamplay emulate: cannot resume the role sessions: %v\n", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(s.err, "iamplay emulate: %v\n", err)
		return exitUsage
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(s.out, "Secrets Manager endpoint: %s (any region)\n", url)
	fmt.Fprintf(s.out, "  aws --endpoint-url %s --region us-east-1 secretsmanager list-secrets\n\n", url)
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "AWS_ACCESS_KEY_ID\tAWS_SECRET_ACCESS_KEY\tsigns as")
	for _, c := range h.Credentials() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.AccessKeyID, c.SecretAccessKey, c.Principal)
	}
	_ = tw.Flush()

	srv := &http.Server{Handler: h, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: maxHeaderBytes}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(s.err, "iamplay emulate: %v\n", err)
		return exitUsage
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintf(s.err, "iamplay emulate: shutdown: %v\n", err)
		return exitUsage
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(s.err, "iamplay emulate: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(s.err, "iamplay emulate: stopped")
	return exitOK
}
