package policy

// Node is where an element of a parsed policy sits: its JSON pointer and source ranges.
type Node struct {
	Path     string `json:"path"`              // JSON pointer, e.g. /Statement/2/Condition/StringLike/aws:username/0
	Range    Range  `json:"range"`             // the element's value
	KeyRange Range  `json:"keyRange,omitzero"` // the member name ("Action") for object members; zero for list items
}

// String is a string element (Sid, Effect, one action, one resource, ...).
type String struct {
	Node
	Value string `json:"value"`
}

// StringList is an element AWS accepts as a string or a list of strings.
type StringList struct {
	Node
	List  bool     `json:"list"` // written as a JSON array
	Items []String `json:"items"`
}

// Document is a parsed policy: every element keeps its path and source range.
type Document struct {
	Node
	Source        []byte       `json:"-"`
	Version       *String      `json:"version,omitempty"`
	ID            *String      `json:"id,omitempty"`
	StatementNode Node         `json:"statementNode"`
	StatementList bool         `json:"statementList"` // Statement written as an array
	Statements    []*Statement `json:"statements"`
	seen          uint16       // documentElements written in the source, whatever their type
}

// written reports whether the source has the element (Version, Id, Statement), even if it
// could not be read (wrong type or wrong case): the validator then does not call it missing.
func (d *Document) written(element string) bool { return hasElement(d.seen, documentElements, element) }

// Statement is one statement of a policy. Absent elements are nil.
type Statement struct {
	Node
	Index        int         `json:"index"`
	Sid          *String     `json:"sid,omitempty"`
	Effect       *String     `json:"effect,omitempty"`
	Action       *StringList `json:"action,omitempty"`
	NotAction    *StringList `json:"notAction,omitempty"`
	Resource     *StringList `json:"resource,omitempty"`
	NotResource  *StringList `json:"notResource,omitempty"`
	Principal    *Principal  `json:"principal,omitempty"`
	NotPrincipal *Principal  `json:"notPrincipal,omitempty"`
	Condition    *Condition  `json:"condition,omitempty"`
	seen         uint16      // statementElements written in the source, whatever their type
}

// written reports whether the statement has the element (Effect, Action, ...) in its source,
// even if it could not be read (wrong type or wrong case).
func (s *Statement) written(element string) bool {
	return hasElement(s.seen, statementElements, element)
}

func hasElement(seen uint16, all elements, name string) bool {
	for i, e := range all {
		if e == name {
			return seen&(1<<i) != 0
		}
	}
	return false
}

// Principal is a Principal or NotPrincipal element: "*" or a map of principal types.
type Principal struct {
	Node
	Wildcard bool             `json:"wildcard"` // written as the string "*"
	Entries  []PrincipalEntry `json:"entries"`  // in source order
}

// PrincipalEntry is one principal type and its values: "AWS": ["arn:...", "123456789012"].
type PrincipalEntry struct {
	Type   String     `json:"type"` // AWS, Service, Federated or CanonicalUser, as written
	Values StringList `json:"values"`
}

// Condition is a Condition element: operators, each with keys, each with values.
type Condition struct {
	Node
	Operators []ConditionOperator `json:"operators"`
}

// ConditionOperator is one operator block, e.g. "ForAnyValue:StringLike": {...}.
type ConditionOperator struct {
	Name String         `json:"name"` // as written; Node.Range is the member name
	Body Node           `json:"body"` // the object of keys
	Keys []ConditionKey `json:"keys"`
}

// ConditionKey is one key of an operator block and its values.
type ConditionKey struct {
	Name   String    `json:"name"` // as written; Node.Range is the member name
	Values ValueList `json:"values"`
}

// ValueList is a condition's values: a single value or a list of them.
type ValueList struct {
	Node
	List  bool    `json:"list"`
	Items []Value `json:"items"`
}

// ValueKind is the JSON kind a condition value was written as.
type ValueKind uint8

// The JSON kinds of condition values. AWS accepts strings, numbers and booleans.
const (
	ValueString ValueKind = iota
	ValueNumber
	ValueBool
	ValueNull
	ValueObject
	ValueArray
)

var valueKindNames = [...]string{"string", "number", "boolean", "null", "object", "array"}

func (k ValueKind) String() string { return valueKindNames[k] }

// MarshalText writes the kind's name.
func (k ValueKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Value is one condition value. Text is the string value, or the literal text of a number or
// boolean (AWS compares condition values as strings: true and "true" are the same).
type Value struct {
	Node
	Kind ValueKind `json:"kind"`
	Text string    `json:"text"`
}
