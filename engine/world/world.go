// Package world is everything a Secrets Manager call depends on besides the call itself:
// accounts, the organization and its SCPs, IAM users, groups and roles with their policies,
// permissions boundaries, tags and access keys, KMS keys with key policies, secrets with
// their versions, and the clock. A world is read from one JSON document (the world file,
// Read) with positioned findings, and written back unchanged (Export). Every policy in it is
// compiled once, when it is read or written; Caller assembles a caller's compiled policies
// for package authz by reference.
package world

import (
	"time"

	"github.com/iamplay/iamplay/engine/authz"
)

// World is a loaded world file.
type World struct {
	Clock        time.Time     // the world's current time; calls read it, nothing else
	Partition    string        // "aws" unless the file says otherwise
	Organization *Organization // nil: the accounts are in no organization
	Accounts     []*Account    // the first is the one the local endpoint's "test" key signs into

	accounts map[string]*Account
}

// Organization is an AWS Organizations organization: its tree of units and the SCPs attached.
type Organization struct {
	ID   string         // o-...
	SCPs []*NamedPolicy // every SCP of the organization, by name
	Root *Unit          // the root, r-...
	scps map[string]*NamedPolicy
}

// Unit is the root or an organizational unit: the SCPs attached to it, its accounts and
// its child units.
type Unit struct {
	ID       string
	Name     string
	SCPs     []string // names of SCPs attached here
	Accounts []string // account IDs directly in this unit
	Units    []*Unit
}

// NamedPolicy is a policy with its name, compiled once; Raw is its JSON as written, which
// an export writes back byte for byte.
type NamedPolicy struct {
	Name   string
	Policy *authz.Policy
	Raw    []byte
}

// Account is one AWS account and what lives in it.
type Account struct {
	ID       string
	Alias    string
	SCPs     []string         // names of SCPs attached to the account itself
	Policies []*ManagedPolicy // customer managed policies
	Users    []*User
	Groups   []*Group
	Roles    []*Role
	Keys     []*Key
	Secrets  []*Secret
	// RotationFunctions are the rotation functions of the account, by ARN (rotation.go)
	RotationFunctions []*RotationFunction
}

// ManagedPolicy is a customer managed policy (arn:aws:iam::ACCOUNT:policy/PATH/NAME) or an
// AWS managed one (arn:aws:iam::aws:policy/NAME).
type ManagedPolicy struct {
	ARN    string
	Name   string
	Path   string
	Policy *NamedPolicy
}

// Tag is a key and value, as IAM and Secrets Manager tag things.
type Tag struct {
	Key   string
	Value string
}

// Principal is what users and roles share: a name and path, inline policies, attached
// managed policies (by ARN), an optional permissions boundary (by ARN) and tags.
type Principal struct {
	Name     string
	Path     string // "/" unless given
	Inline   []*NamedPolicy
	Managed  []string
	Boundary string
	Tags     []Tag
}

// User is an IAM user.
type User struct {
	Principal
	Groups     []string // group names in the same account
	AccessKeys []AccessKey
}

// AccessKey is a user's long-term credential.
type AccessKey struct {
	ID     string
	Secret string
}

// Group is an IAM group: its users inherit its policies.
type Group struct {
	Name    string
	Path    string
	Inline  []*NamedPolicy
	Managed []string
}

// Role is an IAM role: who may assume it is its trust policy.
type Role struct {
	Principal
	Trust *NamedPolicy
}

// Key is a KMS key: the AWS managed key aws/secretsmanager of a region, or a customer
// managed key with its key policy.
type Key struct {
	ID          string // a key ID (UUID form)
	Region      string
	Description string
	Aliases     []string // alias/NAME
	AWSManaged  bool     // the aws/secretsmanager key: its policy is AWS's and cannot be changed
	Policy      *NamedPolicy
}

// Secret is a secret with its versions. The store (package secrets) runs operations on it.
type Secret struct {
	Name            string
	Region          string
	Suffix          string // the six random characters after "-" that end the ARN
	Description     string
	KMSKeyID        string // "" for the account's aws/secretsmanager key
	Tags            []Tag
	Policy          *NamedPolicy // the resource policy, or nil
	Versions        []*Version
	Created         time.Time
	DeletionDate    time.Time // zero unless scheduled for deletion
	LastChangedDate time.Time
	Rotation        Rotation  // as RotateSecret and CancelRotateSecret leave it
	Replicas        []Replica // regions the secret is replicated to
}

// Rotation is a secret's rotation configuration.
type Rotation struct {
	Enabled                bool
	LambdaARN              string
	AutomaticallyAfterDays int64
	Duration               string
	ScheduleExpression     string
	LastRotated            time.Time
	// Configured is when RotateSecret last set the rotation: a secret never rotated counts
	// its schedule from then
	Configured time.Time
}

// Replica is a copy of a secret in another region, as ReplicateSecretToRegions makes it.
type Replica struct {
	Region   string
	KMSKeyID string
	Status   string // InSync, Failed, InProgress
	// StatusMessage says why a replica failed ("Replication failed: Secret name already
	// exists in Region"), or is empty
	StatusMessage string
}

// Version is one version of a secret's value, with its staging labels.
type Version struct {
	ID      string
	Stages  []string
	Created time.Time
	String  *string // SecretString, or nil
	Binary  []byte  // SecretBinary, or nil
}

// Account returns the account with the ID, or nil.
func (w *World) Account(id string) *Account { return w.accounts[id] }

// ARN is the user's ARN.
func (u *User) ARN(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":user" + u.Path + u.Name
}

// ARN is the role's ARN.
func (r *Role) ARN(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":role" + r.Path + r.Name
}

// ARN is the secret's ARN: its name, "-" and six random characters.
func (s *Secret) ARN(partition, account string) string {
	return "arn:" + partition + ":secretsmanager:" + s.Region + ":" + account + ":secret:" + s.Name + "-" + s.Suffix
}

// ARN is the key's ARN.
func (k *Key) ARN(partition, account string) string {
	return "arn:" + partition + ":kms:" + k.Region + ":" + account + ":key/" + k.ID
}

// User finds a user by name.
func (a *Account) User(name string) *User {
	for _, u := range a.Users {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// Role finds a role by name.
func (a *Account) Role(name string) *Role {
	for _, r := range a.Roles {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Group finds a group by name.
func (a *Account) Group(name string) *Group {
	for _, g := range a.Groups {
		if g.Name == name {
			return g
		}
	}
	return nil
}
