package policy_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/iamplay/iamplay/engine/internal/operators"
	"github.com/iamplay/iamplay/engine/policy"
)

func ExampleOperators() {
	for _, op := range policy.Operators() {
		if op.Family == "String" || op.Family == "Null" {
			fmt.Printf("%-26s %-7s negated=%-5v ifExists=%-5v variables=%v\n", op.Name, op.ValueKind, op.Negated, op.IfExists, op.Variables)
		}
	}
	p, _ := policy.LookupOperator("ForAllValues:StringLikeIfExists")
	fmt.Println(p.Set, p.Operator.Name, p.IfExists)
	// Output:
	// StringEquals               string  negated=false ifExists=true  variables=true
	// StringNotEquals            string  negated=true  ifExists=true  variables=true
	// StringEqualsIgnoreCase     string  negated=false ifExists=true  variables=true
	// StringNotEqualsIgnoreCase  string  negated=true  ifExists=true  variables=true
	// StringLike                 string  negated=false ifExists=true  variables=true
	// StringNotLike              string  negated=true  ifExists=true  variables=true
	// Null                       presence negated=false ifExists=false variables=false
	// ForAllValues StringLike true
}

func TestOperatorCatalogue(t *testing.T) {
	t.Parallel()
	ops := policy.Operators()
	perFamily := map[policy.Family]int{}
	for _, op := range ops {
		perFamily[op.Family]++
		if op.Description == "" {
			t.Errorf("%s has no description", op.Name)
		}
		want := op.Family == operators.FamilyString || op.Family == operators.FamilyARN
		if op.Variables != want {
			t.Errorf("%s: Variables = %v, want %v", op.Name, op.Variables, want)
		}
	}
	want := map[policy.Family]int{"String": 6, "Numeric": 6, "Date": 6, "Bool": 1, "Binary": 1, "IPAddress": 2, "ARN": 4, "Null": 1}
	for f, n := range want {
		if perFamily[f] != n {
			t.Errorf("family %s has %d operators, want %d", f, perFamily[f], n)
		}
	}
	if len(ops) != 27 {
		t.Errorf("%d operators, want 27", len(ops))
	}
	b, err := json.Marshal(ops[0])
	if err != nil || string(b) != `{"name":"StringEquals","family":"String","valueKind":"string","negated":false,"ifExists":true,"setOperators":true,"variables":true,"wildcards":false,"description":"Exact match, case-sensitive."}` {
		t.Errorf("JSON = %s, %v", b, err)
	}
}

// TestOneCatalogue holds policy's operators to engine/internal/operators' catalogue itself:
// the language publishes the one declaration, not a copy of it.
func TestOneCatalogue(t *testing.T) {
	t.Parallel()
	all := operators.All()
	for i := range all {
		p, ok := policy.LookupOperator(all[i].Name)
		if !ok || p.Operator != &all[i] {
			t.Errorf("LookupOperator(%q) is not the catalogue's entry", all[i].Name)
		}
	}
	if ops := policy.Operators(); len(ops) != len(all) || &ops[0] == &all[0] {
		t.Errorf("Operators() is not a copy of the catalogue's %d operators", len(all))
	}
}

func TestLookupOperator(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, canon string
		set         policy.SetQualifier
		ifExists    bool
		ok          bool
	}{
		{"StringEquals", "StringEquals", policy.SetNone, false, true},
		{"StringEqualsIfExists", "StringEqualsIfExists", policy.SetNone, true, true},
		{"ForAnyValue:StringLike", "ForAnyValue:StringLike", policy.SetForAnyValue, false, true},
		{"ForAllValues:ArnLikeIfExists", "ForAllValues:ArnLikeIfExists", policy.SetForAllValues, true, true},
		{"NullIfExists", "NullIfExists", policy.SetNone, true, true},
		{"stringequals", "", policy.SetNone, false, false},
		{"forAnyValue:StringLike", "", policy.SetNone, false, false},
		{"IfExists", "", policy.SetNone, false, false},
		{"ForAnyValue:", "", policy.SetNone, false, false},
		{"", "", policy.SetNone, false, false},
	}
	for _, tt := range tests {
		p, ok := policy.LookupOperator(tt.name)
		if ok != tt.ok || p.String() != tt.canon || p.Set != tt.set || p.IfExists != tt.ifExists {
			t.Errorf("LookupOperator(%q) = %+v %v", tt.name, p, ok)
		}
	}
}
