package endpoint

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The example credentials and instant of AWS's Signature Version 4 test suite
// (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html).
const (
	suiteKey    = "AKIDEXAMPLE"
	suiteSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	suiteScope  = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
)

var suiteTime = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)

// readRequest parses a raw HTTP request as the server would receive it.
func readRequest(t *testing.T, raw string) (*http.Request, []byte) {
	t.Helper()
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n"))))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return r, body
}

// TestSigV4TestSuite verifies requests of AWS's published test suite, each with the
// signature the suite publishes, and refuses each once a byte of it changes.
func TestSigV4TestSuite(t *testing.T) {
	for _, c := range []struct {
		name, request, signed, signature string
	}{
		{"get-vanilla", "GET / HTTP/1.1\nHost: example.amazonaws.com\nX-Amz-Date: 20150830T123600Z\n\n",
			"host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
		{"post-vanilla", "POST / HTTP/1.1\nHost: example.amazonaws.com\nX-Amz-Date: 20150830T123600Z\n\n",
			"host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
		{"get-vanilla-query-order-key-case", "GET /?Param2=value2&Param1=value1 HTTP/1.1\nHost: example.amazonaws.com\nX-Amz-Date: 20150830T123600Z\n\n",
			"host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
		{"get-header-value-trim", "GET / HTTP/1.1\nHost: example.amazonaws.com\nMy-Header1: value1 \nMy-Header2: \"a   b   c\" \nX-Amz-Date: 20150830T123600Z\n\n",
			"host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
	} {
		t.Run(c.name, func(t *testing.T) {
			auth := "AWS4-HMAC-SHA256 Credential=" + suiteScope + ", SignedHeaders=" + c.signed + ", Signature=" + c.signature
			r, body := readRequest(t, c.request)
			r.Header.Set("Authorization", auth)
			a, e := parseAuthorization(r)
			if e != nil {
				t.Fatalf("parse: %v", e)
			}
			if e := a.checkScope("service", suiteTime.Add(14*time.Minute)); e != nil {
				t.Fatalf("scope: %v", e)
			}
			if e := a.verify(r, body, suiteSecret); e != nil {
				t.Fatalf("the suite's signature does not verify: %v\ncanonical request:\n%s", e, canonicalRequest(r, c.signed, body))
			}
			if e := a.verify(r, body, suiteSecret+"x"); e == nil || e.Type != InvalidSignature {
				t.Errorf("another secret: got %v, want %s", e, InvalidSignature)
			}
			if e := a.verify(r, []byte("x"), suiteSecret); e == nil || e.Type != InvalidSignature {
				t.Errorf("another body: got %v, want %s", e, InvalidSignature)
			}
			r.Header.Set("X-Amz-Date", "20150830T123601Z")
			if a, _ := parseAuthorization(r); a.verify(r, body, suiteSecret) == nil {
				t.Errorf("another date verified")
			}
		})
	}
}

// TestSigV4Refusals: each malformed or stale Authorization gets AWS's error type.
func TestSigV4Refusals(t *testing.T) {
	good := "AWS4-HMAC-SHA256 Credential=" + suiteScope + ", SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
	for _, c := range []struct {
		name, auth, date string
		now              time.Time
		want, message    string
	}{
		{"no header", "", "20150830T123600Z", suiteTime, MissingAuthentication, "Missing Authentication Token"},
		{"other algorithm", "AWS4-ECDSA-P256-SHA256 Credential=x", "20150830T123600Z", suiteTime, IncompleteSignature, "algorithm"},
		{"no signature", "AWS4-HMAC-SHA256 Credential=" + suiteScope + ", SignedHeaders=host;x-amz-date", "20150830T123600Z", suiteTime, IncompleteSignature, "requires 'Signature' parameter"},
		{"no credential", "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=00", "20150830T123600Z", suiteTime, IncompleteSignature, "requires 'Credential' parameter"},
		{"short scope", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1, SignedHeaders=host;x-amz-date, Signature=00", "20150830T123600Z", suiteTime, IncompleteSignature, "Credential is malformed"},
		{"host unsigned", "AWS4-HMAC-SHA256 Credential=" + suiteScope + ", SignedHeaders=x-amz-date, Signature=00", "20150830T123600Z", suiteTime, IncompleteSignature, "'Host'"},
		{"no date", good, "", suiteTime, IncompleteSignature, "'X-Amz-Date' or a 'Date' header"},
		{"bad date", good, "2015-08-30", suiteTime, IncompleteSignature, "ISO8601"},
		{"expired", good, "20150830T123600Z", suiteTime.Add(16 * time.Minute), InvalidSignature, "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)"},
		{"not yet current", good, "20150830T123600Z", suiteTime.Add(-16 * time.Minute), InvalidSignature, "Signature not yet current"},
		{"scope date", good, "20150831T000000Z", time.Date(2015, 8, 31, 0, 0, 0, 0, time.UTC), InvalidSignature, "Date in Credential scope does not match"},
		{"other service", strings.Replace(good, "/service/", "/kms/", 1), "20150830T123600Z", suiteTime, InvalidSignature, "correct service"},
		{"terminator", strings.Replace(good, "aws4_request", "aws5_request", 1), "20150830T123600Z", suiteTime, InvalidSignature, "terminator"},
		{"region", strings.Replace(good, "us-east-1", "US EAST", 1), "20150830T123600Z", suiteTime, InvalidSignature, "valid region"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, _ := readRequest(t, "POST / HTTP/1.1\nHost: example.amazonaws.com\n\n")
			if c.auth != "" {
				r.Header.Set("Authorization", c.auth)
			}
			if c.date != "" {
				r.Header.Set("X-Amz-Date", c.date)
			}
			a, e := parseAuthorization(r)
			if e == nil {
				e = a.checkScope("service", c.now)
			}
			if e == nil || e.Type != c.want || !strings.Contains(e.Message, c.message) {
				t.Fatalf("got %v, want %s containing %q", e, c.want, c.message)
			}
		})
	}
}
