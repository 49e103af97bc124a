package policy

import (
	"github.com/iamplay/iamplay/engine/internal/operators"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/internal/pattern"
	"github.com/iamplay/iamplay/engine/internal/suggest"
)

// conditionChecker carries one validateCondition call.
type conditionChecker struct {
	st      *Statement
	actions []*catalog.Action
	vars    bool // ${...} expands (Version 2012-10-17)
	add     func(Finding)
}

func (c *conditionChecker) report(code, path string, r Range, msg, suggestion string) {
	c.add(NewFinding(code, path, r, msg, suggestion))
}

// validateCondition checks a statement's Condition element: operator names, keys against the
// Secrets Manager catalogue and the statement's actions (nil when unknown or not Secrets
// Manager), and each value against its operator. Keys of other services are only checked
// for operator and value problems, so AWS managed policies give no errors.
func validateCondition(st *Statement, cond *Condition, actions []*catalog.Action, version string, add func(Finding)) {
	if cond == nil || add == nil {
		return
	}
	c := &conditionChecker{st: st, actions: actions, vars: version == "2012-10-17", add: add}
	for i := range cond.Operators {
		c.operator(&cond.Operators[i])
	}
}

func (c *conditionChecker) operator(o *ConditionOperator) {
	name := &o.Name
	po, ok := LookupOperator(name.Value)
	if !ok {
		c.unknownOperator(name)
	} else if po.Operator.Family == operators.FamilyNull && po.IfExists {
		fix := "Null"
		if po.Set != SetNone {
			fix = po.Set.String() + ":Null"
		}
		c.report(CodeConditionIfExistsOnNull, name.Path, name.Range,
			"Null already tests whether the key exists: NullIfExists is not an operator", jsonQuote(fix))
		ok = false
	} else if po.Operator.Family == operators.FamilyNull && po.Set != SetNone {
		c.report(CodeConditionUnknownOperator, name.Path, name.Range,
			"Null takes no "+po.Set.String()+": qualifier: it tests whether the key exists", jsonQuote("Null"))
		ok = false
	}
	seen := map[string]string{}
	for i := range o.Keys {
		k := &o.Keys[i]
		lk := strings.ToLower(k.Name.Value)
		if prev, dup := seen[lk]; dup && prev != k.Name.Value {
			c.report(CodeConditionDuplicateKey, k.Name.Path, k.Name.Range,
				"condition keys are case-insensitive: "+quote(k.Name.Value)+" repeats "+quote(prev)+" in the same operator", "")
		} else if !dup {
			seen[lk] = k.Name.Value
		}
		var op *ParsedOperator
		if ok {
			op = &po
		}
		c.key(op, k)
		if op != nil {
			c.values(op, k)
		}
	}
}

func (c *conditionChecker) unknownOperator(name *String) {
	msg := "unknown condition operator " + quote(name.Value)
	for _, s := range operatorSpellings {
		if strings.EqualFold(s, name.Value) {
			c.report(CodeConditionUnknownOperator, name.Path, name.Range,
				msg+": operator names are case-sensitive; write "+quote(s), jsonQuote(s))
			return
		}
	}
	if s, ok := suggest.Closest(name.Value, operatorSpellings); ok {
		c.report(CodeConditionUnknownOperator, name.Path, name.Range, msg+"; did you mean `"+s+"`?", jsonQuote(s))
		return
	}
	c.report(CodeConditionUnknownOperator, name.Path, name.Range, msg, "")
}

// key checks a key against the catalogue: aws: keys and the keys of catalogued services
// are known; other services' keys are not looked up.
func (c *conditionChecker) key(op *ParsedOperator, k *ConditionKey) {
	name := k.Name.Value
	if i := strings.IndexByte(name, ':'); i <= 0 {
		c.report(CodeConditionKeyFormat, k.Name.Path, k.Name.Range,
			"the condition key "+quote(name)+" has no service prefix: write it as service:key (aws:username, secretsmanager:ResourceTag/team, ...)", keyPrefixFix(name))
		return
	}
	lower := strings.ToLower(name)
	i := strings.IndexByte(lower, ':')
	if i < 0 || lower[:i] != "aws" && !catalogued(lower[:i]) {
		return
	}
	ck, found := catalog.LookupKey(name)
	if !found {
		msg := "unknown condition key " + quote(name)
		sugg := ""
		if s, ok := suggest.Closest(name, keyNames()[lower[:i+1]]); ok {
			msg += "; did you mean `" + s + "`?"
			sugg = jsonQuote(s)
		}
		c.report(CodeConditionUnknownKey, k.Name.Path, k.Name.Range, msg, sugg)
		return
	}
	if len(c.actions) > 0 {
		supported := false
		for _, a := range c.actions {
			if catalog.ActionSupportsKey(a, name) {
				supported = true
				break
			}
		}
		if !supported {
			c.report(CodeConditionKeyNotSupported, k.Name.Path, k.Name.Range,
				"none of the statement's actions ("+actionList(c.actions)+") supports "+name+
					", so the request never has it", "")
		}
	}
	if op == nil {
		return
	}
	o := op.Operator
	typ := strings.TrimPrefix(ck.Type, "ArrayOf")
	if o.Family != operators.FamilyNull && !familyFitsKeyType(o.Family, typ, lower) {
		c.report(CodeConditionKeyTypeMismatch, k.Name.Path, k.Name.Range,
			op.String()+" compares "+string(o.ValueKind)+" values, but "+name+" is a "+typ+" key", "")
	}
	switch {
	case op.Set != SetNone && !ck.MultiValued && o.Family != operators.FamilyNull:
		msg := op.Set.String() + " on the single-valued key " + name + ": use " + o.Name + " without a set qualifier"
		if op.Set == SetForAllValues {
			msg += " (ForAllValues also matches when the key is absent, which can allow more than intended)"
		}
		c.report(CodeConditionSetOperatorOnSingleValued, k.Name.Path, k.Name.Range, msg, "")
	case op.Set == SetNone && ck.MultiValued && o.Family != operators.FamilyNull:
		c.report(CodeConditionSingleOperatorOnMultiValued, k.Name.Path, k.Name.Range,
			name+" can have several values: qualify "+o.Name+" with ForAnyValue: or ForAllValues:", "")
	}
}

// familyFitsKeyType reports whether an operator family suits a catalogue key type. String
// operators may test ARN keys and ARN operators String keys (AWS allows both); aws:EpochTime
// is a Date key that Numeric operators also read (IAM global condition keys page).
func familyFitsKeyType(f Family, typ, lowerKey string) bool {
	switch typ {
	case "String", "ARN":
		return f == operators.FamilyString || f == operators.FamilyARN
	case "Numeric":
		return f == operators.FamilyNumeric
	case "Date":
		return f == operators.FamilyDate || (f == operators.FamilyNumeric && lowerKey == "aws:epochtime")
	case "Bool":
		return f == operators.FamilyBool
	case "IPAddress":
		return f == operators.FamilyIPAddress
	case "Binary":
		return f == operators.FamilyBinary
	}
	return true
}

// values checks each value against the operator.
func (c *conditionChecker) values(op *ParsedOperator, k *ConditionKey) {
	o := op.Operator
	if len(k.Values.Items) == 0 {
		c.report(CodeConditionEmptyValues, k.Values.Path, k.Values.Range,
			"the key "+quote(k.Name.Value)+" has no values: "+op.String()+" needs at least one", "")
		return
	}
	for i := range k.Values.Items {
		v := &k.Values.Items[i]
		switch v.Kind {
		case ValueNull, ValueObject, ValueArray:
			c.report(CodeConditionValueType, v.Path, v.Range,
				"a condition value must be a string, number or boolean, not "+v.Kind.String(), "")
			continue
		}
		if strings.Contains(v.Text, "${") {
			switch {
			case !o.Variables:
				c.report(CodeConditionVariableNotExpanded, v.Path, v.Range,
					o.Name+" does not expand policy variables: "+quote(v.Text)+" is compared as written", "")
				continue
			case !c.vars:
				c.report(CodeConditionVariableNotExpanded, v.Path, v.Range,
					"policy variables expand only when the policy's Version is \"2012-10-17\": "+quote(v.Text)+" is compared as written", "")
			default:
				if c.badVariables(v) {
					continue
				}
			}
		}
		if o.Family == operators.FamilyNull {
			if _, ok := operators.ParseBool(v.Text); !ok {
				c.report(CodeConditionBadValue, v.Path, v.Range,
					"Null takes \"true\" (the key is absent) or \"false\" (the key is present), not "+quote(v.Text), "")
			}
			continue
		}
		vars := c.vars && o.Variables
		if vars && len(pattern.Vars(v.Text)) > 0 {
			continue // a variable can expand to anything: nothing to check ahead
		}
		if _, ok := operators.Compile(o, v.Text, vars); !ok {
			c.report(CodeConditionBadValue, v.Path, v.Range, badValueMessage(o, v.Text), "")
		}
	}
}

// badVariables reports each "${" that does not start a valid variable ("${key}" or
// "${key, 'default'}"), and whether there was one.
func (c *conditionChecker) badVariables(v *Value) bool {
	good := pattern.Vars(v.Text)
	bad := false
	for i := 0; i+1 < len(v.Text); i++ {
		if v.Text[i] != '$' || v.Text[i+1] != '{' {
			continue
		}
		inside := false
		for _, g := range good {
			if i >= g.Offset && i < g.End {
				inside = true
				break
			}
		}
		if inside {
			continue
		}
		end := strings.IndexByte(v.Text[i:], '}')
		if end < 0 {
			c.report(CodeUnclosedVariable, v.Path, subRange(v, i, len(v.Text)), unclosedVariableMessage, "")
			return true
		}
		to := i + end + 1
		c.report(CodeConditionBadVariable, v.Path, subRange(v, i, to), "bad policy variable "+quote(v.Text[i:to])+": write ${key} or ${key, 'default'}", "")
		bad = true
	}
	return bad
}

// unclosedVariableMessage explains CodeUnclosedVariable wherever it is found.
const unclosedVariableMessage = "the policy variable has no closing \"}\": write ${key} or ${key, 'default'}"

// keyPrefixFix suggests the aws: key a prefix-less key names, when the catalogue has one.
func keyPrefixFix(name string) string {
	if k, ok := catalog.LookupKey("aws:" + name); ok {
		if strings.Contains(k.Name, "${") {
			return jsonQuote("aws:" + name)
		}
		return jsonQuote(k.Name)
	}
	return ""
}

// subRange is the range of bytes [from, to) of a string value's text, when the source spells
// the value without escapes (its raw length is the text plus two quotes); else the value's range.
func subRange(v *Value, from, to int) Range {
	r := v.Range
	if v.Kind != ValueString || r.Start.Line != r.End.Line || r.End.Offset-r.Start.Offset != len(v.Text)+2 {
		return r
	}
	at := func(i int) Pos {
		return Pos{Line: r.Start.Line, Column: r.Start.Column + 1 + utf8.RuneCountInString(v.Text[:i]), Offset: r.Start.Offset + 1 + i}
	}
	return Range{Start: at(from), End: at(to)}
}

func badValueMessage(o *Operator, text string) string {
	q := quote(text)
	switch o.ValueKind {
	case operators.OperandNumber:
		return q + " " + operators.NumberProblem(text) + ": " + o.Name + " takes an integer or a decimal such as 7 or 1.5"
	case operators.OperandDate:
		return q + " is not a date: " + o.Name + " takes ISO 8601 such as \"2026-01-31T00:00:00Z\" or epoch seconds"
	case operators.OperandBool:
		return q + " is not a boolean: " + o.Name + " takes \"true\" or \"false\""
	case operators.OperandBase64:
		return q + " is not base64: " + o.Name + " takes base64-encoded bytes"
	case operators.OperandIP:
		return q + " is not an IP address or CIDR range such as \"203.0.113.0/24\" or \"2001:db8::/32\""
	case operators.OperandARN:
		return q + " is not an ARN: " + o.Name + " takes arn:partition:service:region:account:resource, with * and ? wildcards"
	}
	return q + " is not a valid value for " + o.Name
}

func actionList(as []*catalog.Action) string {
	names := make([]string, 0, 3)
	for i, a := range as {
		if i == 3 {
			names = append(names, "...")
			break
		}
		names = append(names, a.FullName())
	}
	return strings.Join(names, ", ")
}

// keyNames lists, for each prefix a checked key can have ("aws:", "kms:", ... lower-case),
// the catalogue key names it may have meant, for "did you mean": the global keys and every
// catalogued key with that prefix. Built once.
var keyNames = sync.OnceValue(func() map[string][]string {
	prefixes := []string{"aws:"}
	for _, s := range catalog.Services() {
		prefixes = append(prefixes, s.Prefix+":")
	}
	m := make(map[string][]string, len(prefixes))
	for _, p := range prefixes {
		var out []string
		for _, k := range catalog.GlobalKeys() {
			out = appendKeyName(out, k.Name, "")
		}
		for _, s := range catalog.Services() {
			for _, k := range s.Keys {
				out = appendKeyName(out, k.Name, p)
			}
		}
		m[p] = out
	}
	return m
})

// appendKeyName adds a key name that is not a template and starts with prefix (repeats are
// harmless: the first closest wins).
func appendKeyName(out []string, name, prefix string) []string {
	if strings.Contains(name, "${") || strings.HasSuffix(name, "/tag-key") ||
		len(name) < len(prefix) || !strings.EqualFold(name[:len(prefix)], prefix) {
		return out
	}
	return append(out, name)
}

// catalogued reports whether a lower-case prefix names a catalogued service.
func catalogued(prefix string) bool {
	_, ok := catalog.Lookup(prefix)
	return ok
}
