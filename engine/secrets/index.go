package secrets

import (
	"slices"
	"strings"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// secretKey finds a secret: its account, region and name (names are unique per account and
// region; a struct key looks up without building a string).
type secretKey struct{ account, region, name string }

// entry is the store's record of one secret: where it lives, its ARN, and the condition keys
// its tags give every call on it (rebuilt when the tags change).
type entry struct {
	acct     *world.Account
	s        *world.Secret
	arn      string
	tags     tagContext
	region   string   // where the entry lives: the secret's region, or a replica's (replication.go)
	primary  *entry   // for a replica, its primary, whose secret s is
	replicas []*entry // for a primary, its replicas' entries
	// arnVals is [arn], the encryption context's SecretARN (kms.go), made on first use
	arnVals []string
	output  *valueAnswer // GetSecretValue's output for the last read (value.go)
}

func (s *Store) newEntry(a *world.Account, sec *world.Secret) *entry {
	e := &entry{acct: a, s: sec, arn: sec.ARN(s.w.Partition, a.ID), region: sec.Region}
	e.tags = newTagContext(sec.Tags)
	return e
}

// place is an account and a region: ListSecrets lists one place's secrets.
type place struct{ account, region string }

// reindex builds the indexes from the world.
func (s *Store) reindex() {
	s.index = make(map[secretKey]*entry)
	s.places = make(map[place][]*entry)
	for _, a := range s.w.Accounts {
		for _, sec := range a.Secrets {
			s.enter(s.newEntry(a, sec))
		}
	}
	for _, l := range s.places {
		for _, e := range slices.Clone(l) {
			s.syncReplicas(e)
		}
	}
}

func (s *Store) enter(e *entry) {
	s.index[secretKey{e.acct.ID, e.region, e.s.Name}] = e
	p := place{e.acct.ID, e.region}
	s.places[p] = append(s.places[p], e)
}

// add puts a new secret into its account and the indexes.
func (s *Store) add(a *world.Account, sec *world.Secret) *entry {
	a.Secrets = append(a.Secrets, sec)
	e := s.newEntry(a, sec)
	s.enter(e)
	return e
}

// remove deletes a secret for good: from its account and the indexes.
func (s *Store) remove(e *entry) {
	delete(s.index, secretKey{e.acct.ID, e.region, e.s.Name})
	p := place{e.acct.ID, e.region}
	s.places[p] = slices.DeleteFunc(s.places[p], func(x *entry) bool { return x == e })
	if e.primary != nil { // a replica's secret is its primary's
		return
	}
	s.dropReplicas(e)
	for i, x := range e.acct.Secrets {
		if x == e.s {
			e.acct.Secrets = append(e.acct.Secrets[:i], e.acct.Secrets[i+1:]...)
			break
		}
	}
}

// purge deletes, for good, every secret whose recovery window has run out by the world's
// clock: "At the end of the recovery window, Secrets Manager deletes the secret permanently"
// (DeleteSecret). It scans only when some deletion date has come.
func (s *Store) purge() {
	now := s.w.Clock
	if s.nextPurge.IsZero() || now.Before(s.nextPurge) {
		return
	}
	s.nextPurge = time.Time{}
	for _, e := range s.index {
		d := e.s.DeletionDate
		switch {
		case d.IsZero() || e.primary != nil:
		case !now.Before(d):
			s.remove(e)
		default:
			s.schedule(d)
		}
	}
}

// schedule notes a deletion date for purge.
func (s *Store) schedule(d time.Time) {
	if s.nextPurge.IsZero() || d.Before(s.nextPurge) {
		s.nextPurge = d
	}
}

// target is what a SecretId names: the secret's entry when it exists, and the ARN the call
// is authorized on (the secret's ARN; for a secret that does not exist, the ARN the caller
// wrote or one built from the name, so that a denial does not tell whether it exists).
type target struct {
	e   *entry
	arn string
}

// resolve finds the secret a SecretId names: a name in the caller's account and the call's
// region, or an ARN, complete or partial (without the six random characters: "we recommend
// that you specify a complete ARN rather than a partial ARN", SecretId in the API Reference).
func (s *Store) resolve(c *Call, id string) target {
	if !strings.HasPrefix(id, "arn:") {
		if e := s.index[secretKey{c.Caller.Account.ID, c.Region, id}]; e != nil {
			return target{e: e, arn: e.arn}
		}
		return target{arn: "arn:" + s.w.Partition + ":secretsmanager:" + c.Region + ":" + c.Caller.Account.ID + ":secret:" + id}
	}
	// arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME[-XXXXXX]
	parts := strings.SplitN(id, ":", 7)
	if len(parts) != 7 || parts[2] != "secretsmanager" || parts[5] != "secret" || parts[3] != c.Region {
		return target{arn: id}
	}
	acct, name := parts[4], parts[6]
	if i := len(name) - 7; i > 0 && name[i] == '-' {
		if e := s.index[secretKey{acct, c.Region, name[:i]}]; e != nil && e.s.Suffix == name[i+1:] {
			return target{e: e, arn: e.arn}
		}
	}
	if e := s.index[secretKey{acct, c.Region, name}]; e != nil {
		return target{e: e, arn: e.arn}
	}
	return target{arn: id}
}
