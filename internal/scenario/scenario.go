package scenario

import (
	"encoding/json"
	"sort"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/yuin/goldmark/ast"
)

// Scenario is one scenario document as read: its front matter, its policies and requests
// with their expected decisions, and, for a world scenario, the world and the calls.
type Scenario struct {
	File     string   // the path it was read from, as given
	Slug     string   // the file name without its directory and .md
	Title    string   // front matter: title
	Summary  string   // front matter: summary
	Tags     []string // front matter: tags
	Order    int      // front matter: order
	Policies []*Policy
	Checks   []*Check
	Findings []*FindingWant
	World    *World // nil: no world
	Calls    []*Call
}

// Policy is a policy block.
type Policy struct {
	Kind    policy.Kind
	Name    string
	Level   int  // the SCP level, 0 = the organization root
	Enabled bool // false: written "off"
	Text    string
	Line    int      // the line of the policy's first character (the block's first content line)
	Node    ast.Node `json:"-"` // the fenced code block, for a renderer
}

// Check is one request with its expected decision: a request block and its expect block, or
// a row of a table of requests.
type Check struct {
	Name    string
	Request json.RawMessage // the evaluation document's request object, as written or built from a row
	Enabled []bool          // per policy of the scenario: in force for this request
	Want    authz.Decision
	Line    int      // where the request is written: the block's first content line, or the row
	WantAt  int      // the line of the expected decision
	Node    ast.Node `json:"-"` // the request block or the table row
	reqLine int      // the line of the request JSON's first character (0 for a row)
	reqCol  int      // its column
}

// FindingWant is a finding code a policy must have.
type FindingWant struct {
	Policy string // the policy's name
	Code   string
	Line   int
}

// World is the world a world scenario's calls run in.
type World struct {
	Src  string // src= as written: a path relative to the scenario, "default", or "" (inline)
	Text []byte // the world file; nil until loaded (ParseFile loads it)
	Line int    // the block's first line (its fence)
	body int    // the line of the inline text's first character
	Node ast.Node
}

// Call is one call of a transcript with its expected answer.
type Call struct {
	Command   string // the command line as written, without "$ "
	Caller    string
	Operation string
	Input     json.RawMessage
	Region    string
	SourceIP  string
	VPCE      string
	NoTLS     bool
	Expected  string // the expected answer as written
	Line      int
}

// Sort orders scenarios as the course reads them: by order, then by slug.
func Sort(all []*Scenario) {
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Order != all[j].Order {
			return all[i].Order < all[j].Order
		}
		return all[i].Slug < all[j].Slug
	})
}
