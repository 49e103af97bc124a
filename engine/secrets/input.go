package secrets

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// decode reads a call's JSON body into v. Malformed JSON or a member of the wrong type is
// AWS JSON 1.1's SerializationException; the message names the member, never its value.
func decode(c *Call, v any) *Error {
	in := bytes.TrimSpace(c.Input)
	if len(in) == 0 {
		return nil
	}
	if err := json.Unmarshal(in, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return errorf(SerializationException, "The member %s has the wrong type: expected %s.", safe(te.Field), te.Type.String())
		}
		return errorf(SerializationException, "The request body is not a JSON object.")
	}
	return nil
}

// Shape constraints of the API Reference, one place for all operations.
var (
	// Name: "The name can contain ASCII letters, numbers, and the following characters:
	// /_+=.@-" (CreateSecret), length 1 to 512.
	namePattern = charPattern{1, nameChar} // ^[a-zA-Z0-9/_+=.@-]+$
	// Tag keys and values: "^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$" (Tag).
	tagPattern = charPattern{0, tagChar}
	// ClientRequestToken: "Length Constraints: Minimum length of 32. Maximum length of 64."
)

// Limits from the API Reference and the Secrets Manager quotas page.
const (
	maxName        = 512
	maxDescription = 2048
	maxSecretID    = 2048
	maxValue       = 65536 // SecretString and SecretBinary: "Maximum length of 65536"
	maxTags        = 50    // "Maximum number of tags per secret: 50"
	maxTagKey      = 128
	maxTagValue    = 256
	maxStages      = 20 // VersionStages: "Maximum number of 20 items"
	maxStage       = 256
	maxList        = 20 // SecretIdList, MaxResults of BatchGetSecretValue
	maxVersions    = 100
	maxPolicy      = 20480
	maxKMSKeyID    = 2048
)

// value is a secret value as a request carries it: SecretString or SecretBinary.
type value struct {
	String *string `json:"SecretString"`
	Binary []byte  `json:"SecretBinary"`
}

func (v *value) present() bool { return v.String != nil || v.Binary != nil }

// check holds a value to the API Reference: "You must include SecretBinary or SecretString,
// but not both" (where one is required) and each at most 65,536 bytes (the shape counts a
// SecretString's characters, and a blob's bytes only once decoded).
func (v *value) check(required bool) *Error {
	switch {
	case v.String != nil && v.Binary != nil:
		return errorf(InvalidParameter, "You can't specify both a binary secret value and a string secret value in the same secret.")
	case required && !v.present():
		return errorf(InvalidRequest, "You must provide either SecretString or SecretBinary.")
	case v.String != nil && len(*v.String) > maxValue:
		return invalid("secretString", "Member must have length less than or equal to 65536")
	case v.Binary != nil && (len(v.Binary) > maxValue || len(v.Binary) == 0):
		return invalid("secretBinary", "Member must have length between 1 and 65536")
	}
	return nil
}

// equal reports whether a version holds exactly this value (idempotent retries).
func (v *value) equal(ver *world.Version) bool {
	switch {
	case v.String != nil:
		return ver.String != nil && *ver.String == *v.String && ver.Binary == nil
	case v.Binary != nil:
		return ver.String == nil && bytes.Equal(ver.Binary, v.Binary)
	}
	return ver.String == nil && ver.Binary == nil
}

// tag is a tag as the API writes it.
type tag struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

// checkTags holds tags (of the lengths the shape admits) to the quota, the pattern and the rule on "aws:": "Do not use the aws:
// prefix in your tag names or values because Amazon Web Services reserves it for Amazon
// Web Services use" (CreateSecret, Tags).
func checkTags(ts []tag) ([]world.Tag, *Error) {
	if len(ts) > maxTags {
		return nil, errorf(InvalidParameter, "Number of tags exceeds the limit of %d.", maxTags)
	}
	if len(ts) == 0 {
		return nil, nil
	}
	out := make([]world.Tag, 0, len(ts))
	for _, t := range ts {
		if t.Key == nil { // a null tag, which the shape lets through as no tag at all
			return nil, invalid("tags.member.key", "Member must not be null")
		}
		val := ""
		if t.Value != nil {
			val = *t.Value
		}
		if !tagPattern.MatchString(*t.Key) || !tagPattern.MatchString(val) {
			return nil, invalid("tags.member", "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$")
		}
		if hasAWSPrefix(*t.Key) || hasAWSPrefix(val) {
			return nil, errorf(InvalidParameter, "The tag key or value uses the aws: prefix, which AWS reserves for its own use.")
		}
		out = append(out, world.Tag{Key: *t.Key, Value: val})
	}
	return out, nil
}

func hasAWSPrefix(s string) bool {
	return len(s) >= 4 && (s[0]|0x20) == 'a' && (s[1]|0x20) == 'w' && (s[2]|0x20) == 's' && s[3] == ':'
}

// requestTagKeys is aws:TagKeys and aws:RequestTag/KEY for the tags of a request.
func requestTagKeys(tags []world.Tag) []kv {
	if len(tags) == 0 {
		return nil
	}
	keys := make([]string, 0, len(tags))
	out := make([]kv, 0, len(tags)+1)
	for _, t := range tags {
		keys = append(keys, t.Key)
		out = append(out, kv{"aws:requesttag/" + strings.ToLower(t.Key), []string{t.Value}})
	}
	return append(out, kv{"aws:tagkeys", keys})
}

// epoch is a timestamp as AWS JSON 1.1 writes it: seconds since the epoch, a JSON number.
type epoch time.Time

func (t epoch) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(time.Time(t).UnixMilli())/1000, 'f', -1, 64), nil
}

// stamp is an optional timestamp: nil for a zero time, so omitempty leaves it out.
func stamp(t time.Time) *epoch {
	if t.IsZero() {
		return nil
	}
	e := epoch(t)
	return &e
}

// marshal writes an operation's output.
func marshal(r *Result, v any) *Error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return errorf("InternalServiceError", "The output could not be written.")
	}
	r.Output = bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	return nil
}

// flatMember reads the next member of a flat JSON object of strings written without escapes
// ({"SecretId": "prod/db"}, the form of nearly every request on the hot path), from offset
// i of s (just after "{" or a previous member). It reports done at the closing brace, and
// ok false for anything else (nesting, escapes, numbers, malformed text): the caller then
// reads the body with decode, which gives the right answer or the right error.
func flatMember(s string, i int) (name, val string, next int, done, ok bool) {
	str := func(i int) (string, int, bool) {
		if i >= len(s) || s[i] != '"' {
			return "", i, false
		}
		for j := i + 1; j < len(s); j++ {
			switch c := s[j]; {
			case c == '"':
				return s[i+1 : j], j + 1, true
			case c == '\\' || c < 0x20 || c >= 0x80:
				return "", j, false
			}
		}
		return "", len(s), false
	}
	skip := func(i int) int {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
			i++
		}
		return i
	}
	i = skip(i)
	if i < len(s) && s[i] == '}' {
		return "", "", skip(i + 1), true, skip(i+1) == len(s)
	}
	if i < len(s) && s[i] == ',' {
		i = skip(i + 1)
	}
	if name, i, ok = str(i); !ok {
		return
	}
	if i = skip(i); i >= len(s) || s[i] != ':' {
		return "", "", i, false, false
	}
	val, i, ok = str(skip(i + 1))
	return name, val, i, false, ok
}

// maxResults reads MaxResults, which the shape holds between 1 and limit: limit when absent.
func maxResults(n *int, limit int) int {
	if n == nil {
		return limit
	}
	return *n
}
