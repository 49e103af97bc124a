package policy

import (
	"github.com/iamplay/iamplay/engine/internal/actions"
	"strings"

	"github.com/iamplay/iamplay/engine/internal/suggest"
)

// statement checks one statement: its Effect, which elements it has for the kind, each
// action, resource and principal, its condition, and grants that are broader than they look.
func (v *validator) statement(st *Statement) {
	allow := v.effect(st)
	v.elements(st, allow)
	set := v.actions(st)
	v.resources(st)
	v.principals(st)
	if allow {
		v.broadGrants(st)
	}
	if st.Condition != nil {
		if len(st.Condition.Operators) == 0 {
			v.add(CodeEmptyCondition, st.Condition.Path, st.Condition.Range,
				"the Condition block is empty: the statement applies unconditionally", "")
		}
		validateCondition(st, st.Condition, setActions(set), v.version, func(f Finding) { v.out = append(v.out, f) })
	}
}

// effect checks Effect and reports whether the statement allows.
func (v *validator) effect(st *Statement) bool {
	e := st.Effect
	if e == nil {
		if st.written("Effect") {
			return false // written but unreadable: the parser has said why
		}
		v.add(CodeMissingEffect, st.Path, openBrace(st.Node), "the statement has no Effect: write \"Allow\" or \"Deny\"", "")
		return false
	}
	switch e.Value {
	case "Allow":
		return true
	case "Deny":
		return false
	}
	msg := "Effect must be \"Allow\" or \"Deny\", not " + quote(e.Value)
	sugg := ""
	for _, want := range [...]string{"Allow", "Deny"} {
		if strings.EqualFold(e.Value, want) {
			msg = "Effect is case-sensitive: write " + quote(want)
			sugg = v.replacement(e.Range, want)
		}
	}
	if sugg == "" {
		if s, ok := suggest.Closest(e.Value, []string{"Allow", "Deny"}); ok {
			sugg = v.replacement(e.Range, s)
			msg += "; did you mean `" + s + "`?"
		}
	}
	v.add(CodeInvalidEffect, e.Path, e.Range, msg, sugg)
	return false
}

// elements checks which elements the statement has: the Action and Resource pairs, and the
// Principal the kind requires or forbids.
func (v *validator) elements(st *Statement, allow bool) {
	switch {
	case st.Action != nil && st.NotAction != nil:
		v.add(CodeActionAndNotAction, st.NotAction.Path, st.NotAction.KeyRange,
			"a statement has Action or NotAction, not both", "")
	case st.Action == nil && st.NotAction == nil && !st.written("Action") && !st.written("NotAction"):
		v.add(CodeMissingAction, st.Path, openBrace(st.Node), "the statement has neither Action nor NotAction", "")
	}
	switch {
	case st.Resource != nil && st.NotResource != nil:
		v.add(CodeResourceAndNotResource, st.NotResource.Path, st.NotResource.KeyRange,
			"a statement has Resource or NotResource, not both", "")
	case st.Resource == nil && st.NotResource == nil && (st.written("Resource") || st.written("NotResource")):
		// written but unreadable: the parser has said why
	case st.Resource == nil && st.NotResource == nil && v.kind == KindTrust:
		// a trust policy's resource is the role it is attached to
	case st.Resource == nil && st.NotResource == nil && (v.kind == KindResource || v.kind == KindKey || v.kind == KindSCP):
		v.add(CodeResourceOmitted, st.Path, openBrace(st.Node),
			"the statement has no Resource; write \"Resource\": \"*\" (the secret itself, in a secret's policy) to be explicit", "")
	case st.Resource == nil && st.NotResource == nil:
		v.add(CodeMissingResource, st.Path, openBrace(st.Node),
			"a statement in "+v.kind.article()+" policy needs Resource or NotResource", "")
	}
	if st.Principal != nil && st.NotPrincipal != nil {
		v.add(CodePrincipalAndNotPrincipal, st.NotPrincipal.Path, st.NotPrincipal.KeyRange,
			"a statement has Principal or NotPrincipal, not both", "")
	}
	if v.identityShaped() {
		for _, p := range [...]*Principal{st.Principal, st.NotPrincipal} {
			if p != nil {
				v.add(CodePrincipalNotAllowed, p.Path, p.KeyRange,
					v.kind.article()+" policy names no principal: it applies to whoever it is attached to; remove this element", "")
			}
		}
	} else {
		if st.Principal == nil && st.NotPrincipal == nil && !st.written("Principal") && !st.written("NotPrincipal") {
			v.add(CodeMissingPrincipal, st.Path, openBrace(st.Node),
				"a statement in a resource policy needs Principal (who it applies to)", "")
		}
		if allow && st.NotPrincipal != nil {
			v.add(CodeAllowNotPrincipal, st.NotPrincipal.Path, st.NotPrincipal.KeyRange,
				"Allow with NotPrincipal grants access to everyone except the principals named, including anonymous users", "")
		}
	}
	if allow && st.NotAction != nil {
		v.add(CodeAllowNotAction, st.NotAction.Path, st.NotAction.KeyRange,
			"Allow with NotAction grants every action not listed, in every service, including ones AWS adds later", "")
	}
	if allow && st.NotResource != nil {
		v.add(CodeAllowNotResource, st.NotResource.Path, st.NotResource.KeyRange,
			"Allow with NotResource grants access to every resource not listed", "")
	}
	for _, l := range [...]*StringList{st.Action, st.NotAction, st.Resource, st.NotResource} {
		if l != nil && l.List && len(l.Items) == 0 && isEmptyArray(v.doc.Source, l.Range) {
			v.add(CodeEmptyList, l.Path, l.Range, "the list is empty: the statement matches nothing", "")
		}
	}
}

// broadGrants flags an Allow of every Secrets Manager action, or of changing resource
// policies, on every resource.
func (v *validator) broadGrants(st *Statement) {
	if len(v.hits) == 0 || !hasStar(st.Resource) {
		return
	}
	for _, h := range v.hits {
		a := h.item
		switch {
		case h.wild && actions.SecretsManager.SubsetOf(h.set):
			v.add(CodeFullAccess, a.Path, a.Range,
				quote(a.Value)+" on Resource \"*\" allows every Secrets Manager action on every secret; name the actions and secrets needed", "")
		case h.set.Intersects(actions.ResourcePolicy):
			v.add(CodeResourcePolicyAccess, a.Path, a.Range,
				quote(a.Value)+" on Resource \"*\" lets the caller rewrite or remove the resource policy of every secret", "")
		}
	}
}

// hasStar reports whether a Resource list has the entry "*".
func hasStar(l *StringList) bool {
	if l == nil {
		return false
	}
	for i := range l.Items {
		if l.Items[i].Value == "*" {
			return true
		}
	}
	return false
}
