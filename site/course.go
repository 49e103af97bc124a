package site

import (
	"encoding/json"
	"fmt"
	"html/template"
	"path/filepath"
	"sort"
	"strings"
)

// scenarioPage is one scenario as the site shows it.
type scenarioPage struct {
	Slug, Path, Title, Summary string
	Tags                       []string
	Order                      int
	Body                       template.HTML // the prose with its live widgets
	Teaser                     template.HTML // the first widget, for the home page
	Text                       string        // the prose as plain text, for search
	Export                     []byte        // the scenario as JSON, published at /scenarios/<slug>.json
	Prev, Next                 *scenarioPage
}

// course is the scenarios in order and the pages made of them.
type course struct {
	scenarios []*scenarioPage
	pages     []*Page
}

// coursePages reads the scenarios, writes each one's JSON and returns the course index and
// a page per scenario.
func coursePages(o Options, idx *searchIndex) (*course, error) {
	ss, err := loadScenarios(o)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].Order < ss[j].Order })
	c := &course{scenarios: ss}
	type tag struct {
		Name      string
		Scenarios []*scenarioPage
	}
	byTag := map[string]*tag{}
	var tags []*tag
	for i, s := range ss {
		if i > 0 {
			s.Prev = ss[i-1]
		}
		if i+1 < len(ss) {
			s.Next = ss[i+1]
		}
		for _, t := range s.Tags {
			if byTag[t] == nil {
				byTag[t] = &tag{Name: t}
				tags = append(tags, byTag[t])
			}
			byTag[t].Scenarios = append(byTag[t].Scenarios, s)
		}
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].Name < tags[j].Name })
	body, err := render("course", map[string]any{"Scenarios": ss, "Tags": tags})
	if err != nil {
		return nil, err
	}
	index := &Page{Path: "/course/", Title: "The course: IAM evaluation for Secrets Manager", Kind: "course", Section: "course", Index: true, Body: body,
		Description: fmt.Sprintf("%d live, tested scenarios on how AWS decides requests to Secrets Manager, by order and by tag.", len(ss))}
	idx.add(index.Path, "The course", "course", index.Description)
	c.pages = append(c.pages, index)
	for _, s := range ss {
		body, err := render("scenario", s)
		if err != nil {
			return nil, err
		}
		c.pages = append(c.pages, &Page{Path: s.Path, Title: s.Title, Description: s.Summary, Kind: "scenario", Section: "course", Index: true, Scenario: true, Body: body})
		idx.add(s.Path, s.Title, "scenario · "+strings.Join(s.Tags, ", "), s.Summary+" "+s.Text)
		if err := writeFile(filepath.Join(o.Out, "scenarios", s.Slug+".json"), s.Export); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// WidgetRequest is one request a live widget decides, with the decision the scenario states.
type WidgetRequest struct {
	Name string `json:"name,omitempty"`
	Request
	Expect string `json:"expect,omitempty"`
	// Enabled, when given, says per policy whether it is in force for this request.
	Enabled []bool `json:"enabled,omitempty"`
}

// Widget is what an <iamplay-scenario> element is given: policies and the requests to try.
type Widget struct {
	Title    string          `json:"title,omitempty"`
	Policies []Tab           `json:"policies"`
	Requests []WidgetRequest `json:"requests"`
}

// widgetHTML is a live widget: an <iamplay-scenario> element holding its data, and inside it
// what a reader without JavaScript sees: the first request, the decision the scenario states,
// and a link that opens it all in the playground.
func widgetHTML(w Widget) (template.HTML, error) {
	data, err := json.Marshal(w) // escapes <, > and &: safe inside a script element
	if err != nil {
		return "", err
	}
	r := w.Requests[0]
	frag, err := ShareFragment(State{Policies: enabledFor(w.Policies, r.Enabled), Request: r.Request})
	if err != nil {
		return "", err
	}
	return render("widget", map[string]any{"Data": template.JS(data), "Request": r, "More": len(w.Requests) - 1,
		"Link": "/playground/#" + frag, "Context": contextLines(r.Context)})
}

// enabledFor is the policies with each one's switch as a request has it.
func enabledFor(ps []Tab, enabled []bool) []Tab {
	out := make([]Tab, len(ps))
	copy(out, ps)
	for i := range out {
		if i < len(enabled) {
			out[i].Enabled = enabled[i]
		}
	}
	return out
}

// contextLines renders a request's context as "key = value" lines.
func contextLines(c map[string]any) []string {
	var out []string
	for k, v := range c {
		b, _ := json.Marshal(v)
		out = append(out, k+" = "+string(b))
	}
	sort.Strings(out)
	return out
}

// embedPage tells documentation authors how to put a live widget into their own pages.
func embedPage(o Options, c *course) (*Page, error) {
	inline, err := json.MarshalIndent(Widget{
		Policies: []Tab{{Kind: "identity", Name: "ReadTestEnv", Enabled: true,
			Text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}`}},
		Requests: []WidgetRequest{{Request: Request{Principal: "arn:aws:iam::111122223333:user/alice", Action: "secretsmanager:GetSecretValue",
			Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf", Context: map[string]any{}}, Expect: "Allow"}},
	}, "", "  ")
	if err != nil {
		return nil, err
	}
	example := "explicit-deny"
	if len(c.scenarios) > 0 {
		example = c.scenarios[0].Slug
	}
	body, err := render("embed", map[string]any{"Base": o.BaseURL, "Example": example, "Inline": string(inline)})
	if err != nil {
		return nil, err
	}
	return &Page{Path: "/reference/embed/", Title: "Embed a live example in your docs", Kind: "reference", Section: "reference", Index: true, Body: body,
		Description: "One script tag and one element put a live, editable IAM policy example into any documentation site."}, nil
}
