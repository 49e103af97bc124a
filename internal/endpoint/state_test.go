package endpoint

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// TestState: a change is in the state file when its response arrives; reads, failures and
// denials write nothing; a store made from the state file has the change; a change that
// cannot be saved is not acknowledged.
func TestState(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	srv := httptest.NewServer(New(secrets.New(world.Default(), secrets.Options{Seed: 1}), Options{State: path}))
	defer srv.Close()
	do := func(op, body, key, secret string) int {
		resp, err := http.DefaultClient.Do(signed(t, srv.URL, op, body, key, secret, "us-east-1", time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, c := range []struct{ op, body, key, secret string }{
		{"ListSecrets", "{}", TestKeyID, TestSecret},
		{"GetSecretValue", `{"SecretId":"TestEnv/db"}`, TestKeyID, TestSecret},
		{"CreateSecret", `{"Name":"TestEnv/db","SecretString":"x"}`, TestKeyID, TestSecret}, // exists
		{"CreateSecret", `{"Name":"Denied","SecretString":"x"}`, aliceKey, aliceSecret},
	} {
		do(c.op, c.body, c.key, c.secret)
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Fatalf("%s (%s) wrote the state: %v", c.op, c.body, err)
		}
	}
	if s := do("CreateSecret", `{"Name":"Kept","SecretString":"`+secretValue+`"}`, TestKeyID, TestSecret); s != 200 {
		t.Fatalf("CreateSecret: %d", s)
	}
	w, ok, err := ReadState(path)
	if err != nil || !ok {
		t.Fatalf("ReadState: %v %v", ok, err)
	}
	r := secrets.New(w, secrets.Options{}).Call(secrets.Call{Caller: mustCaller(t, w, "arn:aws:iam::111122223333:root"), Region: "us-east-1", Operation: "GetSecretValue", Input: []byte(`{"SecretId":"Kept"}`)})
	var out struct{ SecretString string }
	if r.Err != nil || json.Unmarshal(r.Output, &out) != nil || out.SecretString != secretValue {
		t.Fatalf("the saved world lacks the change: %v %s", r.Err, r.Output)
	}
	// a state file in a directory that does not exist cannot be written, even by root
	bad := httptest.NewServer(New(secrets.New(world.Default(), secrets.Options{Seed: 1}), Options{State: filepath.Join(dir, "missing", "state.json")}))
	defer bad.Close()
	resp, err := http.DefaultClient.Do(signed(t, bad.URL, "CreateSecret", `{"Name":"Unsaved","SecretString":"x"}`, TestKeyID, TestSecret, "us-east-1", time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("a change that cannot be saved answered %d, want 500", resp.StatusCode)
	}
}

func mustCaller(t *testing.T, w *world.World, arn string) *world.Caller {
	t.Helper()
	c, err := w.Caller(arn)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestChanges: the catalogue's access levels say which operations save.
func TestChanges(t *testing.T) {
	for op, want := range map[string]bool{"GetSecretValue": false, "ListSecrets": false, "DescribeSecret": false,
		"CreateSecret": true, "PutSecretValue": true, "TagResource": true, "PutResourcePolicy": true, "DeleteSecret": true} {
		if changes(op) != want {
			t.Errorf("changes(%s) = %v", op, !want)
		}
	}
}
