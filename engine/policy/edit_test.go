package policy

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"weak"
)

// editBase is a policy with most of what an edit can meet: a Sid repeated, a list with a
// repeated entry (its finding names a line), conditions, a principal, non-ASCII text, a
// non-object element and a member after the Statement list.
const editBase = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue"], "Resource": "*"},
    {
      "Sid": "B",
      "Effect": "Deny",
      "Action": "secretsmanager:*",
      "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:café-*",
      "Condition": {"StringEquals": {"aws:username": ["ann", "bob"], "aws:PrincipalTag/team": "x"}}
    },
    7,
    {"Sid": "A", "Effect": "Alow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "NotAction": "s3:*", "Resource": "*", "Effect": "Allow"},
    {"Sid": "C", "Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*"}
  ],
  "Id": "x"
}
`

// checkEdit asserts that editing from's check into to gives what checking to gives.
func checkEdit(t *testing.T, kind Kind, from, to string) int {
	t.Helper()
	got := CheckText([]byte(from), kind).Edit([]byte(to))
	assertSameCheck(t, got, []byte(to), kind)
	return got.kept
}

func assertSameCheck(t *testing.T, got *Checked, to []byte, kind Kind) {
	t.Helper()
	want := CheckText(to, kind)
	doc, fs := Check(to, kind)
	if !reflect.DeepEqual(want.Doc, doc) || !reflect.DeepEqual(want.Findings, fs) {
		t.Fatalf("CheckText differs from Check for %q", to)
	}
	if !reflect.DeepEqual(got.Doc, want.Doc) {
		t.Fatalf("edited document differs from a full parse of %q", to)
	}
	if !reflect.DeepEqual(got.Findings, want.Findings) {
		t.Fatalf("edited findings differ from a full parse of %q:\n got %v\nwant %v", to, got.Findings, want.Findings)
	}
}

func TestEdit(t *testing.T) {
	replace := func(old, new string) string {
		if !strings.Contains(editBase, old) {
			t.Fatalf("%q is not in the base", old)
		}
		return strings.Replace(editBase, old, new, 1)
	}
	// kept is how many elements of the list (of five) an edit takes from the previous text,
	// either way: all but those it touched, and those whose findings name a line that moved
	// (the repeated entry, the repeated Effect); none when it reaches outside the list's
	// elements or adds or removes one.
	for _, c := range []struct {
		name string
		to   string
		kept int
	}{
		{"same text", editBase, 5},
		{"trailing space", editBase + "   ", 5},
		{"trailing text", editBase + "x", 0},
		{"leading space", "  \n " + editBase, 3},
		{"leading text", "x" + editBase, 0},
		{"inside a string", replace(`"Sid": "B"`, `"Sid": "Bx"`), 4},
		{"a new line inside a statement", replace(`"Sid": "B",`, "\"Sid\": \"B\",\n\n"), 3},
		{"a new line before a repeated entry", replace(`{"Sid": "A", "Effect": "Allow"`, "{\n\"Sid\": \"A\", \"Effect\": \"Allow\""), 3},
		{"a new line before the list", replace(`"Statement": [`, "\"Statement\":\n ["), 0},
		{"non-ASCII inside a string", replace(`"Sid": "B"`, `"Sid": "Bé"`), 4},
		{"a new line after non-ASCII", replace(`café-*",`, "café-*\",\n"), 3},
		{"an edit of the non-object element", replace("7,", "\"seven\","), 4},
		{"the non-object element becomes a statement", replace("7,", `{"Effect": "Allow", "Action": "*", "Resource": "*"},`), 4},
		{"a statement inserted", replace("7,", `7, {"Effect": "Allow", "Action": "*", "Resource": "*"},`), 0},
		{"a statement removed", replace("7,", ""), 0},
		{"a comma removed", replace("7,", "7"), 0},
		{"a comma doubled", replace("7,", "7,,"), 0},
		{"a trailing comma", replace(`"Resource": "*"}
  ],`, `"Resource": "*"},
  ],`), 0},
		{"a duplicate key added", replace(`"Sid": "C",`, `"Sid": "C", "Sid": "D",`), 4},
		{"a duplicate Sid made", replace(`"Sid": "C"`, `"Sid": "B"`), 4},
		{"a duplicate Sid removed", replace(`"Sid": "A", "Effect": "Alow"`, `"Sid": "D", "Effect": "Alow"`), 4},
		{"broken JSON", replace(`"Sid": "B",`, `"Sid": "B`), 0},
		{"Version changed", replace(`"2012-10-17"`, `"2008-10-17"`), 0},
		{"Id after the list changed", replace(`"Id": "x"`, `"Id": "xy", "Foo": 1`), 0},
		{"the list's bracket removed", replace("  ],", "  ,"), 0},
		{"everything", `{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`, 0},
		{"nothing", "", 0},
		{"the first statement's start", replace(`{"Sid": "A", "Effect": "Allow"`, `{"Sid":"A","Effect":"Allow"`), 4},
		{"the last statement's end", replace(`"secretsmanager:ListSecrets", "Resource": "*"}`, `"secretsmanager:ListSecrets", "Resource": "*" }`), 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range []Kind{KindIdentity, KindResource} {
				if there, back := checkEdit(t, k, editBase, c.to), checkEdit(t, k, c.to, editBase); there != c.kept || back != c.kept {
					t.Errorf("%s: kept %d and %d elements, want %d", k, there, back, c.kept)
				}
			}
		})
	}
}

// TestEditAfterBreak edits from a text that does not parse: the edit starts from the last
// one that did, and the result is still a full parse's.
func TestEditAfterBreak(t *testing.T) {
	broken := strings.Replace(editBase, `"Sid": "B",`, `"Sid": "B`, 1)
	c := CheckText([]byte(editBase), KindIdentity).Edit([]byte(broken))
	if c.Doc != nil || c.base == nil {
		t.Fatalf("a broken text has a document, or forgot the last one that parsed")
	}
	repaired := strings.Replace(editBase, `"Sid": "B",`, `"Sid": "BB",`, 1)
	got := c.Edit([]byte(repaired))
	assertSameCheck(t, got, []byte(repaired), KindIdentity)
	if got.lay == nil || got.base != nil {
		t.Fatalf("the repaired text keeps no layout")
	}
}

// FuzzEdit checks that an edit of a text (replacing the bytes at [at, at+del) with ins) is
// checked exactly as the new text alone is: document, findings and positions.
func FuzzEdit(f *testing.F) {
	f.Add(editBase, 100, 0, "x")
	f.Add(editBase, 300, 5, "\n")
	f.Add(editBase, 0, 0, " ")
	f.Add(editBase, len(editBase), 0, "\n ")
	f.Add(editBase, 430, 2, "é,")
	f.Add(`{"Statement":[{"Effect":"Allow"},{"Effect":"Deny"}]}`, 30, 0, `},{`)
	f.Fuzz(func(t *testing.T, base string, at, del int, ins string) {
		if len(base) > 4096 || len(ins) > 64 {
			return
		}
		at = max(0, min(at, len(base)))
		del = max(0, min(del, len(base)-at))
		to := base[:at] + ins + base[at+del:]
		for _, k := range []Kind{KindIdentity, KindResource} {
			c := CheckText([]byte(base), k)
			e := c.Edit([]byte(to))
			assertSameCheck(t, e, []byte(to), k)
			// EditOwned moves only what the edited text alone holds: e shares the
			// statements it kept with c, which an edit back of e leaves as they were.
			assertSameCheck(t, e.EditOwned([]byte(base)), []byte(base), k)
			assertSameCheck(t, c, []byte(base), k)
			assertSameCheck(t, CheckText([]byte(base), k).EditOwned([]byte(to)), []byte(to), k)
		}
	})
}

// TestEditChain makes a hundred random edits, one after the other, of a policy longer than
// every kind's quota (its length in characters is counted again after each) with repeated
// Sids, repeated entries and non-ASCII text: each result, edited from the previous one, is
// what a full parse of its text gives, with Edit and with EditOwned.
func TestEditChain(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("{\"Version\": \"2012-10-17\", \"Statement\": [\n")
	for i := range 120 {
		if i > 0 {
			sb.WriteString(",\n")
		}
		sb.WriteString(strings.NewReplacer(`"Sid": "A"`, `"Sid": "A`+strconv.Itoa(i%40)+`"`, `"Sid": "B"`, `"Sid": "B`+strconv.Itoa(i)+`"`).Replace(
			editBase[strings.Index(editBase, "{\"Sid\"") : strings.LastIndex(editBase, "}\n  ]")+1]))
	}
	sb.WriteString("\n]}\n")
	text := sb.String()
	if len(text) < 40000 {
		t.Fatalf("the policy is only %d bytes", len(text))
	}
	inserts := []string{"x", "\n", "é", " ", "\"", ",", "}", "{", "Sid", `"Sid": "A1"`, "\n\n  "}
	for _, c := range []struct {
		k     Kind
		owned bool // each text is edited with EditOwned and used no more
	}{{KindIdentity, false}, {KindResource, false}, {KindIdentity, true}, {KindResource, true}} {
		k := c.k
		edit := (*Checked).Edit
		if c.owned {
			edit = (*Checked).EditOwned
		}
		c, cur := CheckText([]byte(text), k), text
		kept := 0
		r := rand.New(rand.NewPCG(1, 2)) // the same edits for each
		for range 100 {
			at := r.IntN(len(cur) + 1)
			del := min(r.IntN(4), len(cur)-at)
			next := cur[:at] + inserts[r.IntN(len(inserts))] + cur[at+del:]
			if r.IntN(4) == 0 { // undo now and then, so the text parses again
				next = text
			}
			c = edit(c, []byte(next))
			assertSameCheck(t, c, []byte(next), k)
			kept += c.kept
			cur = next
		}
		// Most random edits break the JSON (a quote, a brace, a letter outside a string) and
		// keep nothing; the rest keep all but a statement or two.
		if n := len(CheckText([]byte(text), k).lay.elems); kept < 100*n/4 {
			t.Errorf("%s: the edits kept %d statements in all, of %d", k, kept, 100*n)
		}
	}
}

// A policy without findings has none after an edit either: nil, as Check gives.
func TestEditClean(t *testing.T) {
	clean := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*"}, {"Effect": "Allow", "Action": "secretsmanager:GetRandomPassword", "Resource": "*"}]}`
	for _, to := range []string{clean + " ", strings.Replace(clean, "ListSecrets", "BatchGetSecretValue", 1)} {
		c := CheckText([]byte(clean), KindIdentity).Edit([]byte(to))
		assertSameCheck(t, c, []byte(to), KindIdentity)
		if c.Findings != nil || c.kept == 0 {
			t.Errorf("%q: findings %v, kept %d", to, c.Findings, c.kept)
		}
	}
}

// TestCommonAffixes holds the word-at-a-time prefix and suffix (WebAssembly's, wordwise) to
// a byte-by-byte count, for every length and every place of the first difference.
func TestCommonAffixes(t *testing.T) {
	naivePrefix := func(a, b []byte) int {
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		return i
	}
	naiveSuffix := func(a, b []byte) int {
		i := 0
		for i < len(a) && i < len(b) && a[len(a)-1-i] == b[len(b)-1-i] {
			i++
		}
		return i
	}
	base := []byte(strings.Repeat(`{"Sid":"AllowTeam0","Effect":"Allow"},`, 40))
	for _, la := range []int{0, 1, 7, 8, 9, 15, 16, 17, 600, len(base)} {
		for _, extra := range []int{0, 1, 8, 13} {
			for at := 0; at <= la; at += 1 + la/37 {
				a := base[:la]
				b := append(append(append([]byte{}, a[:at]...), bytes.Repeat([]byte{'#'}, extra)...), a[at:]...)
				n := min(len(a), len(b))
				for _, got := range []struct {
					name      string
					got, want int
				}{
					{"commonPrefix", commonPrefix(a, b), naivePrefix(a, b)},
					{"commonSuffix", commonSuffix(a, b), naiveSuffix(a, b)},
				} {
					if got.got != got.want {
						t.Errorf("%s(len %d, %d inserted at %d) = %d, want %d", got.name, la, extra, at, got.got, got.want)
					}
				}
				if p, want := prefixWords(a, b, n), naivePrefix(a, b)/8*8; p != want {
					t.Errorf("prefixWords(len %d, %d inserted at %d) = %d, want %d", la, extra, at, p, want)
				}
				if s, want := suffixWords(a, b, n), naiveSuffix(a, b)/8*8; s != want {
					t.Errorf("suffixWords(len %d, %d inserted at %d) = %d, want %d", la, extra, at, s, want)
				}
			}
		}
	}
}

// A chain of edits keeps no text but the last: a playground keeps editing one policy, and
// every edit kept the one before it (600 KB of text apiece for a 2,100-statement policy).
func TestEditKeepsNoOldTexts(t *testing.T) {
	mid := strings.Index(editBase, `"Sid": "B"`) + len(`"Sid":`)
	for _, c := range []struct {
		name  string
		edit  func(i int) string
		owned bool
	}{
		{"inside a statement", func(i int) string { return editBase[:mid] + strings.Repeat(" ", i%3) + editBase[mid:] }, false},
		{"after the document", func(i int) string { return editBase + strings.Repeat(" ", i%3) }, false},
		{"inside a statement, owned", func(i int) string { return editBase[:mid] + strings.Repeat(" ", i%3) + editBase[mid:] }, true},
		{"after the document, owned", func(i int) string { return editBase + strings.Repeat(" ", i%3) }, true},
	} {
		first := CheckText([]byte(editBase), KindIdentity)
		w := weak.Make(first)
		e := first
		first = nil
		for i := range 10 {
			if c.owned {
				e = e.EditOwned([]byte(c.edit(i)))
			} else {
				e = e.Edit([]byte(c.edit(i)))
			}
			if e.kept == 0 {
				t.Fatalf("%s: edit %d kept nothing", c.name, i)
			}
		}
		runtime.GC()
		if w.Value() != nil {
			t.Errorf("%s: ten edits on, the first text is still kept", c.name)
		}
		runtime.KeepAlive(e)
	}
}
