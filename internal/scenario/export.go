package scenario

import (
	"encoding/json"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/playground"
	"github.com/iamplay/iamplay/engine/secrets"
)

// Published is a scenario as the site publishes it (the package doc shows the shape).
type Published struct {
	Slug       string             `json:"slug"`
	File       string             `json:"file"`
	Title      string             `json:"title"`
	Summary    string             `json:"summary"`
	Tags       []string           `json:"tags"`
	Order      int                `json:"order"`
	Policies   []PublishedPolicy  `json:"policies"`
	Checks     []PublishedCheck   `json:"checks"`
	Findings   []PublishedFinding `json:"findings"`
	World      *PublishedWorld    `json:"world"`
	Transcript []PublishedCall    `json:"transcript"`
	Pass       bool               `json:"pass"`
}

// PublishedPolicy is a policy block: a playground tab, and where it is written.
type PublishedPolicy struct {
	playground.Tab
	Line int `json:"line"`
}

// PublishedCheck is a request, what it must get and what it got.
type PublishedCheck struct {
	Name    string          `json:"name"`
	Line    int             `json:"line"`
	Request json.RawMessage `json:"request"`
	Enabled []bool          `json:"enabled"`
	Want    authz.Decision  `json:"want"`
	Got     authz.Decision  `json:"got"`
	Reason  string          `json:"reason"`
}

// PublishedFinding is a finding a policy must have.
type PublishedFinding struct {
	Policy string `json:"policy"`
	Code   string `json:"code"`
	Line   int    `json:"line"`
}

// PublishedWorld is the world of a world scenario.
type PublishedWorld struct {
	Src  string `json:"src"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

// PublishedCall is one call of the transcript with the answer of a real run.
type PublishedCall struct {
	Line      int             `json:"line"`
	Command   string          `json:"command"`
	Caller    string          `json:"caller"`
	Operation string          `json:"operation"`
	Region    string          `json:"region"`
	Input     json.RawMessage `json:"input"`
	Output    json.RawMessage `json:"output,omitempty"`
	Error     *secrets.Error  `json:"error,omitempty"`
	Expected  string          `json:"expected"`
}

// Publish runs the scenario and gives what the site publishes for it.
func Publish(s *Scenario) *Published {
	r := run(s, true)
	p := &Published{
		Slug: s.Slug, File: s.File, Title: s.Title, Summary: s.Summary, Tags: s.Tags, Order: s.Order,
		Policies: []PublishedPolicy{}, Checks: []PublishedCheck{}, Findings: []PublishedFinding{}, Transcript: []PublishedCall{},
		Pass: len(r.Failures) == 0,
	}
	if p.Tags == nil {
		p.Tags = []string{}
	}
	for _, q := range s.Policies {
		p.Policies = append(p.Policies, PublishedPolicy{Tab: q.tab(q.Enabled), Line: q.Line})
	}
	for i, c := range s.Checks {
		res := r.Checks[i]
		p.Checks = append(p.Checks, PublishedCheck{Name: c.Name, Line: c.Line, Request: c.Request, Enabled: c.Enabled, Want: c.Want, Got: res.Decision, Reason: res.Reason})
	}
	for _, f := range s.Findings {
		p.Findings = append(p.Findings, PublishedFinding{Policy: f.Policy, Code: f.Code, Line: f.Line})
	}
	if w := s.World; w != nil {
		p.World = &PublishedWorld{Src: w.Src, Line: w.Line, Text: string(w.Text)}
	}
	for i, c := range s.Calls {
		pc := PublishedCall{Line: c.Line, Command: c.Command, Caller: c.Caller, Operation: c.Operation, Region: c.Region, Input: c.Input, Expected: c.Expected}
		if i < len(r.Calls) && r.Calls[i] != nil {
			if r.Calls[i].Err != nil {
				pc.Error = r.Calls[i].Err
			} else if json.Valid(r.Calls[i].Output) {
				pc.Output = r.Calls[i].Output
			}
		}
		p.Transcript = append(p.Transcript, pc)
	}
	return p
}

// Export is Publish as indented JSON.
func Export(s *Scenario) ([]byte, error) {
	return json.MarshalIndent(Publish(s), "", "  ")
}
