package endpoint

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// Role sessions are acknowledged writes too: AssumeRole hands out a credential the client
// will sign with for up to an hour, and a restart of the endpoint must not turn it into
// UnrecognizedClientException (AWS's temporary credentials stay valid until they expire,
// whatever happens to the machine that issued them). With a state file, the sessions are
// kept beside it, in SessionsFile(state), written durably before AssumeRole answers, and
// read back by RestoreSessions.

// SessionsFile is where the role sessions of a state file are kept.
func SessionsFile(state string) string { return state + ".sessions" }

// savedSession is a session as the sessions file holds it.
type savedSession struct {
	AccessKeyID     string    `json:"accessKeyId"`
	SecretAccessKey string    `json:"secretAccessKey"`
	SessionToken    string    `json:"sessionToken"`
	Principal       string    `json:"principal"` // the assumed-role session ARN
	Expires         time.Time `json:"expires"`
}

// saveSessions writes every unexpired session to the sessions file, durably (WriteState).
// Saves are ordered: each one snapshots the sessions after the previous one is written.
func (h *Handler) saveSessions() error {
	h.sessSave.Lock()
	defer h.sessSave.Unlock()
	now := h.now()
	h.sessMu.Lock()
	out := make([]savedSession, 0, len(h.sessions))
	for _, s := range h.sessions {
		if !now.After(s.expires) {
			out = append(out, savedSession{s.AccessKeyID, s.SecretAccessKey, s.token, s.Principal, s.expires.UTC()})
		}
	}
	h.sessMu.Unlock()
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return WriteState(SessionsFile(h.state), b)
}

// maxSessionsFile bounds the sessions file read back: maxSessions sessions of a few hundred
// bytes each.
const maxSessionsFile = maxSessions * 1024

// RestoreSessions reads back the role sessions saved beside the state file, when there is
// one: every session still valid whose role is still in the world signs again as before. A
// sessions file that cannot be read is an error: serving without it would lose
// acknowledged credentials.
func (h *Handler) RestoreSessions() error {
	if h.state == "" {
		return nil
	}
	path := SessionsFile(h.state)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	var saved []savedSession
	dec := json.NewDecoder(&limitedReader{f: f, n: maxSessionsFile})
	if err := dec.Decode(&saved); err != nil {
		return fmt.Errorf("%s is not a sessions file: %v", path, err)
	}
	now := h.now()
	w := h.store.World()
	h.sessMu.Lock()
	defer h.sessMu.Unlock()
	for _, s := range saved {
		c, err := w.Caller(s.Principal)
		if err != nil || c.Role == nil || now.After(s.Expires) || len(h.sessions) >= maxSessions {
			continue
		}
		h.sessions[s.AccessKeyID] = &session{Credential: Credential{AccessKeyID: s.AccessKeyID, SecretAccessKey: s.SecretAccessKey, Principal: s.Principal, caller: c},
			token: s.SessionToken, expires: s.Expires}
	}
	return nil
}

// limitedReader fails past n bytes, so that an oversized file is an error, not a truncation.
type limitedReader struct {
	f *os.File
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errors.New("the file is larger than a sessions file can be")
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.f.Read(p)
	l.n -= int64(n)
	return n, err
}
