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

// Table is the seed's nine-row table, in its order.
var Table = []Row{
	{1, Allows, Silent, "Access allowed", Allow},
	{2, Allows, Allows, "Access allowed", Allow},
	{3, Allows, Denies, "Access denied", ExplicitDeny},
	{4, Silent, Silent, "Access denied", ImplicitDeny},
	{5, Silent, Allows, "Access allowed", Allow},
	{6, Silent, Denies, "Access denied", ExplicitDeny},
	{7, Denies, Silent, "Access denied", ExplicitDeny},
	{8, Denies, Allows, "Access denied", ExplicitDeny},
	{9, Denies, Denies, "Access denied", ExplicitDeny},
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
