package exposure

import (
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/internal/operators"
	"github.com/iamplay/iamplay/engine/policy"
)

// valueForm is what a pinning key's value must look like to be fixed.
type valueForm uint8

const (
	formExact    valueForm = iota // no wildcard anywhere
	formARN                       // no wildcard, or a 12-digit account field without one
	formOrgPath                   // the organization ID before the first "/" has no wildcard
	formUniqueID                  // the unique ID before the first ":" has no wildcard
)

// pinKey is a condition key that can pin the caller (package doc, rule 6).
type pinKey struct {
	kind string // what it pins the caller to, for the explanation
	form valueForm
}

// pinKeys are the keys of rule 6, lower case (condition keys ignore case). The two tables are
// lists, not maps: data the linker lays out rather than code that fills a map at start-up.
var pinKeys = []struct {
	name string
	pinKey
}{
	{"aws:principalaccount", pinKey{"account", formExact}},
	{"aws:sourceaccount", pinKey{"source account", formExact}},
	{"aws:sourceowner", pinKey{"source account", formExact}},
	{"aws:vpceaccount", pinKey{"VPC endpoint account", formExact}},
	{"kms:calleraccount", pinKey{"account", formExact}},
	{"aws:principalorgid", pinKey{"organization", formExact}},
	{"aws:sourceorgid", pinKey{"source organization", formExact}},
	{"aws:vpceorgid", pinKey{"VPC endpoint organization", formExact}},
	{"aws:principalorgpaths", pinKey{"organization path", formOrgPath}},
	{"aws:sourceorgpaths", pinKey{"source organization path", formOrgPath}},
	{"aws:vpceorgpaths", pinKey{"VPC endpoint organization path", formOrgPath}},
	{"aws:principalarn", pinKey{"principal ARN", formARN}},
	{"aws:sourcearn", pinKey{"source ARN", formARN}},
	{"aws:sourcevpc", pinKey{"VPC", formExact}},
	{"aws:sourcevpce", pinKey{"VPC endpoint", formExact}},
	{"aws:sourcevpcarn", pinKey{"VPC", formARN}},
	{"aws:userid", pinKey{"unique ID", formUniqueID}},
}

// notPinning are keys people expect to pin, with the reason they do not (rule 7).
var notPinning = []struct{ name, why string }{
	{"aws:sourceip", "an address range names no account: callers of every account behind it pass"},
	{"aws:vpcsourceip", "an address names no account"},
	{"aws:username", "a user name names no account: any account can have a user of that name"},
	{"aws:resourceaccount", "it is the secret's own account, whoever calls"},
	{"aws:resourceorgid", "it is the secret's own organization, whoever calls"},
	{"aws:resourceorgpaths", "it is the secret's own organization path, whoever calls"},
	{"aws:principaltype", "a type of principal names no account"},
}

// pinKeyOf finds a lower-case key in pinKeys.
func pinKeyOf(key string) (pinKey, bool) {
	for _, e := range pinKeys {
		if e.name == key {
			return e.pinKey, true
		}
	}
	return pinKey{}, false
}

// notPinningWhy finds a lower-case key in notPinning.
func notPinningWhy(key string) (string, bool) {
	for _, e := range notPinning {
		if e.name == key {
			return e.why, true
		}
	}
	return "", false
}

// conditions finds the condition that pins the statement, and the conditions on pinning (or
// seemingly pinning) keys that do not, with why.
func conditions(st *policy.Statement) (*Element, []Element) {
	if st.Condition == nil {
		return nil, nil
	}
	var unpinned []Element
	for i := range st.Condition.Operators {
		op := &st.Condition.Operators[i]
		for j := range op.Keys {
			k := &op.Keys[j]
			lower := strings.ToLower(k.Name.Value)
			e := Element{Path: k.Name.Path, Range: k.Name.Range, Key: k.Name.Value, Text: op.Name.Value + " " + k.Name.Value}
			if reason, ok := notPinningWhy(lower); ok {
				e.Why = reason
				unpinned = append(unpinned, e)
				continue
			}
			pk, ok := pinKeyOf(lower)
			if !ok {
				continue
			}
			if reason := pinning(op.Name.Value, pk, k.Values.Items); reason != "" {
				e.Why = reason
				unpinned = append(unpinned, e)
				continue
			}
			e.Kind, e.Value = pk.kind, k.Values.Items[0].Text
			return &e, unpinned
		}
	}
	return nil, unpinned
}

// pinning says why an operator and values on a pinning key do not pin, or "" when they do.
func pinning(opName string, pk pinKey, values []policy.Value) string {
	op, ok := policy.LookupOperator(opName)
	switch {
	case !ok:
		return "the operator is unknown"
	case op.Operator.Family != operators.FamilyString && op.Operator.Family != operators.FamilyARN:
		return op.Operator.Name + " does not compare names"
	case op.Operator.Negated:
		return op.Operator.Name + " is negated: it lets in everyone else"
	case op.IfExists:
		return "IfExists lets in callers without the key, anonymous ones included"
	case op.Set == policy.SetForAllValues:
		return "ForAllValues: lets in callers without the key"
	case len(values) == 0:
		return "it has no values"
	}
	for _, v := range values {
		if reason := fixed(v, pk.form); reason != "" {
			return reason
		}
	}
	return ""
}

// fixed says why a value is not fixed for its key, or "" when it is.
func fixed(v policy.Value, form valueForm) string {
	s := v.Text
	switch {
	case v.Kind != policy.ValueString && v.Kind != policy.ValueNumber && v.Kind != policy.ValueBool:
		return "a value is not a string"
	case s == "":
		return "a value is empty"
	case strings.Contains(s, "${"):
		return "the value " + quote(s) + " holds a policy variable"
	case !strings.ContainsAny(s, "*?"):
		return ""
	}
	switch form {
	case formARN:
		if fixedAccountARN(s) {
			return ""
		}
		return "the value " + quote(s) + " has a wildcard in place of the account"
	case formOrgPath:
		if org, _, ok := strings.Cut(s, "/"); ok && org != "" && !strings.ContainsAny(org, "*?") {
			return ""
		}
		return "the value " + quote(s) + " has a wildcard in place of the organization"
	case formUniqueID:
		if id, _, ok := strings.Cut(s, ":"); ok && id != "" && !strings.ContainsAny(id, "*?") {
			return ""
		}
		return "the value " + quote(s) + " has a wildcard in place of the unique ID"
	}
	return "the value " + quote(s) + " has a wildcard"
}

// quote writes a value inside a sentence, shortened.
func quote(s string) string {
	if len(s) > 64 {
		s = strings.ToValidUTF8(s[:61], "") + "..."
	}
	return strconv.Quote(s)
}
