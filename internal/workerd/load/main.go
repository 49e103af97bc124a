// Command load is the Worker's load test: it builds wasm/worker, starts it in workerd on a
// loopback port, and sends the shared workload's 10,000 requests (internal/workload: the
// 21-statement policy) as evaluation documents to POST /api/v1/evaluate from 8 concurrent
// clients. Every answer must have status 200 and be byte for byte the native handler's
// (internal/api, in this process), and the whole run must end within -timeout; otherwise it
// exits 1. It prints the figures the issue asks for: cold start (workerd started to first
// answer), evaluate latency (p50, p99, with one client and with 8), throughput and the gzip
// size of app.wasm. scripts/worker-load runs it; scripts/test does not (it takes minutes).
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iamplay/iamplay/internal/api"
	"github.com/iamplay/iamplay/internal/workerd"
	"github.com/iamplay/iamplay/internal/workload"
)

func main() {
	root := flag.String("root", ".", "the repository `directory`")
	clients := flag.Int("clients", 8, "concurrent `clients`")
	n := flag.Int("n", 10000, "`requests` in the load phase (the workload's, cycled)")
	serial := flag.Int("serial", 500, "`requests` sent one at a time first, for latency without queueing")
	timeout := flag.Duration("timeout", 15*time.Minute, "the bound on the whole run, build included")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := run(ctx, *root, *clients, *n, *serial); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// request is one evaluate call with the native handler's answer.
type request struct {
	body, want []byte
}

func run(ctx context.Context, root string, clients, n, serial int) error {
	reqs, err := requests()
	if err != nil {
		return err
	}
	bin, err := workerd.Binary(root)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "iamplay-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Println("building the Worker...")
	if err := workerd.Build(ctx, root, dir); err != nil {
		return err
	}
	size, err := gzipSize(filepath.Join(dir, "build", "app.wasm"))
	if err != nil {
		return err
	}
	var logs bytes.Buffer
	started := time.Now()
	srv, err := workerd.Start(ctx, bin, dir, &logs)
	if err != nil {
		return fmt.Errorf("%v\n%s", err, logs.String())
	}
	defer srv.Close()
	// A connection per request: workerd closes kept-alive connections as it likes, and a POST
	// sent on one it is closing fails with EOF (Go does not resend a POST), which would count
	// as an error of the Worker. On loopback a connection costs little.
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableKeepAlives: true}}
	if _, err := send(ctx, client, srv.URL, reqs[0]); err != nil {
		return fmt.Errorf("first request: %v\n%s", err, logs.String())
	}
	cold := time.Since(started)
	coldCPU := cpuTime(srv.Pid())
	fmt.Printf("app.wasm: %d bytes gzipped (%.2f MB)\n", size, float64(size)/1e6)
	fmt.Printf("cold start: workerd listening after %v, first answer after %v (workerd's CPU time until then %v)\n",
		srv.Started.Round(time.Millisecond), cold.Round(time.Millisecond), coldCPU)

	for _, p := range []struct {
		name    string
		n, conc int
	}{{"1 client", serial, 1}, {fmt.Sprintf("%d clients", clients), n, clients}} {
		before := cpuTime(srv.Pid())
		r, err := phase(ctx, client, srv.URL, reqs, p.n, p.conc)
		if err != nil {
			return fmt.Errorf("%v\nworkerd's output:\n%s", err, tail(logs.Bytes(), 4000))
		}
		r.cpu = cpuTime(srv.Pid()) - before
		report(p.name, r)
	}
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("the machine's load average: %s", l)
	}
	return nil
}

// result is a phase's latencies and how long it took.
type result struct {
	lat  []time.Duration
	wall time.Duration
	cpu  time.Duration // workerd's CPU time over the phase; 0 where /proc does not say
}

// phase sends n requests (the workload's, cycled) from c clients; any error or answer that
// differs from the native handler's ends it with an error.
func phase(ctx context.Context, client *http.Client, base string, reqs []request, n, c int) (*result, error) {
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				d, err := send(ctx, client, base, reqs[i%len(reqs)])
				if err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("request %d: %w", i, err)
					}
					mu.Unlock()
					next.Store(int64(n)) // stop every client
					return
				}
				lat[i] = d
			}
		}()
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = fmt.Errorf("the run's time bound passed: %w", ctx.Err())
	}
	return &result{lat: lat, wall: time.Since(start)}, first
}

// send makes one evaluate call and checks its answer against the native handler's.
func send(ctx context.Context, client *http.Client, base string, r request) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/evaluate", bytes.NewReader(r.body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	t := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	d := time.Since(t)
	if err != nil {
		return 0, err
	}
	if res.StatusCode != http.StatusOK || !bytes.Equal(b, r.want) {
		return 0, fmt.Errorf("answered %d %s\nthe native handler answers %s", res.StatusCode, b, r.want)
	}
	return d, nil
}

// requests turns the workload into evaluation documents, each with the native handler's
// answer, which must also carry the decision the workload wants.
func requests() ([]request, error) {
	w, err := workload.Load()
	if err != nil {
		return nil, err
	}
	h := api.New(api.Options{})
	out := make([]request, len(w.Requests))
	for i, r := range w.Requests {
		body, err := json.Marshal(map[string]any{
			"identityPolicies": []json.RawMessage{w.Policy},
			"request":          map[string]any{"principal": r.Principal(), "action": r.Action, "resource": r.Resource, "context": r.Context},
		})
		if err != nil {
			return nil, err
		}
		req := httptest.NewRequest("POST", "/api/v1/evaluate", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var ans struct{ Decision string }
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &ans) != nil || ans.Decision != r.Want {
			return nil, fmt.Errorf("workload request %d: the native handler answers %d %s, want decision %s", i, rec.Code, rec.Body.Bytes(), r.Want)
		}
		out[i] = request{body: body, want: rec.Body.Bytes()}
	}
	return out, nil
}

// report prints a phase's latency percentiles and throughput.
func report(name string, r *result) {
	lat := slices.Clone(r.lat)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(10 * time.Microsecond)
	}
	fmt.Printf("evaluate, %s: %d requests in %v (%.0f/s), no error, every answer the native one; latency p50 %v, p90 %v, p99 %v, max %v; workerd's CPU time %v a request\n",
		name, len(lat), r.wall.Round(time.Millisecond), float64(len(lat))/r.wall.Seconds(), pct(0.5), pct(0.9), pct(0.99), lat[len(lat)-1].Round(10*time.Microsecond),
		(r.cpu / time.Duration(len(lat))).Round(10*time.Microsecond))
}

// gzipSize is the size of a file gzipped at the default level.
func gzipSize(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	z.Write(b)
	if err := z.Close(); err != nil {
		return 0, err
	}
	return buf.Len(), nil
}

// tail is the last n bytes of b.
func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// cpuTime is a process's user and system CPU time from /proc (Linux); 0 elsewhere. On a
// machine shared with other work it says what the Worker costs better than wall time does.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// the fields after the command name, which is in parentheses and may hold spaces
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // clock ticks: USER_HZ is 100 on Linux
}
