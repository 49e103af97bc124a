// Package endpoint serves the in-memory Secrets Manager (package secrets) over HTTP as AWS
// serves it, so that the AWS CLI and SDKs talk to it with --endpoint-url: AWS JSON 1.1
// (POST /, X-Amz-Target: secretsmanager.<Operation>), every request authenticated by its
// Signature Version 4 signature with an access key of the world, the region taken from the
// credential scope. It stays out of the browser's WebAssembly build (internal/layout checks).
package endpoint

import (
	"bytes"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// Service is the signing name and target prefix of Secrets Manager.
const Service = "secretsmanager"

// ContentType is AWS JSON 1.1's media type, of requests and responses.
const ContentType = "application/x-amz-json-1.1"

// MaxBody bounds a request body: the store's own bound, which fits the largest legal call (a
// 65,536-byte secret value, escaped, with its other fields).
const MaxBody = secrets.MaxInputBytes

// RequestIDHeader carries every response's request ID, spelt as AWS spells it.
const RequestIDHeader = "x-amzn-RequestId"

// Options tune a handler. The zero value is what a user wants.
type Options struct {
	// Now is the wall clock that signatures' dates are checked against (15 minutes either
	// way); time.Now when nil. The store keeps the world's own clock for the calls.
	Now func() time.Time
	// Log, when set, receives one line per request, and for each call a policy refused
	// (AccessDeniedException, or a KMS key's refusal) the authorization's explanation under
	// the request ID. Nothing written holds a secret value.
	Log io.Writer
	// State, when set, is the file every acknowledged change is saved to (WriteState)
	// before the response goes out; a call whose change cannot be saved answers
	// InternalServiceError.
	State string
}

// Handler is the endpoint: an http.Handler over one store.
type Handler struct {
	store    *secrets.Store
	keys     map[string]*Credential
	creds    []Credential
	now      func() time.Time
	logMu    sync.Mutex
	log      io.Writer
	state    string
	stateMu  sync.Mutex // orders saves: each one exports after the previous one is written
	sessMu   sync.Mutex
	sessions map[string]*session // AssumeRole's temporary credentials by key ID
	sessSave sync.Mutex          // orders the saves of the sessions file (sessions.go)
}

// New makes the endpoint over a store; the world's access keys (and test/test) are read
// once, now: calls to Secrets Manager do not change them.
func New(st *secrets.Store, o Options) *Handler {
	h := &Handler{store: st, now: o.Now, log: o.Log, state: o.State, keys: map[string]*Credential{}, sessions: map[string]*session{}}
	if h.now == nil {
		h.now = time.Now
	}
	h.creds = accessKeys(st.World())
	for i := range h.creds {
		c := &h.creds[i]
		if _, dup := h.keys[c.AccessKeyID]; !dup {
			h.keys[c.AccessKeyID] = c
		}
	}
	return h
}

// Credentials are the access keys the endpoint accepts, test/test first.
func (h *Handler) Credentials() []Credential { return append([]Credential(nil), h.creds...) }

// ServeHTTP answers one request: 200 with the operation's JSON output, or an AWS error as
// HTTP 400 (500 for the endpoint's own failure) with {"__type", "message"}; every response
// carries x-amzn-RequestId. No panic escapes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := requestID()
	w.Header()[RequestIDHeader] = []string{id}
	defer func() {
		if p := recover(); p != nil {
			h.logf("%s panic: %v", id, p)
			writeResponse(w, http.StatusInternalServerError, ContentType, errorBody(&secrets.Error{Type: "InternalServiceError", Message: "An error occurred on the server side."}))
		}
	}()
	rp := h.serve(r, id)
	if rp.status == http.StatusOK && rp.res != nil && h.state != "" && changes(rp.op) {
		if err := h.save(); err != nil {
			h.logf("%s cannot save the state: %v", id, err)
			rp.status, rp.body = http.StatusInternalServerError, errorBody(&secrets.Error{Type: "InternalServiceError", Message: "The change could not be saved."})
		}
	}
	writeResponse(w, rp.status, rp.contentType, rp.body)
	h.record(id, r, rp)
	if rp.res != nil {
		results.Put(rp.res)
	}
}

// results are the store's answers kept for later requests: a request answers in one
// (secrets.Store.CallInto) and gives it back once its response is written and logged.
var results = sync.Pool{New: func() any { return new(secrets.Result) }}

// reply is what serve answers: the status, body and its type, the operation's name and the
// store's result when the store ran.
type reply struct {
	status      int
	body        []byte
	contentType string
	op          string
	res         *secrets.Result
}

// serve authenticates the request and runs its operation.
func (h *Handler) serve(r *http.Request, id string) reply {
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return fail(secrets.SerializationException, "The request body could not be read.")
	}
	if len(body) > MaxBody {
		rp := fail(secrets.SerializationException, "The request body is larger than "+strconv.Itoa(MaxBody)+" bytes.")
		rp.status = http.StatusRequestEntityTooLarge
		return rp
	}
	cred, a, e := h.authenticate(r, body)
	if a != nil && a.service == STSService {
		if e != nil {
			return stsReply(stsError(id, http.StatusForbidden, e.Type, e.Message))
		}
		return stsReply(h.serveSTS(r, body, cred, a.region, id))
	}
	if e != nil {
		return reply{status: http.StatusBadRequest, body: errorBody(e), contentType: ContentType}
	}
	target := r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, Service+".")
	if r.Method != http.MethodPost || r.URL.Path != "/" || !ok || op == "" {
		return fail(secrets.UnknownOperation, "The request is not a Secrets Manager operation: want POST / with X-Amz-Target: secretsmanager.<Operation>.")
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != ContentType {
		return fail(secrets.SerializationException, "The request's Content-Type must be "+ContentType+".")
	}
	res := results.Get().(*secrets.Result)
	h.store.CallInto(res, secrets.Call{Caller: cred.caller, Region: a.region, Network: network(r), Operation: op, Input: body})
	if res.Err != nil {
		return reply{status: http.StatusBadRequest, body: errorBody(res.Err), contentType: ContentType, op: op, res: res}
	}
	return reply{status: http.StatusOK, body: res.Output, contentType: ContentType, op: op, res: res}
}

func stsReply(status int, body []byte) reply {
	return reply{status: status, body: body, contentType: XMLContentType, op: "sts"}
}

// save writes the world, as it stands now, to the state file. The export is taken after
// the call it follows has ended, so it holds that call's change (and maybe later ones).
func (h *Handler) save() error {
	h.stateMu.Lock()
	defer h.stateMu.Unlock()
	b, err := h.store.Export(world.ExportOptions{Values: true})
	if err != nil {
		return err
	}
	if len(b) > world.MaxFileBytes { // a restart could not read it back
		return fmt.Errorf("the world has grown past %d bytes, more than a state file can hold", world.MaxFileBytes)
	}
	return WriteState(h.state, b)
}

// authenticate checks the request's signature and returns the key it was signed with and
// the authorization (its scope names the region and the service, Secrets Manager or STS),
// which is set whenever the header could be read.
func (h *Handler) authenticate(r *http.Request, body []byte) (*Credential, *authorization, *secrets.Error) {
	a, e := parseAuthorization(r)
	if e != nil {
		return nil, nil, e
	}
	svc := Service
	if a.service == STSService {
		svc = STSService
	}
	if e := a.checkScope(svc, h.now()); e != nil {
		return nil, a, e
	}
	cred := h.keys[a.keyID]
	if cred == nil {
		var bad string
		if cred, bad = h.session(a.keyID, r.Header.Get("X-Amz-Security-Token")); bad == ExpiredToken {
			return nil, a, sigErr(ExpiredToken, "The security token included in the request is expired")
		} else if cred == nil {
			return nil, a, sigErr(UnrecognizedClient, "The security token included in the request is invalid.")
		}
	}
	if e := a.verify(r, body, cred.SecretAccessKey); e != nil {
		return nil, a, e
	}
	return cred, a, nil
}

// network is what the connection tells: the client's address (aws:SourceIp) and whether
// it came over TLS (aws:SecureTransport).
func network(r *http.Request) secrets.Network {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return secrets.Network{SourceIP: host, TLS: r.TLS != nil}
}

func fail(typ, msg string) reply {
	return reply{status: http.StatusBadRequest, body: errorBody(&secrets.Error{Type: typ, Message: msg}), contentType: ContentType}
}

func errorBody(e *secrets.Error) []byte {
	b, _ := json.Marshal(e)
	return b
}

func writeResponse(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// record logs the request and, for a denial, the explanation.
func (h *Handler) record(id string, r *http.Request, rp reply) {
	if h.log == nil {
		return
	}
	op, status, res := rp.op, rp.status, rp.res
	outcome := "OK"
	if status != http.StatusOK {
		outcome = "error"
		var e secrets.Error
		if json.Unmarshal(rp.body, &e) == nil && e.Type != "" {
			outcome = e.Type
		}
	}
	if op == "" {
		op = "-"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s %s %d %s\n", id, r.RemoteAddr, op, status, outcome)
	if res != nil && res.Err != nil && res.Denied() {
		if ex := res.Explanation(); ex != nil {
			_ = authz.RenderText(&b, id+" authorization", ex)
		}
	}
	if res != nil && res.Rotation != nil && !res.Rotation.OK() { // RotateSecret succeeds; its rotation may not
		fmt.Fprintf(&b, "%s rotation of %s by %s failed: %v\n", id, res.Rotation.Secret, res.Rotation.Function, res.Rotation.Err)
	}
	h.logMu.Lock()
	defer h.logMu.Unlock()
	_, _ = h.log.Write(b.Bytes())
}

// logDenial logs the explanation of a denial the endpoint decided itself (AssumeRole).
func (h *Handler) logDenial(id string, ex *authz.Result) {
	if h.log == nil {
		return
	}
	var b bytes.Buffer
	_ = authz.RenderText(&b, id+" authorization", ex)
	h.logMu.Lock()
	defer h.logMu.Unlock()
	_, _ = h.log.Write(b.Bytes())
}

func (h *Handler) logf(format string, args ...any) {
	if h.log == nil {
		return
	}
	h.logMu.Lock()
	defer h.logMu.Unlock()
	fmt.Fprintf(h.log, format+"\n", args...)
}

// requestID is a random UUID, as AWS's request IDs are.
func requestID() string {
	var b [16]byte
	_, _ = crand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b[:])
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}
