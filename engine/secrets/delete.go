package secrets

import (
	"strconv"
	"time"
)

type deleteInput struct {
	SecretId                   *string `json:"SecretId"`
	RecoveryWindowInDays       *int64  `json:"RecoveryWindowInDays"`
	ForceDeleteWithoutRecovery *bool   `json:"ForceDeleteWithoutRecovery"`
}

// deleteSecret is DeleteSecret: the secret is scheduled for deletion after the recovery
// window ("from 7 to 30 days. The default value is 30"), or deleted at once with
// ForceDeleteWithoutRecovery ("You can't use both this parameter and RecoveryWindowInDays
// in the same call"). A deleted secret's name is free at once; the next secret of that name
// gets a new ARN suffix.
func deleteSecret(s *Store, c *Call, r *Result) *Error {
	var in deleteInput
	if err := decode(c, &in); err != nil {
		return err
	}
	force := in.ForceDeleteWithoutRecovery != nil && *in.ForceDeleteWithoutRecovery
	days := int64(30)
	if in.RecoveryWindowInDays != nil {
		if force {
			return errorf(InvalidParameter, "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
		}
		days = *in.RecoveryWindowInDays
		if days < 7 || days > 30 {
			return errorf(InvalidParameter, "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
		}
	}
	var window []string
	if in.RecoveryWindowInDays != nil {
		window = []string{strconv.FormatInt(days, 10)}
	}
	e, err := s.onSecret(c, r, in.SecretId, false,
		kv{"secretsmanager:recoverywindowindays", window}, kv{"secretsmanager:forcedeletewithoutrecovery", optionalBool(in.ForceDeleteWithoutRecovery)})
	if err != nil {
		return err
	}
	now := s.w.Clock
	if !e.s.DeletionDate.IsZero() && !force {
		return markedDeleted()
	}
	if err := replicated(e); err != nil {
		return err
	}
	when := now
	if force {
		s.remove(e)
	} else {
		when = now.Add(time.Duration(days) * 24 * time.Hour)
		e.s.DeletionDate = when
		s.schedule(when)
	}
	return marshal(r, struct {
		ARN          string `json:"ARN"`
		Name         string `json:"Name"`
		DeletionDate epoch  `json:"DeletionDate"`
	}{e.arn, e.s.Name, epoch(when)})
}

// restoreSecret is RestoreSecret: "Cancels the scheduled deletion of a secret by removing
// the DeletedDate time stamp. You can access a secret again after it has been restored."
func restoreSecret(s *Store, c *Call, r *Result) *Error {
	e, err := s.onSecretID(c, r, false)
	if err != nil {
		return err
	}
	e.s.DeletionDate = time.Time{}
	return marshal(r, secretOutput{ARN: e.arn, Name: e.s.Name})
}
