// Package tsgen writes TypeScript declarations of the JSON that Go types marshal to with
// encoding/json, so a page's types are derived from the engine's instead of copied by hand.
//
// It walks types with reflection and follows encoding/json's rules: json tags name fields,
// omitempty and omitzero make them optional, embedded structs are flattened (the shallower
// field wins; a struct embedded by value that keeps all its fields is extended instead),
// slices, maps and pointers without
// omitempty may be null, []byte and types with MarshalText are strings. A named string type becomes a union of its constants when a
// Source finds them in the Go files of its package. Only tests and generators import it.
package tsgen

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// Source tells what reflection cannot: the constants of a named type and doc comments.
// FromSource reads them from Go files; nil knows nothing.
type Source interface {
	Constants(t reflect.Type) []string        // the values of t's typed string constants, in source order
	TypeDoc(t reflect.Type) string            // t's doc comment, "" when none
	FieldDoc(t reflect.Type, f string) string // the comment of struct t's field f, "" when none
}

// Generate writes one declaration for each named type reachable from roots, roots first, in
// the order they are reached, after header (written as line comments).
func Generate(header string, src Source, roots ...reflect.Type) ([]byte, error) {
	g := &gen{src: src, names: map[reflect.Type]string{}}
	for _, t := range roots {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Name() == "" {
			return nil, fmt.Errorf("tsgen: root %v has no name", t)
		}
		g.reach(t)
	}
	g.name()
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
		b.WriteString(strings.TrimRight("// "+l, " ") + "\n")
	}
	for _, t := range g.order {
		b.WriteString("\n")
		if err := g.declare(&b, t); err != nil {
			return nil, err
		}
	}
	return []byte(b.String()), nil
}

type gen struct {
	src   Source
	order []reflect.Type          // named types, in the order reached
	names map[reflect.Type]string // their TypeScript names
}

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
)

func implements(t, iface reflect.Type) bool {
	return t.Implements(iface) || (t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(iface))
}

// named reports whether t gets a declaration of its own.
func named(t reflect.Type) bool {
	return t.Name() != "" && t.PkgPath() != ""
}

// reach records t and every named type its JSON form mentions.
func (g *gen) reach(t reflect.Type) {
	if named(t) {
		if _, ok := g.names[t]; ok {
			return
		}
		g.names[t] = ""
		g.order = append(g.order, t)
	}
	switch {
	case implements(t, jsonMarshaler), implements(t, textMarshaler):
		return
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		g.reach(t.Elem())
	case reflect.Map:
		g.reach(t.Elem())
	case reflect.Struct:
		for _, b := range bases(t) {
			g.reach(b.typ)
		}
		for _, f := range fields(t) {
			g.reach(f.typ)
		}
	}
}

// name gives each named type its Go name, or, where two packages use one name, the name
// prefixed by its package's (Finding from authz and policy: AuthzFinding, PolicyFinding).
func (g *gen) name() {
	count := map[string]int{}
	for _, t := range g.order {
		count[t.Name()]++
	}
	for _, t := range g.order {
		n := t.Name()
		if count[n] > 1 {
			p := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
			n = strings.ToUpper(p[:1]) + p[1:] + n
		}
		g.names[t] = n
	}
}

func (g *gen) declare(b *strings.Builder, t reflect.Type) error {
	doc := ""
	if g.src != nil {
		doc = g.src.TypeDoc(t)
	}
	origin := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:] + "." + t.Name()
	writeDoc(b, "", strings.TrimSpace(doc+" ("+origin+")"))
	name := g.names[t]
	if t.Kind() == reflect.Struct && !implements(t, jsonMarshaler) && !implements(t, textMarshaler) {
		bs := bases(t)
		ext := ""
		for i, e := range bs {
			if i == 0 {
				ext = " extends " + g.names[e.typ]
			} else {
				ext += ", " + g.names[e.typ]
			}
		}
		fmt.Fprintf(b, "export interface %s%s {\n", name, ext)
		for _, f := range fields(t) {
			if slices.ContainsFunc(bs, func(e base) bool { return f.index[0] == e.index }) {
				continue // declared by the base
			}
			if g.src != nil {
				writeDoc(b, "  ", g.src.FieldDoc(f.owner, f.goName))
			}
			ts, null := g.expr(f.typ, false)
			if f.quoted && (ts == "number" || ts == "boolean") {
				ts = "string"
			}
			opt := ""
			if f.optional {
				opt = "?"
			} else if null {
				ts += " | null"
			}
			fmt.Fprintf(b, "  %s%s: %s;\n", tsKey(f.name), opt, ts)
		}
		b.WriteString("}\n")
		return nil
	}
	ts, _ := g.expr(t, true)
	fmt.Fprintf(b, "export type %s = %s;\n", name, ts)
	return nil
}

// expr is the TypeScript type of t's JSON form and whether that may be null. own is true
// when t is being declared itself, so a named type is spelled out instead of named.
func (g *gen) expr(t reflect.Type, own bool) (string, bool) {
	if !own && named(t) {
		if t.Kind() == reflect.Struct && !implements(t, jsonMarshaler) && !implements(t, textMarshaler) {
			return g.names[t], false // an object is never null; asking would recurse in a recursive type
		}
		_, null := g.expr(t, true)
		return g.names[t], null
	}
	if t.Kind() == reflect.Pointer {
		ts, _ := g.expr(t.Elem(), false)
		return ts, true
	}
	switch {
	case implements(t, jsonMarshaler):
		return "unknown", true
	case implements(t, textMarshaler):
		return g.enum(t), false
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean", false
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return "number", false
	case reflect.String:
		return g.enum(t), false
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && !named(t.Elem()) {
			return "string", t.Kind() == reflect.Slice // base64
		}
		ts, null := g.expr(t.Elem(), false)
		if null {
			ts = "(" + ts + " | null)"
		} else if strings.Contains(ts, "|") {
			ts = "(" + ts + ")"
		}
		return ts + "[]", t.Kind() == reflect.Slice
	case reflect.Map:
		ts, null := g.expr(t.Elem(), false)
		if null {
			ts += " | null"
		}
		return "Record<string, " + ts + ">", true
	case reflect.Interface:
		return "unknown", true
	case reflect.Struct:
		var b strings.Builder
		b.WriteString("{ ")
		for _, f := range fields(t) {
			ts, null := g.expr(f.typ, false)
			opt := ""
			if f.optional {
				opt = "?"
			} else if null {
				ts += " | null"
			}
			fmt.Fprintf(&b, "%s%s: %s; ", tsKey(f.name), opt, ts)
		}
		b.WriteString("}")
		return b.String(), false
	}
	return "unknown", true
}

// enum is a string type: the union of its constants when the source knows them.
func (g *gen) enum(t reflect.Type) string {
	if g.src == nil || !named(t) || t.Kind() != reflect.String {
		return "string"
	}
	cs := g.src.Constants(t)
	if len(cs) == 0 {
		return "string"
	}
	q := make([]string, len(cs))
	for i, c := range cs {
		b, _ := json.Marshal(c)
		q[i] = string(b)
	}
	return strings.Join(q, " | ")
}

// base is a named struct embedded by value without a JSON name, at field index.
type base struct {
	typ   reflect.Type
	index int
}

// bases are the structs t embeds whose every member t's JSON object shows as they are (none
// shadowed, none dropped as ambiguous): t's declaration extends them instead of repeating their
// members. A struct embedded by pointer is flattened, as before.
func bases(t reflect.Type) []base {
	var out []base
	mine := map[string]field{}
	for _, f := range fields(t) {
		mine[f.name] = f
	}
next:
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.Anonymous || !sf.IsExported() || sf.Tag.Get("json") == "-" || name != "" ||
			sf.Type.Kind() != reflect.Struct || !named(sf.Type) {
			continue
		}
		for _, f := range fields(sf.Type) {
			if m, ok := mine[f.name]; !ok || !slices.Equal(m.index, append([]int{i}, f.index...)) {
				continue next
			}
		}
		out = append(out, base{sf.Type, i})
	}
	return out
}

// field is one member of a struct's JSON object.
type field struct {
	name     string       // the JSON name
	goName   string       // the Go field's name, for its comment
	owner    reflect.Type // the struct that declares it
	typ      reflect.Type
	optional bool // omitempty or omitzero: absent when empty
	quoted   bool // the ",string" option
	tagged   bool
	index    []int
}

// fields lists the members of t's JSON object as encoding/json does: exported fields,
// embedded structs without a name flattened, the shallowest of fields with one name kept
// (or the only tagged one among equals), in field order.
func fields(t reflect.Type) []field {
	var all []field
	var walk func(t reflect.Type, index []int, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, index []int, seen map[reflect.Type]bool) {
		if seen[t] {
			return
		}
		seen[t] = true
		defer delete(seen, t)
		for i := range t.NumField() {
			sf := t.Field(i)
			ft := sf.Type
			if sf.Anonymous {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if !sf.IsExported() && ft.Kind() != reflect.Struct {
					continue
				}
			} else if !sf.IsExported() {
				continue
			}
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(append([]int{}, index...), i)
			if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
				walk(ft, idx, seen)
				continue
			}
			f := field{name: name, goName: sf.Name, owner: t, typ: sf.Type, tagged: name != "", index: idx}
			if f.name == "" {
				f.name = sf.Name
			}
			for _, o := range strings.Split(opts, ",") {
				switch o {
				case "omitempty", "omitzero":
					f.optional = true
				case "string":
					f.quoted = true
				}
			}
			all = append(all, f)
		}
	}
	walk(t, nil, map[reflect.Type]bool{})
	byName := map[string][]field{}
	for _, f := range all {
		byName[f.name] = append(byName[f.name], f)
	}
	var out []field
	for _, fs := range byName {
		if f, ok := dominant(fs); ok {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].index, out[j].index
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return len(a) < len(b)
	})
	return out
}

// dominant is encoding/json's choice among fields with one name: the shallowest, or the one
// tagged among the shallowest; none when that is still ambiguous.
func dominant(fs []field) (field, bool) {
	depth := len(fs[0].index)
	for _, f := range fs {
		depth = min(depth, len(f.index))
	}
	var top []field
	for _, f := range fs {
		if len(f.index) == depth {
			top = append(top, f)
		}
	}
	if len(top) == 1 {
		return top[0], true
	}
	var tagged []field
	for _, f := range top {
		if f.tagged {
			tagged = append(tagged, f)
		}
	}
	if len(tagged) == 1 {
		return tagged[0], true
	}
	return field{}, false
}

// tsKey quotes a property name that is not a plain identifier.
func tsKey(s string) string {
	for i, r := range s {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			b, _ := json.Marshal(s)
			return string(b)
		}
	}
	if s == "" {
		return `""`
	}
	return s
}

// writeDoc writes a comment as one JSDoc block.
func writeDoc(b *strings.Builder, indent, doc string) {
	doc = strings.Join(strings.Fields(doc), " ")
	if doc == "" {
		return
	}
	fmt.Fprintf(b, "%s/** %s */\n", indent, strings.ReplaceAll(doc, "*/", "*\\/"))
}
