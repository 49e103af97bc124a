package playground

import (
	"encoding/json"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// WorldState is world mode's state, as JSON: a world, a seed, and a timeline of steps (calls
// to the in-memory Secrets Manager, clock advances, edits of the world). It is stateless like
// the policy mode's state: World replays the timeline deterministically and answers every
// step, so undo is a shorter timeline and a share link is the state itself.
type WorldState struct {
	// World is the world file the timeline starts from; absent or null: the default world.
	World json.RawMessage `json:"world,omitempty"`
	// Seed seeds the store's random source (ARN suffixes, version IDs, passwords), so a
	// replay draws the same; 0 is read as 1.
	Seed  uint64 `json:"seed,omitempty"`
	Steps []Step `json:"steps"`
	// At is the step after which the world is shown and explained (0-based); -1 is the world
	// before any step; absent: after the last step.
	At *int `json:"at,omitempty"`
	// Values shows secret values in the view and in the answers; without it they are masked.
	Values bool `json:"values,omitempty"`
}

// Step is one step of the timeline: exactly one of a call, a clock advance, an edit.
type Step struct {
	Call    *StepCall `json:"call,omitempty"`
	Advance *Advance  `json:"advance,omitempty"`
	Edit    *Edit     `json:"edit,omitempty"`
}

// StepCall is one Secrets Manager API call: who calls, from where, the operation and its
// JSON body as AWS JSON 1.1 carries it.
type StepCall struct {
	Caller    CallerSpec      `json:"caller"`
	Region    string          `json:"region"`
	Network   NetworkSpec     `json:"network"`
	Operation string          `json:"operation"`
	Input     json.RawMessage `json:"input,omitempty"`
}

// CallerSpec says who calls: an IAM user's ARN, an account's root ARN
// (arn:aws:iam::ACCOUNT:root), or a role's ARN, for a session of that role made by
// AssumeRole with Session as its name and, optionally, a session policy; AssumedBy, when
// set, is the principal that assumes the role, and the role's trust policy must let it.
type CallerSpec struct {
	Principal     string `json:"principal"`
	Session       string `json:"session,omitempty"`
	SessionPolicy string `json:"sessionPolicy,omitempty"`
	AssumedBy     string `json:"assumedBy,omitempty"`
	// Tags are a role session's session tags, passed in AssumeRole: they are the session's
	// aws:PrincipalTag values, winning over the role's own tags of the same key, and
	// AssumeRole with them also needs sts:TagSession. (A list, not a map: the browser's
	// .wasm decodes no JSON map.)
	Tags []SessionTag `json:"tags,omitempty"`
}

// SessionTag is one session tag.
type SessionTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// maxSessionTags is STS's limit: "You can pass up to 50 session tags" (IAM User Guide,
// Passing session tags in AWS STS), each key 1 to 128 characters and value at most 256.
const maxSessionTags = 50

// sessionTags are the spec's tags sorted by key, or why STS would refuse them.
func (cs *CallerSpec) sessionTags() ([]world.Tag, string) {
	if len(cs.Tags) > maxSessionTags {
		return nil, "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"
	}
	out := make([]world.Tag, 0, len(cs.Tags))
	for _, t := range cs.Tags {
		if t.Key == "" || len(t.Key) > 128 || len(t.Value) > 256 {
			return nil, "A session tag's key must be 1 to 128 characters and its value at most 256."
		}
		// Kept sorted by key as they come (at most 50), so the session is the same whatever
		// the order: an insertion here costs the .wasm no sort package.
		i := len(out)
		out = append(out, world.Tag{})
		for ; i > 0 && out[i-1].Key > t.Key; i-- {
			out[i] = out[i-1]
		}
		out[i] = world.Tag{Key: t.Key, Value: t.Value}
	}
	return out, ""
}

// NetworkSpec is what the caller's connection tells AWS: a source IP on the internet, or a
// VPC endpoint (and its VPC), and whether TLS was used.
type NetworkSpec struct {
	_           noCompare
	SourceIP    string `json:"sourceIp,omitempty"`
	VPCEndpoint string `json:"vpce,omitempty"`
	VPC         string `json:"vpc,omitempty"`
	TLS         bool   `json:"tls"`
}

// Advance moves the world's clock forward: scheduled rotations run and recovery windows end.
type Advance struct {
	Days  int `json:"days,omitempty"`
	Hours int `json:"hours,omitempty"`
}

// duration is the advance as a duration; false when it is negative, zero or beyond
// maxAdvance.
func (a *Advance) duration() (time.Duration, bool) {
	if a.Days < 0 || a.Hours < 0 || a.Days > maxAdvanceDays || a.Hours > maxAdvanceDays*24 {
		return 0, false
	}
	d := time.Duration(a.Days)*24*time.Hour + time.Duration(a.Hours)*time.Hour
	return d, d > 0
}

// maxAdvanceDays bounds one advance: a hundred years.
const maxAdvanceDays = 36500

// Edit changes the world as it stands: the JSON value at Path (a JSON pointer into the world
// file, "" for the whole file; a last segment "-" appends to a list) becomes Value, or is
// removed. Editing a policy is an edit of its path.
type Edit struct {
	Path   string          `json:"path"`
	Value  json.RawMessage `json:"value,omitempty"`
	Remove bool            `json:"remove,omitempty"`
}

// MaxSteps bounds a timeline.
const MaxSteps = 2000
