package operators

import "testing"

// vars resolves policy variables from a map of lower-case keys.
type vars map[string]string

func (v vars) Resolve(k string) (string, bool) { s, ok := v[k]; return s, ok }

// TestMatch holds every operator of the catalogue to a value it matches and one it does not
// (the positive form: a Not operator's rows say what its positive comparison gives), so the
// static catalogue's families, comparisons and case folding each choose the right reading.
func TestMatch(t *testing.T) {
	t.Parallel()
	type row struct {
		policy, request string
		want            bool
	}
	cases := map[string][]row{
		"StringEquals":              {{"prod", "prod", true}, {"prod", "Prod", false}, {"${aws:username}", "alice", true}, {"pro*", "prod", false}},
		"StringNotEquals":           {{"prod", "prod", true}, {"prod", "dev", false}},
		"StringEqualsIgnoreCase":    {{"prod", "PROD", true}, {"prod", "prods", false}},
		"StringNotEqualsIgnoreCase": {{"Prod", "pROD", true}, {"prod", "dev", false}},
		"StringLike":                {{"pr?d/*", "prod/db", true}, {"pr?d/*", "Prod/db", false}},
		"StringNotLike":             {{"*/db", "prod/db", true}, {"*/db", "prod/web", false}},
		"NumericEquals":             {{"7", "7.0", true}, {"7", "8", false}},
		"NumericNotEquals":          {{"-0", "0", true}, {"1", "2", false}},
		"NumericLessThan":           {{"10", "9", true}, {"10", "10", false}},
		"NumericLessThanEquals":     {{"10", "10", true}, {"10", "11", false}},
		"NumericGreaterThan":        {{"10", "10.5", true}, {"10", "10", false}},
		"NumericGreaterThanEquals":  {{"10", "10", true}, {"10", "9.99", false}},
		"DateEquals":                {{"2020-01-01T01:00:00+01:00", "1577836800", true}, {"2020-01-01", "2020-01-02", false}},
		"DateNotEquals":             {{"2020-01-01", "2020-01-01T00:00:00Z", true}, {"2020-01-01", "2021-01-01", false}},
		"DateLessThan":              {{"2020-01-01", "2019-12-31", true}, {"2020-01-01", "2020-01-01", false}},
		"DateLessThanEquals":        {{"2020-01-01", "2020-01-01", true}, {"2020-01-01", "2020-01-02", false}},
		"DateGreaterThan":           {{"2020-01-01", "2020-01-01T00:00:01Z", true}, {"2020-01-01", "2020-01-01", false}},
		"DateGreaterThanEquals":     {{"2020-01-01", "2020-01-01", true}, {"2020-01-01", "2019-06-01", false}},
		"Bool":                      {{"true", "TRUE", true}, {"false", "true", false}},
		"BinaryEquals":              {{"QUJD", "QUJD", true}, {"QUI", "QUI=", true}, {"QUJD", "QUJE", false}},
		"IpAddress":                 {{"10.0.0.0/8", "10.1.2.3", true}, {"10.0.0.0/8", "11.0.0.1", false}, {"::ffff:10.0.0.1", "10.0.0.1", true}},
		"NotIpAddress":              {{"2001:db8::/32", "2001:db8::1", true}, {"192.0.2.1", "192.0.2.2", false}},
		"ArnEquals":                 {{"arn:aws:iam::*:role/x", "arn:aws:iam::111122223333:role/x", true}, {"arn:aws:iam::*:role/x", "arn:aws:iam::1:role/y", false}},
		"ArnLike":                   {{"arn:aws:s3:::b/*", "arn:aws:s3:::b/k", true}, {"arn:aws:*:us-east-1:*:*", "arn:aws:s3:eu-west-1:1:x", false}},
		"ArnNotEquals":              {{"*", "arn:aws:s3:::b", true}, {"arn:aws:s3:::b", "arn:aws:s3:::c", false}},
		"ArnNotLike":                {{"arn:aws:s3:::${aws:username}", "arn:aws:s3:::alice", true}, {"arn:aws:s3:::a", "arn:aws:s3:::b", false}},
	}
	res := vars{"aws:username": "alice"}
	for i := range all {
		op := &all[i]
		if op.Family == FamilyNull {
			continue
		}
		rows, ok := cases[op.Name]
		if !ok {
			t.Errorf("%s has no rows", op.Name)
			continue
		}
		delete(cases, op.Name)
		for _, c := range rows {
			v, ok := Compile(op, c.policy, op.Variables)
			if !ok {
				t.Errorf("%s: Compile(%q) failed", op.Name, c.policy)
				continue
			}
			r, ok := Parse(op, c.request)
			if !ok {
				t.Errorf("%s: Parse(%q) failed", op.Name, c.request)
				continue
			}
			if got, resolved := Match(op, &v, r, res); got != c.want || !resolved {
				t.Errorf("%s: %q against %q: matched %v (resolved %v), want %v", op.Name, c.request, c.policy, got, resolved, c.want)
			}
		}
	}
	for name := range cases {
		t.Errorf("rows for %s, which the catalogue lacks", name)
	}
}

// TestReadingValues holds each family's reading of policy and request values: what is not of
// the kind is refused, and Null reads its "true" or "false".
func TestReadingValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		op, text       string
		policy, parsed bool
	}{
		{"StringLike", "anything *", true, true},
		{"NumericEquals", "1e3", false, false},
		{"NumericEquals", "12.50", true, true},
		{"DateLessThan", "yesterday", false, false},
		{"Bool", "yes", false, false},
		{"Bool", "False", true, true},
		{"BinaryEquals", "not base64!", false, false},
		{"IpAddress", "10.0.0.0/33", false, false},
		{"IpAddress", "10.0.0.1", true, true},
		{"ArnLike", "not-an-arn", false, false},
		{"ArnLike", "arn:aws:s3:::b", true, true},
		{"Null", "true", true, true},
		{"Null", "maybe", false, true},
	}
	for _, c := range cases {
		op := ByName(c.op)
		if _, ok := Compile(op, c.text, false); ok != c.policy {
			t.Errorf("Compile(%s, %q) ok=%v, want %v", c.op, c.text, ok, c.policy)
		}
		if _, ok := Parse(op, c.text); ok != c.parsed {
			t.Errorf("Parse(%s, %q) ok=%v, want %v", c.op, c.text, ok, c.parsed)
		}
	}
	if v, _ := Compile(ByName("Null"), "TRUE", false); !v.B {
		t.Error(`Null's "TRUE" is not true`)
	}
	if ByName("StringLikeIfExists") != nil || ByName("stringequals") != nil {
		t.Error("ByName finds a name that is not an operator's base name")
	}
}
