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

// ExampleList is the curated examples, read once.
var ExampleList = sync.OnceValues(func() ([]Example, error) {
	var out []Example
	err := json.Unmarshal(examplesJSON, &out)
	return out, err
})
