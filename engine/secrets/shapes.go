package secrets

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/iamplay/iamplay/engine/jsontree"
)

// Field is one member of an operation's request as the API Reference declares it: its
// type, whether it is required, and the length, value and enum constraints AWS checks
// before the call runs. They are the one declaration of a request's constraints: the store
// checks every call's body with CheckInput before the operation runs, and the playground
// builds its call form from them and checks a body with CheckInput's rules.
type Field struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"` // string, integer, boolean, blob, list or structure
	Required bool     `json:"required,omitempty"`
	Min      int      `json:"min,omitempty"` // least length (strings, lists) or value (integers)
	Max      int      `json:"max,omitempty"` // most length or value; 0 for no limit
	Enum     []string `json:"enum,omitempty"`
	Member   *Field   `json:"member,omitempty"` // a list's members
	Fields   []Field  `json:"fields,omitempty"` // a structure's members
}

// Shape is an operation's request.
type Shape struct {
	Operation string  `json:"operation"`
	Fields    []Field `json:"fields"`
}

// The types of a Field.
const (
	tString    = "string"
	tInteger   = "integer"
	tBoolean   = "boolean"
	tBlob      = "blob" // base64 text
	tList      = "list"
	tStructure = "structure"
)

// Shapes lists the requests of the operations the store runs, one each.
func Shapes() []Shape { return shapes }

// InputError is one member a body gets wrong: Field is the top-level member it is in, and
// From and To the byte span of the value at fault in the body (0 and 0 for the body itself).
type InputError struct {
	_     [0]func() // not comparable: compared by its fields, and no code to compare it is built
	Field string    `json:"field"`
	From  int       `json:"from"`
	To    int       `json:"to"`
	Error
}

// CheckInput holds a request body to its operation's shape, as AWS checks a request before
// it runs it, and lists what is wrong with each top-level member (one each), with the
// messages the store answers: the store checks every call's body with it before the
// operation runs. A body that is not a JSON object is one error with no field. A member is
// read as the operations read it: written twice, the last one counts, and its name matches
// in any case.
func CheckInput(op string, body []byte) []InputError {
	for i := range shapes {
		if shapes[i].Operation == op {
			return checkInput(&shapes[i], body, true, new(flatBody))
		}
	}
	return []InputError{{Error: *errorf(InvalidRequest, "The operation %s is not one Secrets Manager runs.", safe(op))}}
}

// checkInput is CheckInput for a shape; with all false it stops at the first error, the one
// the store answers. A flat body of plain strings (flatMember), the usual request, is read
// here into the tree Parse would make, in flat's memory (the store's, so that nothing is
// allocated or cleared), and left there for the operation, which then need not read the
// body again.
func checkInput(sh *Shape, body []byte, all bool, flat *flatBody) []InputError {
	if flat.ok = false; flat.members == nil {
		flat.members, flat.vals = make([]jsontree.Member, maxFlat), make([]jsontree.Node, maxFlat)
	}
	// The body in place, without a copy: only flat keeps parts of it, until the next call.
	text := unsafe.String(unsafe.SliceData(body), len(body))
	i := strings.IndexByte(text, '{')
	if i < 0 || strings.TrimLeft(text[:i], " \t\r\n") != "" {
		return checkTree(sh, body, all)
	}
	for n, at := 0, i+1; ; n++ {
		name, val, next, done, ok := flatMember(text, at)
		switch {
		case done && ok:
			end := len(text)
			for text[end-1] != '}' {
				end--
			}
			flat.n, flat.ok = n, true
			return checkFields(sh, &jsontree.Node{Kind: jsontree.Object, Start: i, End: end, Members: flat.members[:n]}, all)
		case done || !ok || n == maxFlat:
			return checkTree(sh, body, all)
		}
		flat.vals[n] = jsontree.Node{Kind: jsontree.String, Start: next - len(val) - 2, End: next, Text: val}
		flat.members[n] = jsontree.Member{Name: name, Value: &flat.vals[n]}
		at = next
	}
}

// maxFlat is the most members checkInput reads itself; a longer body is read by Parse.
const maxFlat = 8

// flatBody is a flat body's members as checkInput read them (names and string values, in
// order), for the operation the body is for (getSecretValue). The values are views of the
// call's body: an operation that keeps one copies it (Store.one does).
type flatBody struct {
	_       [0]func() // never compared: no equality code in the .wasm
	ok      bool      // the body was flat, and these are its members
	n       int
	members []jsontree.Member // maxFlat of each, made once (an array of members would bring its equality code)
	vals    []jsontree.Node
}

// checkTree is checkInput for a body read by Parse.
func checkTree(sh *Shape, body []byte, all bool) []InputError {
	in := &jsontree.Node{Kind: jsontree.Object}
	if len(bytes.TrimSpace(body)) > 0 {
		n, err := jsontree.Parse(body, jsontree.Limits{MaxBytes: MaxInputBytes})
		if err != nil || n.Kind != jsontree.Object {
			return []InputError{{Error: *errorf(SerializationException, "The request body is not a JSON object.")}}
		}
		in = n
	}
	return checkFields(sh, in, all)
}

// checkFields checks each field of the shape in the body's object.
func checkFields(sh *Shape, in *jsontree.Node, all bool) []InputError {
	var out []InputError
	for i := range sh.Fields {
		f := &sh.Fields[i]
		if at, err := checkField(f, member(in, f.Name), ""); err != nil {
			if at == nil {
				at = in
			}
			out = append(out, InputError{Field: f.Name, From: at.Start, To: at.End, Error: *err})
			if !all {
				break
			}
		}
	}
	return out
}

// member is an object's member as the operations read it (encoding/json): the last one
// whose name is the field's in any case; nil when absent. The shape checks what they read.
func member(n *jsontree.Node, name string) *jsontree.Node {
	for i := len(n.Members) - 1; i >= 0; i-- {
		if m := n.Members[i].Name; m == name || strings.EqualFold(m, name) {
			return n.Members[i].Value
		}
	}
	return nil
}

// pathOf is a field's path as AWS's messages write it, under its parent's: secretId,
// tags.member.key (a list's members have no name).
func pathOf(parent string, f *Field) string {
	switch {
	case f.Name == "":
		return parent + ".member"
	case parent == "":
		return strings.ToLower(f.Name[:1]) + f.Name[1:]
	}
	return parent + "." + strings.ToLower(f.Name[:1]) + f.Name[1:]
}

// checkField checks one member's value (nil when absent) against its field, under the
// parent's path ("" at the top). It returns the value at fault. Paths are written only
// for errors and for the members of lists and structures.
func checkField(f *Field, n *jsontree.Node, parent string) (*jsontree.Node, *Error) {
	if n == nil || n.Kind == jsontree.Null {
		if f.Required {
			return nil, invalid(pathOf(parent, f), "Member must not be null")
		}
		return nil, nil
	}
	if n.Kind != kindOf(f.Type) {
		return n, wrongType(pathOf(parent, f), f.Type)
	}
	switch f.Type {
	case tString:
		if err := checkText(f, n.Text, parent); err != nil {
			return n, err
		}
	case tInteger:
		v, err := strconv.ParseInt(n.Text, 10, 64)
		if err != nil {
			return n, wrongType(pathOf(parent, f), f.Type)
		}
		if f.Max > 0 && (v < int64(f.Min) || v > int64(f.Max)) {
			return n, invalid(pathOf(parent, f), "Member must have value between "+strconv.Itoa(f.Min)+" and "+strconv.Itoa(f.Max))
		}
	case tList:
		path := pathOf(parent, f)
		if err := checkCount(path, len(n.Elems), f.Min, f.Max); err != nil {
			return n, err
		}
		for _, e := range n.Elems {
			if at, err := checkField(f.Member, e, path); err != nil {
				return orNode(at, e), err
			}
		}
	case tStructure:
		path := pathOf(parent, f)
		for i := range f.Fields {
			if at, err := checkField(&f.Fields[i], member(n, f.Fields[i].Name), path); err != nil {
				return orNode(at, n), err
			}
		}
	}
	return nil, nil
}

// checkText holds a string member's text to its field's length and enum.
func checkText(f *Field, text, parent string) *Error {
	constraint := ""
	switch n := utf8.RuneCountInString(text); {
	case n < f.Min:
		constraint = "Member must have length greater than or equal to " + strconv.Itoa(f.Min)
	case f.Max > 0 && n > f.Max:
		constraint = "Member must have length less than or equal to " + strconv.Itoa(f.Max)
	case f.Enum != nil && !slices.Contains(f.Enum, text):
		constraint = "Member must satisfy enum value set: [" + strings.Join(f.Enum, ", ") + "]"
	default:
		return nil
	}
	return invalid(pathOf(parent, f), constraint)
}

// wrongType is a member of the wrong type, named as the body writes it: SecretId,
// Tags.member.Key (path is the member as validation messages write it, tags.member.key).
func wrongType(path, typ string) *Error {
	b := []byte(path)
	for i := range b {
		if (i == 0 || b[i-1] == '.') && 'a' <= b[i] && b[i] <= 'z' && !strings.HasPrefix(path[i:], "member") {
			b[i] -= 'a' - 'A'
		}
	}
	return errorf(SerializationException, "The member %s has the wrong type: expected %s.", b, typ)
}

// kindOf is the JSON kind a field's type is written as.
func kindOf(t string) jsontree.Kind {
	switch t {
	case tInteger:
		return jsontree.Number
	case tBoolean:
		return jsontree.Bool
	case tList:
		return jsontree.Array
	case tStructure:
		return jsontree.Object
	}
	return jsontree.String
}

func orNode(a, b *jsontree.Node) *jsontree.Node {
	if a != nil {
		return a
	}
	return b
}

// checkCount is a list's length constraint, worded as AWS words it.
func checkCount(path string, n, min, max int) *Error {
	switch {
	case max > 0 && min > 0 && (n < min || n > max):
		return invalid(path, "Member must have length less than or equal to "+strconv.Itoa(max)+" and greater than or equal to "+strconv.Itoa(min))
	case max > 0 && n > max:
		return invalid(path, "Member must have length less than or equal to "+strconv.Itoa(max))
	case n < min:
		return invalid(path, "Member must have length greater than or equal to "+strconv.Itoa(min))
	}
	return nil
}
