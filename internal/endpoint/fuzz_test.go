package endpoint

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// FuzzHandler sends requests with any Authorization, date, target, content type and body,
// some of them validly signed: the handler never panics, always answers a request ID and
// an AWS error body it can parse (or a 200 for a validly signed good call), and a request
// that fails authentication changes nothing.
func FuzzHandler(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date, Signature=00", "20260101T000000Z", "secretsmanager.ListSecrets", ContentType, "{}", false)
	f.Add("", "", "secretsmanager.CreateSecret", ContentType, `{"Name":"a","SecretString":"b"}`, true)
	f.Add("AWS4-HMAC-SHA256 ,,,==", "x", "sts.", "application/x-www-form-urlencoded", "Action=AssumeRole&Version=2011-06-15", false)
	f.Add("", "", "", "application/x-www-form-urlencoded", "Action=GetCallerIdentity&Version=2011-06-15", true)
	f.Fuzz(func(t *testing.T, auth, date, target, ctype, body string, sign bool) {
		st := secrets.New(world.Default(), secrets.Options{Seed: 1})
		before, _ := st.Export(world.ExportOptions{Values: true})
		h := New(st, Options{})
		var r *http.Request
		if sign {
			service := Service
			if strings.HasPrefix(body, "Action=") {
				service = STSService
			}
			r = signedRaw(t, "http://localhost", service, target, ctype, body, TestKeyID, TestSecret, "us-east-1", time.Now())
		} else {
			r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
			r.Header.Set("Authorization", auth)
			r.Header.Set("X-Amz-Date", date)
			r.Header.Set("X-Amz-Target", target)
			r.Header.Set("Content-Type", ctype)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if len(rec.Header()[RequestIDHeader]) != 1 {
			t.Fatal("no request ID")
		}
		if rec.Code == http.StatusInternalServerError {
			t.Fatalf("500: %s", rec.Body)
		}
		if rec.Header().Get("Content-Type") == ContentType && rec.Code != http.StatusOK {
			var e secrets.Error
			if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Type == "" {
				t.Fatalf("not an AWS error: %d %s", rec.Code, rec.Body)
			}
		}
		if !sign {
			if rec.Code == http.StatusOK {
				t.Fatalf("an unsigned request succeeded: %s", rec.Body)
			}
			after, _ := st.Export(world.ExportOptions{Values: true})
			if string(after) != string(before) {
				t.Fatal("an unauthenticated request changed the world")
			}
		}
	})
}
