package workload

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestShapes(t *testing.T) {
	t.Parallel()
	w, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Requests) != 10000 {
		t.Fatalf("%d requests, want 10,000", len(w.Requests))
	}
	var orig, teams any
	if json.Unmarshal(w.Policy, &orig) != nil || json.Unmarshal(Teams(21), &teams) != nil {
		t.Fatal("policies do not parse")
	}
	if !reflect.DeepEqual(orig, teams) {
		t.Error("Teams(21) must be the workload policy")
	}
	r, err := Repeated(2)
	var rep struct{ Statement []any }
	if err != nil || json.Unmarshal(r, &rep) != nil || len(rep.Statement) != 42 {
		t.Errorf("Repeated(2): %d statements, %v", len(rep.Statement), err)
	}
}
