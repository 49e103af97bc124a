package policy

import "testing"

// unknownKeyPolicy has one misspelt condition key, so validation looks for the closest key.
const unknownKeyPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
 "Resource": "*", "Condition": {"StringEquals": {"aws:usrname": "alice"}}}]}`

// BenchmarkValidateUnknownKey validates a parsed policy with one unknown key: the cost of
// "did you mean" over the catalogue's keys (issue 9's goal: at most 20 µs).
func BenchmarkValidateUnknownKey(b *testing.B) {
	doc, fs := Parse([]byte(unknownKeyPolicy))
	if doc == nil || fs.HasErrors() {
		b.Fatalf("the policy does not parse: %v", fs)
	}
	if got := Validate(doc, KindIdentity); len(got) != 1 || got[0].Code != CodeConditionUnknownKey || got[0].Suggestion != `"aws:username"` {
		b.Fatalf("findings %v, want one unknown key with a suggestion", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		Validate(doc, KindIdentity)
	}
}

// BenchmarkCheckUnknownKey is BenchmarkValidateUnknownKey with parsing: what one keystroke in
// the playground costs for such a policy.
func BenchmarkCheckUnknownKey(b *testing.B) {
	src := []byte(unknownKeyPolicy)
	b.ReportAllocs()
	for b.Loop() {
		Check(src, KindIdentity)
	}
}
