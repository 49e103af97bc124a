package authz

import (
	"github.com/iamplay/iamplay/engine/exposure"
	"github.com/iamplay/iamplay/engine/internal/eval"
	"github.com/iamplay/iamplay/engine/policy"
)

// EditPolicy compiles src as NewPolicy(kind, name, src) would, as an edit of prev (a policy
// of the same kind compiled before, or nil): the statements the edit did not touch keep
// their parse, findings and compiled matchers (policy.Checked.Edit, eval.Recompile), so
// re-reading a large policy after a keystroke costs about what the keystroke touched.
func EditPolicy(prev *Policy, kind policy.Kind, name string, src []byte) *Policy {
	return editPolicy(prev, kind, name, src, false)
}

// EditPolicyOwned is EditPolicy for a caller that never uses prev again, nor anything read
// from it: the statements the edit moves are moved where they are instead of copied
// (policy.Checked.EditOwned), which made most of an edit in the middle of a long policy.
func EditPolicyOwned(prev *Policy, kind policy.Kind, name string, src []byte) *Policy {
	return editPolicy(prev, kind, name, src, true)
}

func editPolicy(prev *Policy, kind policy.Kind, name string, src []byte, own bool) *Policy {
	var c, from *policy.Checked
	var before *eval.Policy
	if prev != nil && prev.checked != nil && prev.Kind == kind {
		from, before = prev.checked, prev.c
		if own {
			c = from.EditOwned(src)
		} else {
			c = from.Edit(src)
		}
	} else {
		c = policy.CheckText(src, kind)
	}
	doc, fs := c.Doc, c.Findings
	if doc == nil {
		doc = &policy.Document{Source: src}
		return &Policy{Name: name, Kind: kind, Doc: doc, Findings: fs, c: eval.Compile(doc), refused: firstRefused(fs), checked: c}
	}
	fs = append(fs[:len(fs):len(fs)], exposure.Findings(doc, kind, exposure.Owner{})...) // resource-based kinds only
	return &Policy{Name: name, Kind: kind, Doc: doc, Findings: fs, c: eval.Recompile(before, doc, func(i int) bool { return c.Moved(from, i) }, own), refused: firstRefused(fs), checked: c}
}
