package operators

import (
	"strings"

	"github.com/iamplay/iamplay/engine/internal/pattern"
)

// The ARN family. Both ArnEquals and ArnLike take * and ? wildcards, matched component by
// component: the six colon-separated parts (arn:partition:service:region:account:resource) are
// checked separately, so a wildcard never crosses a colon except inside the resource part,
// which keeps its colons. Policy variables expand (IAM "Condition operators" page: Amazon
// Resource Name (ARN) condition operators, "Policy variables – Supported").

// compileARN reads an ARN policy value: six components, or a whole-string wildcard or variable.
func compileARN(text string, vars bool) (Value, bool) {
	a, six := pattern.CompileARN(text, pattern.Options{Wildcards: true, Variables: vars}, false)
	if !six {
		// Not six components: "*" still matches everything, and a variable may expand to a
		// whole ARN; both match as a whole string. Anything else is not an ARN.
		ok := strings.Trim(text, "*") == "" || (vars && len(pattern.Vars(text)) > 0)
		return Value{Text: text, arn: a}, ok
	}
	return Value{Text: text, arn: a}, strings.HasPrefix(text, "arn:") || strings.HasPrefix(text, "*:") || strings.HasPrefix(text, "${")
}
