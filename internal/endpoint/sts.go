package endpoint

import (
	"encoding/xml"
	"mime"
	"net/http"
	"net/url"
)

// STSService is the signing name of AWS STS, which the endpoint serves beside Secrets
// Manager (the AWS Query protocol: a form-encoded POST answered in XML).
const STSService = "sts"

// stsVersion is the API version every STS request names.
const stsVersion = "2011-06-15"

const stsNamespace = "https://sts.amazonaws.com/doc/" + stsVersion + "/"

// XMLContentType is what the Query protocol answers in.
const XMLContentType = "text/xml"

type stsMetadata struct {
	RequestID string `xml:"RequestId"`
}

type callerIdentityResponse struct {
	XMLName xml.Name `xml:"GetCallerIdentityResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Arn     string
		UserID  string `xml:"UserId"`
		Account string
	} `xml:"GetCallerIdentityResult"`
	Metadata stsMetadata `xml:"ResponseMetadata"`
}

type stsErrorResponse struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string
		Code    string
		Message string
	}
	RequestID string `xml:"RequestId"`
}

// serveSTS answers an STS request already authenticated as cred: GetCallerIdentity, which
// needs no permission ("No permissions are required to perform this operation", STS API
// Reference), and AssumeRole (assumerole.go). Other actions are not served.
func (h *Handler) serveSTS(r *http.Request, body []byte, cred *Credential, region, id string) (int, []byte) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		return stsError(id, http.StatusBadRequest, "InvalidAction", "STS requests are form-encoded: Content-Type must be application/x-www-form-urlencoded.")
	}
	q, err := url.ParseQuery(string(body))
	if err != nil || r.Method != http.MethodPost || r.URL.Path != "/" {
		return stsError(id, http.StatusBadRequest, "MalformedQueryString", "The request is not an STS Query request: want POST / with a form-encoded body.")
	}
	action, version := q.Get("Action"), q.Get("Version")
	if version != stsVersion {
		return stsError(id, http.StatusBadRequest, "InvalidAction", "Could not find operation "+clip(action)+" for version "+clip(version)+".")
	}
	switch action {
	case "GetCallerIdentity":
		var out callerIdentityResponse
		out.Xmlns = stsNamespace
		out.Result.Arn = cred.Principal
		out.Result.UserID = h.store.UserID(cred.caller)
		out.Result.Account = cred.caller.Account.ID
		out.Metadata.RequestID = id
		b, _ := xml.Marshal(out)
		return http.StatusOK, b
	case "AssumeRole":
		return h.assumeRole(r, q, region, cred, id)
	}
	return stsError(id, http.StatusBadRequest, "InvalidAction", "Could not find operation "+clip(action)+" for version "+stsVersion+".")
}

// stsCodes are the Query protocol's names of the authentication errors.
var stsCodes = map[string]string{
	UnrecognizedClient:    "InvalidClientTokenId",
	InvalidSignature:      "SignatureDoesNotMatch",
	IncompleteSignature:   "IncompleteSignature",
	MissingAuthentication: "MissingAuthenticationToken",
	ExpiredToken:          "ExpiredToken",
}

func stsError(id string, status int, code, msg string) (int, []byte) {
	var e stsErrorResponse
	e.Xmlns = stsNamespace
	if c, ok := stsCodes[code]; ok {
		code = c
	}
	e.Error.Type, e.Error.Code, e.Error.Message = "Sender", code, msg
	e.RequestID = id
	b, _ := xml.Marshal(e)
	return status, b
}
