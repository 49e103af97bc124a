package playground

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// A replay is a store that has run a timeline's first steps, with their answers. The cache
// keeps the two used last: the whole timeline, and the prefix shown when an earlier step is
// chosen; a state that extends a cached timeline runs only its new steps.
type replay struct {
	world    string // the world file (empty: the default world) and the seed: the cache's key
	seed     uint64
	findings policy.Findings
	store    *secrets.Store
	callers  map[string]*world.Caller // resolved callers, so the store's per-caller cache holds
	steps    []string                 // each applied step as JSON
	runs     []stepRun
	// shown is what an answer writes of the world as the last step left it, kept until a
	// step may change the world (most calls only read it).
	shown keptWorld
}

// keptWorld is the world as an answer writes it: the view, exported without values [0] and
// with them [1], and the identities and secrets members; nil until first written.
type keptWorld struct {
	view      [2][]byte
	inventory []byte
}

// checkViews makes every answer export the world again and compare it with a kept one (the
// package's tests turn it on: a step that changed the world without clearing it fails them).
var checkViews bool

// stepRun is an applied step: its answer (with its output masked, made once), its answer
// as JSON in the timeline (encoded once), and how to explain its checks.
type stepRun struct {
	answer  StepAnswer
	masked  json.RawMessage
	encoded []byte          // answer as JSON without the output: the step as the timeline lists it
	denied  *authz.Result   // the refused AssumeRole's explanation, for a call that never reached the store
	checks  []secrets.Check // the call's authorization checks, each explained when the step is shown
	decided int             // the index of the check that decided the call
	changes bool            // the step may have changed the world
}

var worlds struct {
	sync.Mutex
	cached [2]*replay // most recently used first
}

// replayed returns a replay of st's first n steps, from the cache when it holds a prefix.
func replayed(st *worldState, n int) (*replay, []byte) {
	base := bytes.TrimSpace(st.World)
	if string(base) == "null" {
		base = nil
	}
	var r *replay
	for i, c := range worlds.cached {
		if c != nil && c.world == string(base) && c.seed == st.Seed && len(c.steps) <= n && prefix(c.steps, st.Steps) && (r == nil || len(c.steps) > len(r.steps)) {
			r = c
			worlds.cached[i] = nil
		}
	}
	if r == nil {
		var fail []byte
		if r, fail = start(string(base), st.Seed); fail != nil {
			return nil, fail
		}
	}
	for i := len(r.steps); i < n; i++ {
		r.apply(st.Steps[i], i)
		r.steps = append(r.steps, string(st.Steps[i]))
	}
	if worlds.cached[0] != nil && worlds.cached[0] != r {
		worlds.cached[1] = worlds.cached[0]
	}
	worlds.cached[0] = r
	return r, nil
}

// prefix tells whether the steps a replay ran begin the steps as written.
func prefix(short []string, long []json.RawMessage) bool {
	for i := range short {
		if short[i] != string(long[i]) {
			return false
		}
	}
	return true
}

// start reads the world and makes its store.
func start(base string, seed uint64) (*replay, []byte) {
	var w *world.World
	var fs policy.Findings
	if base == "" {
		w = world.Default()
	} else {
		w, fs = world.Read([]byte(base))
		if w == nil {
			out := make([]authz.Finding, len(fs))
			for i, f := range fs {
				out[i] = authz.Finding{Policy: authz.DocumentRef, Finding: f}
			}
			return nil, unreadable(out)
		}
	}
	return &replay{world: base, seed: seed, findings: fs, store: secrets.New(w, secrets.Options{Seed: seed}), callers: map[string]*world.Caller{}}, nil
}

// apply runs step i, as written, on the replay's store and records its answer.
func (r *replay) apply(raw json.RawMessage, i int) {
	var run stepRun
	s := new(Step)
	switch err := json.Unmarshal(raw, s); {
	case err != nil:
		run.answer.Kind = "invalid"
		run.answer.Error = &secrets.Error{Type: secrets.SerializationException, Message: "The step is not valid: " + err.Error()}
	case s.Call != nil && s.Advance == nil && s.Edit == nil:
		run = r.call(s.Call)
	case s.Advance != nil && s.Call == nil && s.Edit == nil:
		run.answer.Kind, run.changes = "advance", true
		if d, ok := s.Advance.duration(); ok {
			run.answer.Rotations = rotations(r.store.Advance(d)...)
		} else {
			run.answer.Error = &secrets.Error{Type: secrets.InvalidParameter, Message: "An advance is a positive number of days or hours, at most " + strconv.Itoa(maxAdvanceDays) + " days."}
		}
	case s.Edit != nil && s.Call == nil && s.Advance == nil:
		run = r.edit(s.Edit, i)
		run.changes = true
	default:
		run.answer.Kind = "invalid"
		run.answer.Error = &secrets.Error{Type: secrets.InvalidParameter, Message: "A step is exactly one of a call, an advance or an edit."}
	}
	run.answer.OK = run.answer.Error == nil && len(run.answer.Findings) == 0
	run.masked = masked(run.answer.Output, false)
	run.answer.Clock = r.store.Now().UTC().Format(time.RFC3339)
	listed := run.answer
	listed.Output = nil // only the shown step's response is in an answer
	run.encoded = marshal(listed)
	r.runs = append(r.runs, run)
	if run.changes {
		r.shown = keptWorld{}
	}
}

// readOnly tells whether an operation only reads: its action's access level is Read or List
// (Service Authorization Reference), and a call "never changes the world but by what it
// asks" (package secrets).
func readOnly(op string) bool {
	sm, _ := catalog.Lookup(catalog.SecretsManager)
	a, ok := sm.Action(op)
	return ok && (a.AccessLevel == "Read" || a.AccessLevel == "List")
}

// call runs a call step.
func (r *replay) call(sc *StepCall) stepRun {
	run := stepRun{answer: StepAnswer{Kind: "call"}}
	caller, denied, fs := r.caller(&sc.Caller, sc.Region, sc.Network)
	switch {
	case len(fs) > 0:
		run.answer.Findings = fs
		run.answer.Error = &secrets.Error{Type: secrets.MalformedPolicy, Message: "The session policy is not a valid policy: " + fs[0].Message}
		return run
	case denied != nil && denied.invalid != "":
		run.answer.Error = &secrets.Error{Type: "ValidationError", Message: denied.invalid}
		return run
	case denied != nil:
		action := "sts:AssumeRole"
		if denied.action != "" {
			action = denied.action
		}
		run.answer.Caller = denied.Principal
		run.answer.Error = &secrets.Error{Type: secrets.AccessDenied, Message: denied.explain.Reason}
		run.answer.Checks = []CheckAnswer{{Action: action, Resource: denied.role, Decision: denied.explain.Decision}}
		run.denied = denied.explain
		return run
	case caller == nil:
		run.answer.Error = &secrets.Error{Type: secrets.UnrecognizedClient, Message: "No principal of the world is " + strconv.Quote(sc.Caller.Principal) + "."}
		return run
	}
	run.answer.Caller, run.changes = caller.ARN, !readOnly(sc.Operation)
	res := r.store.Call(secrets.Call{Caller: caller, Region: sc.Region, Network: sc.Network.network(), Operation: sc.Operation, Input: sc.Input})
	run.answer.Output, run.answer.Error = res.Output, res.Err
	run.answer.Rotations = rotations(res.Rotation)
	if res.Policy != nil {
		run.answer.Policy = &StepPolicy{Source: string(res.Policy.Source), Findings: res.Policy.Findings}
	}
	for _, c := range res.Checks {
		run.answer.Checks = append(run.answer.Checks, CheckAnswer{Action: c.Action, Resource: c.Resource, Decision: c.Decision})
	}
	run.checks, run.decided = res.Checks, res.Deciding()
	return run
}

// network is the spec as the store takes it.
func (n NetworkSpec) network() secrets.Network {
	return secrets.Network{SourceIP: n.SourceIP, VPCEndpoint: n.VPCEndpoint, VPC: n.VPC, TLS: n.TLS}
}

// assumeDenied is an AssumeRole the role's trust policy (or the assumer's policies) refused.
type assumeDenied struct {
	_               noCompare
	Principal, role string
	explain         *authz.Result
	action          string // the action refused: sts:AssumeRole unless sts:TagSession
	invalid         string // why STS refuses the request itself (its session tags), without deciding it
}

// reason says why the session was not made.
func (d *assumeDenied) reason() string {
	if d.invalid != "" {
		return d.invalid
	}
	return d.explain.Reason
}

// caller resolves who calls: a user or root by ARN, or a session of a role, made by
// AssumeRole when the spec names who assumes it (decided as STS decides it: the assumer's
// policies with the role's trust policy as the resource policy).
func (r *replay) caller(cs *CallerSpec, region string, n NetworkSpec) (*world.Caller, *assumeDenied, policy.Findings) {
	tags, bad := cs.sessionTags()
	if bad != "" {
		return nil, &assumeDenied{invalid: bad}, nil
	}
	key := cs.Principal + "\x00" + cs.Session + "\x00" + cs.AssumedBy + "\x00" + cs.SessionPolicy
	for _, t := range tags {
		key += "\x00" + t.Key + "=" + t.Value
	}
	if c, ok := r.callers[key]; ok && c != nil {
		return c, nil, nil
	}
	w := r.store.World()
	arn := cs.Principal
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 && parts[2] == "iam" && strings.HasPrefix(parts[5], "role/") {
		role := parts[5][strings.LastIndexByte(parts[5], '/')+1:]
		session := cs.Session
		if session == "" {
			session = "playground"
		}
		arn = "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + role + "/" + session
		if cs.AssumedBy != "" {
			if d := r.assume(cs.AssumedBy, cs.Principal, session, region, n, tags); d != nil {
				return nil, d, nil
			}
		}
	}
	c, err := w.Caller(arn)
	if err != nil {
		return nil, nil, nil
	}
	if c.Role != nil && len(tags) > 0 {
		c.SessionTags = tags
	}
	if c.Role != nil && strings.TrimSpace(cs.SessionPolicy) != "" {
		p := cache.compiledShared(policy.KindSession, "session policy", cs.SessionPolicy)
		if f, bad := firstError(p.Findings); bad {
			return nil, nil, policy.Findings{f}
		}
		c.SessionPolicy = p
	}
	if len(r.callers) > 256 {
		clear(r.callers)
	}
	r.callers[key] = c
	return c, nil, nil
}

// assume decides the AssumeRole call that makes the session; nil when it is allowed.
func (r *replay) assume(by, roleARN, session, region string, n NetworkSpec, tags []world.Tag) *assumeDenied {
	w := r.store.World()
	deny := func(res *authz.Result) *assumeDenied {
		return &assumeDenied{Principal: by, role: roleARN, explain: res}
	}
	assumer, err := w.Caller(by)
	if err != nil || assumer.Root {
		// "Roles may not be assumed by root accounts." (STS); an unknown principal cannot sign.
		in := authz.Input{}
		return deny(in.Explain(authz.Prepare(authz.Request{Principal: by, Action: "sts:AssumeRole", Resource: roleARN})))
	}
	in := w.Input(assumer)
	parts := strings.SplitN(roleARN, ":", 6)
	if a := w.Account(parts[4]); a != nil {
		if role := a.Role(roleARN[strings.LastIndexByte(roleARN, '/')+1:]); role != nil && role.Trust != nil {
			in.Resource = role.Trust.Policy
		}
	}
	ctx := map[string][]string{"sts:RoleSessionName": {session}, "aws:RequestedRegion": {region},
		"aws:SecureTransport": {strconv.FormatBool(n.TLS)}, "aws:userid": {r.store.UserID(assumer)}}
	if n.SourceIP != "" && n.VPCEndpoint == "" {
		ctx["aws:SourceIp"] = []string{n.SourceIP}
	}
	if assumer.User != nil {
		ctx["aws:username"] = []string{assumer.User.Name}
	}
	// "To pass session tags, the role's trust policy must allow sts:TagSession" and the
	// assumer's policies too; the request carries the tags as aws:RequestTag and aws:TagKeys
	// (IAM User Guide, Passing session tags in AWS STS).
	actions := []string{"sts:AssumeRole"}
	if len(tags) > 0 {
		keys := make([]string, len(tags))
		for i, t := range tags {
			keys[i] = t.Key
			ctx["aws:RequestTag/"+t.Key] = []string{t.Value}
		}
		ctx["aws:TagKeys"] = keys
		actions = append(actions, "sts:TagSession")
	}
	for _, act := range actions {
		q := authz.Prepare(authz.Request{Principal: assumer.ARN, Action: act, Resource: roleARN, Context: ctx,
			Time: r.store.Now().UTC().Format(time.RFC3339)})
		if in.Resource == nil || in.Decide(q) != authz.Allow {
			d := deny(in.Explain(q))
			d.action = act
			return d
		}
	}
	return nil
}

// firstError is the first error finding of fs.
func firstError(fs policy.Findings) (policy.Finding, bool) {
	for _, f := range fs {
		if f.Severity == policy.SeverityError {
			return f, true
		}
	}
	return policy.Finding{}, false
}

// edit applies an edit step: the world as it stands, exported with its values, changed at
// the path and read back; a world with errors is refused and the old one kept. The store is
// made afresh over the new world (seeded by the step, so a replay draws the same).
func (r *replay) edit(e *Edit, i int) stepRun {
	run := stepRun{answer: StepAnswer{Kind: "edit"}}
	cur, err := r.store.Export(world.ExportOptions{Values: true})
	if err != nil {
		run.answer.Error = &secrets.Error{Type: secrets.InvalidRequest, Message: "The world cannot be exported: " + err.Error()}
		return run
	}
	next, msg := patch(cur, e)
	if msg != "" {
		run.answer.Error = &secrets.Error{Type: secrets.InvalidParameter, Message: msg}
		return run
	}
	w, fs := world.Read(next)
	var errs policy.Findings
	for _, f := range fs {
		if f.Severity == policy.SeverityError {
			errs = append(errs, f)
		}
	}
	if w == nil || len(errs) > 0 {
		run.answer.Findings = errs
		if len(errs) == 0 {
			run.answer.Findings = fs
		}
		run.answer.Error = &secrets.Error{Type: secrets.InvalidParameter, Message: "The edited world has errors; the world is unchanged."}
		return run
	}
	r.store = secrets.New(w, secrets.Options{Seed: r.seed + uint64(i) + 1})
	clear(r.callers)
	return run
}

// patch sets (or removes) the value at a JSON pointer in a JSON document; it returns the new
// document, or why it cannot.
func patch(doc []byte, e *Edit) ([]byte, string) {
	var val any
	if !e.Remove {
		if len(e.Value) == 0 {
			return nil, "An edit needs a value, or remove."
		}
		if err := json.Unmarshal(e.Value, &val); err != nil {
			return nil, "The edit's value is not JSON: " + err.Error()
		}
	}
	if e.Path == "" {
		if e.Remove {
			return nil, "The whole world cannot be removed."
		}
		return e.Value, ""
	}
	if !strings.HasPrefix(e.Path, "/") {
		return nil, "An edit's path is a JSON pointer: \"\" or /accounts/0/...; got " + strconv.Quote(e.Path) + "."
	}
	var root any
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	if err := d.Decode(&root); err != nil {
		return nil, "The world cannot be read: " + err.Error()
	}
	segs := strings.Split(e.Path[1:], "/")
	for i := range segs {
		segs[i] = strings.ReplaceAll(strings.ReplaceAll(segs[i], "~1", "/"), "~0", "~")
	}
	root, msg := set(root, segs, val, e.Remove)
	if msg != "" {
		return nil, msg + " (" + e.Path + ")"
	}
	out, err := json.Marshal(root)
	if err != nil {
		return nil, err.Error()
	}
	return out, ""
}

// set returns v with the value at segs set to val (or removed).
func set(v any, segs []string, val any, remove bool) (any, string) {
	seg, last := segs[0], len(segs) == 1
	switch c := v.(type) {
	case map[string]any:
		if last {
			if remove {
				delete(c, seg)
			} else {
				c[seg] = val
			}
			return c, ""
		}
		child, ok := c[seg]
		if !ok {
			return nil, "no member " + strconv.Quote(seg)
		}
		nv, msg := set(child, segs[1:], val, remove)
		c[seg] = nv
		return c, msg
	case []any:
		if seg == "-" && last && !remove {
			return append(c, val), ""
		}
		i, err := strconv.Atoi(seg)
		if err != nil || i < 0 || i >= len(c) {
			return nil, "no element " + strconv.Quote(seg)
		}
		if last {
			if remove {
				return append(c[:i:i], c[i+1:]...), ""
			}
			c[i] = val
			return c, ""
		}
		nv, msg := set(c[i], segs[1:], val, remove)
		c[i] = nv
		return c, msg
	}
	return nil, "nothing to set inside a " + strconv.Quote(seg) + "'s parent value"
}
