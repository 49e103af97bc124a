package eval

import (
	"strings"

	"github.com/iamplay/iamplay/engine/policy"
)

// principalSet is a compiled Principal/NotPrincipal element.
type principalSet struct {
	wildcard bool
	aws      []string // ARNs and account ids as written
	accounts []string // accounts named by id or root ARN
	services []string
	others   []string // Federated, CanonicalUser
}

func compilePrincipal(p *policy.Principal) *principalSet {
	if p == nil {
		return nil
	}
	s := &principalSet{wildcard: p.Wildcard}
	for _, e := range p.Entries {
		for _, v := range e.Values.Items {
			switch e.Type.Value {
			case "AWS":
				switch {
				case v.Value == "*":
					s.wildcard = true
				case policy.IsAccountID(v.Value):
					s.accounts = append(s.accounts, v.Value)
				case strings.HasPrefix(v.Value, "arn:") && strings.HasSuffix(v.Value, ":root"):
					if parts := strings.Split(v.Value, ":"); len(parts) == 6 && parts[2] == "iam" {
						s.accounts = append(s.accounts, parts[4])
					}
				default:
					s.aws = append(s.aws, v.Value)
				}
			case "Service":
				s.services = append(s.services, v.Value)
			default:
				s.others = append(s.others, v.Value)
			}
		}
	}
	return s
}

// match returns how strongly the set names the caller.
func (s *principalSet) match(c *policy.Caller) policy.PrincipalMatch {
	if s.wildcard {
		return policy.PrincipalByWildcard
	}
	best := policy.PrincipalNoMatch
	switch c.Kind {
	case policy.PrincipalService:
		for _, v := range s.services {
			if v == c.ARN {
				return policy.PrincipalByARN
			}
		}
		return policy.PrincipalNoMatch
	case policy.PrincipalAnonymous:
		return policy.PrincipalNoMatch
	}
	for _, a := range s.aws {
		if a == c.ARN {
			return policy.PrincipalByARN
		}
		if c.Kind == policy.PrincipalSession && sameRole(a, c) || c.Kind == policy.PrincipalFederated && c.Issuer != "" && a == c.Issuer {
			best = policy.PrincipalByRole
		}
	}
	for _, v := range s.others {
		if v == c.ARN {
			return policy.PrincipalByARN
		}
	}
	if best == policy.PrincipalNoMatch && c.Account != "" {
		for _, a := range s.accounts {
			if a == c.Account {
				return policy.PrincipalByAccount
			}
		}
	}
	return best
}

// excludes reports whether a NotPrincipal set names the caller itself. It exempts exactly the
// principals it names (IAM User Guide, NotPrincipal): an account (its id or root ARN) exempts
// the account principal, its root user, not the users and roles in it; a role ARN exempts the
// role, not its sessions ("The assumed-role user is identified by the role session name");
// "*" exempts everyone.
func (s *principalSet) excludes(c *policy.Caller) bool {
	if s.wildcard {
		return true
	}
	switch c.Kind {
	case policy.PrincipalAnonymous:
		return false
	case policy.PrincipalService:
		return contains(s.services, c.ARN)
	case policy.PrincipalRoot:
		return contains(s.accounts, c.Account)
	}
	return contains(s.aws, c.ARN) || contains(s.others, c.ARN)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// sameRole reports whether role ARN a (any path) is the role of session c.
func sameRole(a string, c *policy.Caller) bool {
	// arn:PARTITION:iam::ACCOUNT:role/[path/]NAME
	if !strings.HasPrefix(a, "arn:") {
		return false
	}
	rest := a[4:]
	i := strings.IndexByte(rest, ':')
	if i < 0 || !strings.HasPrefix(rest[i:], ":iam::") {
		return false
	}
	rest = rest[i+len(":iam::"):]
	if len(rest) < len(c.Account)+1 || rest[:len(c.Account)] != c.Account || rest[len(c.Account)] != ':' {
		return false
	}
	res := rest[len(c.Account)+1:]
	if !strings.HasPrefix(res, "role/") {
		return false
	}
	return res[strings.LastIndexByte(res, '/')+1:] == c.Name
}
