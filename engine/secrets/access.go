package secrets

import "strings"

// Access decides, without running anything, whether c's caller may perform a Secrets Manager
// action on a secret, authorized exactly as Call authorizes it (the same policies, request
// context and decision): the access matrix and "who can read this secret" ask this. secret
// is a SecretId as a call writes it (an ARN, or a name in the call's account and region), or
// "*" for the actions on no secret. GetSecretValue is asked for AWSCURRENT, the version a
// call without VersionId or VersionStage reads. c.Input and c.Operation are not read. The
// world is not changed. Without a caller it answers Call's error for one.
//
// Action kms:Decrypt asks the KMS step of reading the secret's AWSCURRENT value: the key
// policy of the secret's key with the caller's policies, as GetSecretValue asks it once the
// caller may read the secret; a secret with no such version, or none, is ResourceNotFound.
func (s *Store) Access(c Call, action, secret string) (Check, *Error) {
	if c.Caller == nil || c.Caller.Account == nil {
		return Check{}, errorf(UnrecognizedClient, "The security token included in the request is invalid.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if action == kmsDecrypt {
		return s.decryptAccess(&c, secret)
	}
	t := anyResource
	var id []string
	if secret != "*" {
		t, id = s.resolve(&c, secret), s.one(secret)
	}
	var op []kv
	if strings.EqualFold(action, actions["GetSecretValue"]) {
		op = append(op, kv{"secretsmanager:versionstage", currentStages})
	}
	return s.check(&c, action, t, id, op...), nil
}

// decryptAccess is Access for the kms:Decrypt step of reading a secret's current value.
func (s *Store) decryptAccess(c *Call, secret string) (Check, *Error) {
	t := s.resolve(c, secret)
	if t.e == nil {
		return Check{}, notFound()
	}
	v, err := pick(t.e.s, nil, nil)
	if err != nil {
		return Check{}, err
	}
	var r Result
	if err := s.decrypt(c, &r, t.e, v); len(r.Checks) == 0 { // the secret's key is not in the world
		return Check{}, err
	}
	return r.Checks[0], nil
}
