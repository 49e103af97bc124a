// Package workerd builds the Cloudflare Worker (wasm/worker) and runs it in workerd, the
// real Workers runtime, from npm (package.json pins it; node_modules/.bin/workerd), on a free
// loopback port that workerd reports on its control pipe: no port is guessed, so nothing
// races. The API's tests and the load test (internal/workerd/load) use it; scripts/worker runs
// the same two build commands (with BuildFlags).
package workerd

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// Config is the workerd configuration's path under the repository; Program the Go program
// the Worker runs.
const (
	Config  = "wasm/worker/workerd.capnp"
	Program = "./wasm/worker"
)

// BuildFlags are go build's flags for app.wasm: no symbol table or DWARF (-s -w: ~40 KB of
// gzip; a panic's stack trace keeps its function names and lines) and no local paths.
var BuildFlags = []string{"-trimpath", "-ldflags=-s -w"}

// Binary finds workerd as npm installed it under the repository root.
func Binary(root string) (string, error) {
	p := filepath.Join(root, "node_modules", ".bin", "workerd")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("workerd is not installed (npm ci installs it): %w", err)
	}
	return p, nil
}

// Build builds the Worker into dir: workers-assets-gen -mode=go writes the shim into
// dir/build, GOOS=js GOARCH=wasm go build writes the program pkg (Program, or another that
// serves through github.com/syumai/workers, as the load test's trivial Worker does) as
// dir/build/app.wasm, and the configuration is copied to dir/workerd.capnp, whose paths are
// relative to it. root is the repository.
func Build(ctx context.Context, root, dir, pkg string) error {
	build := filepath.Join(dir, "build")
	gen := exec.CommandContext(ctx, "go", "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", build)
	wasm := exec.CommandContext(ctx, "go", append(append([]string{"build"}, BuildFlags...), "-o", filepath.Join(build, "app.wasm"), pkg)...)
	wasm.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	for _, c := range []*exec.Cmd{gen, wasm} {
		c.Dir = root
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v\n%s", c.String(), err, out)
		}
	}
	conf, err := os.ReadFile(filepath.Join(root, Config))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "workerd.capnp"), conf, 0o644)
}

// Server is a running workerd.
type Server struct {
	URL     string        // http://127.0.0.1:PORT
	Started time.Duration // from starting the process to workerd listening
	cmd     *exec.Cmd
	done    chan error
	stop    sync.Once
}

// Start runs workerd serve on dir/workerd.capnp (as Build left it) with the http socket on
// a free loopback port, and returns once workerd reports the port on its control pipe.
// workerd's output goes to logs. Close stops it; so does the end of ctx.
func Start(ctx context.Context, bin, dir string, logs io.Writer) (*Server, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	cmd := exec.CommandContext(ctx, bin, "serve", filepath.Join(dir, "workerd.capnp"), "--socket-addr", "http=127.0.0.1:0", "--control-fd", "3")
	cmd.ExtraFiles = []*os.File{w} // fd 3
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.SysProcAttr = sysProcAttr()
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, err
	}
	w.Close() // workerd holds the write end now; its exit closes the pipe
	s := &Server{cmd: cmd, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	port := make(chan int, 1)
	go func() { port <- listenPort(r) }()
	select {
	case p := <-port:
		if p == 0 {
			err := <-s.done
			return nil, fmt.Errorf("workerd exited before it listened: %v", err)
		}
		s.Started = time.Since(start)
		s.URL = "http://127.0.0.1:" + strconv.Itoa(p)
		return s, nil
	case <-time.After(2 * time.Minute):
		s.Close()
		return nil, errors.New("workerd did not listen within 2 minutes")
	}
}

// listenPort reads workerd's control messages until the http socket's listen event; 0 when
// the pipe closes first.
func listenPort(r io.Reader) int {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var ev struct {
			Event  string `json:"event"`
			Socket string `json:"socket"`
			Port   int    `json:"port"`
		}
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Event == "listen" && ev.Socket == "http" {
			return ev.Port
		}
	}
	return 0
}

// Pid is workerd's process ID.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// Close stops workerd and waits for it.
func (s *Server) Close() error {
	s.stop.Do(func() {
		_ = s.cmd.Process.Kill()
		<-s.done
	})
	return nil
}
