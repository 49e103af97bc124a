package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// runMainEnv makes the test binary run as iamplay itself, so that a test can start the
// command as a process of its own and kill it.
const runMainEnv = "IAMPLAY_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(run(os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}))
	}
	os.Exit(m.Run())
}

// emulateProcess starts `iamplay emulate --state state` as a process and returns its URL.
func emulateProcess(t *testing.T, state string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "emulate", "--addr", "127.0.0.1:0", "--state", state)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		line := regexp.MustCompile(`endpoint: (http://\S+)`)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := line.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	select {
	case u := <-urls:
		return cmd, u
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("emulate printed no endpoint: %s", stderr.String())
		return nil, ""
	}
}

func rootClient(url string) *secretsmanager.Client {
	return secretsmanager.New(secretsmanager.Options{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), RetryMaxAttempts: 1})
}

// TestEmulateStateSurvivesKill9 is issue 11's crash test: concurrent clients write through
// --state, the server is killed with SIGKILL at a random moment and restarted, and every
// acknowledged write is still there (the current value is the last acknowledged one or a
// later one of the same writer).
func TestEmulateStateSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills servers")
	}
	state := filepath.Join(t.TempDir(), "state.json")
	const writers, rounds = 4, 4
	acked := make([]int, writers) // the last value each writer's server acknowledged
	for round := range rounds {
		cmd, url := emulateProcess(t, state)
		c := rootClient(url)
		ctx := context.Background()
		for i := range writers { // what the last server acknowledged survived it
			name := fmt.Sprintf("Crash/%d", i)
			got, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})
			var nf *types.ResourceNotFoundException
			switch {
			case round == 0 && errors.As(err, &nf):
				if _, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String("0")}); err != nil {
					t.Fatal(err)
				}
			case err != nil:
				t.Fatalf("round %d: %s after restart: %v", round, name, err)
			default:
				n, _ := strconv.Atoi(aws.ToString(got.SecretString))
				if n < acked[i] {
					t.Fatalf("round %d: %s is %d after the kill; %d was acknowledged", round, name, n, acked[i])
				}
				acked[i] = n
			}
		}
		var wg sync.WaitGroup
		var first sync.WaitGroup // each writer's first acknowledged write this round
		before := append([]int(nil), acked...)
		for i := range writers {
			wg.Add(1)
			first.Add(1)
			go func() {
				defer wg.Done()
				once := sync.OnceFunc(first.Done)
				defer once()
				for n := acked[i] + 1; ; n++ {
					_, err := c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(fmt.Sprintf("Crash/%d", i)), SecretString: aws.String(strconv.Itoa(n))})
					if err != nil {
						return // the server is gone
					}
					acked[i] = n
					once()
				}
			}()
		}
		// The kill comes at a random moment once every writer has been acknowledged at least
		// once, so that a slow start on a loaded machine cannot leave a round without writes.
		first.Wait()
		time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		wg.Wait()
		for i := range writers {
			if acked[i] <= before[i] {
				t.Fatalf("round %d: writer %d had no write acknowledged", round, i)
			}
		}
	}
	t.Logf("acknowledged values at the last kill: %v", acked)
}
