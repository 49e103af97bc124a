// Command load is the Worker's load test: it builds wasm/worker, starts it in workerd on a
// loopback port, and sends the shared workload's 10,000 requests (internal/workload: the
// 21-statement policy) as evaluation documents to POST /api/v1/evaluate from 8 concurrent
// clients. Every answer must have status 200 and be byte for byte the native handler's
// (internal/api, in this process), and the whole run must end within -timeout; otherwise it
// exits 1. It prints the figures the issue asks for: cold start (workerd started to first
// answer, the median of -cold new workerd processes, beside a trivial Go Worker's and split
// at workerd's listening), evaluate latency (p50, p99, with one client right after the cold
// start, with 8, and with one client again, warm),
// throughput and the gzip size of app.wasm. scripts/worker-load runs it; scripts/test does
// not (it takes minutes).
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
	"github.com/iamplay/iamplay/internal/percentile"
	"github.com/iamplay/iamplay/internal/workerd"
	"github.com/iamplay/iamplay/internal/workload"
)

func main() {
	root := flag.String("root", ".", "the repository `directory`")
	clients := flag.Int("clients", 8, "concurrent `clients`")
	n := flag.Int("n", 10000, "`requests` in the load phase (the workload's, cycled)")
	serial := flag.Int("serial", 500, "`requests` sent one at a time first, for latency without queueing")
	timeout := flag.Duration("timeout", 15*time.Minute, "the bound on the whole run, build included")
	cold := flag.Int("cold", 5, "cold `starts` to measure of each Worker, each a new workerd, beside a trivial Go Worker's (wasm/worker/testdata/probe)")
	dirs := flag.String("dirs", "", "comma-separated `directories` where Workers are built already (as internal/workerd.Build leaves them), to measure, interleaved, instead of building wasm/worker (to compare two builds)")
	build := flag.String("build", "", "only build the Worker into `directory`, for a later -dirs")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	var err error
	if *build != "" {
		err = workerd.Build(ctx, *root, *build, workerd.Program)
	} else {
		err = run(ctx, *root, *dirs, *clients, *n, *serial, *cold)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// request is one evaluate call with the native handler's answer.
type request struct {
	body, want []byte
}

func run(ctx context.Context, root, built string, clients, n, serial, colds int) error {
	reqs, err := requests()
	if err != nil {
		return err
	}
	bin, err := workerd.Binary(root)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "iamplay-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var dirs []string
	if built != "" {
		dirs = strings.Split(built, ",")
	} else {
		dirs = []string{filepath.Join(tmp, "worker")}
		fmt.Println("building the Worker...")
		if err := workerd.Build(ctx, root, dirs[0], workerd.Program); err != nil {
			return err
		}
	}
	for _, dir := range dirs {
		size, err := gzipSize(filepath.Join(dir, "build", "app.wasm"))
		if err != nil {
			return err
		}
		fmt.Printf("%s: app.wasm %d bytes gzipped (%.2f MB)\n", dir, size, float64(size)/1e6)
	}
	// A connection per request: workerd closes kept-alive connections as it likes, and a POST
	// sent on one it is closing fails with EOF (Go does not resend a POST), which would count
	// as an error of the Worker. On loopback a connection costs little.
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableKeepAlives: true}}
	if colds > 0 {
		probe := filepath.Join(tmp, "probe")
		if err := workerd.Build(ctx, root, probe, "./wasm/worker/testdata/probe"); err != nil {
			return err
		}
		evaluate := func(base string) error { _, err := send(ctx, client, base, reqs[0]); return err }
		trivial := func(base string) error { return get(ctx, client, base+"/") }
		cold := make([][]coldStart, len(dirs)+1)
		for range colds { // interleaved, so that the machine's load weighs on each alike
			for i, dir := range append(slices.Clip(dirs), probe) {
				first := evaluate
				if dir == probe {
					first = trivial
				}
				c, err := measureCold(ctx, bin, dir, first)
				if err != nil {
					return err
				}
				cold[i] = append(cold[i], c)
			}
		}
		for i, dir := range dirs {
			reportCold(dir+", first evaluate", cold[i])
		}
		reportCold("a trivial Go Worker (wasm/worker/testdata/probe)", cold[len(dirs)])
	}
	if err := latency(ctx, client, bin, dirs, reqs, clients, n, serial); err != nil {
		return err
	}
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("the machine's load average: %s", l)
	}
	return nil
}

// latency starts workerd on each of dirs and measures evaluate's latency with one client,
// then with clients, then with one client again, each phase on every Worker in turn (so that
// the machine's load weighs on each alike): the first phase runs while V8 still compiles the
// hot functions with its optimizing tier (Liftoff's code runs meanwhile), the last after.
func latency(ctx context.Context, client *http.Client, bin string, dirs []string, reqs []request, clients, n, serial int) error {
	type worker struct {
		dir  string
		srv  *workerd.Server
		logs *bytes.Buffer
	}
	var ws []worker
	for _, dir := range dirs {
		logs := new(bytes.Buffer)
		started := time.Now()
		srv, err := workerd.Start(ctx, bin, dir, logs)
		if err != nil {
			return fmt.Errorf("%v\n%s", err, logs.String())
		}
		defer srv.Close()
		if _, err := send(ctx, client, srv.URL, reqs[0]); err != nil {
			return fmt.Errorf("first request: %v\n%s", err, logs.String())
		}
		fmt.Printf("%s: this run's cold start: workerd listening after %v, first answer after %v (workerd's CPU time until then %v)\n",
			dir, srv.Started.Round(time.Millisecond), time.Since(started).Round(time.Millisecond), cpuTime(srv.Pid()))
		ws = append(ws, worker{dir, srv, logs})
	}
	for _, p := range []struct {
		name    string
		n, conc int
	}{
		{"1 client, right after the cold start", serial, 1},
		{fmt.Sprintf("%d clients", clients), n, clients},
		{"1 client, warm (after the load)", serial, 1}, // V8 has compiled the hot code with its optimizing tier by now
	} {
		if p.n == 0 {
			continue
		}
		for _, w := range ws {
			before := cpuTime(w.srv.Pid())
			r, err := phase(ctx, client, w.srv.URL, reqs, p.n, p.conc)
			if err != nil {
				return fmt.Errorf("%s: %v\nworkerd's output:\n%s", w.dir, err, tail(w.logs.Bytes(), 4000))
			}
			r.cpu = cpuTime(w.srv.Pid()) - before
			report(w.dir+", "+p.name, r)
		}
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

// coldStart is one workerd's start: wall and CPU time until it listened, and until its
// first answer.
type coldStart struct {
	listen, listenCPU, first, firstCPU time.Duration
}

// measureCold starts workerd on dir, sends the first request with first, and stops it.
func measureCold(ctx context.Context, bin, dir string, first func(base string) error) (coldStart, error) {
	var logs bytes.Buffer
	start := time.Now()
	srv, err := workerd.Start(ctx, bin, dir, &logs)
	if err != nil {
		return coldStart{}, fmt.Errorf("%v\n%s", err, logs.String())
	}
	defer srv.Close()
	c := coldStart{listen: srv.Started, listenCPU: cpuTime(srv.Pid())}
	if err := first(srv.URL); err != nil {
		return c, fmt.Errorf("first request: %v\n%s", err, logs.String())
	}
	c.first, c.firstCPU = time.Since(start), cpuTime(srv.Pid())
	return c, nil
}

// reportCold prints the medians of cold starts, with the fastest and slowest.
func reportCold(name string, cs []coldStart) {
	med := func(f func(coldStart) time.Duration) string {
		v := make([]time.Duration, len(cs))
		for i, c := range cs {
			v[i] = f(c)
		}
		slices.Sort(v)
		return fmt.Sprintf("%v (%v-%v)", v[len(v)/2].Round(time.Millisecond), v[0].Round(time.Millisecond), v[len(v)-1].Round(time.Millisecond))
	}
	fmt.Printf("cold start of %s, median of %d (fastest-slowest): first answer after %s, workerd's CPU time %s; of which until workerd listened %s, CPU %s\n",
		name, len(cs), med(func(c coldStart) time.Duration { return c.first }), med(func(c coldStart) time.Duration { return c.firstCPU }),
		med(func(c coldStart) time.Duration { return c.listen }), med(func(c coldStart) time.Duration { return c.listenCPU }))
}

// get sends a GET and wants 200.
func get(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s answered %d %s", url, res.StatusCode, b)
	}
	return nil
}

// report prints a phase's latency percentiles and throughput.
func report(name string, r *result) {
	lat := slices.Clone(r.lat)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		return percentile.Sorted(lat, 100*p).Round(10 * time.Microsecond)
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
