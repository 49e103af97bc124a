package secrets

import "github.com/iamplay/iamplay/engine/catalog"

// operations are the Secrets Manager API's operations, each with its handler; the table
// test holds it to the catalogue's actions, one operation per action. They are declared as
// a list, which the WebAssembly build holds as data, and made a map once.
var operations = func() map[string]handler {
	m := make(map[string]handler, len(operationList))
	for _, o := range operationList {
		m[o.name] = o.run
	}
	return m
}()

var operationList = []struct {
	name string
	run  handler
}{
	{"CreateSecret", createSecret},
	{"GetSecretValue", getSecretValue},
	{"BatchGetSecretValue", batchGetSecretValue},
	{"PutSecretValue", putSecretValue},
	{"UpdateSecret", updateSecret},
	{"UpdateSecretVersionStage", updateSecretVersionStage},
	{"DescribeSecret", describeSecret},
	{"ListSecrets", listSecrets},
	{"ListSecretVersionIds", listSecretVersionIds},
	{"DeleteSecret", deleteSecret},
	{"RestoreSecret", restoreSecret},
	{"TagResource", tagResource},
	{"UntagResource", untagResource},
	{"GetRandomPassword", getRandomPassword},
	{"PutResourcePolicy", putResourcePolicy},
	{"GetResourcePolicy", getResourcePolicy},
	{"DeleteResourcePolicy", deleteResourcePolicy},
	{"ValidateResourcePolicy", validateResourcePolicy},
	{"RotateSecret", rotateSecret},
	{"CancelRotateSecret", cancelRotateSecret},
	{"ReplicateSecretToRegions", replicateSecretToRegions},
	{"RemoveRegionsFromReplication", removeRegionsFromReplication},
	{"StopReplicationToReplica", stopReplicationToReplica},
}

// secretsManager is the Secrets Manager catalogue: every operation is one of its actions.
var secretsManager = func() *catalog.Service {
	s, ok := catalog.Lookup("secretsmanager")
	if !ok {
		panic("secrets: the catalogue has no Secrets Manager")
	}
	return s
}()

// Operations lists the operations the store runs.
func Operations() []string {
	out := make([]string, 0, len(operations))
	for _, a := range secretsManager.Actions {
		if operations[a.Name] != nil {
			out = append(out, a.Name)
		}
	}
	return out
}

// actions are the IAM actions of the operations, written once.
var actions = func() map[string]string {
	m := map[string]string{}
	for _, a := range secretsManager.Actions {
		m[a.Name] = secretsManager.Prefix + ":" + a.Name
	}
	return m
}()

// action is the IAM action of an operation.
func action(op string) string { return actions[op] }

// onSecret is how every operation on one secret starts, in AWS's order, once the body fits
// its shape (a SecretId is there, of a length AWS takes): the caller is authorized on the secret it names (with the operation's keys and
// secretsmanager:SecretId), and only then is a secret that does not exist reported, so a
// denial does not tell whether it exists. A secret scheduled for deletion fails unless
// the operation works on one (live false).
func (s *Store) onSecret(c *Call, r *Result, id *string, live bool, op ...kv) (*entry, *Error) {
	t := s.resolve(c, *id)
	if err := s.authorize(c, r, r.action, t, s.one(*id), op...); err != nil {
		return nil, err
	}
	if t.e == nil {
		return nil, notFound()
	}
	if live && !t.e.s.DeletionDate.IsZero() {
		return nil, markedDeleted()
	}
	if t.e.primary != nil && changesSecret[c.Operation] {
		return nil, readOnlyReplica()
	}
	return t.e, nil
}

// onSecretID is onSecret for the operations whose body is only a SecretId.
func (s *Store) onSecretID(c *Call, r *Result, live bool) (*entry, *Error) {
	var in idInput
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	return s.onSecret(c, r, in.SecretId, live)
}

// changed notes a change to the secret and answers with its ARN and name, as most
// operations that change a secret answer.
func (s *Store) changed(r *Result, e *entry) *Error {
	e.s.LastChangedDate = s.w.Clock
	return marshal(r, secretOutput{ARN: e.arn, Name: e.s.Name})
}
