package endpoint

import (
	"github.com/iamplay/iamplay/engine/world"
)

// TestKeyID and TestSecret are the access key that tools set up for local AWS emulators
// sign with; here they are the root user of the world's first account.
const (
	TestKeyID  = "test"
	TestSecret = "test"
)

// Credential is an access key the endpoint accepts and the principal it signs as.
type Credential struct {
	AccessKeyID     string
	SecretAccessKey string
	Principal       string // the caller's ARN
	caller          *world.Caller
}

// accessKeys lists the world's access keys: test/test for the first account's root user,
// then every user's keys in the world's order. A user key spelt "test" gives way to the root.
func accessKeys(w *world.World) []Credential {
	var out []Credential
	if len(w.Accounts) > 0 {
		arn := "arn:" + w.Partition + ":iam::" + w.Accounts[0].ID + ":root"
		if c, err := w.Caller(arn); err == nil {
			out = append(out, Credential{AccessKeyID: TestKeyID, SecretAccessKey: TestSecret, Principal: arn, caller: c})
		}
	}
	for _, a := range w.Accounts {
		for _, u := range a.Users {
			arn := u.ARN(w.Partition, a.ID)
			c, err := w.Caller(arn)
			if err != nil {
				continue
			}
			for _, k := range u.AccessKeys {
				if k.ID != TestKeyID {
					out = append(out, Credential{AccessKeyID: k.ID, SecretAccessKey: k.Secret, Principal: arn, caller: c})
				}
			}
		}
	}
	return out
}
