package policy

import "strings"

// PrincipalKind is what sort of caller a request principal is.
type PrincipalKind uint8

// The caller kinds iamplay tells apart.
const (
	PrincipalOther     PrincipalKind = iota
	PrincipalUser                    // arn:aws:iam::ACCOUNT:user/NAME
	PrincipalRole                    // arn:aws:iam::ACCOUNT:role/NAME (as a caller: rarely; sessions are usual)
	PrincipalSession                 // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
	PrincipalRoot                    // arn:aws:iam::ACCOUNT:root
	PrincipalService                 // lambda.amazonaws.com
	PrincipalFederated               // arn:aws:sts::ACCOUNT:federated-user/NAME
	PrincipalAnonymous               // "*" or empty: an unauthenticated caller
)

// Caller is a request principal, read once so that matching allocates nothing.
type Caller struct {
	ARN       string
	Kind      PrincipalKind
	Partition string
	Account   string // 12-digit account id, "" for services
	Name      string // user name, role name (for roles and sessions), session name for sessions
	Session   string // the session name of an assumed-role session
	RoleARN   string // for a session: arn:aws:iam::ACCOUNT:role/ROLE (path unknown)
	// Issuer is, for a federated user session, the IAM user that called GetFederationToken
	// when the request names it: a resource policy naming that user grants within the
	// session policy, as one naming a session's role does (PrincipalByRole).
	Issuer string
}

// ParseCaller reads a principal ARN or service name.
func ParseCaller(s string) Caller {
	c := Caller{ARN: s}
	if s == "" || s == "*" {
		c.Kind = PrincipalAnonymous
		return c
	}
	if !strings.HasPrefix(s, "arn:") {
		if strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn") {
			c.Kind = PrincipalService
		} else if IsAccountID(s) {
			c.Kind, c.Account, c.ARN = PrincipalRoot, s, "arn:aws:iam::"+s+":root"
		}
		return c
	}
	var parts [5]string // arn, partition, service, region, account; the rest is res
	rest := s
	for i := range parts {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return c
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	c.Partition, c.Account = parts[1], parts[4]
	res := rest
	switch {
	case parts[2] == "iam" && res == "root":
		c.Kind = PrincipalRoot
	case parts[2] == "iam" && strings.HasPrefix(res, "user/"):
		c.Kind, c.Name = PrincipalUser, res[strings.LastIndexByte(res, '/')+1:]
	case parts[2] == "iam" && strings.HasPrefix(res, "role/"):
		c.Kind, c.Name = PrincipalRole, res[strings.LastIndexByte(res, '/')+1:]
	case parts[2] == "sts" && strings.HasPrefix(res, "assumed-role/"):
		rest := res[len("assumed-role/"):]
		if i := strings.IndexByte(rest, '/'); i > 0 {
			c.Kind, c.Name, c.Session = PrincipalSession, rest[:i], rest[i+1:]
			c.RoleARN = "arn:" + c.Partition + ":iam::" + c.Account + ":role/" + c.Name
		}
	case parts[2] == "sts" && strings.HasPrefix(res, "federated-user/"):
		c.Kind, c.Name = PrincipalFederated, res[len("federated-user/"):]
	}
	return c
}

// IsAccountID reports whether s is a 12-digit AWS account id.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// PrincipalMatch says how a Principal element named the caller. The strength matters in
// a same-account resource policy: naming the caller itself allows on its own, naming the
// account delegates to identity policies, naming the role leaves boundaries in force.
type PrincipalMatch uint8

// From weakest to strongest.
const (
	PrincipalNoMatch    PrincipalMatch = iota
	PrincipalByAccount                 // 123456789012 or arn:aws:iam::123456789012:root
	PrincipalByRole                    // the role ARN of the caller's session, or the IAM user that made a federated session
	PrincipalByWildcard                // "*" or {"AWS": "*"}: everyone, but not the caller specifically
	PrincipalByARN                     // the caller's own ARN (user, session), or a service
)

var principalMatchNames = [...]string{"no match", "the account", "the role", "everyone", "the principal"}

func (m PrincipalMatch) String() string { return principalMatchNames[m] }

// principalSet is a compiled Principal/NotPrincipal element.
type principalSet struct {
	wildcard bool
	aws      []string // ARNs and account ids as written
	accounts []string // accounts named by id or root ARN
	services []string
	others   []string // Federated, CanonicalUser
}

func compilePrincipal(p *Principal) *principalSet {
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
				case IsAccountID(v.Value):
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
func (s *principalSet) match(c *Caller) PrincipalMatch {
	if s.wildcard {
		return PrincipalByWildcard
	}
	best := PrincipalNoMatch
	switch c.Kind {
	case PrincipalService:
		for _, v := range s.services {
			if v == c.ARN {
				return PrincipalByARN
			}
		}
		return PrincipalNoMatch
	case PrincipalAnonymous:
		return PrincipalNoMatch
	}
	for _, a := range s.aws {
		if a == c.ARN {
			return PrincipalByARN
		}
		if c.Kind == PrincipalSession && sameRole(a, c) || c.Kind == PrincipalFederated && c.Issuer != "" && a == c.Issuer {
			best = PrincipalByRole
		}
	}
	for _, v := range s.others {
		if v == c.ARN {
			return PrincipalByARN
		}
	}
	if best == PrincipalNoMatch && c.Account != "" {
		for _, a := range s.accounts {
			if a == c.Account {
				return PrincipalByAccount
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
func (s *principalSet) excludes(c *Caller) bool {
	if s.wildcard {
		return true
	}
	switch c.Kind {
	case PrincipalAnonymous:
		return false
	case PrincipalService:
		return contains(s.services, c.ARN)
	case PrincipalRoot:
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
func sameRole(a string, c *Caller) bool {
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
