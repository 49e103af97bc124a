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
	n, start := 0, 0
	for i := 0; i < len(s) && n < len(parts); i++ { // one pass: the fields are short
		if s[i] == ':' {
			parts[n], start = s[start:i], i+1
			n++
		}
	}
	if n < len(parts) {
		return c
	}
	c.Partition, c.Account = parts[1], parts[4]
	res := s[start:]
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
		}
	case parts[2] == "sts" && strings.HasPrefix(res, "federated-user/"):
		c.Kind, c.Name = PrincipalFederated, res[len("federated-user/"):]
	}
	return c
}

// AppendRoleARN appends, for an assumed-role session, the ARN of its role (path unknown):
// arn:PARTITION:iam::ACCOUNT:role/ROLE; nothing for any other caller. Reading a caller does
// not build it: a decision that needs it builds it in memory of its own.
func (c *Caller) AppendRoleARN(b []byte) []byte {
	if c.Kind != PrincipalSession {
		return b
	}
	for _, s := range [...]string{"arn:", c.Partition, ":iam::", c.Account, ":role/", c.Name} {
		b = append(b, s...)
	}
	return b
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
