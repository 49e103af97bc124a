package secrets_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
	"github.com/iamplay/iamplay/internal/shapecases"
)

// TestShapesAgreeWithStore sends the store, as the account's admin, a body breaking each
// constraint of each shape in turn, and holds its answer to CheckInput's: the form's
// messages are the store's.
func TestShapesAgreeWithStore(t *testing.T) {
	cases := shapecases.All()
	if len(cases) < 60 {
		t.Errorf("only %d violations tried", len(cases))
	}
	for _, c := range cases {
		want := secrets.CheckInput(c.Operation, c.Body)
		if len(want) != 1 || want[0].Field != c.Field {
			t.Errorf("%s %.200s: CheckInput %v, want one error in %s", c.Operation, c.Body, want, c.Field)
			continue
		}
		s := secrets.New(world.Default(), secrets.Options{Seed: 1})
		admin, err := s.World().Caller("arn:aws:iam::111122223333:user/admin")
		if err != nil {
			t.Fatal(err)
		}
		r := s.Call(secrets.Call{Caller: admin, Region: "us-east-1", Network: secrets.DefaultNetwork, Operation: c.Operation, Input: c.Body})
		if r.Err == nil || *r.Err != want[0].Error {
			t.Errorf("%s %.200s:\n store %v\n shape %v", c.Operation, c.Body, r.Err, &want[0].Error)
		}
	}
}

// CheckInput reads a flat body of plain strings without building a tree: on every body of
// the shape cases and on flat bodies that are good, wrong, written twice or in other cases,
// it answers what it answers for the same body read as a tree, spans included.
func TestFlatBodiesReadAsTrees(t *testing.T) {
	bodies := []struct{ op, body string }{
		{"GetSecretValue", `{"SecretId":"TestEnv/db"}`},
		{"GetSecretValue", "  \n{ \"SecretId\" : \"TestEnv/db\" ,\"VersionStage\":\"AWSCURRENT\" }\t\n"},
		{"GetSecretValue", `{"SecretId":""}`},
		{"GetSecretValue", `{"VersionId":"short","VersionStage":""}`},
		{"GetSecretValue", `{}`},
		{"GetSecretValue", " {\"VersionStage\":\"AWSCURRENT\"} \n"},
		{"GetSecretValue", ``},
		{"GetSecretValue", `{"SecretId":"a","SecretId":""}`},
		{"GetSecretValue", `{"SecretId":"","SecretId":"a"}`},
		{"GetSecretValue", `{"secretid":""}`},
		{"GetSecretValue", `{"Unknown":"x","SecretId":"` + strings.Repeat("a", 2049) + `"}`},
		{"ListSecrets", `{"SortOrder":"up","SortBy":"name"}`},
		{"ListSecrets", `{"MaxResults":"7"}`},
		{"DescribeSecret", `{"SecretId":"x"}x`},
		{"PutResourcePolicy", `{"SecretId":"x","ResourcePolicy":""}`},
		{"CreateSecret", `{"Name":"a","ClientRequestToken":"short","Description":"d"}`},
	}
	for _, c := range shapecases.All() {
		bodies = append(bodies, struct{ op, body string }{c.Operation, string(c.Body)})
	}
	for _, b := range bodies {
		got, want := secrets.CheckInput(b.op, []byte(b.body)), secrets.CheckInputAsTree(b.op, []byte(b.body))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s %.120s:\n flat %+v\n tree %+v", b.op, b.body, got, want)
		}
	}
}
