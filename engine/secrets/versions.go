package secrets

import (
	"slices"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// The staging labels Secrets Manager itself moves.
const (
	current  = "AWSCURRENT"
	previous = "AWSPREVIOUS"
	pending  = "AWSPENDING"
)

var currentStages = []string{current}

// versionID draws a version ID in the form Secrets Manager gives one when the caller gives
// no ClientRequestToken: a UUID (version 4).
func (s *Store) versionID() string {
	const hex = "0123456789abcdef"
	var b [36]byte
	for i := 0; i < 36; i++ {
		switch i {
		case 8, 13, 18, 23:
			b[i] = '-'
			continue
		case 14:
			b[i] = '4'
			continue
		}
		n := s.rnd.IntN(16)
		if i == 19 {
			n = 8 | n&3
		}
		b[i] = hex[n]
	}
	return string(b[:])
}

// suffix draws the six random characters that end a secret's ARN.
func (s *Store) suffix() string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var b [6]byte
	for i := range b {
		b[i] = chars[s.rnd.IntN(len(chars))]
	}
	return string(b[:])
}

func version(sec *world.Secret, id string) *world.Version {
	for _, v := range sec.Versions {
		if v.ID == id {
			return v
		}
	}
	return nil
}

func staged(sec *world.Secret, label string) *world.Version {
	for _, v := range sec.Versions {
		if slices.Contains(v.Stages, label) {
			return v
		}
	}
	return nil
}

// attach moves a staging label to v: "Each staging label can be attached to only one version
// at a time" (UpdateSecretVersionStage). When AWSCURRENT moves, the version it leaves gets
// AWSPREVIOUS: "Secrets Manager automatically moves the staging label AWSPREVIOUS to the
// version that AWSCURRENT was removed from" (UpdateSecretVersionStage, PutSecretValue).
func attach(sec *world.Secret, v *world.Version, label string) {
	from := staged(sec, label)
	if from == v {
		return
	}
	if from != nil {
		from.Stages = slices.DeleteFunc(from.Stages, func(l string) bool { return l == label })
	}
	v.Stages = append(v.Stages, label)
	if label == current && from != nil {
		attach(sec, from, previous)
	}
}

func detach(v *world.Version, label string) {
	v.Stages = slices.DeleteFunc(v.Stages, func(l string) bool { return l == label })
}

// putVersion adds a version with the value and the stages (AWSCURRENT when none are given,
// or when it is the secret's first)
// and prunes deprecated versions beyond the quota: "Secrets Manager removes outdated
// versions when there are more than 100" (PutSecretValue).
func putVersion(sec *world.Secret, id string, val *value, stages []string, now time.Time) *world.Version {
	v := &world.Version{ID: id, Created: now}
	if val.String != nil {
		str := *val.String
		v.String = &str
	} else if val.Binary != nil {
		v.Binary = slices.Clone(val.Binary)
	}
	sec.Versions = append(sec.Versions, v)
	if stages == nil {
		stages = currentStages
	}
	for _, l := range stages {
		attach(sec, v, l)
	}
	if staged(sec, current) == nil {
		// "If this operation creates the first version for the secret, then Secrets Manager
		// automatically attaches the staging label AWSCURRENT to the new version."
		attach(sec, v, current)
	}
	for len(sec.Versions) > maxVersions {
		i := slices.IndexFunc(sec.Versions, func(v *world.Version) bool { return len(v.Stages) == 0 })
		if i < 0 {
			break
		}
		sec.Versions = slices.Delete(sec.Versions, i, i+1)
	}
	sec.LastChangedDate = now
	return v
}

// stagesOf is VersionIdsToStages: every version with a label (versions without one are
// deprecated and not listed).
func stagesOf(sec *world.Secret) map[string][]string {
	m := map[string][]string{}
	for _, v := range sec.Versions {
		if len(v.Stages) > 0 {
			m[v.ID] = v.Stages
		}
	}
	return m
}
