package secrets

import (
	"encoding/base64"
	"slices"
	"strconv"

	"github.com/iamplay/iamplay/engine/internal/jsonstr"
	"github.com/iamplay/iamplay/engine/world"
)

type getValueInput struct {
	SecretId     *string `json:"SecretId"`
	VersionId    *string `json:"VersionId"`
	VersionStage *string `json:"VersionStage"`
}

// getSecretValue is GetSecretValue: the version named by VersionId or VersionStage, else
// AWSCURRENT ("If you don't specify either a VersionStage or VersionId, then Secrets Manager
// returns the AWSCURRENT version").
func getSecretValue(s *Store, c *Call, r *Result) *Error {
	var in getValueInput
	var id, vid, stage []string
	// The members exec's shape check read (s.flat), which are views of the call's bytes, are
	// interned (one), so no string of them outlives the call.
	if has, ok := s.getFast(&s.flat, &id, &vid, &stage); ok {
		if has&1 != 0 {
			in.SecretId = &id[0]
		}
		if has&2 != 0 {
			in.VersionId = &vid[0]
		}
		if has&4 != 0 {
			in.VersionStage = &stage[0]
		}
	} else {
		slow := new(getValueInput) // the slow path alone pays for reflection's allocation
		if err := decode(c, slow); err != nil {
			return err
		}
		in = *slow
	}
	stages := currentStages
	var vids []string
	if in.VersionStage != nil {
		stages = s.one(*in.VersionStage)
	}
	if in.VersionId != nil {
		vids = s.one(*in.VersionId)
		if in.VersionStage == nil {
			stages = nil
		}
	}
	e, err := s.onSecret(c, r, in.SecretId, true, kv{"secretsmanager:versionstage", stages}, kv{"secretsmanager:versionid", vids})
	if err != nil {
		return err
	}
	v, err := pick(e.s, in.VersionId, in.VersionStage)
	if err != nil {
		return err
	}
	if err := s.decrypt(c, r, e, v); err != nil {
		return err
	}
	r.Output = e.valueOutput(v)
	return nil
}

// valueOutput is GetSecretValue's output for version v of the secret: the one written for
// the secret's last read when it was of the same version with the same labels, else a new
// one, kept for the next read. An output is never changed once written: callers share it.
func (e *entry) valueOutput(v *world.Version) []byte {
	if o := e.output; o != nil && o.v == v && slices.Equal(o.stages, v.Stages) {
		return o.out[:len(o.out):len(o.out)]
	}
	o := &valueAnswer{v, slices.Clone(v.Stages), appendValue(make([]byte, 0, 160+len(e.arn)+valueLen(v)), e, v)}
	e.output = o
	return o.out[:len(o.out):len(o.out)]
}

// valueAnswer is an output of GetSecretValue with the version it was written from and its
// labels then. Of all the output says, only the labels change while a version lives: the
// store makes a version's ID, date and value once (putVersion), an entry's ARN and name
// never change, and a promoted replica's secret has versions of its own.
type valueAnswer struct {
	v      *world.Version
	stages []string
	out    []byte
}

// getFast reads the usual body without reflection: a flat object (f, as exec's shape check
// read it) of GetSecretValue's three string members, each at most once; has says which were
// present (bits 1, 2, 4). Each value is the store's one-value list of it (one): the
// members are views of bytes the caller owns.
func (s *Store) getFast(f *flatBody, id, vid, stage *[]string) (has int, ok bool) {
	if !f.ok {
		return 0, false
	}
	for i := range f.n {
		bit, field := 0, (*[]string)(nil)
		switch f.members[i].Name {
		case "SecretId":
			bit, field = 1, id
		case "VersionId":
			bit, field = 2, vid
		case "VersionStage":
			bit, field = 4, stage
		default:
			return 0, false
		}
		if has&bit != 0 {
			return 0, false
		}
		has |= bit
		*field = s.one(f.members[i].Value.Text)
	}
	return has, true
}

// pick finds the version a request names; with both VersionId and VersionStage, "the two
// parameters must refer to the same secret version".
func pick(sec *world.Secret, id, stage *string) (*world.Version, *Error) {
	var v *world.Version
	switch {
	case id != nil:
		v = version(sec, *id)
		if v != nil && stage != nil && staged(sec, *stage) != v {
			return nil, errorf(ResourceNotFound, "Secrets Manager can't find the specified secret value for VersionId: %s and staging label: %s", safe(*id), safe(*stage))
		}
	case stage != nil:
		v = staged(sec, *stage)
	default:
		v = staged(sec, current)
	}
	if v == nil {
		switch {
		case id != nil:
			return nil, errorf(ResourceNotFound, "Secrets Manager can't find the specified secret value for VersionId: %s", safe(*id))
		case stage != nil:
			return nil, errorf(ResourceNotFound, "Secrets Manager can't find the specified secret value for staging label: %s", safe(*stage))
		}
		return nil, errorf(ResourceNotFound, "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT")
	}
	return v, nil
}

func valueLen(v *world.Version) int {
	if v.String != nil {
		return len(*v.String) + len(*v.String)/8
	}
	return base64.StdEncoding.EncodedLen(len(v.Binary))
}

// appendValue writes GetSecretValue's output by hand: it is the hot path, and the value is
// copied once.
func appendValue(b []byte, e *entry, v *world.Version) []byte {
	b = append(b, `{"ARN":`...)
	b = appendString(b, e.arn)
	b = append(b, `,"CreatedDate":`...)
	b = strconv.AppendFloat(b, float64(v.Created.UnixMilli())/1000, 'f', -1, 64)
	b = append(b, `,"Name":`...)
	b = appendString(b, e.s.Name)
	if v.Binary != nil {
		b = append(b, `,"SecretBinary":"`...)
		b = base64.StdEncoding.AppendEncode(b, v.Binary)
		b = append(b, '"')
	}
	if v.String != nil {
		b = append(b, `,"SecretString":`...)
		b = appendString(b, *v.String)
	}
	b = append(b, `,"VersionId":`...)
	b = appendString(b, v.ID)
	b = append(b, `,"VersionStages":[`...)
	for i, l := range v.Stages {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, l)
	}
	return append(b, "]}"...)
}

// appendString writes s as a JSON string as encoding/json does with SetEscapeHTML(false),
// as AWS writes a value: <, > and & stay as they are.
func appendString(b []byte, s string) []byte { return jsonstr.Append(b, s, false) }

type putValueInput struct {
	SecretId           *string  `json:"SecretId"`
	ClientRequestToken *string  `json:"ClientRequestToken"`
	VersionStages      []string `json:"VersionStages"`
	RotationToken      *string  `json:"RotationToken"`
	value
}

// putSecretValue is PutSecretValue: a new version, labelled AWSCURRENT unless VersionStages
// says otherwise.
func putSecretValue(s *Store, c *Call, r *Result) *Error {
	var in putValueInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := in.value.check(true); err != nil {
		return err
	}
	e, err := s.onSecret(c, r, in.SecretId, true)
	if err != nil {
		return err
	}
	token, err := s.sealValue(c, r, e, in.ClientRequestToken, e.s.KMSKeyID)
	if err != nil {
		return err
	}
	v, err := s.newVersion(e, token, &in.value, in.VersionStages)
	if err != nil {
		return err
	}
	return marshal(r, struct {
		ARN           string   `json:"ARN"`
		Name          string   `json:"Name"`
		VersionId     string   `json:"VersionId"`
		VersionStages []string `json:"VersionStages"`
	}{e.arn, e.s.Name, v.ID, v.Stages})
}

// newVersion is PutSecretValue's and UpdateSecret's new version, idempotent on the token:
// "If a version with this value already exists and the version SecretString and
// SecretBinary values are the same as those in the request, then the request is ignored.
// If a version with this value already exists and that version's SecretString and
// SecretBinary values are different from those in the request, then the request fails
// because you cannot modify an existing version."
func (s *Store) newVersion(e *entry, token *string, val *value, stages []string) (*world.Version, *Error) {
	id := ""
	if token != nil {
		id = *token
		if v := version(e.s, id); v != nil {
			if val.equal(v) {
				return v, nil
			}
			return nil, errorf(ResourceExists, "You can't modify an existing version, you can only create a new version.")
		}
	} else {
		id = s.versionID()
	}
	return putVersion(e.s, id, val, stages, s.w.Clock), nil
}
