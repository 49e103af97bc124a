package policy

// ElementCheck is one element's part in a statement's match: whether it matched, why, and where.
type ElementCheck struct {
	Matched bool   `json:"matched"`
	Why     string `json:"why"`
	Path    string `json:"path,omitempty"`
	Range   Range  `json:"range"`
}

// StatementResult explains one statement against a request.
type StatementResult struct {
	Index      int               `json:"index"`
	Sid        string            `json:"sid,omitempty"`
	Effect     string            `json:"effect"`
	Matched    bool              `json:"matched"`
	Path       string            `json:"path"`
	Range      Range             `json:"range"`
	Action     ElementCheck      `json:"action"`
	Resource   ElementCheck      `json:"resource"`
	Principal  *ElementCheck     `json:"principal,omitempty"`
	Conditions []ConditionResult `json:"conditions,omitempty"`
	Strength   PrincipalMatch    `json:"-"`
}

// Explanation is the exhaustive account of one policy against a request.
type Explanation struct {
	Statements []StatementResult `json:"statements"`
	Missing    []string          `json:"missingContext,omitempty"` // keys a statement needed that the request lacked
	Omitted    int               `json:"omitted,omitempty"`        // statements ExplainTrimmed left out
}
