package world

import (
	"errors"
	"strings"
	"sync"

	"github.com/iamplay/iamplay/engine/authz"
)

// Caller is who makes a call, as the world knows them: an IAM user, a role session, or an
// account's root user.
type Caller struct {
	ARN           string // the request principal: the user ARN, the assumed-role session ARN, the root ARN
	Account       *Account
	User          *User  // an IAM user
	Role          *Role  // the role of a session
	Session       string // the session name of a role session
	Root          bool   // the account root user
	SessionPolicy *authz.Policy
	SessionTags   []Tag
}

// ErrNoPrincipal is returned for an ARN that names no user, role or account of the world.
var ErrNoPrincipal = errors.New("no such principal in the world")

// Caller finds the principal an ARN names: arn:aws:iam::ACCOUNT:user/[path/]NAME,
// arn:aws:iam::ACCOUNT:root, or a role session arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
// (its session policy and tags, when it was made with any, are the caller's to set).
func (w *World) Caller(arn string) (*Caller, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return nil, ErrNoPrincipal
	}
	a := w.Account(parts[4])
	if a == nil {
		return nil, ErrNoPrincipal
	}
	c := &Caller{ARN: arn, Account: a}
	res := parts[5]
	switch {
	case parts[2] == "iam" && res == "root":
		c.Root = true
		return c, nil
	case parts[2] == "iam" && strings.HasPrefix(res, "user/"):
		name := res[strings.LastIndexByte(res, '/')+1:]
		if u := a.User(name); u != nil && u.ARN(w.Partition, a.ID) == arn {
			c.User = u
			return c, nil
		}
	case parts[2] == "sts" && strings.HasPrefix(res, "assumed-role/"):
		role, session, ok := strings.Cut(res[len("assumed-role/"):], "/")
		if r := a.Role(role); ok && r != nil && session != "" {
			c.Role, c.Session = r, session
			return c, nil
		}
	}
	return nil, ErrNoPrincipal
}

// Tags are the caller's principal tags (aws:PrincipalTag/...): a user's or a role's own,
// with a role session's session tags winning over the role's tags of the same key.
func (c *Caller) Tags() []Tag {
	switch {
	case c.User != nil:
		return c.User.Tags
	case c.Role != nil:
		out := append([]Tag(nil), c.SessionTags...)
		for _, t := range c.Role.Tags {
			if !hasTag(out, t.Key) {
				out = append(out, t)
			}
		}
		return out
	}
	return nil
}

func hasTag(ts []Tag, key string) bool {
	for _, t := range ts {
		if strings.EqualFold(t.Key, key) {
			return true
		}
	}
	return false
}

// Input assembles the caller's compiled policies by reference: identity policies (a user's
// inline and attached policies and those of its groups; a role's), the permissions
// boundary, the SCP levels of the caller's account and the session policy. The resource
// policy is the call's to add. The root user has no identity policies.
func (w *World) Input(c *Caller) authz.Input {
	in := authz.Input{SCPs: w.SCPLevels(c.Account.ID), Session: c.SessionPolicy}
	var p *Principal
	switch {
	case c.User != nil:
		p = &c.User.Principal
		for _, g := range c.User.Groups {
			if grp := c.Account.Group(g); grp != nil {
				in.Identity = w.appendPolicies(in.Identity, c.Account, grp.Inline, grp.Managed)
			}
		}
	case c.Role != nil:
		p = &c.Role.Principal
	default:
		return in
	}
	in.Identity = w.appendPolicies(in.Identity, c.Account, p.Inline, p.Managed)
	if p.Boundary != "" {
		if m := w.managed(c.Account, p.Boundary); m != nil {
			in.Boundaries = []*authz.Policy{m.Policy.Policy}
		}
	}
	return in
}

func (w *World) appendPolicies(out []*authz.Policy, a *Account, inline []*NamedPolicy, managed []string) []*authz.Policy {
	for _, p := range inline {
		out = append(out, p.Policy)
	}
	for _, arn := range managed {
		if m := w.managed(a, arn); m != nil {
			out = append(out, m.Policy.Policy)
		}
	}
	return out
}

// managed finds a managed policy by ARN: AWS's, or the account's own.
func (w *World) managed(a *Account, arn string) *ManagedPolicy {
	if m := awsManaged()[arn]; m != nil {
		return m
	}
	return a.policy(arn)
}

// FullAWSAccess is the SCP AWS Organizations attaches to the root, every unit and every
// account by default ("Allow" "*" on "*").
const FullAWSAccess = "FullAWSAccess"

var fullAWSAccessPolicy = sync.OnceValue(func() *authz.Policy {
	return authz.NewPolicy("scp", FullAWSAccess, []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`))
})

// fullAWSAccess is the organization's FullAWSAccess SCP: its own when it defines one, AWS's
// otherwise.
func fullAWSAccess(o *Organization) *authz.Policy {
	if p := o.scps[FullAWSAccess]; p != nil {
		return p.Policy
	}
	return fullAWSAccessPolicy()
}

// SCPLevels are the SCP levels that apply to an account, root first, then each
// organizational unit on the way down, then the account itself; nil when the account is not
// in the organization. Every level must allow. A unit or account whose "scps" the file
// leaves out has FullAWSAccess attached, as AWS attaches it by default.
func (w *World) SCPLevels(account string) [][]*authz.Policy {
	o := w.Organization
	if o == nil {
		return nil
	}
	path := o.Root.pathTo(account)
	if path == nil {
		return nil
	}
	levels := make([][]*authz.Policy, 0, len(path)+1)
	for _, u := range path {
		levels = append(levels, o.policies(u.SCPs))
	}
	if a := w.Account(account); a != nil {
		levels = append(levels, o.policies(a.SCPs))
	}
	return levels
}

func (o *Organization) policies(names []string) []*authz.Policy {
	if names == nil {
		return []*authz.Policy{fullAWSAccess(o)}
	}
	out := make([]*authz.Policy, 0, len(names))
	for _, n := range names {
		if p := o.scps[n]; p != nil {
			out = append(out, p.Policy)
		} else if n == FullAWSAccess {
			out = append(out, fullAWSAccess(o))
		}
	}
	return out
}

// pathTo returns the units from u down to the one holding the account, or nil.
func (u *Unit) pathTo(account string) []*Unit {
	for _, a := range u.Accounts {
		if a == account {
			return []*Unit{u}
		}
	}
	for _, c := range u.Units {
		if p := c.pathTo(account); p != nil {
			return append([]*Unit{u}, p...)
		}
	}
	return nil
}
