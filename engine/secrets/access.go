package secrets

import "strings"

// Access decides, without running anything, whether c's caller may perform a Secrets Manager
// action on a secret, authorized exactly as Call authorizes it (the same policies, request
// context and decision): the access matrix and "who can read this secret" ask this. secret
// is a SecretId as a call writes it (an ARN, or a name in the call's account and region), or
// "*" for the actions on no secret. GetSecretValue is asked for AWSCURRENT, the version a
// call without VersionId or VersionStage reads. c.Input and c.Operation are not read. The
// world is not changed. Without a caller it answers Call's error for one.
func (s *Store) Access(c Call, action, secret string) (Check, *Error) {
	if c.Caller == nil || c.Caller.Account == nil {
		return Check{}, errorf(UnrecognizedClient, "The security token included in the request is invalid.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := anyResource
	var id []string
	if secret != "*" {
		t, id = s.resolve(&c, secret), s.one(secret)
	}
	var op []kv
	if strings.EqualFold(action, actions["GetSecretValue"]) {
		op = append(op, kv{"secretsmanager:versionstage", currentStages})
	}
	var r Result
	_ = s.authorize(&c, &r, action, t, id, op...)
	return r.Checks[0], nil
}
