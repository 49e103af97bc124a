package playground

import (
	"strings"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/catalog"
)

// MaxMatrixResources bounds the matrix's columns; a page cannot show more usefully.
const MaxMatrixResources = 8

// MatrixAnswer is every Secrets Manager action (rows, grouped by access level) against the
// resources in play (columns) for the state's principal, context and policies.
type MatrixAnswer struct {
	Resources []string      `json:"resources"`
	Groups    []MatrixGroup `json:"groups"`
}

// MatrixGroup is the actions of one access level, in catalogue order.
type MatrixGroup struct {
	AccessLevel string      `json:"accessLevel"`
	Rows        []MatrixRow `json:"rows"`
}

// MatrixRow is one action's decision for each resource, in the order of Resources.
type MatrixRow struct {
	Action string           `json:"action"`
	Cells  []authz.Decision `json:"cells"`
}

// accessLevels is the order the matrix groups actions in.
var accessLevels = []string{"Read", "List", "Write", "Permissions management", "Tagging"}

// Matrix decides every action against every resource in play with one compiled program:
// the state's request resource first, then each secret ARN the enabled policies name
// (a pattern's * and ? are filled in to make an example ARN; ARNs with variables are skipped).
func Matrix(state []byte, texts ...string) []byte {
	return guard("Matrix", func() []byte {
		doc, fs := read(state, texts...)
		if doc == nil {
			return unreadable(fs)
		}
		return marshal(matrix(doc))
	})
}

func matrix(doc *authz.Document) *MatrixAnswer {
	in, req := &doc.Input, doc.Request
	m := &MatrixAnswer{Resources: resources(doc)}
	byLevel := map[string]*MatrixGroup{}
	for _, l := range accessLevels {
		m.Groups = append(m.Groups, MatrixGroup{AccessLevel: l})
	}
	for i := range m.Groups {
		byLevel[m.Groups[i].AccessLevel] = &m.Groups[i]
	}
	sm, _ := catalog.Lookup(catalog.SecretsManager)
	for _, a := range sm.Actions {
		g := byLevel[a.AccessLevel]
		if g == nil {
			m.Groups = append(m.Groups, MatrixGroup{AccessLevel: a.AccessLevel})
			g = &m.Groups[len(m.Groups)-1]
			byLevel[a.AccessLevel] = g
		}
		row := MatrixRow{Action: a.FullName(), Cells: make([]authz.Decision, len(m.Resources))}
		for j, res := range m.Resources {
			q := req
			q.Action, q.Resource = row.Action, res
			row.Cells[j] = in.Decide(authz.Prepare(q))
		}
		g.Rows = append(g.Rows, row)
	}
	out := m.Groups[:0]
	for _, g := range m.Groups {
		if len(g.Rows) > 0 {
			out = append(out, g)
		}
	}
	m.Groups = out
	return m
}

// resources lists the resources in play, without duplicates, at most MaxMatrixResources.
func resources(doc *authz.Document) []string {
	seen := map[string]bool{}
	var out []string
	add := func(r string) {
		if r == "" || seen[r] || len(out) >= MaxMatrixResources {
			return
		}
		seen[r] = true
		out = append(out, r)
	}
	add(doc.Request.Resource)
	// The scan stops at the most columns there may be: a 2,100-statement policy was read
	// whole, an example ARN made for each of its resources, 15 MB of garbage a call.
	for _, e := range doc.Entries {
		if len(out) >= MaxMatrixResources {
			break
		}
		if !e.Applied {
			continue
		}
		for _, st := range e.Policy.Doc.Statements {
			if len(out) >= MaxMatrixResources {
				break
			}
			if st == nil || st.Resource == nil {
				continue
			}
			for _, it := range st.Resource.Items {
				if r, ok := exampleARN(it.Value); ok {
					add(r)
				}
			}
		}
	}
	if len(out) == 0 {
		out = append(out, "arn:aws:secretsmanager:us-east-1:111122223333:secret:example-AbCdEf")
	}
	return out
}

// exampleFill fills a pattern's wildcards in to make an example (exampleARN); made once.
var exampleFill = strings.NewReplacer("*", "example", "?", "x")

// exampleARN turns a Resource value naming secrets into one secret ARN it covers.
func exampleARN(v string) (string, bool) {
	if !strings.HasPrefix(v, "arn:") || strings.Contains(v, "${") {
		return "", false
	}
	parts := strings.SplitN(v, ":", 6)
	if len(parts) < 6 || !strings.EqualFold(parts[2], catalog.SecretsManager) {
		return "", false
	}
	if !strings.ContainsAny(v, "*?") {
		return v, true
	}
	for i := range parts {
		switch {
		case i == 3 && parts[i] == "*":
			parts[i] = "us-east-1"
			continue
		case i == 4 && parts[i] == "*":
			parts[i] = "111122223333"
			continue
		}
		parts[i] = exampleFill.Replace(parts[i])
	}
	return strings.Join(parts, ":"), true
}
