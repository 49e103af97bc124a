package catalog

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite tables.go from the JSON files")

// TestTables checks that tables.go is the JSON files written as Go: the JSON files are the
// data people review and scripts/catalog regenerates; tables.go is what the engine links, so
// that starting it (a browser tab, a Worker request) decodes nothing. go test -update
// rewrites it.
func TestTables(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("// Code generated from global.json, secretsmanager.json, kms.json and sts.json by TestTables; DO NOT EDIT.\n")
	b.WriteString("// Regenerate: go test ./engine/catalog -run Tables -update\n\npackage catalog\n\n")
	var g struct {
		Source     string `json:"source"`
		GlobalKeys []Key  `json:"globalConditionKeys"`
	}
	read(t, "global.json", &g)
	fmt.Fprintf(&b, "// globalSource is where the global keys came from.\nconst globalSource = %q\n\n", g.Source)
	b.WriteString("// globalTable is global.json's keys.\nvar globalTable = []Key{\n")
	for _, k := range g.GlobalKeys {
		writeKey(&b, k)
	}
	b.WriteString("}\n\n// serviceTables are the services' files, in catalogue order.\nvar serviceTables = [...]*Service{\n")
	for _, name := range []string{"secretsmanager.json", "kms.json", "sts.json"} {
		var s Service
		read(t, name, &s)
		writeService(&b, &s)
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		t.Fatalf("formatting the tables: %v", err)
	}
	if *update {
		if err := os.WriteFile("tables.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile("tables.go")
	if err != nil || !bytes.Equal(have, src) {
		t.Fatalf("tables.go is not the JSON files written as Go (go test ./engine/catalog -run Tables -update rewrites it)")
	}
}

func read(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func writeKey(b *bytes.Buffer, k Key) {
	fmt.Fprintf(b, "{Name: %q, Type: %q, Description: %q", k.Name, k.Type, k.Description)
	if k.Category != "" {
		fmt.Fprintf(b, ", Category: %q", k.Category)
	}
	b.WriteString("},\n")
}

func strs(l []string) string {
	if l == nil {
		return "nil"
	}
	var b bytes.Buffer
	b.WriteString("[]string{")
	for i, s := range l {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", s)
	}
	b.WriteString("}")
	return b.String()
}

func writeService(b *bytes.Buffer, s *Service) {
	fmt.Fprintf(b, "{\nPrefix: %q, Name: %q, ShortName: %q,\nSource: %q,\n", s.Prefix, s.Name, s.ShortName, s.Source)
	rp := s.ResourcePolicy
	fmt.Fprintf(b, "ResourcePolicy: ResourcePolicy{ResourceType: %q, Required: %v, Doc: %q, Quote: %q},\n", rp.ResourceType, rp.Required, rp.Doc, rp.Quote)
	fmt.Fprintf(b, "Notes: %s,\nActions: []Action{\n", strs(s.Notes))
	for _, a := range s.Actions {
		fmt.Fprintf(b, "{Name: %q, AccessLevel: %q, AccessLevels: %s, Description: %q, ResourceTypes: ", a.Name, a.AccessLevel, strs(a.AccessLevels), a.Description)
		if a.ResourceTypes == nil {
			b.WriteString("nil")
		} else {
			b.WriteString("[]ResourceLink{")
			for _, r := range a.ResourceTypes {
				fmt.Fprintf(b, "{Name: %q, Required: %v}, ", r.Name, r.Required)
			}
			b.WriteString("}")
		}
		fmt.Fprintf(b, ", ConditionKeys: %s, Dependent: %s},\n", strs(a.ConditionKeys), strs(a.Dependent))
	}
	b.WriteString("},\nResourceTypes: []ResourceType{\n")
	for _, r := range s.ResourceTypes {
		fmt.Fprintf(b, "{Name: %q, ARNPattern: %q, ConditionKeys: %s},\n", r.Name, r.ARNPattern, strs(r.ConditionKeys))
	}
	b.WriteString("},\nKeys: []Key{\n")
	for _, k := range s.Keys {
		writeKey(b, k)
	}
	b.WriteString("},\n},\n")
}
