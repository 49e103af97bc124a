package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/iamplay/iamplay/internal/api"
	"github.com/iamplay/iamplay/site"
)

// withAPI serves the HTTP API under /api/v1/ beside the site.
func withAPI(site http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(api.Prefix, api.New(api.Options{}))
	mux.Handle("/", site)
	return mux
}

func init() {
	register(&command{
		name:    "serve",
		args:    "[--addr HOST:PORT] [--out DIR] [--no-build] [--no-watch]",
		summary: "build the site and serve it locally as Netlify serves it, with the HTTP API at /api/v1/; rebuild when a source changes",
		detail: "Serves --out applying the headers and redirects of netlify.toml (its Content-Security-Policy\n" +
			"included), gzip-compressed, with 404.html for what is not there. Rebuilds when a scenario,\n" +
			"the pages' TypeScript or CSS, netlify.toml or the engine changes (a change to the Go site\n" +
			"builder itself needs a restart). Evaluation runs in the browser. The HTTP API (internal/api:\n" +
			"evaluate, validate, call, catalog, health, openapi.json) answers under /api/v1/, as the Worker\n" +
			"does. Stop with Ctrl-C.",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			addr := fs.String("addr", "127.0.0.1:8080", "the `address` to listen on")
			out := fs.String("out", "dist", "the site `directory` to build into and serve")
			noBuild := fs.Bool("no-build", false, "serve --out as it is, without building")
			noWatch := fs.Bool("no-watch", false, "do not rebuild when a source changes")
			return func(s stdio, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(s.err, "iamplay serve: unexpected argument %q\n", args[0])
					return exitUsage
				}
				return serve(s, *addr, *out, !*noBuild, !*noWatch)
			}
		},
	})
}

func serve(s stdio, addr, out string, build, watch bool) int {
	o := site.Options{Out: out}
	root, err := findRoot()
	if err != nil && (build || watch) {
		fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
		return exitUsage
	}
	o.Root = root
	if build {
		if o, err = buildSite(s, o); err != nil {
			fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
			return exitUsage
		}
	}
	if o.Out, err = filepath.Abs(o.Out); err != nil {
		fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
		return exitUsage
	}
	var handler atomic.Pointer[http.Handler]
	load := func() error {
		var cfg *site.Netlify
		if root != "" {
			if cfg, err = site.LoadNetlify(filepath.Join(root, "netlify.toml")); err != nil {
				return err
			}
		}
		h := site.Handler(o.Out, cfg)
		handler.Store(&h)
		return nil
	}
	if err := load(); err != nil {
		fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(s.out, "serving the site at http://%s/ (the playground at /%s/)\n", ln.Addr(), site.PlaygroundDir)
	fmt.Fprintf(s.out, "serving the HTTP API at http://%s%s\n", ln.Addr(), api.Prefix)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if watch && root != "" {
		go func() {
			_ = site.Watch(ctx, root, 500*time.Millisecond, func(engine bool) {
				t0 := time.Now()
				o := o
				if !engine {
					o.Wasm = filepath.Join(o.Out, site.PlaygroundDir, "playground.wasm")
				}
				if _, err := site.Build(o); err != nil {
					fmt.Fprintf(s.err, "iamplay serve: rebuilding: %v\n", err)
					return
				}
				if err := load(); err != nil {
					fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
					return
				}
				fmt.Fprintf(s.out, "rebuilt in %s\n", time.Since(t0).Round(time.Millisecond))
			})
		}()
	}
	srv := &http.Server{
		Handler:           withAPI(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*handler.Load()).ServeHTTP(w, r) })),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
		return exitUsage
	}
	return exitOK
}
