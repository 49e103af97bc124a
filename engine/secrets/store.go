// Package secrets is an in-memory AWS Secrets Manager over a world (package world): every
// operation of the Secrets Manager API with the API Reference's request and response shapes,
// limits and errors, each call authorized through package authz with the request context AWS
// would send before it reads or changes anything; a value read or written also asks the
// secret's KMS key (kms:Decrypt, kms:GenerateDataKey) for the caller, as Secrets Manager asks
// KMS on the caller's behalf (kms.go). A denied or failed call changes nothing; secret values
// never appear in an error or an explanation.
//
// A call carries the caller, the region, the network facts and the operation's JSON body
// exactly as AWS JSON 1.1 carries it; it returns the JSON output or an AWS error, and the
// authorization checks made, which explain themselves on demand. The command line, the
// browser and a local endpoint are faces of this one store.
//
// The store holds every region of the world's accounts: a secret's replicas are read in
// their own regions (replication.go). Rotation functions registered in the world run their
// four steps as their roles (rotation.go), when RotateSecret asks or when Advance moves the
// clock past a scheduled window (clock.go, schedule.go).
package secrets

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// Store runs Secrets Manager operations against a world. It is safe for concurrent callers:
// one mutex orders every call, so each call sees the world as the previous one left it.
type Store struct {
	mu     sync.Mutex
	w      *world.World
	rnd    *rand.Rand
	index  map[secretKey]*entry
	places map[place][]*entry // each account's secrets in a region, in the order they were made
	// caches read on every call; see context.go
	principals map[*world.Caller]*principal
	interned   map[string][]string
	recent     [16]recentOne           // the lists one made or found last
	requests   map[requestKey]*request // each caller's last request per action and secret; see authorize.go
	clockVals  clockValues
	nextPurge  time.Time // the earliest deletion date among secrets scheduled for deletion
	rotation   rotationState
	kms        kmsCache        // KMS keys as resolved; see kms.go
	flat       flatBody        // the members of the body of the call running, when it is flat (exec)
	keys       [maxCallKeys]kv // a call's keys as keysOf writes them
}

// Options tune a store. The zero value is what a user wants.
type Options struct {
	// Seed makes the random source (ARN suffixes, version IDs, passwords) deterministic,
	// for tests; 0 seeds it from crypto/rand.
	Seed uint64
}

// New makes a store over w, which it owns from now on: only the store changes it.
func New(w *world.World, o Options) *Store {
	seed := o.Seed
	if seed == 0 {
		seed = randomSeed()
	}
	s := &Store{w: w, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		principals: map[*world.Caller]*principal{}, interned: map[string][]string{}}
	s.reindex()
	for _, e := range s.index {
		if d := e.s.DeletionDate; !d.IsZero() {
			s.schedule(d)
		}
	}
	s.purge()
	return s
}

// World is the store's world. Read it only between calls (for an export, say): the store
// changes it during calls.
func (s *Store) World() *world.World { return s.w }

// Export writes the world as it stands between calls (world.Export), while callers may be
// calling: a local endpoint saves it after each change.
func (s *Store) Export(o world.ExportOptions) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Export(o)
}

// Now is the world's clock.
func (s *Store) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Clock
}

// Network is what the caller's connection tells AWS besides the signature.
type Network struct {
	SourceIP    string // aws:SourceIp; "" when the call came through a VPC endpoint
	VPCEndpoint string // aws:SourceVpce, the vpce-... ID, or ""
	VPC         string // aws:SourceVpc, or ""
	TLS         bool   // aws:SecureTransport
}

// DefaultNetwork is a caller on the internet over TLS, as the AWS CLI calls.
var DefaultNetwork = Network{SourceIP: "203.0.113.10", TLS: true}

// Call is one Secrets Manager API call.
type Call struct {
	Caller    *world.Caller
	Region    string // the endpoint's region: us-east-1
	Network   Network
	Operation string // the API operation: GetSecretValue (X-Amz-Target without "secretsmanager.")
	Input     []byte // the request body, a JSON object as AWS JSON 1.1 carries it; empty means {}
}

// Result is what a call answers: the JSON output, or an AWS error; and the authorization
// checks the call made, in order (the last one decided when the call was denied).
type Result struct {
	Output []byte // the response body on success
	Err    *Error // the AWS error, or nil
	Checks []Check
	// Rotation is what the rotation RotateSecret started did (rotation.go), or nil
	Rotation *RotationRun
	first    [2]Check // backing store for Checks on the calls of one or two checks, to spare an allocation
	call     Call     // the call, kept beside its result so that one allocation holds both
	action   string   // the call's IAM action (exec)

	// Policy explains an answer about the policy a call gave (PutResourcePolicy,
	// ValidateResourcePolicy); nil for other answers.
	Policy *PolicyFindings
}

// OK reports whether the call succeeded.
func (r *Result) OK() bool { return r.Err == nil }

// handler runs one operation against the locked store, on a body its shape admits.
type handler func(s *Store, c *Call, r *Result) *Error

// operation is an operation's handler, the shape of its request and its IAM action.
type operation struct {
	run    handler
	shape  *Shape
	action string
}

// calls are the operations with their shapes, joined at init: the handlers that make calls
// (RotateSecret) would otherwise initialize the table from itself.
var calls map[string]operation

func init() {
	calls = make(map[string]operation, len(operations))
	for i := range shapes {
		sh := &shapes[i]
		calls[sh.Operation] = operation{operations[sh.Operation], sh, action(sh.Operation)}
	}
}

// Call runs one call. It never panics on any input and returns an AWS error for anything
// AWS would refuse.
func (s *Store) Call(c Call) *Result {
	r := new(Result)
	s.CallInto(r, c)
	return r
}

// CallInto is Call answering in r, which it overwrites whole: a caller that runs calls one
// after another with one Result allocates nothing for them (GetSecretValue allocates
// nothing at all). The checks are kept in r: they hold until r is reused.
func (s *Store) CallInto(r *Result, c Call) {
	*r = Result{call: c}
	op, ok := calls[c.Operation]
	switch {
	case !ok:
		r.Err = errorf(UnknownOperation, "The operation %s is not a Secrets Manager operation.", safe(c.Operation))
		return
	case c.Caller == nil || c.Caller.Account == nil:
		r.Err = errorf(UnrecognizedClient, "The security token included in the request is invalid.")
		return
	case len(c.Input) > MaxInputBytes:
		r.Err = errorf(SerializationException, "The request body is larger than %d bytes.", MaxInputBytes)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exec(op, r)
}

// callLocked is Call for a call the store makes itself while it holds the lock (a rotation
// function's calls).
func (s *Store) callLocked(c Call) *Result {
	r := &Result{call: c}
	op, ok := calls[c.Operation]
	if !ok {
		r.Err = errorf(UnknownOperation, "The operation %s is not a Secrets Manager operation.", safe(c.Operation))
		return r
	}
	s.exec(op, r)
	return r
}

// exec holds the call's body to the operation's shape (CheckInput's first error), then runs
// the operation.
func (s *Store) exec(op operation, r *Result) {
	if errs := checkInput(op.shape, r.call.Input, false, &s.flat); errs != nil {
		r.Err = &errs[0].Error
		return
	}
	r.action = op.action
	r.Err = op.run(s, &r.call, r)
	if r.Err != nil {
		r.Output = nil
	}
}

// MaxInputBytes bounds a request body: the largest legal one is a 65,536-byte secret value,
// escaped, with its other fields.
const MaxInputBytes = 1 << 20
