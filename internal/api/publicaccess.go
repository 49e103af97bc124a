package api

// publicAccess is the engine's public-access analysis of a resource-based policy, for
// POST /api/v1/validate: what the policy grants to anyone. The seam for the analysis being
// built in its own engine package: until it is here this answers nil (no "publicAccess" in
// the reply); then it calls that package for the resource-based kinds (resource, key, trust)
// and returns its answer as it marshals.
func publicAccess(text []byte, kind string) any {
	return nil
}
