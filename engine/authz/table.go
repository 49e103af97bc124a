package authz

// Row is one row of the seed's table "Effective permissions when multiple policies apply"
// (AWS Secrets Manager User Guide, Overview of Managing Access Permissions).
type Row struct {
	Index     int      `json:"index"` // 1-based, in the table's order
	PolicyA   Verdict  `json:"policyA"`
	PolicyB   Verdict  `json:"policyB"`
	Effective string   `json:"effective"` // "Access allowed" or "Access denied", as the table says
	Decision  Decision `json:"decision"`  // the decision the row stands for: Effective, with deny's reason, as data
}

// Table is the seed's nine-row table, in its order and in its words; each row's Decision is
// derived from its words (an explicit deny when either policy denies).
var Table = decided([]Row{
	{Index: 1, PolicyA: Allows, PolicyB: Silent, Effective: accessAllowed},
	{Index: 2, PolicyA: Allows, PolicyB: Allows, Effective: accessAllowed},
	{Index: 3, PolicyA: Allows, PolicyB: Denies, Effective: accessDenied},
	{Index: 4, PolicyA: Silent, PolicyB: Silent, Effective: accessDenied},
	{Index: 5, PolicyA: Silent, PolicyB: Allows, Effective: accessAllowed},
	{Index: 6, PolicyA: Silent, PolicyB: Denies, Effective: accessDenied},
	{Index: 7, PolicyA: Denies, PolicyB: Silent, Effective: accessDenied},
	{Index: 8, PolicyA: Denies, PolicyB: Allows, Effective: accessDenied},
	{Index: 9, PolicyA: Denies, PolicyB: Denies, Effective: accessDenied},
})

// The seed table's two outcomes, in its words.
const (
	accessAllowed = "Access allowed"
	accessDenied  = "Access denied"
)

// decided fills each row's Decision from its words: allowed is Allow; denied is an explicit
// deny when either policy denies, an implicit one otherwise.
func decided(rows []Row) []Row {
	for i, r := range rows {
		switch {
		case r.Effective == accessAllowed:
			rows[i].Decision = Allow
		case r.PolicyA == Denies || r.PolicyB == Denies:
			rows[i].Decision = ExplicitDeny
		default:
			rows[i].Decision = ImplicitDeny
		}
	}
	return rows
}

// SeedTableRow looks up the seed table's row for two verdicts. It is the table a learner
// reads, not AWS's whole rule (allowRule): it holds for the identity side and a resource
// policy that names the caller in one account.
func SeedTableRow(a, b Verdict) Row {
	for _, r := range Table {
		if r.PolicyA == a && r.PolicyB == b {
			return r
		}
	}
	return Row{}
}
