package site

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"

	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/policy"
)

// referencePages derives the reference from the catalogues the engine reads: one page per
// service (actions, resource types, condition keys), the global keys, the operators, the
// finding codes. Search entries for each item are appended to idx.
func referencePages(idx *searchIndex) ([]*Page, error) {
	var pages []*Page
	services := catalog.Services()
	type svcLink struct {
		Prefix, Name string
		Actions      []catalog.Action
	}
	var links []svcLink
	for _, s := range services {
		links = append(links, svcLink{s.Prefix, s.Name, s.Actions})
		p, err := servicePage(s, idx)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	keys, err := keysPage(idx)
	if err != nil {
		return nil, err
	}
	ops, err := operatorsPage(idx)
	if err != nil {
		return nil, err
	}
	codes, err := findingsPage(idx)
	if err != nil {
		return nil, err
	}
	body, err := render("reference", map[string]any{
		"Services": links, "GlobalKeys": len(catalog.GlobalKeys()), "Operators": len(policy.Operators()), "Codes": len(policy.Codes()),
	})
	if err != nil {
		return nil, err
	}
	index := &Page{Path: "/reference/", Title: "Reference", Kind: "reference", Section: "reference", Index: true, Body: body,
		Description: "Every Secrets Manager, KMS and STS action iamplay knows, the global condition keys, every condition operator and every finding code."}
	idx.add(index.Path, index.Title, "reference", index.Description)
	return append([]*Page{index}, append(pages, keys, ops, codes)...), nil
}

type keyLink struct{ Name, Href string }

// keyHref is where a condition key is described: the service's own table or the global keys.
func keyHref(svc *catalog.Service, name string) string {
	for _, k := range svc.Keys {
		if strings.EqualFold(k.Name, name) {
			return "/reference/" + svc.Prefix + "/#" + keyID(k.Name)
		}
	}
	if k, ok := catalog.LookupKey(name); ok && k.Global {
		return "/reference/keys/#" + keyID(k.Name)
	}
	return "/reference/keys/"
}

// keyID is a key's anchor: its name with what an id had better not hold replaced.
func keyID(name string) string {
	r := strings.NewReplacer(":", "-", "/", "-", "$", "", "{", "", "}", "")
	return "key-" + r.Replace(name)
}

func servicePage(s *catalog.Service, idx *searchIndex) (*Page, error) {
	type res struct {
		Name     string
		Required bool
	}
	type action struct {
		Name, Full, Description, Access string
		Resources                       []res
		Keys                            []keyLink
	}
	type rtype struct {
		Name, ARN string
		Keys      []keyLink
	}
	type key struct{ ID, Name, Type, Description string }
	base := "/reference/" + s.Prefix + "/"
	var actions []action
	for i := range s.Actions {
		a := &s.Actions[i]
		x := action{Name: a.Name, Full: a.FullName(), Description: a.Description, Access: strings.Join(levels(a), ", ")}
		for _, r := range a.ResourceTypes {
			x.Resources = append(x.Resources, res{r.Name, r.Required})
		}
		for _, k := range a.ConditionKeys {
			x.Keys = append(x.Keys, keyLink{k, keyHref(s, k)})
		}
		actions = append(actions, x)
		idx.add(base+"#"+a.Name, a.FullName(), s.ShortName+" action, "+x.Access, a.Description)
	}
	var rts []rtype
	for _, r := range s.ResourceTypes {
		x := rtype{Name: r.Name, ARN: r.ARNPattern}
		for _, k := range r.ConditionKeys {
			x.Keys = append(x.Keys, keyLink{k, keyHref(s, k)})
		}
		rts = append(rts, x)
	}
	var keys []key
	for _, k := range s.Keys {
		keys = append(keys, key{keyID(k.Name), k.Name, k.Type, k.Description})
		idx.add(base+"#"+keyID(k.Name), k.Name, s.ShortName+" condition key, "+k.Type, k.Description)
	}
	rp := fmt.Sprintf("A %s's own policy (%s) ", s.ResourcePolicy.ResourceType, s.ShortName)
	if s.ResourcePolicy.Required {
		rp += "must allow as well: " + s.ResourcePolicy.Quote
	} else {
		rp += "is optional: " + s.ResourcePolicy.Quote
	}
	body, err := render("service", map[string]any{
		"Name": s.Name, "Prefix": s.Prefix, "Page": servicePageURL(s), "Actions": actions, "ResourceTypes": rts, "Keys": keys, "ResourcePolicy": rp,
	})
	if err != nil {
		return nil, err
	}
	p := &Page{Path: base, Title: s.Name + " actions, resources and condition keys", Kind: "reference", Section: "reference", Index: true, Body: body,
		Description: fmt.Sprintf("The %d %s actions iamplay knows: access levels, resource types and condition keys.", len(s.Actions), s.ShortName)}
	idx.add(p.Path, p.Title, "reference", p.Description)
	return p, nil
}

// servicePageURL is the Service Authorization Reference page the catalogue names in its source.
func servicePageURL(s *catalog.Service) string {
	if i := strings.Index(s.Source, "(https://"); i >= 0 {
		if j := strings.IndexByte(s.Source[i:], ')'); j > 0 {
			return s.Source[i+1 : i+j]
		}
	}
	return "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"
}

func levels(a *catalog.Action) []string {
	if len(a.AccessLevels) > 0 {
		return a.AccessLevels
	}
	return []string{a.AccessLevel}
}

func keysPage(idx *searchIndex) (*Page, error) {
	type key struct {
		ID, Name, Type, Description string
		Multi                       bool
	}
	var keys []key
	for _, k := range catalog.GlobalKeys() {
		keys = append(keys, key{keyID(k.Name), k.Name, k.Type, k.Description, k.MultiValued})
		idx.add("/reference/keys/#"+keyID(k.Name), k.Name, "global condition key, "+k.Type, k.Description)
	}
	body, err := render("keys", keys)
	if err != nil {
		return nil, err
	}
	p := &Page{Path: "/reference/keys/", Title: "Global condition keys", Kind: "reference", Section: "reference", Index: true, Body: body,
		Description: fmt.Sprintf("The %d global aws: condition keys: types and what each says about a request.", len(keys))}
	idx.add(p.Path, p.Title, "reference", p.Description)
	return p, nil
}

func operatorsPage(idx *searchIndex) (*Page, error) {
	type op struct{ Name, Description, Flags string }
	type family struct {
		Name string
		Ops  []op
	}
	var fams []family
	at := map[policy.Family]int{}
	for _, o := range policy.Operators() {
		i, ok := at[o.Family]
		if !ok {
			i = len(fams)
			at[o.Family] = i
			fams = append(fams, family{Name: string(o.Family)})
		}
		var flags []string
		flags = append(flags, "values: "+string(o.ValueKind))
		if o.IfExists {
			flags = append(flags, "…IfExists")
		}
		if o.SetOperators {
			flags = append(flags, "ForAnyValue:/ForAllValues:")
		}
		if o.Wildcards {
			flags = append(flags, "* and ? wildcards")
		}
		if o.Variables {
			flags = append(flags, "policy variables")
		}
		if o.Negated {
			flags = append(flags, "negated")
		}
		fams[i].Ops = append(fams[i].Ops, op{o.Name, o.Description, strings.Join(flags, " · ")})
		idx.add("/reference/operators/#"+o.Name, o.Name, "condition operator, "+string(o.Family), o.Description)
	}
	body, err := render("operators", fams)
	if err != nil {
		return nil, err
	}
	p := &Page{Path: "/reference/operators/", Title: "Condition operators", Kind: "reference", Section: "reference", Index: true, Body: body,
		Description: fmt.Sprintf("All %d IAM condition operators iamplay evaluates, by family, with what each compares.", len(policy.Operators()))}
	idx.add(p.Path, p.Title, "reference", p.Description)
	return p, nil
}

func findingsPage(idx *searchIndex) (*Page, error) {
	type code struct {
		Code, Severity, AWS, Basis, Summary string
		HasExample                          bool
		Example                             template.HTML
		Report                              string
	}
	awsText := map[policy.Response]string{
		policy.Refuses: "AWS refuses the policy",
		policy.Reports: "AWS stores and evaluates the policy",
		policy.Input:   "About the evaluation document, not a policy",
	}
	infos := slices.Clone(policy.Codes()) // sorted here, never in the catalogue
	sort.SliceStable(infos, func(i, j int) bool { return infos[i].Code < infos[j].Code })
	var codes []code
	for _, c := range infos {
		x := code{Code: c.Code, Severity: strings.ReplaceAll(string(c.Severity), "_", " "), AWS: awsText[c.AWS], Basis: c.Basis, Summary: c.Summary}
		if c.Example != "" {
			x.HasExample = true
			x.Example = HighlightJSON(c.Example)
			if c.AWS != policy.Input {
				_, fs := policy.Check([]byte(c.Example), c.Kind)
				var b bytes.Buffer
				if err := policy.Render(&b, "example.json", []byte(c.Example), fs, policy.RenderOptions{}); err != nil {
					return nil, err
				}
				x.Report = b.String()
			}
		}
		codes = append(codes, x)
		idx.add("/reference/findings/#"+c.Code, c.Code, "finding code, "+x.Severity, c.Summary)
	}
	body, err := render("findings", codes)
	if err != nil {
		return nil, err
	}
	p := &Page{Path: "/reference/findings/", Title: "Finding codes", Kind: "reference", Section: "reference", Index: true, Body: body,
		Description: fmt.Sprintf("The %d findings iamplay's validation reports: severity, what AWS does with such a policy, an example.", len(infos))}
	idx.add(p.Path, p.Title, "reference", p.Description)
	return p, nil
}
