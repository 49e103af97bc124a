package playground

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// WorldAnswer is World's reply: every step's answer, and the world after step At with the
// explanation of step At when it is a call.
type WorldAnswer struct {
	// Findings are the world file's own, positioned in it.
	Findings policy.Findings `json:"findings"`
	Steps    []StepAnswer    `json:"steps"`
	At       int             `json:"at"`
	// View is the world file as it stands after step At, secret values left out unless the
	// state asks for them.
	View  json.RawMessage `json:"view"`
	Clock string          `json:"clock"`
	// Explanation explains step At's deciding check (the one that denied it, else the last);
	// absent when step At made none.
	Explanation *authz.Result `json:"explanation,omitempty"`
	// Explanations explain each of step At's checks in order, when it made more than one
	// (the secret's, then the KMS key's for a read): side by side, the page shows which
	// policy decided where. In JSON the deciding check's entry is null: it is Explanation
	// (MarshalJSON, UnmarshalJSON).
	Explanations []*authz.Result `json:"explanations,omitempty"`
	// Identities and Secrets list who may call and what may be called in the world after At,
	// for the page's pickers, the access matrix and "who can read".
	Identities []Identity  `json:"identities"`
	Secrets    []SecretRef `json:"secrets"`
}

// StepAnswer is one step's outcome. A step that failed changed nothing.
type StepAnswer struct {
	Kind   string          `json:"kind"` // call, advance, edit
	OK     bool            `json:"ok"`
	Caller string          `json:"caller,omitempty"` // the principal that called (a role session's ARN)
	Output json.RawMessage `json:"output,omitempty"` // the response body, values masked unless asked; only for step At
	Error  *secrets.Error  `json:"error,omitempty"`
	Checks []CheckAnswer   `json:"checks,omitempty"`
	// Findings are what an edit's world or a session policy was refused for.
	Findings policy.Findings `json:"findings,omitempty"`
	// Policy explains an answer about a policy the call gave (PutResourcePolicy's
	// PublicPolicyException, ValidateResourcePolicy): its text and findings positioned in it,
	// each public statement's fix as the suggestion.
	Policy *StepPolicy `json:"policy,omitempty"`
	// Rotations are the rotations the step ran (RotateSecret, or an advance of the clock).
	Rotations []RotationAnswer `json:"rotations,omitempty"`
	Clock     string           `json:"clock"` // the world's clock after the step
}

// noCompare makes a struct not comparable, so that no equality code is built for it: world
// mode's small answer types reach encoding/json as interfaces, which would link one per type
// (3 KB of the .wasm).
type noCompare [0]func()

// StepPolicy is a policy a call's answer is about, with its findings.
type StepPolicy struct {
	Source   string          `json:"source"`
	Findings policy.Findings `json:"findings"`
}

// RotationAnswer is one rotation: the secret, when, and how it ended.
type RotationAnswer struct {
	_      noCompare
	Secret string `json:"secret"`
	At     string `json:"at"`
	OK     bool   `json:"ok"`
	Error  string `json:"error,omitempty"`
}

// rotations summarizes rotation runs.
func rotations(runs ...*secrets.RotationRun) []RotationAnswer {
	var out []RotationAnswer
	for _, r := range runs {
		if r == nil {
			continue
		}
		a := RotationAnswer{Secret: r.Secret, At: r.At.UTC().Format(time.RFC3339), OK: r.OK()}
		if r.Err != nil {
			a.Error = r.Err.Error()
		}
		out = append(out, a)
	}
	return out
}

// CheckAnswer is one authorization a call made: the action, the resource, the decision.
type CheckAnswer struct {
	_        noCompare
	Action   string         `json:"action"`
	Resource string         `json:"resource"`
	Decision authz.Decision `json:"decision"`
}

// Identity is a principal of the world that can call: an account's root user, an IAM user,
// or a role (whose calls are made by a session of it).
type Identity struct {
	_         noCompare
	Principal string `json:"principal"`
	Kind      string `json:"kind"` // root, user, role
	Account   string `json:"account"`
	Name      string `json:"name"`
}

// SecretRef is a secret of the world.
type SecretRef struct {
	_       noCompare
	ARN     string `json:"arn"`
	Name    string `json:"name"`
	Region  string `json:"region"`
	Account string `json:"account"`
	Deleted bool   `json:"deleted,omitempty"` // scheduled for deletion
}

// World replays a world-mode state (WorldState) and answers it: each step's response or AWS
// error and checks, the world after the chosen step, and that step's explanation. Replays
// are cached: a state that extends the last one by a step runs only that step.
func World(state []byte) []byte { return AppendWorld(nil, state) }

// AppendWorld appends World's answer to dst: a caller answering call after call (the
// browser's worker) writes each answer over the last one instead of allocating it anew.
func AppendWorld(dst, state []byte) []byte {
	return guard("World", func() []byte {
		worlds.Lock()
		defer worlds.Unlock()
		return append(dst, answerWorld(state)...)
	})
}

// answerWorld is World's answer, in answerBuf unless it is a refusal; worlds is locked.
func answerWorld(state []byte) []byte {
	st, fail := readWorldState(state)
	if fail != nil {
		return fail
	}
	r, fail := replayed(st, len(st.Steps))
	if fail != nil {
		return fail
	}
	at := len(r.runs) - 1
	if st.At != nil && *st.At >= -1 && *st.At < len(r.runs) {
		at = *st.At
	}
	shown := r
	if at != len(r.runs)-1 {
		if shown, fail = replayed(st, at+1); fail != nil {
			return fail
		}
	}
	view, inventory, err := shown.written(st.Values)
	if err != nil {
		return errorJSON(CodeInternal, "cannot export the world: "+err.Error())
	}
	return r.answer(at, st.Values, view, inventory, shown.store)
}

// written is what an answer writes of the world as the replay's last step left it: the view
// (with secret values or without) and the identities and secrets members, each made once
// and kept until a step may change the world.
func (r *replay) written(values bool) (view, members []byte, err error) {
	v := 0
	if values {
		v = 1
	}
	if r.shown.view[v] == nil || checkViews {
		if view, err = r.store.Export(world.ExportOptions{Values: values, Compact: true}); err != nil {
			return nil, nil, err
		}
		if view = bytes.TrimSpace(view); len(view) == 0 {
			view = []byte("null")
		}
		r.shown.view[v] = kept(r.shown.view[v], view)
	}
	if r.shown.inventory == nil || checkViews {
		ids, secs := inventory(r.store.World())
		var w jsonWriter
		w.raw(`,"identities":`)
		w.encode(ids)
		w.raw(`,"secrets":`)
		w.encode(secs)
		r.shown.inventory = kept(r.shown.inventory, w.b)
	}
	return r.shown.view[v], r.shown.inventory, nil
}

// kept is the text made now, after checking that it is the text kept (when there is one).
func kept(old, now []byte) []byte {
	if old != nil && !bytes.Equal(old, now) {
		panic("a step changed the world without clearing what answers keep of it")
	}
	return now
}

// answer writes World's answer, a WorldAnswer for step at, as encoding/json encodes one
// (TestWorldAnswerEncoding holds it to that), from pieces: each step as the timeline lists
// it was encoded when it ran, the view is spliced in as exported, and the rest is encoded
// into one buffer kept between answers.
// view and inventory (the identities and secrets members) are of the world after step at
// (store).
func (r *replay) answer(at int, values bool, view, inventory []byte, store *secrets.Store) []byte {
	w := answerBuf
	w.b = w.b[:0]
	fs := r.findings
	if fs == nil {
		fs = policy.Findings{}
	}
	w.raw(`{"findings":`)
	w.encode(fs)
	w.raw(`,"steps":[`)
	for i := range r.runs {
		if i > 0 {
			w.raw(",")
		}
		if i != at {
			w.b = append(w.b, r.runs[i].encoded...)
			continue
		}
		s := r.runs[i].answer // the shown step, with its response
		if !values {
			s.Output = r.runs[i].masked
		}
		w.encode(&s)
	}
	w.raw(`],"at":`)
	w.b = strconv.AppendInt(w.b, int64(at), 10)
	w.raw(`,"view":`)
	w.b = append(w.b, view...)
	w.raw(`,"clock":`)
	w.encode(store.Now().UTC().Format(time.RFC3339))
	if at >= 0 {
		r.runs[at].explanations(w)
	}
	w.b = append(w.b, inventory...)
	w.raw(`}`)
	return w.b
}

// answerBuf is where World writes its answers (under worlds' lock).
var answerBuf = &jsonWriter{}

// encode writes v as encoding/json encodes it; it returns where v's text starts, to copy it
// again.
func (w *jsonWriter) encode(v any) int {
	start := len(w.b)
	w.b = append(w.b, marshal(v)...)
	return start
}

// explanations writes a WorldAnswer's explanation members for the step: the deciding
// check's explanation, and every check's when it made more than one, each check explained
// and encoded once.
func (s *stepRun) explanations(w *jsonWriter) {
	switch {
	case s.denied != nil:
		w.raw(`,"explanation":`)
		w.result(s.denied)
	case len(s.checks) == 1:
		w.raw(`,"explanation":`)
		w.result(s.checks[0].Explain())
	case len(s.checks) > 1:
		w.raw(`,"explanation":`)
		w.result(s.checks[s.decided].Explain())
		w.raw(`,"explanations":[`)
		for i := range s.checks {
			if i > 0 {
				w.raw(",")
			}
			if i == s.decided {
				w.raw("null") // it is the explanation
			} else {
				w.result(s.checks[i].Explain())
			}
		}
		w.raw(`]`)
	}
}

// MarshalJSON writes the answer as World does: the deciding check's entry of Explanations
// is null, since Explanation holds it (sent once, it is a quarter of a call's answer).
func (a WorldAnswer) MarshalJSON() ([]byte, error) {
	type plain WorldAnswer
	p := plain(a)
	if a.Explanation != nil && len(a.Explanations) > 0 {
		p.Explanations = make([]*authz.Result, len(a.Explanations))
		for i, x := range a.Explanations {
			if x != a.Explanation {
				p.Explanations[i] = x
			}
		}
	}
	return json.Marshal(p)
}

// UnmarshalJSON reads an answer World wrote: the null entry of Explanations is Explanation.
func (a *WorldAnswer) UnmarshalJSON(b []byte) error {
	type plain WorldAnswer
	if err := json.Unmarshal(b, (*plain)(a)); err != nil {
		return err
	}
	for i, x := range a.Explanations {
		if x == nil {
			a.Explanations[i] = a.Explanation
		}
	}
	return nil
}

// worldState is a WorldState as read: the steps are kept as written and decoded only when
// they are run, so that a state one step longer than the cached replay costs one decode.
type worldState struct {
	World  json.RawMessage   `json:"world"`
	Seed   uint64            `json:"seed"`
	Steps  []json.RawMessage `json:"steps"`
	At     *int              `json:"at"`
	Values bool              `json:"values"`
}

// readWorldState reads a state, or answers why it cannot; worlds is locked (scanState
// compares the steps with the longest cached replay's).
func readWorldState(src []byte) (*worldState, []byte) {
	if len(src) > MaxStateBytes {
		return nil, errorJSON(CodeUnreadable, "the state is larger than "+strconv.Itoa(MaxStateBytes>>20)+" MiB")
	}
	known := worlds.cached[0]
	if c := worlds.cached[1]; known == nil || c != nil && len(c.steps) > len(known.steps) {
		known = c
	}
	st, ok := scanState(src, known)
	if !ok {
		st = worldState{}
		if err := json.Unmarshal(src, &st); err != nil {
			return nil, errorJSON(CodeUnreadable, "the world-mode state is not valid: "+err.Error())
		}
	}
	if st.Steps == nil {
		return nil, errorJSON(CodeUnreadable, "the world-mode state has no steps list")
	}
	if len(st.Steps) > MaxSteps {
		return nil, errorJSON(CodeBadArgument, "the timeline has more than "+strconv.Itoa(MaxSteps)+" steps")
	}
	if st.Seed == 0 {
		st.Seed = 1
	}
	return &st, nil
}

// inventory lists the identities and the secrets of a world, in the file's order.
func inventory(w *world.World) ([]Identity, []SecretRef) {
	ids, secs := []Identity{}, []SecretRef{}
	p := w.Partition
	for _, acct := range w.Accounts {
		ids = append(ids, Identity{Principal: "arn:" + p + ":iam::" + acct.ID + ":root", Kind: "root", Account: acct.ID, Name: "root"})
		for _, u := range acct.Users {
			ids = append(ids, Identity{Principal: u.ARN(p, acct.ID), Kind: "user", Account: acct.ID, Name: u.Name})
		}
		for _, r := range acct.Roles {
			ids = append(ids, Identity{Principal: r.ARN(p, acct.ID), Kind: "role", Account: acct.ID, Name: r.Name})
		}
		for _, s := range acct.Secrets {
			secs = append(secs, SecretRef{ARN: s.ARN(p, acct.ID), Name: s.Name, Region: s.Region, Account: acct.ID, Deleted: !s.DeletionDate.IsZero()})
		}
	}
	return ids, secs
}

// secretFields are the response members that hold a secret value (GetSecretValue's,
// BatchGetSecretValue's) or a password made for one (GetRandomPassword's).
var secretFields = map[string]bool{"SecretString": true, "SecretBinary": true, "RandomPassword": true}

// Masked is what a masked value reads as.
const Masked = "(hidden: show values to see it)"

// masked replaces every secret value in a response body unless values are asked for: the
// value of each member named as a secretField, at any depth, is Masked; the rest of the body
// is kept as the store wrote it.
func masked(out json.RawMessage, values bool) json.RawMessage {
	if values || len(out) == 0 {
		return out
	}
	var b []byte // nil until a value is masked
	from := 0
	s := rawScan{b: out}
	for s.i < len(out) {
		if out[s.i] != '"' {
			s.i++
			continue
		}
		name := s.value()
		if !s.next(':') || !secretField(name) {
			continue // a string value, or another member
		}
		s.ws()
		b = append(b, out[from:s.i]...)
		b = appendString(b, Masked)
		s.value()
		from = s.i
	}
	if b == nil {
		return out
	}
	return append(b, out[from:]...)
}

// secretField tells whether a member's name, quoted as written, is one of secretFields.
func secretField(quoted []byte) bool {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return len(quoted) >= 2 && secretFields[string(quoted[1:len(quoted)-1])]
	}
	var name string
	return json.Unmarshal(quoted, &name) == nil && secretFields[name]
}

// KindWorld is Validate's kind for a whole world file: world mode's editor squiggles its
// findings, positioned in the text being edited.
const KindWorld = "world"

func validateWorld(text []byte) []byte {
	_, fs := world.Read(text)
	return findingsJSON(fs)
}
