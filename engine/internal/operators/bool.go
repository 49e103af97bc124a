package operators

import "strings"

// The Bool family, and Null's values: "true" or "false", case-insensitive, written as a JSON
// string or boolean.

// ParseBool reads "true" or "false" in any case.
func ParseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}
