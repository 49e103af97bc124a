package secrets

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// Rotation runs a secret's rotation function as Secrets Manager runs a Lambda rotation
// function: four steps, each given the secret's ARN and the new version's token
// (ClientRequestToken), each calling Secrets Manager as the function's execution role, so
// that "The Lambda function must have access to the secret" (Authentication and access
// control for AWS Secrets Manager) is decided by the same policies as any call. The
// function is registered in the world by ARN (world.RotationFunction, with its role); no
// Lambda runs: a Go function registered with the store under the ARN runs, or the built-in
// one, AWS's rotation template with a password from GetRandomPassword.
//
// A step that fails stops the rotation and leaves the secret as it stands: "When rotation is
// unsuccessful, the AWSPENDING staging label might be attached to an empty secret version"
// (RotateSecret), and while AWSPENDING is on a version other than AWSCURRENT's "any later
// invocation of RotateSecret assumes that a previous rotation request is still in progress
// and returns an error"; the next scheduled rotation (Advance) reattempts it with that
// version's token. RotateSecret itself "starts the asynchronous process of rotating the
// secret": it succeeds once the configuration is stored, and the rotation's steps, their
// calls and any failure are in the Result's Rotation.

// The rotation steps, in order ("Step: The rotation step (one of createSecret, setSecret,
// testSecret, or finishSecret)", the rotation function template).
const (
	StepCreate = "createSecret"
	StepSet    = "setSecret"
	StepTest   = "testSecret"
	StepFinish = "finishSecret"
)

var steps = []string{StepCreate, StepSet, StepTest, StepFinish}

// RotationFunc is a rotation function written in Go: it runs one step for the secret (its
// ARN) and the token of the new version, calling Secrets Manager with call as the function's
// role. A non-nil error fails the step.
type RotationFunc func(step, secretARN, token string, call CallFunc) error

// CallFunc makes one Secrets Manager call (the operation and its input, marshalled to JSON)
// and returns the output, or the AWS error (an *Error).
type CallFunc func(op string, input any) ([]byte, error)

// RegisterRotationFunc makes f the rotation function with the ARN; the world must register
// the ARN too (world.RotationFunction), with the role its calls are made as.
func (s *Store) RegisterRotationFunc(arn string, f RotationFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rotation.funcs == nil {
		s.rotation.funcs = map[string]RotationFunc{}
	}
	s.rotation.funcs[arn] = f
}

// rotationState is the store's rotation machinery: the registered Go functions, the callers
// of the functions' roles (kept, so that their compiled policies are cached), and when each
// secret's last scheduled attempt failed, so that a failing rotation waits for its next
// window.
type rotationState struct {
	funcs    map[string]RotationFunc
	callers  map[string]*world.Caller
	attempts map[*world.Secret]time.Time
}

// RotationRun is what a rotation did: each step, the calls it made and how it ended.
type RotationRun struct {
	Secret   string // the secret's ARN
	At       time.Time
	Function string // the rotation function's ARN
	Token    string // the new version's ID
	Steps    []StepRun
	Err      error // the first step's failure, or nil when the rotation completed
}

// StepRun is one step of a rotation.
type StepRun struct {
	Step  string
	Calls []*Result // every call the step made, with its authorization checks
	Err   error
}

// OK reports whether the rotation completed.
func (r *RotationRun) OK() bool { return r.Err == nil }

type rotationRules struct {
	AutomaticallyAfterDays *int64  `json:"AutomaticallyAfterDays,omitempty"`
	Duration               *string `json:"Duration,omitempty"`
	ScheduleExpression     *string `json:"ScheduleExpression,omitempty"`
}

func rulesOf(ro world.Rotation) *rotationRules {
	if ro.AutomaticallyAfterDays == 0 && ro.Duration == "" && ro.ScheduleExpression == "" {
		return nil
	}
	r := &rotationRules{}
	if ro.AutomaticallyAfterDays != 0 {
		r.AutomaticallyAfterDays = &ro.AutomaticallyAfterDays
	}
	if ro.Duration != "" {
		r.Duration = &ro.Duration
	}
	if ro.ScheduleExpression != "" {
		r.ScheduleExpression = &ro.ScheduleExpression
	}
	return r
}

type rotateInput struct {
	SecretId           *string        `json:"SecretId"`
	ClientRequestToken *string        `json:"ClientRequestToken"`
	RotationLambdaARN  *string        `json:"RotationLambdaARN"`
	RotationRules      *rotationRules `json:"RotationRules"`
	RotateImmediately  *bool          `json:"RotateImmediately"`
}

// rotateSecret is RotateSecret: "If you include the configuration parameters, the operation
// sets the values for the secret and then immediately starts a rotation. If you don't include
// the configuration parameters, the operation starts a rotation with the values already
// stored in the secret." With RotateImmediately false, "Secrets Manager tests the rotation
// configuration by running the testSecret step of the Lambda rotation function. The test
// creates an AWSPENDING version of the secret and then removes it."
func rotateSecret(s *Store, c *Call, r *Result) *Error {
	var in rotateInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.RotationLambdaARN != nil {
		if _, ok := world.LambdaARN(*in.RotationLambdaARN); !ok {
			return errorf(InvalidParameter, "The RotationLambdaARN is not the ARN of a Lambda function.")
		}
	}
	var rules world.Rotation
	if ru := in.RotationRules; ru != nil {
		var err *Error
		if rules, err = checkRules(ru); err != nil {
			return err
		}
	}
	e, err := s.onSecret(c, r, in.SecretId, true,
		kv{"secretsmanager:rotationlambdaarn", optional(in.RotationLambdaARN)},
		kv{"secretsmanager:rotateimmediately", optionalBool(in.RotateImmediately)},
		kv{"secretsmanager:modifyrotationrules", boolVals(in.RotationRules != nil)})
	if err != nil {
		return err
	}
	ro := e.s.Rotation
	if in.RotationLambdaARN != nil {
		ro.LambdaARN = *in.RotationLambdaARN
	}
	if ro.LambdaARN == "" {
		return errorf(InvalidRequest, "No Lambda rotation function ARN is associated with this secret.")
	}
	if f, _ := s.w.RotationFunction(ro.LambdaARN); f == nil {
		// AWS's answer when it cannot invoke the function (none, or no permission to)
		return errorf(AccessDenied, "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.")
	}
	if inProgress(e.s) {
		return errorf(InvalidRequest, "A previous rotation isn't complete. That rotation will be reattempted.")
	}
	if in.RotationRules != nil {
		ro.AutomaticallyAfterDays, ro.Duration, ro.ScheduleExpression = rules.AutomaticallyAfterDays, rules.Duration, rules.ScheduleExpression
	}
	token := ""
	if in.ClientRequestToken != nil {
		token = *in.ClientRequestToken
		if version(e.s, token) != nil {
			return errorf(ResourceExists, "A version with ClientRequestToken %s already exists: a rotation makes a new version.", safe(token))
		}
	} else {
		token = s.versionID()
	}
	ro.Enabled, ro.Configured = true, s.w.Clock
	e.s.Rotation = ro
	e.s.LastChangedDate = s.w.Clock
	out := secretOutput{ARN: e.arn, Name: e.s.Name}
	if in.RotateImmediately == nil || *in.RotateImmediately {
		r.Rotation = s.rotate(e, token)
		out.VersionId = token
	} else {
		r.Rotation = s.testRotation(e, token)
	}
	return marshal(r, out)
}

// checkRules reads RotationRules: "you can set the rotation schedule in RotationRules with
// AutomaticallyAfterDays or ScheduleExpression, but not both" (RotationRulesType).
func checkRules(ru *rotationRules) (world.Rotation, *Error) {
	var ro world.Rotation
	if d := ru.AutomaticallyAfterDays; d != nil {
		ro.AutomaticallyAfterDays = *d
	}
	if d := ru.Duration; d != nil {
		ro.Duration = *d
	}
	if x := ru.ScheduleExpression; x != nil {
		ro.ScheduleExpression = *x
	}
	if ro.AutomaticallyAfterDays != 0 && ro.ScheduleExpression != "" {
		return ro, errorf(InvalidParameter, "You can't set both AutomaticallyAfterDays and ScheduleExpression in RotationRules.")
	}
	if _, err := scheduleOf(ro); err != nil {
		return ro, err
	}
	return ro, nil
}

// inProgress reports whether a previous rotation has not finished: AWSPENDING is on a
// version that is not AWSCURRENT's.
func inProgress(sec *world.Secret) bool {
	p := staged(sec, pending)
	return p != nil && !slices.Contains(p.Stages, current)
}

// cancelRotateSecret is CancelRotateSecret: "Turns off automatic rotation, and if a rotation
// is currently in progress, cancels the rotation"; the labels stay where the rotation left
// them ("You might need to remove the staging label AWSPENDING from the partially created
// version"), and the version labelled AWSPENDING, if any, is named in the output.
func cancelRotateSecret(s *Store, c *Call, r *Result) *Error {
	e, err := s.onSecretID(c, r, true)
	if err != nil {
		return err
	}
	e.s.Rotation.Enabled = false
	e.s.LastChangedDate = s.w.Clock
	out := secretOutput{ARN: e.arn, Name: e.s.Name}
	if v := staged(e.s, pending); v != nil {
		out.VersionId = v.ID
	}
	return marshal(r, out)
}

// rotate runs the four steps for the token; after the last one the new version must be
// AWSCURRENT. A completed rotation sets LastRotatedDate and takes AWSPENDING off the new
// version ("When rotation is successful, the AWSPENDING staging label might be attached to
// the same version as the AWSCURRENT version, or it might not be attached to any version").
func (s *Store) rotate(e *entry, token string) *RotationRun {
	run := s.runSteps(e, token, steps)
	if run.Err == nil {
		v := version(e.s, token)
		if v == nil || !slices.Contains(v.Stages, current) {
			run.Err = errors.New("the rotation function finished without moving AWSCURRENT to the new version " + token)
		} else {
			detach(v, pending)
			e.s.Rotation.LastRotated = s.w.Clock
		}
	}
	return run
}

// testRotation is RotateImmediately false: createSecret and testSecret run, and the
// AWSPENDING version they made is removed again.
func (s *Store) testRotation(e *entry, token string) *RotationRun {
	run := s.runSteps(e, token, []string{StepCreate, StepTest})
	if v := version(e.s, token); v != nil && !slices.Contains(v.Stages, current) {
		e.s.Versions = slices.DeleteFunc(e.s.Versions, func(x *world.Version) bool { return x == v })
	}
	return run
}

// runSteps runs the steps of the secret's rotation function in order, stopping at the first
// that fails.
func (s *Store) runSteps(e *entry, token string, which []string) *RotationRun {
	arn := e.s.Rotation.LambdaARN
	run := &RotationRun{Secret: e.arn, At: s.w.Clock, Function: arn, Token: token}
	f, acct := s.w.RotationFunction(arn)
	if f == nil {
		run.Err = errors.New("the world registers no rotation function " + arn)
		return run
	}
	who := s.functionCaller(f, acct)
	if who == nil {
		run.Err = errors.New("the rotation function's role " + f.Role + " is not in account " + acct.ID)
		return run
	}
	fn := s.rotation.funcs[arn]
	if fn == nil {
		fn = passwordRotation(f.PasswordRules)
	}
	for _, step := range which {
		sr := StepRun{Step: step}
		call := func(op string, input any) ([]byte, error) {
			body, err := json.Marshal(input)
			if err != nil {
				return nil, errorf(SerializationException, "The input could not be written as JSON.")
			}
			res := s.callLocked(Call{Caller: who, Region: e.region, Network: lambdaNetwork, Operation: op, Input: body})
			sr.Calls = append(sr.Calls, res)
			if res.Err != nil {
				return nil, res.Err
			}
			return res.Output, nil
		}
		sr.Err = safeStep(fn, step, e.arn, token, call)
		run.Steps = append(run.Steps, sr)
		if sr.Err != nil {
			run.Err = errors.New(step + ": " + sr.Err.Error())
			break
		}
	}
	return run
}

// safeStep runs one step; a Go function that panics fails its step.
func safeStep(fn RotationFunc, step, arn, token string, call CallFunc) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("the rotation function panicked")
		}
	}()
	err = fn(step, arn, token, call)
	if e := (*Error)(nil); errors.As(err, &e) && e == nil { // a nil *Error is no error
		err = nil
	}
	return err
}

// lambdaNetwork is a Lambda function's connection: inside AWS, over TLS.
var lambdaNetwork = Network{TLS: true}

// functionCaller is the session of the function's role that its calls are made as
// (arn:aws:sts::ACCOUNT:assumed-role/ROLE/FUNCTION, as Lambda names the session after the
// function), made once per function.
func (s *Store) functionCaller(f *world.RotationFunction, acct *world.Account) *world.Caller {
	if c := s.rotation.callers[f.ARN]; c != nil {
		return c
	}
	role := acct.Role(f.Role)
	if role == nil {
		return nil
	}
	name := functionName(f.ARN)
	c := &world.Caller{ARN: "arn:" + s.w.Partition + ":sts::" + acct.ID + ":assumed-role/" + role.Name + "/" + name,
		Account: acct, Role: role, Session: name}
	if s.rotation.callers == nil {
		s.rotation.callers = map[string]*world.Caller{}
	}
	s.rotation.callers[f.ARN] = c
	return c
}

// functionName is the function's name: the ARN after "function:", without a qualifier.
func functionName(arn string) string {
	_, name, _ := strings.Cut(arn, ":function:")
	name, _, _ = strings.Cut(name, ":")
	return name
}

// passwordRotation is the built-in rotation function: AWS's rotation template
// (SecretsManagerRotationTemplate), with the new password from GetRandomPassword with the
// function's rules. Where the current value is a JSON object with a "password" member, only
// that member changes, as the database templates change it; otherwise the whole value is
// the new password. setSecret has no database to set in a world, and testSecret reads the
// new version back.
func passwordRotation(rules []byte) RotationFunc {
	return func(step, arn, token string, call CallFunc) error {
		out, err := call("DescribeSecret", &rotationInput{SecretId: arn})
		if err != nil {
			return err
		}
		var meta struct {
			RotationEnabled    bool                `json:"RotationEnabled"`
			VersionIdsToStages map[string][]string `json:"VersionIdsToStages"`
		}
		_ = json.Unmarshal(out, &meta)
		if !meta.RotationEnabled {
			return errors.New("the secret is not enabled for rotation")
		}
		stages, ok := meta.VersionIdsToStages[token]
		if !ok {
			if step != StepCreate {
				return errors.New("the secret has no version " + token)
			}
		} else if slices.Contains(stages, current) {
			return nil // already current: nothing to do
		} else if !slices.Contains(stages, pending) {
			return errors.New("version " + token + " is not set as AWSPENDING for rotation")
		}
		switch step {
		case StepCreate:
			cur, err := call("GetSecretValue", &rotationInput{SecretId: arn, VersionStage: current})
			if err != nil {
				return err
			}
			if _, err := call("GetSecretValue", &rotationInput{SecretId: arn, VersionId: token, VersionStage: pending}); err == nil {
				return nil
			} else if e := (*Error)(nil); !errors.As(err, &e) || e.Type != ResourceNotFound {
				return err
			}
			var req any = json.RawMessage("{}")
			if rules != nil {
				req = json.RawMessage(rules)
			}
			pw, err := call("GetRandomPassword", req)
			if err != nil {
				return err
			}
			var got struct{ RandomPassword string }
			_ = json.Unmarshal(pw, &got)
			var curVal struct{ SecretString *string }
			_ = json.Unmarshal(cur, &curVal)
			value := withPassword(curVal.SecretString, got.RandomPassword)
			_, err = call("PutSecretValue", &rotationInput{SecretId: arn, ClientRequestToken: token,
				SecretString: &value, VersionStages: []string{pending}})
			if err != nil {
				return err
			}
		case StepTest:
			if _, err := call("GetSecretValue", &rotationInput{SecretId: arn, VersionId: token, VersionStage: pending}); err != nil {
				return err
			}
		case StepFinish:
			from := ""
			for id, st := range meta.VersionIdsToStages {
				if slices.Contains(st, current) {
					from = id
				}
			}
			if _, err := call("UpdateSecretVersionStage", &rotationInput{SecretId: arn, VersionStage: current,
				MoveToVersionId: token, RemoveFromVersionId: &from}); err != nil {
				return err
			}
		}
		return nil
	}
}

// rotationInput is the input of every call the password rotation makes, written as encoding/json
// writes a map of its members (in the order of their names): one struct instead of a map per
// call keeps the function small in the .wasm. The members a call does not give are left out;
// the token and ARN are never empty.
type rotationInput struct {
	ClientRequestToken  string   `json:",omitempty"`
	MoveToVersionId     string   `json:",omitempty"`
	RemoveFromVersionId *string  `json:",omitempty"` // given even when empty (no version was current)
	SecretId            string   `json:",omitempty"`
	SecretString        *string  `json:",omitempty"`
	VersionId           string   `json:",omitempty"`
	VersionStage        string   `json:",omitempty"`
	VersionStages       []string `json:",omitempty"`
}

// withPassword is the new value: the current JSON object with its "password" replaced, or
// the password itself.
func withPassword(cur *string, pw string) string {
	if cur != nil {
		var m map[string]any
		if json.Unmarshal([]byte(*cur), &m) == nil {
			if _, ok := m["password"]; ok {
				m["password"] = pw
				b, err := json.Marshal(m)
				if err == nil {
					return string(b)
				}
			}
		}
	}
	return pw
}

// resourceKeys are the keys the secret itself gives every call on it, besides its tags:
// secretsmanager:resource/AllowRotationLambdaArn, "the ARN of the rotation Lambda function
// associated with the secret", and for a multi-Region secret (a primary with replicas, or a
// replica) secretsmanager:SecretPrimaryRegion, "primary region in which the secret is
// created if the secret is a multi-Region secret" (the service authorization reference).
func (s *Store) resourceKeys(l *keyList, e *entry) {
	if arn := e.s.Rotation.LambdaARN; arn != "" {
		l.add("secretsmanager:resource/allowrotationlambdaarn", s.one(arn))
	}
	if e.primary != nil || len(e.s.Replicas) > 0 {
		l.add("secretsmanager:secretprimaryregion", s.one(e.s.Region))
	}
}
