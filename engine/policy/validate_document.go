package policy

import (
	"strconv"
	"unicode/utf8"

	"github.com/iamplay/iamplay/engine/jsontree"
)

// The Version values AWS accepts. Only versionCurrent expands policy variables.
const (
	versionCurrent = "2012-10-17"
	versionOld     = "2008-10-17"
)

// document checks the top level (Version, Statement, size, Sids), then every statement.
func (v *validator) document() {
	v.topLevel()
	for _, st := range v.doc.Statements {
		if st != nil {
			v.statement(st)
		}
	}
}

// topLevel checks what is about the document as a whole: Version, Statement, size, Sids.
func (v *validator) topLevel() {
	d := v.doc
	switch {
	case d.Version == nil && d.written("Version"): // written with the wrong type or case: reported as such
	case d.Version == nil:
		v.add(CodeMissingVersion, d.Path, openBrace(d.Node),
			"no Version: without Version "+versionCurrent+" policy variables such as ${aws:username} are not expanded",
			`{"Version": "`+versionCurrent+`", `)
	case d.Version.Value == versionCurrent:
	case d.Version.Value == versionOld:
		v.add(CodeOldVersion, d.Version.Path, d.Version.Range,
			"Version "+versionOld+" is the old policy language: policy variables are not expanded; use "+versionCurrent,
			v.replacement(d.Version.Range, versionCurrent))
	default:
		v.add(CodeUnknownVersion, d.Version.Path, d.Version.Range,
			"unknown Version "+quote(d.Version.Value)+": AWS accepts "+versionCurrent+" (current) or "+versionOld,
			v.replacement(d.Version.Range, versionCurrent))
	}
	switch {
	case d.StatementNode.Range.IsZero() && !d.written("Statement"):
		v.add(CodeMissingStatement, d.Path, openBrace(d.Node), "the policy has no Statement element", "")
	case d.StatementList && len(d.Statements) == 0 && isEmptyArray(d.Source, d.StatementNode.Range):
		v.add(CodeEmptyStatement, d.StatementNode.Path, d.StatementNode.Range, "the Statement list is empty: the policy grants and denies nothing", "")
	}
	v.size()
	v.sids()
}

// isEmptyArray reports whether the source at r is "[]" (with only white space inside),
// not a list whose entries Parse rejected.
func isEmptyArray(src []byte, r Range) bool {
	if r.Start.Offset < 0 || r.End.Offset > len(src) || r.End.Offset-r.Start.Offset < 2 {
		return false
	}
	for _, c := range src[r.Start.Offset+1 : r.End.Offset-1] {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// size warns when the document is longer than AWS's quota for its kind. AWS's own managed
// policies exceed the quota customers get, so this is a warning, not an error.
func (v *validator) size() {
	d := v.doc
	src := d.Source
	if r := d.Range; r.Start.Offset >= 0 && r.End.Offset <= len(src) && r.End.Offset > r.Start.Offset {
		src = src[r.Start.Offset:r.End.Offset]
	}
	quota := v.kind.QuotaChars()
	if len(src) <= quota { // bytes >= characters: no need to count
		return
	}
	n := v.chars
	if n == 0 {
		n = len(src) // an ASCII source has as many characters as bytes; most policies are ASCII
		if !jsontree.IsASCII(src) {
			n = utf8.RuneCount(src)
		}
		v.chars = n
	}
	if n > quota {
		v.add(CodeTooLarge, d.Path, openBrace(d.Node),
			"the policy is "+strconv.Itoa(n)+" characters long; AWS's quota for a "+string(v.kind)+" policy is "+strconv.Itoa(quota), "")
	}
}
