package secrets

import (
	"github.com/iamplay/iamplay/engine/world"
)

type createInput struct {
	Name               *string   `json:"Name"`
	Description        *string   `json:"Description"`
	KmsKeyId           *string   `json:"KmsKeyId"`
	ClientRequestToken *string   `json:"ClientRequestToken"`
	Tags               []tag     `json:"Tags"`
	AddReplicaRegions  []replica `json:"AddReplicaRegions"`
	ForceOverwrite     *bool     `json:"ForceOverwriteReplicaSecret"`
	value
}

type secretOutput struct {
	ARN               string          `json:"ARN"`
	Name              string          `json:"Name"`
	VersionId         string          `json:"VersionId,omitempty"`
	ReplicationStatus []replicaStatus `json:"ReplicationStatus,omitempty"`
}

// createSecret is CreateSecret: a new secret named in the caller's account and the call's
// region, with a first version (AWSCURRENT) when a value is given: "If you include
// SecretString or SecretBinary then Secrets Manager creates an initial version for the
// secret, and automatically attaches the staging label AWSCURRENT to it."
func createSecret(s *Store, c *Call, r *Result) *Error {
	var in createInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if !namePattern.MatchString(*in.Name) {
		return errorf(ValidationException, "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")
	}
	if err := in.value.check(false); err != nil {
		return err
	}
	tags, err := checkTags(in.Tags)
	if err != nil {
		return err
	}
	reps, err := checkReplicas(c, in.AddReplicaRegions)
	if err != nil {
		return err
	}
	if err := s.replicaKeys(c.Caller.Account, reps); err != nil {
		return err
	}
	a := c.Caller.Account
	kmsKey := ""
	if in.KmsKeyId != nil {
		if kmsKey, err = s.kmsKey(a, c.Region, *in.KmsKeyId); err != nil {
			return err
		}
	}
	existing := s.index[secretKey{a.ID, c.Region, *in.Name}]
	suffix := ""
	if existing != nil {
		suffix = existing.s.Suffix
	} else {
		suffix = s.suffix()
	}
	arn := "arn:" + s.w.Partition + ":secretsmanager:" + c.Region + ":" + a.ID + ":secret:" + *in.Name + "-" + suffix
	op := append(requestTagKeys(tags),
		kv{"secretsmanager:name", []string{*in.Name}},
		kv{"secretsmanager:description", optional(in.Description)},
		kv{"secretsmanager:kmskeyid", optional(in.KmsKeyId)},
		kv{"secretsmanager:forceoverwritereplicasecret", optionalBool(in.ForceOverwrite)},
		kv{"secretsmanager:addreplicaregions", replicaRegions(reps)})
	if err := s.authorize(c, r, r.action, target{e: existing, arn: arn}, nil, op...); err != nil {
		return err
	}
	token := ""
	if in.ClientRequestToken != nil {
		token = *in.ClientRequestToken
	}
	if existing != nil {
		if !existing.s.DeletionDate.IsZero() {
			return errorf(InvalidRequest, "You can't create this secret because a secret with this name is already scheduled for deletion.")
		}
		// A retry of the same request: "If a version with this value already exists and the
		// version SecretString and SecretBinary values are the same as those in the request,
		// then the request is ignored."
		if v := version(existing.s, token); token != "" && v != nil && in.value.equal(v) {
			if err := s.decrypt(c, r, existing, v); err != nil {
				return err
			}
			return marshal(r, secretOutput{ARN: existing.arn, Name: existing.s.Name, VersionId: v.ID})
		}
		return errorf(ResourceExists, "The operation failed because the secret %s already exists.", safe(*in.Name))
	}
	now := s.w.Clock
	sec := &world.Secret{Name: *in.Name, Region: c.Region, Suffix: suffix, KMSKeyID: kmsKey, Tags: tags,
		Created: now, LastChangedDate: now}
	if in.Description != nil {
		sec.Description = *in.Description
	}
	out := secretOutput{ARN: arn, Name: sec.Name}
	if in.KmsKeyId != nil {
		if err := s.validateKey(c, r, a, c.Region, arn, kmsKey); err != nil {
			return err
		}
	}
	if in.value.present() {
		if token == "" {
			token = s.versionID()
		}
		if err := s.encrypt(c, r, a, c.Region, arn, kmsKey, token); err != nil {
			return err
		}
		out.VersionId = putVersion(sec, token, &in.value, nil, now).ID
	}
	e := s.add(a, sec)
	if reps != nil {
		s.replicate(c, r, e, reps, in.ForceOverwrite != nil && *in.ForceOverwrite)
		out.ReplicationStatus = replicationStatus(sec.Replicas)
	}
	return marshal(r, out)
}

func optional(s *string) []string {
	if s == nil {
		return nil
	}
	return []string{*s}
}

func optionalBool(b *bool) []string {
	if b == nil {
		return nil
	}
	return boolVals(*b)
}

// kmsKey checks a KmsKeyId (a key ID, key ARN, alias name or alias ARN) against the keys of
// the world: the account's in the region, or any account's by ARN. It returns the reference
// to keep: "" for the AWS managed key aws/secretsmanager, which needs no entry in the world
// ("If the secret is encrypted with the AWS managed key aws/secretsmanager, this field is
// omitted", DescribeSecret's KmsKeyId).
func (s *Store) kmsKey(a *world.Account, region, id string) (string, *Error) {
	k := s.findKey(a, region, id)
	switch {
	case k == nil:
		return "", errorf(InvalidParameter, "The KMS key %s can't be found in this account and Region.", safe(id))
	case k.managed && k.account == a.ID:
		return "", nil
	}
	return id, nil
}
