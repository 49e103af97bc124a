// Package moto starts and stops moto's server (python3 -m moto.server), the AWS emulator most
// projects use, on a free loopback port: the peer of the local endpoint's differential tests
// and of its throughput script. Nothing of moto enters this module; it runs as its own
// process, started and stopped here.
package moto

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/iamplay/iamplay/internal/logbuf"
)

// Server is a running moto server.
type Server struct {
	URL  string // http://127.0.0.1:PORT
	cmd  *exec.Cmd
	done chan struct{}
	out  *logbuf.Buffer
	once sync.Once
}

// Available reports why moto cannot run here (no python3, or no moto module), or nil.
func Available() error {
	py, err := exec.LookPath("python3")
	if err != nil {
		return err
	}
	if out, err := exec.Command(py, "-c", "import moto.server").CombinedOutput(); err != nil {
		return fmt.Errorf("python3 cannot import moto.server: %v: %s", err, bytes.TrimSpace(out))
	}
	return nil
}

// startTimeout bounds moto's start: importing it takes a few seconds on a busy machine.
const startTimeout = 60 * time.Second

// Start runs moto's server on a free port of 127.0.0.1 and waits until it answers.
func Start(ctx context.Context) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://127.0.0.1:" + strconv.Itoa(port), done: make(chan struct{}), out: &logbuf.Buffer{Limit: 64 << 10}}
	s.cmd = exec.Command("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	dieWithParent(s.cmd)
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(startTimeout)
	for {
		if err := s.Reset(); err == nil {
			return s, nil
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("moto exited: %s", s.out.String())
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("moto did not answer within %s: %s", startTimeout, s.out.String())
		}
	}
}

// Reset empties moto's state (its /moto-api/reset), so that a sequence starts afresh.
func (s *Server) Reset() error {
	resp, err := http.Post(s.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New("moto's reset answered " + resp.Status)
	}
	return nil
}

// Stop kills the server this package started and waits for it to end.
func (s *Server) Stop() {
	s.once.Do(func() {
		_ = s.cmd.Process.Kill()
		<-s.done
	})
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
