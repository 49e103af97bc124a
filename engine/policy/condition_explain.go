package policy

// ConditionResult is how one key of one condition operator was decided for a request.
type ConditionResult struct {
	Operator string   `json:"operator"` // as written, e.g. ForAnyValue:StringLike
	Key      string   `json:"key"`      // as written
	Values   []string `json:"values"`   // the policy's values
	Result   bool     `json:"result"`
	Missing  bool     `json:"missing,omitempty"` // the key is absent from the request (or has no values)
	Why      string   `json:"why"`               // one sentence a person can read
	Path     string   `json:"path"`              // JSON pointer of the key
	Range    Range    `json:"range"`             // the key and its values
}
