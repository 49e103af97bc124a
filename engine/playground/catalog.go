package playground

import (
	"sync"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/secrets"
)

// Catalogue is what the page completes and explains from, all read from the engine's
// catalogues: nothing here is declared a second time.
type Catalogue struct {
	Services  []string          `json:"services"` // the catalogued service prefixes
	Actions   []CatalogueAction `json:"actions"`  // every service's, in the order of Services
	Keys      []CatalogueKey    `json:"keys"`
	Operators []policy.Operator `json:"operators"`
	Codes     []policy.CodeInfo `json:"codes"`
	Kinds     []policy.Kind     `json:"kinds"`
	Table     []authz.Row       `json:"table"` // the seed's nine combinations
	// Tables are the two combination tables, the seed's union and "both must allow": each
	// step of an answer's chain names the one that governs it.
	Tables []authz.CombinationTable `json:"tables"`
}

// CatalogueAction is an action with its full name and access level. (Which keys it supports
// is said once, by each key's Actions: a KMS action's row lists some sixty keys.)
type CatalogueAction struct {
	Name        string `json:"name"` // secretsmanager:GetSecretValue
	AccessLevel string `json:"accessLevel"`
	Description string `json:"description"`
}

// CatalogueKey is a condition key with its type and the actions that support it.
type CatalogueKey struct {
	catalog.Key
	Actions []string `json:"actions"` // full action names (kms:Decrypt); none for a global key: every action
}

// catalogue is made on the first call of Catalog: not a variable made at start, so that a
// program that never asks (the browser's .wasm, which reads catalog.json) does not link it.
var catalogue struct {
	sync.Once
	json []byte
}

// catalogueOf gathers the catalogue, without the shapes.
func catalogueOf() Catalogue {
	c := Catalogue{Operators: policy.Operators(), Codes: policy.Codes(), Kinds: policy.Kinds, Table: authz.Table, Tables: authz.Tables}
	at := map[string]int{} // a key several services list is one entry with all their actions
	for _, s := range catalog.Services() {
		c.Services = append(c.Services, s.Prefix)
		for _, a := range s.Actions {
			c.Actions = append(c.Actions, CatalogueAction{Name: a.FullName(), AccessLevel: a.AccessLevel, Description: a.Description})
		}
		for _, k := range s.Keys {
			var names []string
			for _, a := range s.ActionsSupportingKey(k.Name) {
				names = append(names, s.Prefix+":"+a)
			}
			if i, ok := at[k.Name]; ok {
				c.Keys[i].Actions = append(c.Keys[i].Actions, names...)
				continue
			}
			at[k.Name] = len(c.Keys)
			c.Keys = append(c.Keys, CatalogueKey{Key: k, Actions: names})
		}
	}
	for _, k := range catalog.GlobalKeys() {
		c.Keys = append(c.Keys, CatalogueKey{Key: k})
	}
	return c
}

// Catalog returns the catalogue as JSON. Global keys carry no action list: they apply to
// every action.
func Catalog() []byte {
	catalogue.Do(func() { catalogue.json = guard("Catalog", func() []byte { return marshal(catalogueOf()) }) })
	return catalogue.json
}

// CatalogueFile is the catalogue the site's build writes beside the playground
// (catalog.json), where the page reads it: with the Secrets Manager operations' requests,
// which world mode's call form is built from and checks a body against. Only the build
// writes it, so the browser's .wasm carries neither the shapes nor their type.
type CatalogueFile struct {
	Catalogue
	Shapes []secrets.Shape `json:"shapes"`
}

// CatalogFile is the CatalogueFile as JSON.
func CatalogFile() []byte {
	return marshal(CatalogueFile{Catalogue: catalogueOf(), Shapes: secrets.Shapes()})
}
