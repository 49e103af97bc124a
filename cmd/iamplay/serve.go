package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
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
		args:    "[--addr HOST:PORT] [--out DIR] [--no-build]",
		summary: "build the site and serve it locally; the playground is at /playground/, the HTTP API at /api/v1/",
		detail: "Serves with the site's Content-Security-Policy. The page talks to no server but this one:\n" +
			"evaluation runs in the browser. The HTTP API (internal/api: evaluate, validate, call, catalog,\n" +
			"health, openapi.json) answers under /api/v1/, as the Worker does. Stop with Ctrl-C.",
		setup: func(fs *flag.FlagSet) func(stdio, []string) int {
			addr := fs.String("addr", "127.0.0.1:8080", "the `address` to listen on")
			out := fs.String("out", "dist", "the site `directory` to build into and serve")
			noBuild := fs.Bool("no-build", false, "serve --out as it is, without building")
			return func(s stdio, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(s.err, "iamplay serve: unexpected argument %q\n", args[0])
					return exitUsage
				}
				dir := *out
				if !*noBuild {
					d, err := buildSite(s, "", *out)
					if err != nil {
						fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
						return exitUsage
					}
					dir = d
				}
				ln, err := net.Listen("tcp", *addr)
				if err != nil {
					fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
					return exitUsage
				}
				fmt.Fprintf(s.out, "serving the playground at http://%s/%s/\n", ln.Addr(), site.PlaygroundDir)
				fmt.Fprintf(s.out, "serving the HTTP API at http://%s%s\n", ln.Addr(), api.Prefix)
				srv := &http.Server{Handler: withAPI(site.Handler(dir)), ReadHeaderTimeout: 10 * time.Second}
				if err := srv.Serve(ln); err != nil {
					fmt.Fprintf(s.err, "iamplay serve: %v\n", err)
					return exitUsage
				}
				return exitOK
			}
		},
	})
}
