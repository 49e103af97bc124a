package policy

// Derived is a context key the evaluator added because AWS puts it into every signed request
// of this kind, with the value it was given and what that value was read from.
type Derived struct {
	Key    string   `json:"key"`   // as AWS spells it: aws:PrincipalArn
	Values []string `json:"value"` // the values put into the context
	From   string   `json:"from"`  // what it was read from: principal, resource, time, transport
	Why    string   `json:"why"`   // the same for a person: "from the principal ARN"
}
