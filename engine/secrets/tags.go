package secrets

import (
	"slices"

	"github.com/iamplay/iamplay/engine/world"
)

type tagInput struct {
	SecretId *string  `json:"SecretId"`
	Tags     []tag    `json:"Tags"`
	TagKeys  []string `json:"TagKeys"`
}

// tagResource is TagResource: tags are added, a key already there gets the new value
// ("If you specify a tag key that is already associated with the secret, then the new tag
// value replaces the existing one"), 50 at most per secret.
func tagResource(s *Store, c *Call, r *Result) *Error {
	var in tagInput
	if err := decode(c, &in); err != nil {
		return err
	}
	tags, err := checkTags(in.Tags)
	if err != nil {
		return err
	}
	e, err := s.onSecret(c, r, in.SecretId, true, requestTagKeys(tags)...)
	if err != nil {
		return err
	}
	merged := slices.Clone(e.s.Tags)
	for _, t := range tags {
		if i := slices.IndexFunc(merged, func(x world.Tag) bool { return x.Key == t.Key }); i >= 0 {
			merged[i].Value = t.Value
		} else {
			merged = append(merged, t)
		}
	}
	if len(merged) > maxTags {
		return errorf(LimitExceeded, "A secret can have at most %d tags.", maxTags)
	}
	s.setTags(e, merged)
	return marshal(r, struct{}{})
}

// untagResource is UntagResource: the keys named are removed; keys the secret does not have
// are ignored.
func untagResource(s *Store, c *Call, r *Result) *Error {
	var in tagInput
	if err := decode(c, &in); err != nil {
		return err
	}
	for _, k := range in.TagKeys {
		if hasAWSPrefix(k) {
			return errorf(InvalidParameter, "The tag key uses the aws: prefix, which AWS reserves for its own use.")
		}
	}
	e, err := s.onSecret(c, r, in.SecretId, true, kv{"aws:tagkeys", in.TagKeys})
	if err != nil {
		return err
	}
	kept := slices.DeleteFunc(slices.Clone(e.s.Tags), func(t world.Tag) bool { return slices.Contains(in.TagKeys, t.Key) })
	s.setTags(e, kept)
	return marshal(r, struct{}{})
}

func (s *Store) setTags(e *entry, tags []world.Tag) {
	if len(tags) == 0 && e.s.Tags != nil {
		tags = []world.Tag{} // tagged once: DescribeSecret answers [] from now on
	}
	e.s.Tags = tags
	e.tags = newTagContext(tags)
	e.s.LastChangedDate = s.w.Clock
}
