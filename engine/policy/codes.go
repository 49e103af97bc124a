package policy

import "strings"

// CodeInfo documents one finding code, declared once here: the validator takes its severity
// from this table, and the command line and the site's reference page list it.
type CodeInfo struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"` // one line: what the finding means
	Kind     Kind     `json:"kind"`    // the kind Example is checked as
	Example  string   `json:"example"` // a policy that produces the finding ("" when none fits here)
}

// Codes lists the finding codes of Parse and Validate. A test checks that every example
// produces its code and that Validate emits no code missing from the table.
func Codes() []CodeInfo { return codes }

// LookupCode finds a code's entry.
func LookupCode(code string) (CodeInfo, bool) {
	if i, ok := codeIndex[code]; ok {
		return codes[i], true
	}
	return CodeInfo{}, false
}

// codeSeverity is the severity of a code; an unknown code (a bug the tests catch) is an error.
func codeSeverity(code string) Severity {
	if i, ok := codeIndex[code]; ok {
		return codes[i].Severity
	}
	return SeverityError
}

var codeIndex = func() map[string]int {
	m := make(map[string]int, len(codes))
	for i, c := range codes {
		m[c.Code] = i
	}
	return m
}()

// stmt wraps statements in a current-version policy, to keep the examples short.
func stmt(s string) string { return `{"Version": "2012-10-17", "Statement": [` + s + `]}` }

// cond wraps a Condition element in an Allow statement of a current-version policy.
func cond(c string) string {
	return stmt(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ` + c + `}`)
}

var codes = []CodeInfo{
	// JSON and document shape: reported by Parse.
	{"json.syntax", SeverityError, "the text is not valid JSON; the finding says what was expected", KindIdentity, `{"Version": "2012-10-17",}`},
	{"json.empty", SeverityError, "the document is empty", KindIdentity, ` `},
	{"json.too_deep", SeverityError, "the JSON nests deeper than any policy can", KindIdentity, ""},
	{"json.too_large", SeverityError, "the document is far larger than any AWS policy quota; it is not read", KindIdentity, ""},
	{"json.duplicate_key", SeverityError, "an object has the same key twice; AWS keeps only one", KindIdentity,
		stmt(`{"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}`)},
	{"policy.not_object", SeverityError, "a policy is a JSON object", KindIdentity, `[]`},
	{"policy.wrong_type", SeverityError, "an element has the wrong JSON type (e.g. Effect as a list)", KindIdentity,
		stmt(`{"Effect": ["Allow"], "Action": "*", "Resource": "*"}`)},
	{"policy.unknown_element", SeverityError, "a policy or statement element AWS does not know", KindIdentity,
		stmt(`{"Effect": "Allow", "Actions": "*", "Resource": "*"}`)},
	{"policy.element_case", SeverityError, "element names are case-sensitive", KindIdentity,
		stmt(`{"effect": "Allow", "Action": "*", "Resource": "*"}`)},
	{"principal.format", SeverityError, "a principal is malformed: a string other than \"*\", a bad account ID or ARN, a wildcard inside an ARN", KindResource,
		stmt(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1234:user/alice"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}`)},

	// The document: reported by Validate.
	{"policy.missing_version", SeverityWarning, "no Version: without 2012-10-17 policy variables are not expanded", KindIdentity,
		`{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`},
	{"policy.old_version", SeverityWarning, "Version 2008-10-17 does not expand policy variables", KindIdentity,
		`{"Version": "2008-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}`},
	{"policy.unknown_version", SeverityError, "Version is neither 2012-10-17 nor 2008-10-17", KindIdentity,
		`{"Version": "2012-10-18", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}`},
	{"policy.missing_statement", SeverityError, "the policy has no Statement", KindIdentity, `{"Version": "2012-10-17"}`},
	{"policy.empty_statement", SeverityError, "the Statement list is empty", KindIdentity, stmt(``)},
	{"policy.too_large", SeverityWarning, "the policy is longer than AWS's size quota for its kind", KindSession,
		stmt(`{"Sid": "` + strings.Repeat("Padding", 300) + `", "Effect": "Deny", "Action": "*", "Resource": "*"}`)},

	// Statements.
	{"policy.missing_effect", SeverityError, "a statement has no Effect", KindIdentity, stmt(`{"Action": "*", "Resource": "*"}`)},
	{"policy.invalid_effect", SeverityError, "Effect is not \"Allow\" or \"Deny\" (it is case-sensitive)", KindIdentity,
		stmt(`{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}`)},
	{"policy.action_and_notaction", SeverityError, "a statement has both Action and NotAction", KindIdentity,
		stmt(`{"Effect": "Deny", "Action": "s3:*", "NotAction": "s3:GetObject", "Resource": "*"}`)},
	{"policy.missing_action", SeverityError, "a statement has neither Action nor NotAction", KindIdentity,
		stmt(`{"Effect": "Deny", "Resource": "*"}`)},
	{"policy.resource_and_notresource", SeverityError, "a statement has both Resource and NotResource", KindIdentity,
		stmt(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "NotResource": "arn:aws:s3:::b"}`)},
	{"policy.missing_resource", SeverityError, "an identity, boundary or session policy statement has no Resource or NotResource", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "s3:GetObject"}`)},
	{"policy.resource_omitted", SeverityWarning, "a resource policy or SCP statement has no Resource; AWS may reject it, write \"*\"", KindResource,
		stmt(`{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "secretsmanager:GetSecretValue"}`)},
	{"policy.principal_and_notprincipal", SeverityError, "a statement has both Principal and NotPrincipal", KindResource,
		stmt(`{"Effect": "Deny", "Principal": "*", "NotPrincipal": {"AWS": "111122223333"}, "Action": "*", "Resource": "*"}`)},
	{"policy.principal_not_allowed", SeverityError, "Principal or NotPrincipal in a policy attached to an identity (identity, boundary, session, SCP)", KindIdentity,
		stmt(`{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}`)},
	{"policy.missing_principal", SeverityError, "a resource policy statement has no Principal or NotPrincipal", KindResource,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}`)},
	{"policy.empty_list", SeverityWarning, "an Action, Resource or principal list is empty, so the statement matches nothing", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": [], "Resource": "*"}`)},
	{"policy.empty_condition", SeverityWarning, "the Condition block is empty", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}}`)},
	{"policy.duplicate_sid", SeverityError, "two statements have the same Sid", KindIdentity,
		stmt(`{"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}`)},
	{"policy.sid_characters", SeverityWarning, "a Sid has characters AWS does not accept (IAM policies: ASCII letters and digits)", KindIdentity,
		stmt(`{"Sid": "read-secrets", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}`)},
	{"policy.duplicate_entry", SeveritySuggestion, "a list repeats an entry", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": ["s3:GetObject", "s3:getobject"], "Resource": "*"}`)},

	// Actions.
	{"policy.action_format", SeverityError, "an action is not of the form service:action", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "GetSecretValue", "Resource": "*"}`)},
	{"policy.unknown_action", SeverityError, "a secretsmanager: action that does not exist; the suggestion is the closest one", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValu", "Resource": "*"}`)},
	{"policy.action_matches_nothing", SeverityWarning, "a secretsmanager: wildcard that matches no action", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:Fetch*", "Resource": "*"}`)},
	{"policy.action_needs_star_resource", SeverityWarning, "an action that acts on no secret (ListSecrets, GetRandomPassword, BatchGetSecretValue) with a Resource that cannot match \"*\"", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*"}`)},

	// Resources.
	{"policy.resource_format", SeverityError, "a resource is neither \"*\" nor an ARN", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-bucket"}`)},
	{"policy.secret_arn_type", SeverityWarning, "a Secrets Manager ARN whose resource type is not secret:, so it matches no secret", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:prod/db-AbCdEf"}`)},
	{"policy.secret_arn_parts", SeverityWarning, "a secret ARN without a region or account, or with a malformed account", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1::secret:prod/db-AbCdEf"}`)},
	{"policy.secret_arn_suffix", SeverityWarning, "a secret ARN without the six random characters AWS appends and no wildcard: it matches no secret", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db"}`)},

	// Principals.
	{"policy.empty_principal", SeverityError, "a Principal map names no one", KindResource,
		stmt(`{"Effect": "Allow", "Principal": {}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}`)},
	{"policy.principal_type", SeverityError, "a principal type other than AWS, Service, Federated, CanonicalUser", KindResource,
		stmt(`{"Effect": "Allow", "Principal": {"aws": "111122223333"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}`)},
	{"policy.service_principal", SeverityWarning, "a Service principal that does not look like SERVICE.amazonaws.com", KindResource,
		stmt(`{"Effect": "Allow", "Principal": {"Service": "lambda"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}`)},

	// Conditions: reported by validateCondition (condition_validate.go).
	{"condition.unknown_operator", SeverityError, "a condition operator AWS does not know (names are case-sensitive); the suggestion is the closest one", KindIdentity,
		cond(`{"StringEqual": {"aws:username": "alice"}}`)},
	{"condition.ifexists_on_null", SeverityError, "NullIfExists: Null already tests whether the key exists", KindIdentity,
		cond(`{"NullIfExists": {"aws:MultiFactorAuthAge": "true"}}`)},
	{"condition.bad_value", SeverityError, "a value the operator cannot read: a bad number, date, CIDR, ARN or boolean", KindIdentity,
		cond(`{"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}}`)},
	{"condition.value_type", SeverityError, "a condition value that is null, an object or a list inside the list", KindIdentity,
		cond(`{"StringEquals": {"aws:username": [null]}}`)},
	{"condition.empty_values", SeverityError, "a condition key with no values", KindIdentity,
		cond(`{"StringEquals": {"aws:username": []}}`)},
	{"condition.set_operator_on_single_valued", SeverityWarning, "ForAnyValue:/ForAllValues: on a key that has one value", KindIdentity,
		cond(`{"ForAllValues:StringEquals": {"aws:username": "alice"}}`)},
	{"condition.single_operator_on_multivalued", SeverityWarning, "an operator without ForAnyValue:/ForAllValues: on a key that can have several values", KindIdentity,
		cond(`{"StringEquals": {"aws:TagKeys": "team"}}`)},
	{"condition.variable_not_expanded", SeverityWarning, "a policy variable in an operator (or a policy Version) that does not expand it", KindIdentity,
		cond(`{"NumericEquals": {"aws:MultiFactorAuthAge": "${aws:username}"}}`)},
	{"condition.bad_variable", SeverityWarning, "a malformed policy variable: ${ without } or a bad default", KindIdentity,
		cond(`{"StringEquals": {"aws:username": "${aws:username"}}`)},
	{"condition.unknown_key", SeverityWarning, "an aws: or secretsmanager: condition key that does not exist", KindIdentity,
		cond(`{"StringEquals": {"aws:usernam": "alice"}}`)},
	{"condition.key_not_supported", SeverityWarning, "a secretsmanager: key none of the statement's actions supports", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*", "Condition": {"StringEquals": {"secretsmanager:VersionStage": "AWSCURRENT"}}}`)},
	{"condition.key_type_mismatch", SeverityWarning, "an operator of one type on a key of another (e.g. NumericEquals on a string key)", KindIdentity,
		cond(`{"NumericEquals": {"aws:username": "1"}}`)},
	{"condition.duplicate_key", SeverityWarning, "the same key twice in one operator, in different case (keys are case-insensitive)", KindIdentity,
		cond(`{"StringEquals": {"aws:username": "alice", "aws:UserName": "bob"}}`)},

	// Grants broader than they look.
	{"policy.allow_notaction", SeveritySecurityWarning, "Allow with NotAction grants every other action of every service", KindIdentity,
		stmt(`{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`)},
	{"policy.allow_notresource", SeveritySecurityWarning, "Allow with NotResource grants every other resource", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "NotResource": "arn:aws:secretsmanager:*:*:secret:prod/*"}`)},
	{"policy.allow_notprincipal", SeveritySecurityWarning, "Allow with NotPrincipal grants everyone else, anonymous users included", KindResource,
		stmt(`{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}`)},
	{"policy.full_access", SeveritySecurityWarning, "Allow of secretsmanager:* (or *) on Resource \"*\"", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}`)},
	{"policy.resource_policy_access", SeveritySecurityWarning, "Allow of PutResourcePolicy or DeleteResourcePolicy on Resource \"*\"", KindIdentity,
		stmt(`{"Effect": "Allow", "Action": "secretsmanager:PutResourcePolicy", "Resource": "*"}`)},
	{"policy.public_access", SeveritySecurityWarning, "a resource policy allows Principal \"*\" with no Condition", KindResource,
		stmt(`{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}`)},
}
