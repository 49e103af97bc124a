package playground

import (
	"sync"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/policy"
)

// Catalogue is what the page completes and explains from, all read from the engine's
// catalogues: nothing here is declared a second time.
type Catalogue struct {
	Service   string            `json:"service"`
	Actions   []CatalogueAction `json:"actions"`
	Keys      []CatalogueKey    `json:"keys"`
	Operators []policy.Operator `json:"operators"`
	Codes     []policy.CodeInfo `json:"codes"`
	Kinds     []policy.Kind     `json:"kinds"`
	Table     []authz.Row       `json:"table"` // the seed's nine combinations
}

// CatalogueAction is an action with its full name and access level.
type CatalogueAction struct {
	Name          string   `json:"name"` // secretsmanager:GetSecretValue
	AccessLevel   string   `json:"accessLevel"`
	Description   string   `json:"description"`
	ConditionKeys []string `json:"conditionKeys"`
}

// CatalogueKey is a condition key with its type and the actions that support it.
type CatalogueKey struct {
	catalog.Key
	Actions []string `json:"actions"` // action names without the prefix; every action for a global key
}

var catalogue = sync.OnceValue(func() []byte {
	return guard("Catalog", func() []byte {
		c := Catalogue{Service: catalog.Service, Operators: policy.Operators(), Codes: policy.Codes(),
			Kinds: policy.Kinds, Table: authz.Table}
		for _, a := range catalog.Actions() {
			c.Actions = append(c.Actions, CatalogueAction{Name: catalog.Service + ":" + a.Name,
				AccessLevel: a.AccessLevel, Description: a.Description, ConditionKeys: a.ConditionKeys})
		}
		for _, k := range catalog.Keys() {
			ck := CatalogueKey{Key: k}
			if !k.Global {
				ck.Actions = catalog.ActionsSupportingKey(k.Name)
			}
			c.Keys = append(c.Keys, ck)
		}
		return marshal(c)
	})
})

// Catalog returns the catalogue as JSON. Global keys carry no action list: they apply to
// every action.
func Catalog() []byte { return catalogue() }
