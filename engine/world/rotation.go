package world

import (
	"regexp"
	"strings"
)

// RotationFunction is a rotation function the world registers by ARN: no Lambda runs in a
// world, so the store (package secrets) runs it, either a Go function registered with the
// store under the ARN or, by default, the built-in one that makes a new password with
// GetRandomPassword. Its four steps call Secrets Manager as a session of Role, a role of the
// function's account, authorized like any caller: "The Lambda function must have access to
// the secret" (Authentication and access control for AWS Secrets Manager).
type RotationFunction struct {
	ARN  string // arn:aws:lambda:REGION:ACCOUNT:function:NAME
	Role string // the execution role's name, in the function's account
	// PasswordRules is the GetRandomPassword request (a JSON object) the built-in function
	// makes its passwords with; nil asks for the defaults.
	PasswordRules []byte
}

// LambdaARN is the pattern of a rotation function's ARN (RotateSecret's RotationLambdaARN:
// a Lambda function, with an optional version or alias).
var LambdaARN = regexp.MustCompile(`^arn:[a-z-]+:lambda:[a-z0-9-]+:(\d{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$`)

// RotationFunction finds a rotation function of the world by ARN, and its account.
func (w *World) RotationFunction(arn string) (*RotationFunction, *Account) {
	m := LambdaARN.FindStringSubmatch(arn)
	if m == nil {
		return nil, nil
	}
	a := w.Account(m[1])
	if a == nil {
		return nil, nil
	}
	for _, f := range a.RotationFunctions {
		if f.ARN == arn {
			return f, a
		}
	}
	return nil, nil
}

// checkFunction holds a rotation function to its account: a Lambda ARN of the account, once,
// whose role the account has.
func (r *reader) checkFunction(w *World, a *Account, f *RotationFunction, unique func(kind, name string, k any), bad func(code, msg string, k any)) {
	unique("rotation function", f.ARN, f)
	if m := LambdaARN.FindStringSubmatch(f.ARN); m == nil || m[1] != a.ID || !strings.HasPrefix(f.ARN, "arn:"+w.Partition+":") {
		bad(CodeBadValue, "rotation function \""+f.ARN+"\" is not the ARN of a Lambda function of account "+a.ID, f)
	}
	if a.Role(f.Role) == nil {
		bad(CodeReference, "rotation function "+f.ARN+" runs as role \""+f.Role+"\", which account "+a.ID+" does not have", f)
	}
}
