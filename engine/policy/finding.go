package policy

// Severity ranks a finding. An error is something AWS refuses or a policy that cannot mean what
// it says; Finding.Refused tells the two apart.
type Severity string

// The severities, most serious first.
const (
	SeverityError           Severity = "error"            // AWS rejects the policy, or it cannot mean what it says
	SeveritySecurityWarning Severity = "security_warning" // valid, but grants more than it seems to
	SeverityWarning         Severity = "warning"          // valid, but probably not what was meant
	SeveritySuggestion      Severity = "suggestion"       // valid; a clearer way to write it exists
)

// Finding is one diagnostic about a policy: data with a position, collected, never thrown.
type Finding struct {
	Code       string   `json:"code"` // stable identifier, e.g. policy.unknown_action
	Severity   Severity `json:"severity"`
	Refused    bool     `json:"refused,omitempty"` // AWS refuses a policy with this finding (the code catalogue's AWS column)
	Message    string   `json:"message"`
	Path       string   `json:"path"` // JSON pointer of the element, e.g. /Statement/0/Action/1
	Range      Range    `json:"range"`
	Suggestion string   `json:"suggestion,omitempty"` // replacement text for Range, when there is a fix
}

// Findings is a list of findings in the order they were found.
type Findings []Finding

// HasErrors reports whether any finding is an error.
func (fs Findings) HasErrors() bool {
	for i := range fs {
		if fs[i].Severity == SeverityError {
			return true
		}
	}
	return false
}

// CountRefused returns how many findings make AWS refuse the policy.
func (fs Findings) CountRefused() int {
	n := 0
	for i := range fs {
		if fs[i].Refused {
			n++
		}
	}
	return n
}

// Count returns how many findings have the severity.
func (fs Findings) Count(s Severity) int {
	n := 0
	for i := range fs {
		if fs[i].Severity == s {
			n++
		}
	}
	return n
}
