package tsgen

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
)

type Color string

type Ref struct{ N int }

func (r Ref) MarshalText() ([]byte, error) { return []byte("ref"), nil }

type Raw struct{}

func (Raw) MarshalJSON() ([]byte, error) { return []byte("{}"), nil }

type Base struct {
	ID    string `json:"id"`
	Note  string `json:"note,omitempty"`
	Shade Color  `json:"shade"`
	Over  int    `json:"over"` // shadowed by Outer.Over
}

// Common is embedded by value and keeps all its members: Outer extends it.
type Common struct {
	Kind  string `json:"kind"`
	Level int    `json:"level,omitempty"`
}

type Left struct{ Same int }
type Right struct{ Same int }

type Outer struct {
	*Base  // by pointer: flattened
	Common // by value, nothing shadowed: extended
	Left
	Right          // Same is ambiguous at one depth: dropped, as encoding/json does
	Over   []*Base `json:"over"`
	Tags   map[string][]string
	Bytes  []byte           `json:"bytes"`
	Ref    Ref              `json:"ref"`
	Raw    Raw              `json:"raw"`
	Count  int64            `json:"count,string"`
	Maybe  *int             `json:"maybe"`
	Zero   Ref              `json:"zero,omitzero"`
	Inline struct{ A bool } `json:"inline"`
	Any    any              `json:"any"`
	Fixed  [2]Color         `json:"fixed"`
	Skip   string           `json:"-"`
	hidden string
	Dash   string `json:"-,"`
	Weird  string `json:"a-b"`
}

// colors is a Source that knows Color's constants and nothing else.
type colors struct{}

func (colors) Constants(t reflect.Type) []string {
	if t == reflect.TypeFor[Color]() {
		return []string{"red", "green"}
	}
	return nil
}
func (colors) TypeDoc(t reflect.Type) string {
	if t == reflect.TypeFor[Outer]() {
		return "Outer is\na test type."
	}
	return ""
}
func (colors) FieldDoc(t reflect.Type, f string) string {
	if t == reflect.TypeFor[Base]() && f == "ID" {
		return "the */ id"
	}
	return ""
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	got, err := Generate("generated\nby a test", colors{}, reflect.TypeFor[*Outer]())
	if err != nil {
		t.Fatal(err)
	}
	want := `// generated
// by a test

/** Outer is a test type. (tsgen.Outer) */
export interface Outer extends Common {
  /** the *\/ id */
  id: string;
  note?: string;
  shade: Color;
  over: (Base | null)[] | null;
  Tags: Record<string, string[] | null> | null;
  bytes: string | null;
  ref: Ref;
  raw: Raw | null;
  count: string;
  maybe: number | null;
  zero?: Ref;
  inline: { A: boolean; };
  any: unknown | null;
  fixed: Color[];
  "-": string;
  "a-b": string;
}

/** (tsgen.Common) */
export interface Common {
  kind: string;
  level?: number;
}

/** (tsgen.Color) */
export type Color = "red" | "green";

/** (tsgen.Base) */
export interface Base {
  /** the *\/ id */
  id: string;
  note?: string;
  shade: Color;
  over: number;
}

/** (tsgen.Ref) */
export type Ref = string;

/** (tsgen.Raw) */
export type Raw = unknown;
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// The members fields lists are the keys encoding/json writes for a value with every field set.
func TestFieldsAreEncodingJSONKeys(t *testing.T) {
	t.Parallel()
	n := 1
	v := Outer{Base: &Base{ID: "x", Note: "n", Shade: "red", Over: 1}, Common: Common{"k", 1}, Left: Left{1}, Right: Right{2},
		Over: []*Base{nil}, Tags: map[string][]string{"a": nil}, Bytes: []byte("b"), Count: 3, Maybe: &n,
		Zero: Ref{1}, Any: 1, Skip: "s", hidden: "h", Dash: "d", Weird: "w"}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys, names []string
	for k := range m {
		keys = append(keys, k)
	}
	for _, f := range fields(reflect.TypeFor[Outer]()) {
		names = append(names, f.name)
	}
	sort.Strings(keys)
	sort.Strings(names)
	if !slices.Equal(keys, names) {
		t.Errorf("encoding/json writes %v; fields lists %v", keys, names)
	}
}

func TestRootsNeedNames(t *testing.T) {
	t.Parallel()
	if _, err := Generate("", nil, reflect.TypeFor[struct{ A int }]()); err == nil || !strings.Contains(err.Error(), "no name") {
		t.Errorf("an anonymous root gives %v, want an error", err)
	}
}

// Two packages' types with one name are told apart by their package's name.
func TestNameCollision(t *testing.T) {
	t.Parallel()
	type Both struct {
		A json.Number
		B Number
		C Ref
	}
	g := &gen{names: map[reflect.Type]string{}}
	g.reach(reflect.TypeFor[Both]())
	g.name()
	if a, b := g.names[reflect.TypeFor[json.Number]()], g.names[reflect.TypeFor[Number]()]; a != "JsonNumber" || b != "TsgenNumber" {
		t.Errorf("json.Number is %q and tsgen's Number %q; want JsonNumber and TsgenNumber", a, b)
	}
	if g.names[reflect.TypeFor[Ref]()] != "Ref" {
		t.Errorf("a unique name is kept: %q", g.names[reflect.TypeFor[Ref]()])
	}
}

// Number shares its name with json.Number.
type Number string

// FromSource reads this package's own files: the doc of Source and its methods' comments.
func TestFromSource(t *testing.T) {
	t.Parallel()
	src, err := FromSource("../..")
	if err != nil {
		t.Fatal(err)
	}
	if d := src.TypeDoc(reflect.TypeFor[field]()); !strings.HasPrefix(d, "field is one member") {
		t.Errorf("TypeDoc(field) = %q", d)
	}
	if d := src.FieldDoc(reflect.TypeFor[field](), "quoted"); !strings.Contains(d, `",string" option`) {
		t.Errorf("FieldDoc(field, quoted) = %q", d)
	}
	c := src.Constants(reflect.TypeFor[authz.Decision]())
	for _, d := range []authz.Decision{authz.Allow, authz.ExplicitDeny, authz.ImplicitDeny} {
		if !slices.Contains(c, string(d)) {
			t.Errorf("Constants(authz.Decision) = %v, without %s", c, d)
		}
	}
	if c := src.Constants(reflect.TypeFor[Color]()); c != nil {
		t.Errorf("Color's constants are declared in a test file, which FromSource skips: %v", c)
	}
}
