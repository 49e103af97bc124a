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
