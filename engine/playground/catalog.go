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
	// Shapes are the Secrets Manager operations' requests, which world mode's call form is
	// built from.
	Shapes []secrets.Shape `json:"shapes"`
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

var catalogue = sync.OnceValue(func() []byte {
	return guard("Catalog", func() []byte {
		c := Catalogue{Operators: policy.Operators(), Codes: policy.Codes(), Kinds: policy.Kinds, Table: authz.Table, Tables: authz.Tables, Shapes: secrets.Shapes()}
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
		return marshal(c)
	})
})

// Catalog returns the catalogue as JSON. Global keys carry no action list: they apply to
// every action.
func Catalog() []byte { return catalogue() }

// InputCheck is CheckInput's reply: what a call's body gets wrong, one error per member,
// with the messages the store answers; none when the store would run the call.
type InputCheck struct {
	Errors []secrets.InputError `json:"errors"`
}

// CheckInput holds a request body to its operation's shape, as AWS checks it before the
// call runs: world mode's call form shows the errors beside their fields.
func CheckInput(op string, body []byte) []byte {
	return guard("CheckInput", func() []byte {
		errs := secrets.CheckInput(op, body)
		if errs == nil {
			errs = []secrets.InputError{}
		}
		return marshal(InputCheck{Errors: errs})
	})
}
