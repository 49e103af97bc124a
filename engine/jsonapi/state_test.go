package jsonapi

import (
	"reflect"
	"testing"
)

func TestReadStateContext(t *testing.T) {
	t.Parallel()
	s, err := readState([]byte(`{"policies":[{"kind":"identity","name":"a","enabled":true}],
	  "request":{"principal":"p","action":"secretsmanager:GetSecretValue","resource":"*",
	  "context":{"one":"x","many":["y","z"],"number":7,"flag":true,"mixed":["w",{}],"object":{"o":1},"":"nameless"}}}`), "the text")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"one": {"x"}, "many": {"y", "z"}, "number": {"7"}, "flag": {"true"}, "mixed": {"w"}}
	if got := s.Request.request().Context; !reflect.DeepEqual(got, want) {
		t.Errorf("context %v, want %v", got, want)
	}
	if s.Policies[0].Text != "the text" {
		t.Errorf("a tab's text comes from the arguments when the state leaves it out: %q", s.Policies[0].Text)
	}
}
