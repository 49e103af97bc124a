// Command emulate measures the throughput of the local endpoint (iamplay emulate) and of moto's
// server side by side, with the same Go client (the AWS SDK for Go v2): for each mix of
// GetSecretValue and PutSecretValue calls, N concurrent clients call one secret for a fixed
// time, and it prints requests per second and p50/p99 latency for both. The client is the
// SDK's Secrets Manager client (-client sdk), or AWS JSON 1.1 requests signed by the SDK's
// SigV4 signer over net/http (-client raw, the default), which spends less of the machine on
// the client's side. scripts/bench-emulate builds iamplay and runs it; the figures are the
// script's output, not a test's.
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/iamplay/iamplay/internal/moto"
	"github.com/iamplay/iamplay/internal/percentile"
)

func main() {
	iamplay := flag.String("iamplay", "", "the iamplay binary to run `emulate` with (required)")
	clients := flag.Int("clients", 8, "concurrent clients")
	duration := flag.Duration("duration", 10*time.Second, "how long each mix runs on each server")
	mixes := flag.String("mixes", "100,90,50", "comma-separated percentages of GetSecretValue in each mix (the rest PutSecretValue)")
	flag.StringVar(&clientKind, "client", "raw", "the client: raw (signed AWS JSON 1.1 over net/http) or sdk (the SDK's Secrets Manager client)")
	flag.Parse()
	if clientKind != "raw" && clientKind != "sdk" {
		fmt.Fprintln(os.Stderr, "emulate: -client is raw or sdk")
		os.Exit(2)
	}
	if *iamplay == "" {
		fmt.Fprintln(os.Stderr, "emulate: -iamplay BINARY is required (scripts/bench-emulate builds it)")
		os.Exit(2)
	}
	if err := run(*iamplay, *clients, *duration, *mixes); err != nil {
		fmt.Fprintln(os.Stderr, "emulate:", err)
		os.Exit(1)
	}
}

func run(bin string, clients int, d time.Duration, mixes string) error {
	ctx := context.Background()
	url, stop, err := startIamplay(bin)
	if err != nil {
		return err
	}
	defer stop()
	m, err := moto.Start(ctx)
	if err != nil {
		return err
	}
	defer m.Stop()
	servers := []struct{ name, url string }{{"iamplay", url}, {"moto", m.URL}}
	fmt.Printf("%d clients (%s), %s per mix and server; GetSecretValue/PutSecretValue on one secret\n\n", clients, clientKind, d)
	fmt.Printf("%-10s %-8s %10s %10s %10s %10s %8s\n", "mix (get%)", "server", "requests", "req/s", "p50", "p99", "errors")
	for _, mix := range strings.Split(mixes, ",") {
		var pct int
		if _, err := fmt.Sscanf(mix, "%d", &pct); err != nil || pct < 0 || pct > 100 {
			return fmt.Errorf("bad mix %q", mix)
		}
		var rates [2]float64
		for i, s := range servers {
			r, err := load(ctx, s.url, clients, d, pct)
			if err != nil {
				return fmt.Errorf("%s: %v", s.name, err)
			}
			rates[i] = r.rate
			fmt.Printf("%-10d %-8s %10d %10.0f %10s %10s %8d\n", pct, s.name, r.n, r.rate, r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond), r.errors)
		}
		if rates[1] > 0 {
			fmt.Printf("%-10s %-8s %10s %9.1fx\n", "", "ratio", "", rates[0]/rates[1])
		}
	}
	return nil
}

// startIamplay runs `iamplay emulate` on a free port and returns its endpoint.
func startIamplay(bin string) (string, func(), error) {
	cmd := exec.Command(bin, "emulate", "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = nil // its log of one line per request goes to the null device
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	line := regexp.MustCompile(`endpoint: (http://127\.0\.0\.1:\d+)`)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := line.FindStringSubmatch(sc.Text()); m != nil {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return m[1], stop, nil
		}
	}
	stop()
	return "", nil, fmt.Errorf("iamplay emulate printed no endpoint")
}

// clientKind is -client.
var clientKind string

var signer = v4.NewSigner()

// rawCall is one AWS JSON 1.1 call, signed as test/test for us-east-1 by the SDK's signer; an
// answer other than 200 is an error.
func rawCall(ctx context.Context, hc *http.Client, url, op, body string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/", strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "secretsmanager."+op)
	sum := sha256.Sum256([]byte(body))
	if err := signer.SignHTTP(ctx, aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, req, hex.EncodeToString(sum[:]), "secretsmanager", "us-east-1", time.Now()); err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", op, resp.Status)
	}
	return nil
}

type figures struct {
	n, errors int
	rate      float64
	p50, p99  time.Duration
}

// load runs clients concurrent callers against url for d, each calling GetSecretValue with
// probability pct% and PutSecretValue otherwise, on a secret it creates first.
func load(ctx context.Context, url string, clients int, d time.Duration, pct int) (figures, error) {
	tr := &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	c := secretsmanager.New(secretsmanager.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), RetryMaxAttempts: 1,
		HTTPClient: &http.Client{Transport: tr}, Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
	name := fmt.Sprintf("bench/secret-%d", time.Now().UnixNano())
	if _, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String("EXAMPLE-bench-value")}); err != nil {
		return figures{}, err
	}
	var mu sync.Mutex
	var all []time.Duration
	errs := 0
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for i := range clients {
		wg.Add(1)
		go func(seed int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(seed), 1))
			lat := make([]time.Duration, 0, 1<<16)
			bad := 0
			hc := &http.Client{Transport: tr}
			for time.Now().Before(end) {
				t := time.Now()
				var err error
				get := r.IntN(100) < pct
				switch {
				case clientKind == "raw" && get:
					err = rawCall(ctx, hc, url, "GetSecretValue", `{"SecretId":"`+name+`"}`)
				case clientKind == "raw":
					err = rawCall(ctx, hc, url, "PutSecretValue", `{"SecretId":"`+name+`","SecretString":"EXAMPLE-bench-value"}`)
				case get:
					_, err = c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})
				default:
					_, err = c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String("EXAMPLE-bench-value")})
				}
				if err != nil {
					bad++
					continue
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			all = append(all, lat...)
			errs += bad
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	f := figures{n: len(all), errors: errs, rate: float64(len(all)) / elapsed.Seconds()}
	if len(all) > 0 {
		f.p50, f.p99 = percentile.Sorted(all, 50), percentile.Sorted(all, 99)
	}
	return f, nil
}
