package playground

import (
	_ "embed"
	"encoding/json"
	"sync"

	"github.com/iamplay/iamplay/engine/authz"
)

// Example is one of the playground's curated examples: a state with its expected decision,
// a line saying what it shows and the AWS sentence the decision rests on. The examples are
// data (examples.json), so the page's menu and the site's scenarios read the same ones.
type Example struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description"` // one line: what the example shows
	Doc         string         `json:"doc"`         // the AWS page and sentence the decision rests on
	Want        authz.Decision `json:"want"`
	State       State          `json:"state"`
}

//go:embed examples.json
var examplesJSON []byte

// Examples returns the curated examples as JSON: a list of Example.
func Examples() []byte { return examplesJSON }

// ExampleList is the curated examples, read once. (A function, not an initialized variable,
// so that a program that never asks, such as the browser's engine, links none of the data.)
func ExampleList() ([]Example, error) {
	examples.once.Do(func() { examples.err = json.Unmarshal(examplesJSON, &examples.list) })
	return examples.list, examples.err
}

var examples struct {
	once sync.Once
	list []Example
	err  error
}
