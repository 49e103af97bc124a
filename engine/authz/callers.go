package authz

import (
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/iamplay/iamplay/engine/policy"
)

// callerEntry is a principal as Prepare reads it: its ARN parsed, and the one derived value
// that is in no string of a request (a session's role ARN, a federated user's ACCOUNT:NAME
// for aws:userid). An entry never changes once made; prepared requests share it.
type callerEntry struct {
	_           [0]func() // entries are never compared: no equality code in the .wasm
	arn, issuer string
	caller      policy.Caller
	built       string
}

// callers keep the principals read last, each where a hash of its ARN places it: a
// store's or a page's callers are few and call many times, so a prepared request points
// to its caller here rather than carrying a copy (fresh memory is most of what preparing
// costs). The table is bounded; a principal it does not hold is read, and takes the place
// of the one there.
var callers [256]unsafe.Pointer // *callerEntry, read and written atomically (no generic instantiation in the .wasm)

// callerOf is the entry of principal arn, with issuer as a federated user's session issuer
// (Request.SessionIssuer; other callers have none): from callers when it is there, else
// read and kept. The place is chosen from the length and last bytes of the ARN, which tell
// callers apart (user1, user2); two callers in one place only cost reading one again.
func callerOf(arn, issuer string) *callerEntry {
	h := uint64(len(arn))
	for i := max(0, len(arn)-8); i < len(arn); i++ {
		h = h<<8 | uint64(arn[i])
	}
	slot := &callers[(h*0x9E3779B97F4A7C15)>>56]
	if e := (*callerEntry)(atomic.LoadPointer(slot)); e != nil && e.arn == arn && (e.caller.Kind != policy.PrincipalFederated || e.issuer == issuer) {
		return e
	}
	// Copies: the request's strings may be parts of a larger text (a document) the table
	// must not keep.
	e := &callerEntry{arn: strings.Clone(arn)}
	e.caller = policy.ParseCaller(e.arn)
	switch c := &e.caller; c.Kind {
	case policy.PrincipalSession:
		e.built = string(c.AppendRoleARN(nil))
	case policy.PrincipalFederated:
		e.issuer = strings.Clone(issuer)
		c.Issuer = e.issuer
		e.built = c.Account + ":" + c.Name
	}
	atomic.StorePointer(slot, unsafe.Pointer(e))
	return e
}

// anonymous is the caller of a request that names none, as ParseCaller reads "" (static
// data: no init code in the .wasm).
var anonymous = policy.Caller{Kind: policy.PrincipalAnonymous}
