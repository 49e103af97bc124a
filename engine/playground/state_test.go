package playground

import (
	"reflect"
	"testing"
)

func TestReadStateContext(t *testing.T) {
	t.Parallel()
	doc, _ := read([]byte(`{"policies":[{"kind":"identity","name":"a","enabled":true}],
	  "request":{"principal":"p","action":"secretsmanager:GetSecretValue","resource":"*",
	  "context":{"one":"x","many":["y","z"],"number":7,"flag":true,"mixed":["w",{}],"object":{"o":1},"":"nameless"}}}`), "the text")
	if doc == nil {
		t.Fatal("the state was not read")
	}
	want := map[string][]string{"one": {"x"}, "many": {"y", "z"}, "number": {"7"}, "flag": {"true"}, "mixed": {"w"}}
	if got := doc.Request.Context; !reflect.DeepEqual(got, want) {
		t.Errorf("context %v, want %v", got, want)
	}
	if got := string(doc.Entries[0].Policy.Doc.Source); got != "the text" {
		t.Errorf("a tab's text comes from the arguments when the state leaves it out: %q", got)
	}
}

// A null context value marks the key absent: it is not derived, and the answer says which
// keys were.
func TestStateAbsentKeyIsNotDerived(t *testing.T) {
	t.Parallel()
	state := func(ctx string) []byte {
		return []byte(`{"policies":[{"kind":"identity","name":"a","enabled":true,"text":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:username\":\"alice\"}}}}"}],
		  "request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"secretsmanager:GetSecretValue","resource":"*","context":` + ctx + `}}`)
	}
	for _, tt := range []struct {
		ctx, decision string
		derived       bool
	}{{`{}`, "Allow", true}, {`{"aws:username":null}`, "ImplicitDeny", false}} {
		doc, fs := read(state(tt.ctx))
		if doc == nil {
			t.Fatalf("the state was not read: %v", fs)
		}
		a := evaluate(doc, fs)
		derived := false
		for _, d := range a.Derived {
			derived = derived || d.Key == "aws:username" && d.Why == "from the principal ARN"
		}
		if string(a.Decision) != tt.decision || derived != tt.derived {
			t.Errorf("context %s: decision %s, aws:username derived %v; want %s, %v", tt.ctx, a.Decision, derived, tt.decision, tt.derived)
		}
	}
}
