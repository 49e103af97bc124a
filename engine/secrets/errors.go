package secrets

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is an AWS error as the API returns it: its type (the "__type" of an AWS JSON 1.1
// error body) and message. A message never holds a secret value.
type Error struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }

// The error types of the Secrets Manager API Reference (each operation's "Errors" and the
// Common Errors page), and the protocol's own.
const (
	AccessDenied           = "AccessDeniedException"
	DecryptionFailure      = "DecryptionFailure"
	InvalidNextToken       = "InvalidNextTokenException"
	InvalidParameter       = "InvalidParameterException"
	InvalidRequest         = "InvalidRequestException"
	LimitExceeded          = "LimitExceededException"
	MalformedPolicy        = "MalformedPolicyDocumentException"
	PublicPolicy           = "PublicPolicyException"
	ResourceExists         = "ResourceExistsException"
	ResourceNotFound       = "ResourceNotFoundException"
	ValidationException    = "ValidationException"
	SerializationException = "SerializationException"
	UnknownOperation       = "UnknownOperationException"
	UnrecognizedClient     = "UnrecognizedClientException"
)

func errorf(typ, format string, args ...any) *Error {
	return &Error{Type: typ, Message: fmt.Sprintf(format, args...)}
}

// notFound is AWS's answer for a secret that does not exist (or no longer does).
func notFound() *Error {
	return &Error{Type: ResourceNotFound, Message: "Secrets Manager can't find the specified secret."}
}

// markedDeleted is AWS's answer for an operation on a secret scheduled for deletion
// (InvalidRequestException, "Possible causes: The secret is scheduled for deletion.").
func markedDeleted() *Error {
	return &Error{Type: InvalidRequest, Message: "You can't perform this operation on the secret because it was marked for deletion."}
}

// invalid is a constraint of the API Reference's shapes that the input breaks; AWS answers
// "1 validation error detected: Value at 'field' failed to satisfy constraint: ...". The
// value itself is never repeated: it may be a secret.
func invalid(field, constraint string) *Error {
	return &Error{Type: ValidationException, Message: "1 validation error detected: Value at '" + field + "' failed to satisfy constraint: " + constraint}
}

// safe shortens and cleans a caller-supplied name before it goes into a message.
func safe(s string) string {
	if len(s) > 128 {
		s = s[:128] + "..."
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	return s
}
