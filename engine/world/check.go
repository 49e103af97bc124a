package world

import (
	"strconv"

	"github.com/iamplay/iamplay/engine/jsontree"
)

// check reports what the file says that cannot hold together: duplicate names, references
// to nothing, staging labels on two versions, and builds the indexes calls use.
func (r *reader) check(w *World, root *jsontree.Node) {
	at := func(k any) *jsontree.Node {
		if n := r.at[k]; n != nil {
			return n
		}
		return root
	}
	bad := func(code, msg string, k any) {
		n := at(k)
		r.add(code, msg, "", n.Start, n.End)
	}
	if o := w.Organization; o != nil {
		placed := map[string]bool{}
		var walk func(u *Unit)
		walk = func(u *Unit) {
			for _, s := range u.SCPs {
				if o.scps[s] == nil && s != FullAWSAccess {
					bad(CodeReference, "no SCP named \""+s+"\" in the organization", u)
				}
			}
			for _, a := range u.Accounts {
				switch {
				case w.accounts[a] == nil:
					bad(CodeReference, "account "+a+" is not among the world's accounts", u)
				case placed[a]:
					bad(CodeDuplicate, "account "+a+" is in two places of the organization", u)
				}
				placed[a] = true
			}
			for _, c := range u.Units {
				walk(c)
			}
		}
		walk(o.Root)
	}
	keyIDs := map[string]bool{}
	for _, a := range w.Accounts {
		for _, s := range a.SCPs {
			if w.Organization == nil || (w.Organization.scps[s] == nil && s != FullAWSAccess) {
				bad(CodeReference, "account "+a.ID+" names SCP \""+s+"\", which the organization does not have", a)
			}
		}
		names := map[string]bool{}
		unique := func(kind, name string, k any) {
			if names[kind+"\x00"+name] {
				bad(CodeDuplicate, "two "+kind+"s are named \""+name+"\" in account "+a.ID, k)
			}
			names[kind+"\x00"+name] = true
		}
		for _, m := range a.Policies {
			m.ARN = "arn:" + w.Partition + ":iam::" + a.ID + ":policy" + m.Path + m.Name
			unique("managed policie", m.Name, m)
		}
		attachable := func(arn string, k any, what string) {
			if awsManaged()[arn] == nil && a.policy(arn) == nil {
				bad(CodeReference, what+" "+arn+" is neither an AWS managed policy iamplay knows nor a managed policy of account "+a.ID, k)
			}
		}
		for _, g := range a.Groups {
			unique("group", g.Name, g)
			for _, arn := range g.Managed {
				attachable(arn, g, "managed policy")
			}
		}
		for _, u := range a.Users {
			unique("user", u.Name, u)
			for _, g := range u.Groups {
				if a.Group(g) == nil {
					bad(CodeReference, "user "+u.Name+" is in group \""+g+"\", which account "+a.ID+" does not have", u)
				}
			}
			for _, arn := range u.Managed {
				attachable(arn, u, "managed policy")
			}
			if u.Boundary != "" {
				attachable(u.Boundary, u, "permissions boundary")
			}
			for _, k := range u.AccessKeys {
				if keyIDs[k.ID] {
					bad(CodeDuplicate, "access key "+k.ID+" appears twice", u)
				}
				keyIDs[k.ID] = true
			}
		}
		for _, ro := range a.Roles {
			unique("role", ro.Name, ro)
			for _, arn := range ro.Managed {
				attachable(arn, ro, "managed policy")
			}
			if ro.Boundary != "" {
				attachable(ro.Boundary, ro, "permissions boundary")
			}
		}
		for _, k := range a.Keys {
			unique("KMS key", k.ID, k)
		}
		for _, f := range a.RotationFunctions {
			r.checkFunction(w, a, f, unique, bad)
		}
		for _, s := range a.Secrets {
			unique("secret", s.Region+"\x00"+s.Name, s)
			if s.KMSKeyID != "" && a.Key(s.KMSKeyID, s.Region) == nil {
				bad(CodeReference, "secret "+s.Name+" names KMS key \""+s.KMSKeyID+"\", which account "+a.ID+" does not have in "+s.Region, s)
			}
			r.checkVersions(s, bad)
		}
	}
}

// checkVersions holds a secret's versions to what Secrets Manager keeps true: distinct IDs, a
// staging label on one version at most, exactly one AWSCURRENT, a value that is a string
// or binary but not both.
func (r *reader) checkVersions(s *Secret, bad func(code, msg string, k any)) {
	if len(s.Versions) == 0 {
		return
	}
	ids := map[string]bool{}
	labels := map[string]string{}
	for i, v := range s.Versions {
		if ids[v.ID] {
			bad(CodeDuplicate, "secret "+s.Name+" has two versions "+v.ID, s)
		}
		ids[v.ID] = true
		for _, l := range v.Stages {
			if other, ok := labels[l]; ok {
				bad(CodeDuplicate, "secret "+s.Name+": staging label "+l+" is on versions "+other+" and "+v.ID+"; a label is on one version at most", s)
			}
			labels[l] = v.ID
		}
		if v.String != nil && v.Binary != nil {
			bad(CodeBadValue, "secret "+s.Name+" version "+strconv.Itoa(i)+" has both secretString and secretBinary", s)
		}
	}
	if _, ok := labels["AWSCURRENT"]; !ok {
		bad(CodeMissing, "secret "+s.Name+" has versions but none is labelled AWSCURRENT", s)
	}
}

// policy finds a customer managed policy of the account by ARN.
func (a *Account) policy(arn string) *ManagedPolicy {
	for _, m := range a.Policies {
		if m.ARN == arn {
			return m
		}
	}
	return nil
}

// Key finds a KMS key of the account in a region by key ID, key ARN or alias.
func (a *Account) Key(ref, region string) *Key {
	for _, k := range a.Keys {
		if k.Region != region {
			continue
		}
		if k.ID == ref || k.ARN("aws", a.ID) == ref {
			return k
		}
		for _, al := range k.Aliases {
			if al == ref {
				return k
			}
		}
	}
	return nil
}
