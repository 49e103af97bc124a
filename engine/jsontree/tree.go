// Package jsontree parses JSON into a tree that keeps the byte span of every value and
// member name, keeps duplicate keys and member order, and reports the first syntax error
// with its offset and what was expected. encoding/json loses all of that.
package jsontree

// Kind is a JSON value's kind.
type Kind uint8

// The JSON kinds.
const (
	Object Kind = iota
	Array
	String
	Number
	Bool
	Null
)

var kindNames = [...]string{"an object", "an array", "a string", "a number", "a boolean", "null"}

// String names the kind with its article, for messages: "an object".
func (k Kind) String() string { return kindNames[k] }

// Node is one JSON value. Start and End are byte offsets of the value's text.
type Node struct {
	Kind    Kind
	Start   int
	End     int
	Text    string   // String: the unescaped value; Number: the literal; Bool: "true"/"false"
	Members []Member // Object, in source order, duplicates kept
	Elems   []*Node  // Array
}

// Member is one "name": value pair of an object.
type Member struct {
	Name     string
	NameFrom int // offset of the opening quote
	NameTo   int // offset just past the closing quote
	Value    *Node
}

// Limits bound what Parse accepts, so hostile input ends in an error in bounded memory.
type Limits struct {
	MaxBytes int // 0 means no limit
	MaxDepth int // 0 means 64
}

// Error is a syntax error at a byte offset.
type Error struct {
	Offset   int
	End      int    // end of the offending text (>= Offset)
	Message  string // what is wrong, e.g. `expected ',' or '}' after an object member`
	Code     string // json.syntax, json.too_deep, json.too_large, json.empty
	Expected string // what would have been valid here, when known (e.g. "}")
}

// Get returns the first member named name, or nil.
func (n *Node) Get(name string) *Node {
	for i := range n.Members {
		if n.Members[i].Name == name {
			return n.Members[i].Value
		}
	}
	return nil
}
