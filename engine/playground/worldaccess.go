package playground

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/secrets"
)

// AccessQuery asks, of the world after step At of a state's timeline, which callers may
// perform which actions on which secrets: the access matrix (one caller, every action,
// every secret) and "who can read this secret" (every identity, one action, one secret) are
// two shapes of it. Each secret is called in its own region, from the network given.
type AccessQuery struct {
	At      int          `json:"at"` // -1: the world before any step
	Callers []CallerSpec `json:"callers"`
	Actions []string     `json:"actions"` // IAM actions: secretsmanager:GetSecretValue; kms:Decrypt for reading the current value
	Secrets []string     `json:"secrets"` // secret ARNs
	Network NetworkSpec  `json:"network"`
}

// AccessAnswer holds one decision per caller, secret and action: Grid[c][s] is a string
// with one letter per action, in the query's order: A (Allow), E (ExplicitDeny),
// I (ImplicitDeny), R (Refused), ? (the caller is not in the world), N (nothing to decide:
// for kms:Decrypt, the secret has no current value). Callers says who each
// caller is (a role session's ARN), or why it could not call.
type AccessAnswer struct {
	Callers []string   `json:"callers"`
	Errors  []string   `json:"errors"`
	Grid    [][]string `json:"grid"`
}

// MaxAccessCells bounds one access query.
const MaxAccessCells = 1 << 20

// Access answers an access query (AccessQuery) on a world-mode state: decisions only, as
// the store authorizes a call (secrets.Store.Access), without running anything.
func Access(state, query []byte) []byte {
	return guard("Access", func() []byte {
		worlds.Lock()
		defer worlds.Unlock()
		st, fail := readWorldState(state)
		if fail != nil {
			return fail
		}
		var q AccessQuery
		if err := json.Unmarshal(query, &q); err != nil {
			return errorJSON(CodeBadArgument, "the access query is not valid: "+err.Error())
		}
		if n := len(q.Callers) * len(q.Secrets) * len(q.Actions); n > MaxAccessCells {
			return errorJSON(CodeBadArgument, "the access query asks "+strconv.Itoa(n)+" decisions, more than "+strconv.Itoa(MaxAccessCells))
		}
		if q.At < -1 || q.At >= len(st.Steps) {
			q.At = len(st.Steps) - 1
		}
		r, fail := replayed(st, q.At+1)
		if fail != nil {
			return fail
		}
		return marshal(r.access(&q))
	})
}

// decisionLetter is a decision's letter in an AccessAnswer.
var decisionLetter = map[authz.Decision]byte{authz.Allow: 'A', authz.ExplicitDeny: 'E', authz.ImplicitDeny: 'I', authz.Refused: 'R'}

func (r *replay) access(q *AccessQuery) *AccessAnswer {
	a := &AccessAnswer{Callers: make([]string, len(q.Callers)), Errors: make([]string, len(q.Callers)), Grid: make([][]string, len(q.Callers))}
	regions := make([]string, len(q.Secrets))
	for i, s := range q.Secrets {
		regions[i] = regionOf(s)
	}
	buf := make([]byte, len(q.Actions))
	for ci := range q.Callers {
		row := make([]string, len(q.Secrets))
		a.Grid[ci] = row
		for si, sec := range q.Secrets {
			c, denied, fs := r.caller(&q.Callers[ci], regions[si], q.Network)
			switch {
			case c != nil:
				a.Callers[ci] = c.ARN
			case denied != nil:
				a.Errors[ci] = denied.reason()
			case len(fs) > 0:
				a.Errors[ci] = fs[0].Message
			default:
				a.Errors[ci] = "no principal of the world is " + strconv.Quote(q.Callers[ci].Principal)
			}
			for ai, act := range q.Actions {
				buf[ai] = '?'
				if c == nil {
					continue
				}
				ch, err := r.store.Access(secrets.Call{Caller: c, Region: regions[si], Network: q.Network.network()}, act, sec)
				if l, ok := decisionLetter[ch.Decision]; ok && err == nil {
					buf[ai] = l
				} else if err != nil {
					buf[ai] = 'N'
				}
			}
			row[si] = string(buf)
		}
	}
	return a
}

// regionOf is the region of a Secrets Manager ARN, or "us-east-1" for anything else.
func regionOf(arn string) string {
	if parts := strings.SplitN(arn, ":", 5); len(parts) == 5 && parts[3] != "" {
		return parts[3]
	}
	return "us-east-1"
}
