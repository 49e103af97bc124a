package world

import (
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

// LambdaARN reads a rotation function's ARN (RotateSecret's RotationLambdaARN: a Lambda
// function, with an optional version or alias), matching the API Reference's pattern
// ^arn:[a-z-]+:lambda:[a-z0-9-]+:(\d{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$
// by hand (package regexp would weigh on the browser's .wasm); it returns the account.
func LambdaARN(arn string) (account string, ok bool) {
	p := strings.Split(arn, ":")
	if len(p) != 7 && len(p) != 8 || p[0] != "arn" || p[2] != "lambda" || p[5] != "function" ||
		!all(p[1], 1, 0, "-") || !all(p[3], 1, 0, "-0123456789") || !all(p[4], 12, 12, "") ||
		!all(p[6], 1, 64, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") || len(p) == 8 && !all(p[7], 1, 0, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$-") {
		return "", false
	}
	return p[4], true
}

// all reports whether s has between min and max (0: any) bytes, each a lowercase ASCII letter
// or in extra; extra "" means ASCII digits only.
func all(s string, min, max int, extra string) bool {
	if len(s) < min || max > 0 && len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if extra == "" {
			if c < '0' || c > '9' {
				return false
			}
		} else if (c < 'a' || c > 'z') && strings.IndexByte(extra, c) < 0 {
			return false
		}
	}
	return true
}

// RotationFunction finds a rotation function of the world by ARN, and its account.
func (w *World) RotationFunction(arn string) (*RotationFunction, *Account) {
	acct, ok := LambdaARN(arn)
	if !ok {
		return nil, nil
	}
	a := w.Account(acct)
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
	if acct, ok := LambdaARN(f.ARN); !ok || acct != a.ID || !strings.HasPrefix(f.ARN, "arn:"+w.Partition+":") {
		bad(CodeBadValue, "rotation function \""+f.ARN+"\" is not the ARN of a Lambda function of account "+a.ID, f)
	}
	if a.Role(f.Role) == nil {
		bad(CodeReference, "rotation function "+f.ARN+" runs as role \""+f.Role+"\", which account "+a.ID+" does not have", f)
	}
}
