package secrets

import "slices"

type updateInput struct {
	SecretId           *string `json:"SecretId"`
	Description        *string `json:"Description"`
	KmsKeyId           *string `json:"KmsKeyId"`
	ClientRequestToken *string `json:"ClientRequestToken"`
	value
}

// updateSecret is UpdateSecret: the description and KMS key change in place; a value makes
// a new version labelled AWSCURRENT ("If you include SecretString or SecretBinary to create
// a new secret version, Secrets Manager automatically moves the staging label AWSCURRENT to
// the new version").
func updateSecret(s *Store, c *Call, r *Result) *Error {
	var in updateInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := in.value.check(false); err != nil {
		return err
	}
	e, err := s.onSecret(c, r, in.SecretId, true,
		kv{"secretsmanager:description", optional(in.Description)}, kv{"secretsmanager:kmskeyid", optional(in.KmsKeyId)})
	if err != nil {
		return err
	}
	// the key is the secret's account's: "If the secret is in a different account, then you
	// must use a customer managed key and provide the ARN of that KMS key in this field"
	kmsKey := e.s.KMSKeyID
	if in.KmsKeyId != nil {
		if kmsKey, err = s.kmsKey(e.acct, e.s.Region, *in.KmsKeyId); err != nil {
			return err
		}
		if err := s.validateKey(c, r, e.acct, e.s.Region, e.arn, kmsKey); err != nil {
			return err
		}
	}
	out := secretOutput{ARN: e.arn, Name: e.s.Name}
	if in.value.present() {
		token, err := s.sealValue(c, r, e, in.ClientRequestToken, kmsKey)
		if err != nil {
			return err
		}
		if v := version(e.s, *token); v != nil && in.value.equal(v) {
			// a retry: "If a version with this value already exists and the version
			// SecretString and SecretBinary values are the same as those in the request, then
			// the request is ignored" (found by the moto differential test)
			return marshal(r, secretOutput{ARN: e.arn, Name: e.s.Name, VersionId: v.ID})
		}
		v, err := s.newVersion(e, token, &in.value, nil)
		if err != nil {
			return err
		}
		out.VersionId = v.ID
	}
	if in.Description != nil {
		e.s.Description = *in.Description
	}
	if in.KmsKeyId != nil {
		e.s.KMSKeyID = kmsKey
	}
	e.s.LastChangedDate = s.w.Clock
	return marshal(r, out)
}

type stageInput struct {
	SecretId            *string `json:"SecretId"`
	VersionStage        *string `json:"VersionStage"`
	RemoveFromVersionId *string `json:"RemoveFromVersionId"`
	MoveToVersionId     *string `json:"MoveToVersionId"`
}

// updateSecretVersionStage is UpdateSecretVersionStage: a staging label moves to a version,
// or leaves one. "If the staging label is already attached to a different version of the
// secret, then you must also specify the RemoveFromVersionId parameter" and moving
// AWSCURRENT gives the version it left AWSPREVIOUS. AWSCURRENT can't be removed without a
// version to move it to: every secret with versions keeps exactly one AWSCURRENT.
func updateSecretVersionStage(s *Store, c *Call, r *Result) *Error {
	var in stageInput
	if err := decode(c, &in); err != nil {
		return err
	}
	e, err := s.onSecret(c, r, in.SecretId, true, kv{"secretsmanager:versionstage", s.one(*in.VersionStage)})
	if err != nil {
		return err
	}
	label := *in.VersionStage
	holder := staged(e.s, label)
	if in.RemoveFromVersionId != nil {
		from := version(e.s, *in.RemoveFromVersionId)
		if from == nil {
			return errorf(ResourceNotFound, "Secrets Manager can't find the specified secret version.")
		}
		if from != holder {
			return errorf(InvalidParameter, "The staging label %s is not attached to version %s.", safe(label), safe(*in.RemoveFromVersionId))
		}
	}
	if in.MoveToVersionId == nil {
		if in.RemoveFromVersionId == nil {
			return errorf(InvalidParameter, "You must specify MoveToVersionId, RemoveFromVersionId, or both.")
		}
		if label == current {
			return errorf(InvalidParameter, "You can't remove the staging label AWSCURRENT from a version without moving it to another version.")
		}
		detach(holder, label)
	} else {
		to := version(e.s, *in.MoveToVersionId)
		if to == nil {
			return errorf(ResourceNotFound, "Secrets Manager can't find the specified secret version.")
		}
		if holder != nil && holder != to && in.RemoveFromVersionId == nil {
			return errorf(InvalidParameter, "The staging label %s is currently attached to version %s. You must specify RemoveFromVersionId to move it.", safe(label), holder.ID)
		}
		if holder != to && len(to.Stages) >= maxStages && !slices.Contains(to.Stages, label) {
			return errorf(LimitExceeded, "A version can have at most %d staging labels.", maxStages)
		}
		attach(e.s, to, label)
	}
	return s.changed(r, e)
}
