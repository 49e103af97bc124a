package endpoint

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/iamplay/iamplay/engine/secrets"
)

// The errors of Signature Version 4 authentication, as AWS names them.
const (
	IncompleteSignature   = "IncompleteSignatureException"
	InvalidSignature      = "InvalidSignatureException"
	MissingAuthentication = "MissingAuthenticationTokenException"
	UnrecognizedClient    = secrets.UnrecognizedClient
)

// algorithm is the only signing algorithm the endpoint accepts: SigV4 with HMAC-SHA256.
const algorithm = "AWS4-HMAC-SHA256"

// amzDate is the ISO 8601 basic form of X-Amz-Date.
const amzDate = "20060102T150405Z"

// MaxSkew is how far a request's date may be from the wall clock, either way.
const MaxSkew = 15 * time.Minute

// authorization is a parsed Authorization header and the request's date.
type authorization struct {
	keyID, date, region, service, terminator string
	signedHeaders                            string // as the client wrote it: a;b;c
	signature                                string // hex
	when                                     time.Time
	stamp                                    string // the request's date as signed (X-Amz-Date, or Date)
}

func sigErr(typ, msg string) *secrets.Error { return &secrets.Error{Type: typ, Message: msg} }

// parseAuthorization reads the Authorization header and the request's date.
func parseAuthorization(r *http.Request) (*authorization, *secrets.Error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, sigErr(MissingAuthentication, "Missing Authentication Token")
	}
	alg, rest, _ := strings.Cut(h, " ")
	if alg != algorithm {
		return nil, sigErr(IncompleteSignature, "Unsupported AWS 'algorithm': '"+clip(alg)+"'; this endpoint accepts "+algorithm+".")
	}
	a := &authorization{}
	var cred string
	seen := map[string]bool{}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		seen[k] = true
		switch k {
		case "Credential":
			cred = v
		case "SignedHeaders":
			a.signedHeaders = v
		case "Signature":
			a.signature = v
		}
	}
	var missing []string
	for _, k := range []string{"Credential", "Signature", "SignedHeaders"} {
		if !seen[k] {
			missing = append(missing, "Authorization header requires '"+k+"' parameter.")
		}
	}
	if len(missing) > 0 {
		return nil, sigErr(IncompleteSignature, strings.Join(missing, " "))
	}
	scope := strings.Split(cred, "/")
	if len(scope) != 5 || scope[0] == "" {
		return nil, sigErr(IncompleteSignature, "Authorization header's Credential is malformed: want ACCESS_KEY_ID/DATE/REGION/SERVICE/aws4_request.")
	}
	a.keyID, a.date, a.region, a.service, a.terminator = scope[0], scope[1], scope[2], scope[3], scope[4]
	if !strings.Contains(";"+a.signedHeaders+";", ";host;") {
		return nil, sigErr(IncompleteSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	if v := r.Header.Get("X-Amz-Date"); v != "" {
		t, err := time.Parse(amzDate, v)
		if err != nil {
			return nil, sigErr(IncompleteSignature, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".")
		}
		a.when, a.stamp = t, v
	} else if v := r.Header.Get("Date"); v != "" {
		t, err := http.ParseTime(v)
		if err != nil {
			return nil, sigErr(IncompleteSignature, "Date must be an HTTP date.")
		}
		a.when, a.stamp = t.UTC(), t.UTC().Format(amzDate)
	} else {
		return nil, sigErr(IncompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	return a, nil
}

// checkScope checks the credential scope against the service and the request's date, and
// the date against the wall clock.
func (a *authorization) checkScope(service string, now time.Time) *secrets.Error {
	switch {
	case a.terminator != "aws4_request":
		return sigErr(InvalidSignature, "Credential should be scoped with a valid terminator: 'aws4_request', not '"+clip(a.terminator)+"'.")
	case a.service != service:
		return sigErr(InvalidSignature, "Credential should be scoped to correct service: '"+service+"'.")
	case a.date != a.stamp[:8]:
		return sigErr(InvalidSignature, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"+clip(a.date)+"' != '"+a.stamp[:8]+"'.")
	case !validRegion(a.region):
		return sigErr(InvalidSignature, "Credential should be scoped to a valid region.")
	}
	now = now.UTC()
	if a.when.Before(now.Add(-MaxSkew)) {
		return sigErr(InvalidSignature, "Signature expired: "+a.stamp+" is now earlier than "+now.Add(-MaxSkew).Format(amzDate)+" ("+now.Format(amzDate)+" - 15 min.)")
	}
	if a.when.After(now.Add(MaxSkew)) {
		return sigErr(InvalidSignature, "Signature not yet current: "+a.stamp+" is still later than "+now.Add(MaxSkew).Format(amzDate)+" ("+now.Format(amzDate)+" + 15 min.)")
	}
	return nil
}

// validRegion accepts a region's shape (us-east-1, eu-central-2, ...): one endpoint serves
// every region, so any well-formed name is one.
func validRegion(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// verify recomputes the signature with secret over the request and body and compares it.
func (a *authorization) verify(r *http.Request, body []byte, secret string) *secrets.Error {
	want := signature(secret, a, canonicalRequest(r, a.signedHeaders, body))
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(a.signature))) {
		return sigErr(InvalidSignature, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	}
	return nil
}

// signature is the hex HMAC of the string to sign under the key derived from the secret
// and the credential scope.
func signature(secret string, a *authorization, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	scope := a.date + "/" + a.region + "/" + a.service + "/" + a.terminator
	toSign := algorithm + "\n" + a.stamp + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	return hex.EncodeToString(mac(signingKey(secret, a), toSign))
}

// signingKeys caches the keys derived from a secret and a credential scope: a scope lasts a
// day, and the four HMACs of the derivation are most of a signature's cost.
var signingKeys struct {
	sync.Mutex
	m map[string][]byte
}

// signingKey is the key derived from the secret and the credential scope (date, region,
// service, terminator), as SigV4 derives it.
func signingKey(secret string, a *authorization) []byte {
	id := secret + "\x00" + a.date + "\x00" + a.region + "\x00" + a.service + "\x00" + a.terminator
	signingKeys.Lock()
	k := signingKeys.m[id]
	signingKeys.Unlock()
	if k != nil {
		return k
	}
	k = mac([]byte("AWS4"+secret), a.date)
	k = mac(k, a.region)
	k = mac(k, a.service)
	k = mac(k, a.terminator)
	signingKeys.Lock()
	if signingKeys.m == nil || len(signingKeys.m) >= 4096 {
		signingKeys.m = map[string][]byte{}
	}
	signingKeys.m[id] = k
	signingKeys.Unlock()
	return k
}

func mac(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// canonicalRequest is SigV4's canonical form of the request: method, URI, query, the signed
// headers with their values, the signed header list and the payload's hash.
func canonicalRequest(r *http.Request, signedHeaders string, body []byte) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalURI(r.URL))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL.RawQuery))
	b.WriteByte('\n')
	for _, name := range strings.Split(signedHeaders, ";") {
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(headerValue(r, name))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(signedHeaders)
	b.WriteByte('\n')
	sum := sha256.Sum256(body)
	b.WriteString(hex.EncodeToString(sum[:]))
	return b.String()
}

// headerValue is a signed header's canonical value: its values trimmed, inner runs of
// spaces made one, joined by commas. Go's server moves Host and Transfer-Encoding out of
// the header map; they are read where it puts them.
func headerValue(r *http.Request, name string) string {
	var vs []string
	switch name {
	case "host":
		vs = []string{r.Host}
	case "content-length":
		vs = r.Header.Values("Content-Length")
		if len(vs) == 0 && r.ContentLength >= 0 {
			vs = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	case "transfer-encoding":
		vs = r.TransferEncoding
	default:
		vs = r.Header.Values(name)
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(out, ",")
}

// canonicalURI is the path as the client sent it, URI-encoded once more, as every service
// but Amazon S3 signs it.
func canonicalURI(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		return "/"
	}
	return uriEncode(p, false)
}

// canonicalQuery sorts the query's parameters by name, then value, each URI-encoded.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var params [][2]string
	for _, kv := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if uk, err := url.PathUnescape(k); err == nil {
			k = uk
		}
		if uv, err := url.PathUnescape(v); err == nil {
			v = uv
		}
		params = append(params, [2]string{uriEncode(k, true), uriEncode(v, true)})
	}
	sort.Slice(params, func(i, j int) bool {
		if params[i][0] != params[j][0] {
			return params[i][0] < params[j][0]
		}
		return params[i][1] < params[j][1]
	})
	out := make([]string, len(params))
	for i, p := range params {
		out[i] = p[0] + "=" + p[1]
	}
	return strings.Join(out, "&")
}

// uriEncode percent-encodes every byte but the unreserved characters (and '/' unless
// slash), upper-case hex, as SigV4 asks.
func uriEncode(s string, slash bool) string {
	const hexdigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' && !slash {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexdigits[c>>4])
		b.WriteByte(hexdigits[c&15])
	}
	return b.String()
}

// clip shortens a client-supplied word before it goes into a message.
func clip(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}
