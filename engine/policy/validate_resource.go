package policy

import (
	"github.com/iamplay/iamplay/engine/internal/actions"
	"slices"
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
)

// resources checks every Resource and NotResource entry, and actions that can never match
// the statement's resources.
func (v *validator) resources(st *Statement) {
	for _, l := range [...]*StringList{st.Resource, st.NotResource} {
		if l == nil {
			continue
		}
		for i := range l.Items {
			v.resource(&l.Items[i])
		}
		v.duplicates(l, false)
	}
	v.starOnly(st)
}

// resource checks one entry: "*" or an ARN; Secrets Manager ARNs in detail.
func (v *validator) resource(r *String) {
	s := r.Value
	if s == "" {
		v.add(CodeResourceFormat, r.Path, r.Range, "the resource is empty; write \"*\" or an ARN", "")
		return
	}
	if strings.Trim(s, "*") == "" {
		return
	}
	if v.version == "2012-10-17" {
		if at := unclosedVariable(s); at >= 0 {
			v.add(CodeUnclosedVariable, r.Path, r.Range, unclosedVariableMessage, "")
			return
		}
	}
	if !strings.HasPrefix(s, "arn:") {
		msg := "a resource is \"*\" or an ARN (arn:partition:service:region:account:resource), not " + quote(s)
		sugg := ""
		if len(s) > 4 && strings.EqualFold(s[:4], "arn:") {
			msg = "ARNs are case-sensitive and start with \"arn:\""
			sugg = v.replacement(r.Range, "arn:"+s[4:])
		} else if t := strings.TrimSpace(s); t != s && strings.HasPrefix(t, "arn:") {
			msg = "the ARN has white space around it"
			sugg = v.replacement(r.Range, t)
		}
		v.add(CodeResourceFormat, r.Path, r.Range, msg, sugg)
		return
	}
	parts, ok := splitARN(s)
	if !ok {
		if !hasWildcard(s) {
			v.add(CodeResourceFormat, r.Path, r.Range,
				"an ARN has six parts, arn:partition:service:region:account:resource; "+quote(s)+" has fewer", "")
		}
		return
	}
	if pt := parts[1]; !hasWildcard(pt) && !strings.Contains(pt, "${") && !slices.Contains(partitions, pt) {
		msg := "unknown partition " + quote(pt) + " (the partitions are " + strings.Join(partitions, ", ") + ")"
		sugg := ""
		if strings.EqualFold(pt, "aws") {
			sugg = v.replacement(r.Range, "arn:aws:"+strings.Join(parts[2:], ":"))
		}
		v.add(CodeUnknownPartition, r.Path, r.Range, msg, sugg)
		return
	}
	if parts[2] == catalog.SecretsManager {
		v.secretARN(r, parts)
	}
}

// spansColons reports whether a component before the resource part ends in *, which may
// then match across colons (IAM User Guide, "IAM JSON policy elements: Resource": "If the *
// wildcard is the last character of a resource ARN segment, it can expand to match beyond
// the colon boundaries."): the parts after it need not line up with the secret ARN's, and the
// resource part may match the secret's name alone.
func spansColons(p [6]string) bool {
	for _, c := range p[:5] {
		if strings.HasSuffix(c, "*") {
			return true
		}
	}
	return false
}

// partitions are the AWS partitions an ARN can name (IAM User Guide, IAM identifiers), the
// commercial one first.
var partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// unclosedVariable is the offset of the first "${" in s with no "}" after it, or -1.
func unclosedVariable(s string) int {
	for i := 0; ; {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			return -1
		}
		i += j
		k := strings.IndexByte(s[i:], '}')
		if k < 0 {
			return i
		}
		i += k + 1
	}
}

// splitARN splits an ARN into its six parts; the resource part keeps any further colons.
func splitARN(s string) ([6]string, bool) {
	var p [6]string
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return p, false
		}
		p[i], s = s[:j], s[j+1:]
	}
	p[5] = s
	return p, true
}

// secretARN checks a Secrets Manager ARN: resource type secret:, a region and account,
// and a name that can match the six random characters AWS appends to every secret's ARN.
func (v *validator) secretARN(r *String, p [6]string) {
	res := p[5]
	spans := spansColons(p)
	if lit := literalPrefix(res); !strings.HasPrefix("secret:", lit) && !strings.HasPrefix(lit, "secret:") && !(spans && secretNameChars(lit)) {
		sugg := ""
		if !strings.Contains(res, ":") {
			sugg = v.replacement(r.Range, strings.Join(p[:5], ":")+":secret:"+res)
		}
		v.add(CodeSecretARNType, r.Path, r.Range,
			"Secrets Manager ARNs have the resource type \"secret:\" (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf); this one matches no secret", sugg)
		return
	}
	switch {
	case spans: // the region and account need not be p[3] and p[4]
	case p[3] == "":
		v.add(CodeSecretARNParts, r.Path, r.Range, "the secret ARN has no region; every secret ARN names one (write * for any region)", "")
	case p[4] == "":
		v.add(CodeSecretARNParts, r.Path, r.Range, "the secret ARN has no account; every secret ARN names one (write * for any account)", "")
	case !accountLike(p[4]):
		v.add(CodeSecretARNParts, r.Path, r.Range, "the account in a secret ARN is 12 digits, not "+quote(p[4]), "")
	}
	if !strings.HasPrefix(res, "secret:") {
		return
	}
	name := res[len("secret:"):]
	if strings.Contains(name, "*") || strings.Contains(name, "${") || hasSecretSuffix(name) {
		return
	}
	v.add(CodeSecretARNSuffix, r.Path, r.Range,
		"secret ARNs end in -xxxxxx (six random characters AWS adds); add -?????? or * to match this secret",
		v.replacement(r.Range, r.Value+"-??????"))
}

// literalPrefix is s up to its first wildcard or policy variable.
func literalPrefix(s string) string {
	if i := strings.IndexAny(s, "*?$"); i >= 0 {
		return s[:i]
	}
	return s
}

// secretNameChars reports whether s holds only characters a secret name may have: ASCII
// letters, digits and /_+=.@- (Secrets Manager API Reference, CreateSecret, Name).
func secretNameChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("/_+=.@-", c) >= 0) {
			return false
		}
	}
	return true
}

// accountLike reports whether an ARN's account part is 12 digits or could match them.
func accountLike(s string) bool {
	return strings.ContainsAny(s, "*?") || strings.Contains(s, "${") || IsAccountID(s)
}

// hasSecretSuffix reports whether a secret name ends in "-" and six characters that can be
// the random suffix (letters, digits or ?).
func hasSecretSuffix(name string) bool {
	if len(name) < 8 || name[len(name)-7] != '-' {
		return false
	}
	for i := len(name) - 6; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '?') {
			return false
		}
	}
	return true
}

// starOnly warns about Secrets Manager actions that act on no resource (ListSecrets,
// GetRandomPassword, BatchGetSecretValue: AWS checks them against Resource "*") named in a
// statement whose Resource cannot match "*".
func (v *validator) starOnly(st *Statement) {
	if len(v.hits) == 0 || st.Resource == nil || len(st.Resource.Items) == 0 || hasStar(st.Resource) {
		return
	}
	for _, h := range v.hits {
		if !h.wild && h.set.SubsetOf(actions.StarOnly) {
			v.add(CodeActionNeedsStarResource, h.item.Path, h.item.Range,
				quote(h.item.Value)+" acts on no particular secret: AWS checks it against Resource \"*\", which this statement's Resource does not match", "")
		}
	}
}
