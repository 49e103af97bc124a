package endpoint

import (
	crand "crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/world"
)

// session is a role session's temporary credential, made by AssumeRole.
type session struct {
	Credential
	token   string
	expires time.Time // on the wall clock, as the signatures' dates are
}

// The DurationSeconds bounds of AssumeRole (STS API Reference: "minimum value of 900 ...
// up to the maximum session duration setting for the role", which defaults to one hour).
const (
	minSessionSeconds     = 900
	defaultSessionSeconds = 3600
	maxSessionSeconds     = 3600
)

// sessionName is RoleSessionName's pattern: 2 to 64 of [\w+=,.@-].
var sessionName = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)

type assumeRoleResponse struct {
	XMLName xml.Name `xml:"AssumeRoleResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		User struct {
			AssumedRoleID string `xml:"AssumedRoleId"`
			Arn           string
		} `xml:"AssumedRoleUser"`
		Credentials struct {
			AccessKeyID     string `xml:"AccessKeyId"`
			SecretAccessKey string
			SessionToken    string
			Expiration      string
		}
	} `xml:"AssumeRoleResult"`
	Metadata stsMetadata `xml:"ResponseMetadata"`
}

// assumeRole decides sts:AssumeRole with the engine: the caller's policies (identity,
// boundary, SCPs) and the role's trust policy as the resource policy, as AWS decides it,
// cross-account too; when allowed it returns temporary credentials that sign as the
// session. Session policies and tags are not served yet and are refused, not ignored.
func (h *Handler) assumeRole(r *http.Request, q url.Values, region string, cred *Credential, id string) (int, []byte) {
	for _, p := range []string{"Policy", "PolicyArns.member.1.arn", "Tags.member.1.Key", "TransitiveTagKeys.member.1", "SerialNumber", "SourceIdentity"} {
		if q.Get(p) != "" {
			return stsError(id, http.StatusBadRequest, "InvalidAction", "This endpoint does not serve AssumeRole's "+strings.Split(p, ".")[0]+" yet.")
		}
	}
	roleARN, name := q.Get("RoleArn"), q.Get("RoleSessionName")
	if !sessionName.MatchString(name) {
		return stsError(id, http.StatusBadRequest, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64")
	}
	if len(roleARN) < 20 || len(roleARN) > 2048 {
		return stsError(id, http.StatusBadRequest, "ValidationError", "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must have length between 20 and 2048")
	}
	seconds := defaultSessionSeconds
	if d := q.Get("DurationSeconds"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < minSessionSeconds || n > maxSessionSeconds {
			return stsError(id, http.StatusBadRequest, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role, or is less than 900.")
		}
		seconds = n
	}
	w := h.store.World()
	caller := cred.caller
	if caller.Root { // what STS answers the root user; its credentials cannot assume roles
		return stsError(id, http.StatusForbidden, "AccessDenied", "Roles may not be assumed by root accounts.")
	}
	in := w.Input(caller)
	role, acct := findRole(w, roleARN)
	if role != nil {
		in.Resource = role.Trust.Policy
	}
	ctx := map[string][]string{"sts:RoleSessionName": {name}, "aws:RequestedRegion": {region},
		"aws:SecureTransport": {strconv.FormatBool(r.TLS != nil)}, "aws:userid": {h.store.UserID(caller)}}
	if ip := network(r).SourceIP; ip != "" {
		ctx["aws:SourceIp"] = []string{ip}
	}
	if caller.User != nil {
		ctx["aws:username"] = []string{caller.User.Name}
	}
	pq := authz.Prepare(authz.Request{Principal: caller.ARN, Action: "sts:AssumeRole", Resource: roleARN, Context: ctx,
		Time: h.store.Now().UTC().Format(time.RFC3339)})
	if role == nil || in.Decide(pq) != authz.Allow {
		res := in.Explain(pq)
		h.logDenial(id, res)
		return stsError(id, http.StatusForbidden, "AccessDenied", res.Reason)
	}
	arn := "arn:" + w.Partition + ":sts::" + acct.ID + ":assumed-role/" + role.Name + "/" + name
	sc, err := w.Caller(arn)
	if err != nil {
		return stsError(id, http.StatusInternalServerError, "InternalFailure", "The role session could not be made.")
	}
	s := &session{Credential: Credential{AccessKeyID: "ASIA" + randomWord(16), SecretAccessKey: randomSecret(30), Principal: arn, caller: sc},
		token: randomSecret(96), expires: h.now().Add(time.Duration(seconds) * time.Second)}
	if !h.addSession(s) {
		return stsError(id, http.StatusBadRequest, "LimitExceeded", "Too many role sessions are active; try again when some have expired.")
	}
	if h.state != "" {
		if err := h.saveSessions(); err != nil { // not acknowledged: the credential is withdrawn
			h.sessMu.Lock()
			delete(h.sessions, s.AccessKeyID)
			h.sessMu.Unlock()
			h.logf("%s cannot save the sessions: %v", id, err)
			return stsError(id, http.StatusInternalServerError, "InternalFailure", "The role session could not be saved.")
		}
	}

	var out assumeRoleResponse
	out.Xmlns = stsNamespace
	out.Result.User.AssumedRoleID = h.store.UserID(sc)
	out.Result.User.Arn = arn
	out.Result.Credentials.AccessKeyID = s.AccessKeyID
	out.Result.Credentials.SecretAccessKey = s.SecretAccessKey
	out.Result.Credentials.SessionToken = s.token
	out.Result.Credentials.Expiration = s.expires.UTC().Format(time.RFC3339)
	out.Metadata.RequestID = id
	b, _ := xml.Marshal(out)
	return http.StatusOK, b
}

// maxSessions bounds the temporary credentials kept at once; expired ones are dropped
// once there are many.
const maxSessions = 1 << 16

// addSession keeps a new session, dropping expired ones when there are many; false when
// too many are still valid.
func (h *Handler) addSession(s *session) bool {
	h.sessMu.Lock()
	defer h.sessMu.Unlock()
	if len(h.sessions) >= 1024 {
		now := h.now()
		for k, v := range h.sessions {
			if now.After(v.expires) {
				delete(h.sessions, k)
			}
		}
	}
	if len(h.sessions) >= maxSessions {
		return false
	}
	h.sessions[s.AccessKeyID] = s
	return true
}

// findRole finds the role an ARN names (arn:aws:iam::ACCOUNT:role/[path/]NAME), or nil.
func findRole(w *world.World, arn string) (*world.Role, *world.Account) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return nil, nil
	}
	a := w.Account(parts[4])
	if a == nil {
		return nil, nil
	}
	name := parts[5][strings.LastIndexByte(parts[5], '/')+1:]
	r := a.Role(name)
	if r == nil || r.Trust == nil || r.ARN(w.Partition, a.ID) != arn {
		return nil, nil
	}
	return r, a
}

// session finds a temporary credential by key ID; the request must carry its token, and
// it must not have expired.
func (h *Handler) session(keyID, token string) (*Credential, string) {
	h.sessMu.Lock()
	s := h.sessions[keyID]
	h.sessMu.Unlock()
	switch {
	case s == nil || token != s.token:
		return nil, UnrecognizedClient
	case h.now().After(s.expires):
		return nil, ExpiredToken
	}
	return &s.Credential, ""
}

// ExpiredToken is the error of a request signed with an expired temporary credential.
const ExpiredToken = "ExpiredTokenException"

const upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

func randomWord(n int) string {
	b := make([]byte, n)
	_, _ = crand.Read(b)
	for i := range b {
		b[i] = upperAlnum[b[i]&31]
	}
	return string(b)
}

func randomSecret(n int) string {
	b := make([]byte, n)
	_, _ = crand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
