package policy

import (
	"slices"
	"strings"

	"github.com/iamplay/iamplay/engine/internal/suggest"
)

// principalTypes are the keys of a Principal map, in AWS's spelling (case-sensitive).
var principalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}

// principals checks Principal and NotPrincipal: the types and each value's form. Whether an
// Allow is open to everyone is package exposure's public-access check.
func (v *validator) principals(st *Statement) {
	for _, p := range [...]*Principal{st.Principal, st.NotPrincipal} {
		if p == nil {
			continue
		}
		if !p.Wildcard && len(p.Entries) == 0 {
			v.add(CodeEmptyPrincipal, p.Path, p.Range, "the principal map is empty: it names no one", "")
		}
		for i := range p.Entries {
			v.principalEntry(&p.Entries[i])
		}
	}
}

// principalEntry checks one principal type and its values.
func (v *validator) principalEntry(e *PrincipalEntry) {
	t := e.Type.Value
	known := false
	for _, k := range principalTypes {
		known = known || k == t
	}
	if !known {
		msg := "unknown principal type " + quote(t) + "; AWS accepts AWS, Service, Federated and CanonicalUser"
		sugg := ""
		for _, k := range principalTypes {
			if strings.EqualFold(k, t) {
				msg = "principal types are case-sensitive: write " + quote(k)
				sugg = k
			}
		}
		if sugg == "" {
			if s, ok := suggest.Closest(t, principalTypes); ok {
				msg += "; did you mean `" + s + "`?"
				sugg = s
			}
		}
		if sugg != "" {
			sugg = v.replacement(e.Type.Range, sugg)
		}
		v.add(CodePrincipalType, e.Type.Path, e.Type.Range, msg, sugg)
		return
	}
	if e.Values.List && len(e.Values.Items) == 0 && isEmptyArray(v.doc.Source, e.Values.Range) {
		v.add(CodeEmptyList, e.Values.Path, e.Values.Range, "the list is empty: it names no one", "")
	}
	for i := range e.Values.Items {
		it := &e.Values.Items[i]
		if it.Value == "" {
			v.add(CodePrincipalFormat, it.Path, it.Range, "the principal is empty", "")
			continue
		}
		switch t {
		case "AWS":
			if msg := awsPrincipalShape(it.Value); msg != "" {
				v.add(CodePrincipalFormat, it.Path, it.Range, msg, "")
			}
		case "Service":
			if !serviceLike(it.Value) {
				v.add(CodeServicePrincipal, it.Path, it.Range,
					"service principals look like SERVICE.amazonaws.com, e.g. lambda.amazonaws.com, not "+quote(it.Value), "")
			}
		case "CanonicalUser":
			if !canonicalUserLike(it.Value) {
				v.add(CodePrincipalFormat, it.Path, it.Range, "a canonical user ID is 64 hexadecimal digits", "")
			}
		}
	}
	v.duplicates(&e.Values, false)
}

// awsPrincipalShape says what is wrong with an AWS principal, or "" when it is "*", an
// account ID, an IAM unique ID, or the ARN of an account root, user, role, role session or
// federated user.
func awsPrincipalShape(s string) string {
	if s == "*" || IsAccountID(s) || uniqueID(s) {
		return ""
	}
	if strings.ContainsAny(s, "*?") {
		return "wildcards are not allowed in a principal, except \"*\" alone; use \"*\" with a Condition on aws:PrincipalArn"
	}
	p, ok := splitARN(s)
	if !ok || p[0] != "arn" {
		return "an AWS principal is \"*\", a 12-digit account ID, or an IAM ARN, not " + quote(s)
	}
	if !slices.Contains(partitions, p[1]) {
		return "unknown partition " + quote(p[1]) + " in the principal ARN (" + strings.Join(partitions, ", ") + ")"
	}
	if p[3] != "" {
		return "IAM principal ARNs have no region: arn:aws:iam::ACCOUNT:..."
	}
	if !IsAccountID(p[4]) {
		return "the account in a principal ARN is 12 digits, not " + quote(p[4])
	}
	res := p[5]
	switch p[2] {
	case "iam":
		if strings.HasPrefix(res, "group/") {
			return "an IAM group cannot be a principal: \"you can't specify an IAM group as a principal in a resource-based policy. Only users and roles are principals\" (Secrets Manager User Guide); name the group's users or roles"
		}
		if res == "root" || strings.HasPrefix(res, "user/") && len(res) > 5 || strings.HasPrefix(res, "role/") && len(res) > 5 {
			return ""
		}
		return "an IAM principal ARN names the account root, a user/NAME or a role/NAME, not " + quote(res)
	case "sts":
		if strings.HasPrefix(res, "assumed-role/") && strings.Count(res, "/") >= 2 || strings.HasPrefix(res, "federated-user/") && len(res) > 15 {
			return ""
		}
		return "an STS principal ARN names assumed-role/ROLE/SESSION or federated-user/NAME, not " + quote(res)
	}
	return "a principal ARN is an iam or sts ARN, not " + quote(p[2])
}

// uniqueID reports whether s looks like an IAM unique ID (AIDA..., AROA...), which AWS
// shows in place of a principal that has been deleted.
func uniqueID(s string) bool {
	if len(s) < 16 || len(s) > 32 || s[0] != 'A' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// serviceLike reports whether s looks like a service principal.
func serviceLike(s string) bool {
	i := strings.IndexByte(s, '.')
	if i <= 0 || strings.ContainsAny(s, "*? /:") {
		return false
	}
	d := s[i+1:]
	return strings.HasSuffix(d, "amazonaws.com") || strings.HasSuffix(d, "amazonaws.com.cn") || strings.HasSuffix(d, "amazon.com")
}

func canonicalUserLike(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
