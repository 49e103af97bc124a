package endpoint

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// newServer serves the default world, its store seeded for repeatable ARNs.
func newServer(t *testing.T, o Options) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(secrets.New(world.Default(), secrets.Options{Seed: 1}), o))
	t.Cleanup(srv.Close)
	return srv
}

// Access keys of the default world.
const (
	aliceKey    = "AKIAALICEEXAMPLE0001"
	aliceSecret = "alice-secret-access-key-example"
)

// signed is a Secrets Manager request signed by the SDK's own signer, so that the
// endpoint's verifier is checked against an implementation it does not share.
func signed(t *testing.T, url, op, body, key, secret, region string, when time.Time) *http.Request {
	t.Helper()
	return signedRaw(t, url, Service, Service+"."+op, ContentType, body, key, secret, region, when)
}

// signedRaw is a request with any target and content type, signed for service.
func signedRaw(t *testing.T, url, service, target, ctype, body, key, secret, region string, when time.Time) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", ctype)
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), service, region, when); err != nil {
		t.Fatal(err)
	}
	return r
}

// secretValue is a value that must never reach the log.
const secretValue = "s3cr3t-value-never-logged"

// TestHandler drives the endpoint over HTTP: each row a request, the status and AWS error
// type it gets, and for successes a fragment of the output.
func TestHandler(t *testing.T) {
	var log bytes.Buffer
	srv := newServer(t, Options{Log: &log})
	now := time.Now()
	for _, c := range []struct {
		name   string
		req    func() *http.Request
		status int
		typ    string // the __type of the error, or "" for success
		has    string // in the body
	}{
		{"root lists", func() *http.Request {
			return signed(t, srv.URL, "ListSecrets", "{}", TestKeyID, TestSecret, "us-east-1", now)
		}, 200, "", `"Name":"Prod/db"`},
		{"region from the scope", func() *http.Request {
			return signed(t, srv.URL, "CreateSecret", `{"Name":"Here","SecretString":"`+secretValue+`"}`, TestKeyID, TestSecret, "us-west-2", now)
		}, 200, "", `arn:aws:secretsmanager:us-west-2:111122223333:secret:Here-`},
		{"a region the organization's SCP denies", func() *http.Request {
			return signed(t, srv.URL, "CreateSecret", `{"Name":"There","SecretString":"`+secretValue+`"}`, TestKeyID, TestSecret, "eu-west-3", now)
		}, 400, secrets.AccessDenied, `secret:There-`},
		{"alice denied", func() *http.Request {
			return signed(t, srv.URL, "GetSecretValue", `{"SecretId":"Prod/db"}`, aliceKey, aliceSecret, "us-east-1", now)
		}, 400, secrets.AccessDenied, "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:Prod/db-"},
		{"not found", func() *http.Request {
			return signed(t, srv.URL, "DescribeSecret", `{"SecretId":"nothing"}`, TestKeyID, TestSecret, "us-east-1", now)
		}, 400, secrets.ResourceNotFound, "can't find"},
		{"unknown key", func() *http.Request {
			return signed(t, srv.URL, "ListSecrets", "{}", "AKIANOBODY", "x", "us-east-1", now)
		}, 400, UnrecognizedClient, "security token"},
		{"wrong secret", func() *http.Request {
			return signed(t, srv.URL, "ListSecrets", "{}", aliceKey, "not-her-secret", "us-east-1", now)
		}, 400, InvalidSignature, "does not match"},
		{"body changed after signing", func() *http.Request {
			r := signed(t, srv.URL, "ListSecrets", "{}", TestKeyID, TestSecret, "us-east-1", now)
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(`{ }`)), 3
			return r
		}, 400, InvalidSignature, "does not match"},
		{"target changed after signing", func() *http.Request {
			r := signed(t, srv.URL, "ListSecrets", "{}", TestKeyID, TestSecret, "us-east-1", now)
			r.Header.Set("X-Amz-Target", "secretsmanager.DeleteSecret")
			return r
		}, 400, InvalidSignature, "does not match"},
		{"expired", func() *http.Request {
			return signed(t, srv.URL, "ListSecrets", "{}", TestKeyID, TestSecret, "us-east-1", now.Add(-20*time.Minute))
		}, 400, InvalidSignature, "Signature expired"},
		{"unsigned", func() *http.Request {
			r := signed(t, srv.URL, "ListSecrets", "{}", TestKeyID, TestSecret, "us-east-1", now)
			r.Header.Del("Authorization")
			return r
		}, 400, MissingAuthentication, "Missing Authentication Token"},
		{"signature cut off", func() *http.Request {
			r := signed(t, srv.URL, "ListSecrets", "{}", TestKeyID, TestSecret, "us-east-1", now)
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:strings.Index(a, ", Signature=")])
			return r
		}, 400, IncompleteSignature, "requires 'Signature'"},
		{"other service", func() *http.Request {
			r := signed(t, srv.URL, "ListSecrets", "{}", TestKeyID, TestSecret, "us-east-1", now)
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/secretsmanager/", "/kms/", 1))
			return r
		}, 400, InvalidSignature, "correct service"},
		{"unknown operation", func() *http.Request {
			return signed(t, srv.URL, "StealSecret", "{}", TestKeyID, TestSecret, "us-east-1", now)
		}, 400, secrets.UnknownOperation, "StealSecret"},
		{"other service's target", func() *http.Request {
			return signedRaw(t, srv.URL, Service, "TrentService.Decrypt", ContentType, "{}", TestKeyID, TestSecret, "us-east-1", now)
		}, 400, secrets.UnknownOperation, "X-Amz-Target"},
		{"wrong content type", func() *http.Request {
			return signedRaw(t, srv.URL, Service, "secretsmanager.ListSecrets", "application/json", "{}", TestKeyID, TestSecret, "us-east-1", now)
		}, 400, secrets.SerializationException, "Content-Type"},
		{"bad JSON", func() *http.Request {
			return signed(t, srv.URL, "GetSecretValue", `{"SecretId":`, TestKeyID, TestSecret, "us-east-1", now)
		}, 400, secrets.SerializationException, "not a JSON object"},
		{"wrong type", func() *http.Request {
			return signed(t, srv.URL, "GetSecretValue", `{"SecretId":7}`, TestKeyID, TestSecret, "us-east-1", now)
		}, 400, secrets.SerializationException, "SecretId"},
		{"body over the limit", func() *http.Request {
			return signed(t, srv.URL, "CreateSecret", `{"Name":"big","SecretString":"`+strings.Repeat("x", MaxBody)+`"}`, TestKeyID, TestSecret, "us-east-1", now)
		}, 413, secrets.SerializationException, "larger than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, err := http.DefaultClient.Do(c.req())
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != c.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, c.status, body)
			}
			if id := resp.Header.Get(RequestIDHeader); len(id) != 36 {
				t.Errorf("request ID %q, want a UUID", id)
			}
			if ct := resp.Header.Get("Content-Type"); ct != ContentType {
				t.Errorf("Content-Type %q", ct)
			}
			var e secrets.Error
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("body is not JSON: %s", body)
			}
			if e.Type != c.typ {
				t.Errorf("__type %q, want %q: %s", e.Type, c.typ, body)
			}
			if !strings.Contains(string(body), c.has) {
				t.Errorf("body lacks %q: %s", c.has, body)
			}
		})
	}
	// the denial's explanation went to the log under its request ID; no secret value did
	if got := log.String(); !strings.Contains(got, "authorization: ImplicitDeny") || !strings.Contains(got, "authorization: ExplicitDeny") || strings.Contains(got, secretValue) {
		t.Errorf("log:\n%s", got)
	}
}

// TestHandlerNoPanicEscapes: a panic below the handler becomes InternalServiceError, 500.
func TestHandlerNoPanicEscapes(t *testing.T) {
	h := New(secrets.New(world.Default(), secrets.Options{Seed: 1}), Options{Now: func() time.Time { panic("clock broke") }})
	rec := httptest.NewRecorder()
	r := signed(t, "http://localhost", "ListSecrets", "{}", TestKeyID, TestSecret, "us-east-1", time.Now())
	h.ServeHTTP(rec, r)
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "InternalServiceError") || len(rec.Header()[RequestIDHeader]) != 1 {
		t.Fatalf("%d %v %s", rec.Code, rec.Header(), rec.Body)
	}
}

// TestCredentials: test/test is the first account's root; every user key signs as its user.
func TestCredentials(t *testing.T) {
	h := New(secrets.New(world.Default(), secrets.Options{Seed: 1}), Options{})
	got := map[string]string{}
	for _, c := range h.Credentials() {
		got[c.AccessKeyID] = c.Principal
	}
	want := map[string]string{
		TestKeyID:              "arn:aws:iam::111122223333:root",
		aliceKey:               "arn:aws:iam::111122223333:user/alice",
		"AKIAANAYAEXAMPLE0001": "arn:aws:iam::111122223333:user/anaya",
		"AKIAMATEOEXAMPLE0001": "arn:aws:iam::444455556666:user/mateo",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s signs as %q, want %q", k, got[k], v)
		}
	}
}
