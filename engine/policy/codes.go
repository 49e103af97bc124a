package policy

import "strings"

// CodeInfo documents one finding code, declared once here: every emitter takes its severity
// and AWS's response from this table, and the command line and the site's reference list it.
type CodeInfo struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	AWS      Response `json:"aws"`     // what AWS does with a policy that has the finding
	Basis    string   `json:"basis"`   // the AWS documentation the AWS column rests on
	Summary  string   `json:"summary"` // one line: what the finding means
	Kind     Kind     `json:"kind"`    // the kind Example is checked as
	Example  string   `json:"example"` // a policy (for AWS == Input, an evaluation document) that produces the finding; "" when none fits
}

// Response is what AWS does with a policy document that has a finding.
type Response string

// The responses. A refused policy is never stored, so it never takes part in a decision; a
// reported one is stored and evaluated for what it says (an unknown action matches nothing).
const (
	// Refuses: IAM answers MalformedPolicyDocument (CreatePolicy, PutUserPolicy, ...), Secrets
	// Manager MalformedPolicyDocumentException (PutResourcePolicy), Organizations
	// MalformedPolicyDocumentException (CreatePolicy for an SCP).
	Refuses Response = "refuses"
	// Reports: AWS accepts and evaluates the policy; Access Analyzer's policy validation (or
	// iamplay) reports the finding.
	Reports Response = "reports"
	// Input: the finding is about iamplay's own input (the evaluation document, the request,
	// the playground's state), not about a policy AWS would store.
	Input Response = "input"
)

// The documentation each code's AWS column rests on (AWS pages, by title).
const (
	bGrammar   = "IAM User Guide, Grammar of the IAM JSON policy language: a document that does not follow the grammar is rejected (MalformedPolicyDocument)"
	bQuota     = "IAM User Guide, IAM and AWS STS quotas: managed policy 6,144, role inline 10,240, user inline 2,048 characters; SCP 5,120 (Organizations quotas); resource policy 20,480 (Secrets Manager quotas)"
	bSize      = bQuota + "; iamplay counts white space, which IAM does not, and AWS managed policies exceed the customer quota, so the finding is reported, not taken as a refusal"
	bVersion   = "IAM User Guide, IAM JSON policy elements: Version: \"2012-10-17\" and \"2008-10-17\" are the only values; without Version policy variables are text"
	bPrincipal = "IAM User Guide, IAM JSON policy elements: Principal: identity-based policies cannot name one, resource-based policies must; an invalid principal is rejected (MalformedPolicyDocument: Invalid principal in policy)"
	bResource  = "IAM User Guide, IAM JSON policy elements: Resource: every statement of an identity-based policy must include Resource or NotResource; a resource is \"*\" or an ARN (MalformedPolicyDocument: Resource must be in ARN format or \"*\")"
	bAction    = "IAM User Guide, IAM JSON policy elements: Action: actions are prefixed by the service namespace (MalformedPolicyDocument: Actions/Conditions must be prefaced by a vendor)"
	bSid       = "IAM User Guide, IAM JSON policy elements: Sid: \"The Sid element supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers (0-9)\"; \"In IAM, the Sid value must be unique within a JSON policy\" (IAM: MalformedPolicyDocument: Statement IDs (SID) in a single policy must be unique; Access Analyzer: Unsupported Sid, Unique Sids required)"
	bOperator  = "IAM User Guide, IAM JSON policy elements: Condition operators: only the listed operators exist; IfExists may be added to any operator except Null (Access Analyzer: Invalid condition operator, Null with if exists)"
	bKey       = "IAM User Guide, Grammar of the IAM JSON policy language: condition keys are prefixed by the service (aws:, secretsmanager:, ...) (MalformedPolicyDocument: Actions/Conditions must be prefaced by a vendor; Access Analyzer: Invalid condition key format)"
	bPartition = "AWS General Reference, Amazon Resource Names (ARNs), and IAM User Guide, IAM identifiers: the partition is aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f or aws-eusc (Access Analyzer: Invalid partition)"
	bVariables = "IAM User Guide, IAM policy elements: Variables and tags: a variable is ${key} or ${key, 'default'}, expanded only under Version 2012-10-17 (Access Analyzer: Error – Missing brace in variable)"
	bResSid    = "Secrets Manager User Guide, resource-based policies: no Sid rule is documented; other services' resource policies store Sids IAM would not (Amazon SNS's default policy: __default_statement_ID), so only non-printable or non-ASCII characters are reported"
	bEmptyList = "IAM User Guide, Grammar of the IAM JSON policy language: <statement_block> is a list of <statement> with no stated minimum; an empty list grants and denies nothing (Access Analyzer reports it)"
	bSecretARN = "Secrets Manager User Guide, Permissions reference: secret ARNs end in a hyphen and six random characters"
	bAnalyzer  = "IAM User Guide, IAM policy validation check reference (Access Analyzer): reported by validation; IAM stores the policy and evaluates it as written (Service summary: \"If the policy includes an action that IAM does not recognize, then the action is included in the Uncategorized actions section of the table.\")"
	bPublic    = "Secrets Manager API Reference, PutResourcePolicy: BlockPublicPolicy \"Specifies whether to block resource-based policies that allow broad access to the secret, for example those that use a wildcard for the principal. By default, public policies aren't blocked.\" AWS stores such a policy unless the caller asks for the block (PublicPolicyException); the rules are package exposure's"
	bInput     = "iamplay's evaluation document (DESIGN.md, The evaluation document): not a policy AWS would see"
)

// Codes lists every finding code the engine emits: Parse, Validate and the evaluation-document
// reader (authz, also the playground's). A test checks that every example produces its code
// and that no code appears in the engine's sources without being declared here. The slice is
// a copy: sorting it changes nothing.
func Codes() []CodeInfo { return append([]CodeInfo(nil), codes...) }

// LookupCode finds a code's entry.
func LookupCode(code string) (CodeInfo, bool) {
	if i, ok := codeIndex[code]; ok {
		return codes[i], true
	}
	return CodeInfo{}, false
}

// NewFinding makes a finding of a catalogued code: its severity and whether AWS refuses the
// policy come from the table, so every emitter agrees with it. An unknown code (a bug the
// tests catch) is an error that AWS refuses.
func NewFinding(code, path string, r Range, msg, suggestion string) Finding {
	info, ok := LookupCode(code)
	if !ok {
		info = CodeInfo{Severity: SeverityError, AWS: Refuses}
	}
	return Finding{Code: code, Severity: info.Severity, Refused: info.AWS == Refuses, Message: msg, Path: path, Range: r, Suggestion: suggestion}
}

var codeIndex = func() map[string]int {
	m := make(map[string]int, len(codes))
	for i, c := range codes {
		m[c.Code] = i
	}
	return m
}()

// The finding codes, by area: json.* and policy.* shape (Parse), policy.*, principal.* and
// condition.* (Validate), document.* and request.* (authz.ReadDocument, which also reads the
// playground's state).
const (
	CodeJSONSyntax                           = "json.syntax"
	CodeJSONEmpty                            = "json.empty"
	CodeJSONTooDeep                          = "json.too_deep"
	CodeJSONTooLarge                         = "json.too_large"
	CodeJSONDuplicateKey                     = "json.duplicate_key"
	CodeNotObject                            = "policy.not_object"
	CodeWrongType                            = "policy.wrong_type"
	CodeUnknownElement                       = "policy.unknown_element"
	CodeElementCase                          = "policy.element_case"
	CodePrincipalFormat                      = "principal.format"
	CodeMissingVersion                       = "policy.missing_version"
	CodeOldVersion                           = "policy.old_version"
	CodeUnknownVersion                       = "policy.unknown_version"
	CodeMissingStatement                     = "policy.missing_statement"
	CodeEmptyStatement                       = "policy.empty_statement"
	CodeTooLarge                             = "policy.too_large"
	CodeMissingEffect                        = "policy.missing_effect"
	CodeInvalidEffect                        = "policy.invalid_effect"
	CodeActionAndNotAction                   = "policy.action_and_notaction"
	CodeMissingAction                        = "policy.missing_action"
	CodeResourceAndNotResource               = "policy.resource_and_notresource"
	CodeMissingResource                      = "policy.missing_resource"
	CodeResourceOmitted                      = "policy.resource_omitted"
	CodePrincipalAndNotPrincipal             = "policy.principal_and_notprincipal"
	CodePrincipalNotAllowed                  = "policy.principal_not_allowed"
	CodeMissingPrincipal                     = "policy.missing_principal"
	CodeEmptyList                            = "policy.empty_list"
	CodeEmptyCondition                       = "policy.empty_condition"
	CodeDuplicateSid                         = "policy.duplicate_sid"
	CodeSidCharacters                        = "policy.sid_characters"
	CodeResourceSidCharacters                = "policy.resource_sid_characters"
	CodeUnknownPartition                     = "policy.unknown_partition"
	CodeUnclosedVariable                     = "policy.unclosed_variable"
	CodeConditionKeyFormat                   = "condition.key_format"
	CodeDuplicateEntry                       = "policy.duplicate_entry"
	CodeActionFormat                         = "policy.action_format"
	CodeUnknownAction                        = "policy.unknown_action"
	CodeActionMatchesNothing                 = "policy.action_matches_nothing"
	CodeActionNeedsStarResource              = "policy.action_needs_star_resource"
	CodeResourceFormat                       = "policy.resource_format"
	CodeSecretARNType                        = "policy.secret_arn_type"
	CodeSecretARNParts                       = "policy.secret_arn_parts"
	CodeSecretARNSuffix                      = "policy.secret_arn_suffix"
	CodeEmptyPrincipal                       = "policy.empty_principal"
	CodePrincipalType                        = "policy.principal_type"
	CodeServicePrincipal                     = "policy.service_principal"
	CodeConditionUnknownOperator             = "condition.unknown_operator"
	CodeConditionIfExistsOnNull              = "condition.ifexists_on_null"
	CodeConditionBadValue                    = "condition.bad_value"
	CodeConditionValueType                   = "condition.value_type"
	CodeConditionEmptyValues                 = "condition.empty_values"
	CodeConditionSetOperatorOnSingleValued   = "condition.set_operator_on_single_valued"
	CodeConditionSingleOperatorOnMultiValued = "condition.single_operator_on_multivalued"
	CodeConditionVariableNotExpanded         = "condition.variable_not_expanded"
	CodeConditionBadVariable                 = "condition.bad_variable"
	CodeConditionUnknownKey                  = "condition.unknown_key"
	CodeConditionKeyNotSupported             = "condition.key_not_supported"
	CodeConditionKeyTypeMismatch             = "condition.key_type_mismatch"
	CodeConditionDuplicateKey                = "condition.duplicate_key"
	CodeAllowNotAction                       = "policy.allow_notaction"
	CodeAllowNotResource                     = "policy.allow_notresource"
	CodeAllowNotPrincipal                    = "policy.allow_notprincipal"
	CodeFullAccess                           = "policy.full_access"
	CodeResourcePolicyAccess                 = "policy.resource_policy_access"
	CodePublicAccess                         = "policy.public_access"

	CodeDocumentNotObject      = "document.not_object"
	CodeDocumentWrongType      = "document.wrong_type"
	CodeDocumentBadWant        = "document.bad_want"
	CodeDocumentUnknownField   = "document.unknown_field"
	CodeDocumentBadKind        = "document.bad_kind"
	CodeDocumentBadLevel       = "document.bad_level"
	CodeDocumentIgnoredPolicy  = "document.ignored_policy"
	CodeRequestMissing         = "request.missing"
	CodeRequestMissingAction   = "request.missing_action"
	CodeRequestBadAction       = "request.bad_action"
	CodeRequestUnknownAction   = "request.unknown_action"
	CodeRequestBadPrincipal    = "request.bad_principal"
	CodeRequestMissingResource = "request.missing_resource"
	CodeRequestBadResource     = "request.bad_resource"
	CodeRequestEmptyKey        = "request.empty_key"
	CodeRequestBadTime         = "request.bad_time"
	CodeRequestBadIssuer       = "request.bad_session_issuer"
	CodeRequestUnusedIssuer    = "request.unused_session_issuer"
	CodeWorldWrongType         = "world.wrong_type"
	CodeWorldUnknownField      = "world.unknown_field"
	CodeWorldMissing           = "world.missing"
	CodeWorldDuplicate         = "world.duplicate"
	CodeWorldReference         = "world.reference"
	CodeWorldBadValue          = "world.bad_value"
)

// The evaluation document's limits (authz.MaxPolicies, ...) and its request context's rules.
const (
	CodeDocumentTooManyPolicies     = "document.too_many_policies"
	CodeDocumentTooManyStatements   = "document.too_many_statements"
	CodeRequestTooLong              = "request.too_long"
	CodeRequestDuplicateContextKey  = "request.duplicate_context_key"
	CodeRequestTooManyContextValues = "request.too_many_context_values"
	CodeRequestContextValueTooLong  = "request.context_value_too_long"
)

// stmt wraps statements in a current-version policy, to keep the examples short. The
// examples below spell it stmtOpen + s + stmtClose (and cond likewise): constant strings, so
// the table is data the linker lays out, not code that runs when the engine starts.
func stmt(s string) string { return stmtOpen + s + stmtClose }

const (
	stmtOpen  = `{"Version": "2012-10-17", "Statement": [`
	stmtClose = `]}`
	condOpen  = stmtOpen + `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": `
	condClose = `}` + stmtClose
)

// req is a complete request member of an evaluation document.
const req = `"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:GetSecretValue", "resource": "*"}`

// cond wraps a Condition element in an Allow statement of a current-version policy.
func cond(c string) string { return condOpen + c + condClose }

var codes = []CodeInfo{
	// JSON and document shape: reported by Parse.
	{CodeJSONSyntax, SeverityError, Refuses, bGrammar, "the text is not valid JSON; the finding says what was expected", KindIdentity, `{"Version": "2012-10-17",}`},
	{CodeJSONEmpty, SeverityError, Refuses, bGrammar, "the document is empty", KindIdentity, ` `},
	{CodeJSONTooDeep, SeverityError, Refuses, bGrammar, "the JSON nests deeper than any policy can", KindIdentity, ""},
	{CodeJSONTooLarge, SeverityError, Refuses, bQuota, "the document is far larger than any AWS policy quota; it is not read", KindIdentity, ""},
	{CodeJSONDuplicateKey, SeverityError, Refuses, bGrammar, "an object has the same key twice; AWS keeps only one", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}` + stmtClose},
	{CodeNotObject, SeverityError, Refuses, bGrammar, "a policy is a JSON object", KindIdentity, `[]`},
	{CodeWrongType, SeverityError, Refuses, bGrammar, "an element has the wrong JSON type (e.g. Effect as a list)", KindIdentity,
		stmtOpen + `{"Effect": ["Allow"], "Action": "*", "Resource": "*"}` + stmtClose},
	{CodeUnknownElement, SeverityError, Refuses, bGrammar, "a policy or statement element AWS does not know", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Actions": "*", "Resource": "*"}` + stmtClose},
	{CodeElementCase, SeverityError, Refuses, bGrammar, "element names are case-sensitive", KindIdentity,
		stmtOpen + `{"effect": "Allow", "Action": "*", "Resource": "*"}` + stmtClose},
	{CodePrincipalFormat, SeverityError, Refuses, bPrincipal, "a principal is malformed: a string other than \"*\", a bad account ID or ARN, a wildcard inside an ARN", KindResource,
		stmtOpen + `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1234:user/alice"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}` + stmtClose},

	// The document: reported by Validate.
	{CodeMissingVersion, SeverityWarning, Reports, bVersion, "no Version: without 2012-10-17 policy variables are not expanded", KindIdentity,
		`{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`},
	{CodeOldVersion, SeverityWarning, Reports, bVersion, "Version 2008-10-17 does not expand policy variables", KindIdentity,
		`{"Version": "2008-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}`},
	{CodeUnknownVersion, SeverityError, Refuses, bVersion, "Version is neither 2012-10-17 nor 2008-10-17", KindIdentity,
		`{"Version": "2012-10-18", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}`},
	{CodeMissingStatement, SeverityError, Refuses, bGrammar, "the policy has no Statement", KindIdentity, `{"Version": "2012-10-17"}`},
	{CodeEmptyStatement, SeverityError, Reports, bEmptyList, "the Statement list is empty", KindIdentity, stmtOpen + `` + stmtClose},
	{CodeTooLarge, SeverityWarning, Reports, bSize, "the policy is longer than AWS's size quota for its kind", KindSession,
		stmtOpen + `{"Sid": "` + strings.Repeat("Padding", 300) + `", "Effect": "Deny", "Action": "*", "Resource": "*"}` + stmtClose},

	// Statements.
	{CodeMissingEffect, SeverityError, Refuses, bGrammar, "a statement has no Effect", KindIdentity, stmtOpen + `{"Action": "*", "Resource": "*"}` + stmtClose},
	{CodeInvalidEffect, SeverityError, Refuses, bGrammar, "Effect is not \"Allow\" or \"Deny\" (it is case-sensitive)", KindIdentity,
		stmtOpen + `{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}` + stmtClose},
	{CodeActionAndNotAction, SeverityError, Refuses, bGrammar, "a statement has both Action and NotAction", KindIdentity,
		stmtOpen + `{"Effect": "Deny", "Action": "s3:*", "NotAction": "s3:GetObject", "Resource": "*"}` + stmtClose},
	{CodeMissingAction, SeverityError, Refuses, bGrammar, "a statement has neither Action nor NotAction", KindIdentity,
		stmtOpen + `{"Effect": "Deny", "Resource": "*"}` + stmtClose},
	{CodeResourceAndNotResource, SeverityError, Refuses, bGrammar, "a statement has both Resource and NotResource", KindIdentity,
		stmtOpen + `{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "NotResource": "arn:aws:s3:::b"}` + stmtClose},
	{CodeMissingResource, SeverityError, Refuses, bResource, "an identity, boundary or session policy statement has no Resource or NotResource", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "s3:GetObject"}` + stmtClose},
	{CodeResourceOmitted, SeverityWarning, Reports, bResource, "a resource policy or SCP statement has no Resource; AWS may reject it, write \"*\"", KindResource,
		stmtOpen + `{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "secretsmanager:GetSecretValue"}` + stmtClose},
	{CodePrincipalAndNotPrincipal, SeverityError, Refuses, bGrammar, "a statement has both Principal and NotPrincipal", KindResource,
		stmtOpen + `{"Effect": "Deny", "Principal": "*", "NotPrincipal": {"AWS": "111122223333"}, "Action": "*", "Resource": "*"}` + stmtClose},
	{CodePrincipalNotAllowed, SeverityError, Refuses, bPrincipal, "Principal or NotPrincipal in a policy attached to an identity (identity, boundary, session, SCP)", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}` + stmtClose},
	{CodeMissingPrincipal, SeverityError, Refuses, bPrincipal, "a resource policy statement has no Principal or NotPrincipal", KindResource,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}` + stmtClose},
	{CodeEmptyList, SeverityWarning, Reports, bAnalyzer, "an Action, Resource or principal list is empty, so the statement matches nothing", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": [], "Resource": "*"}` + stmtClose},
	{CodeEmptyCondition, SeverityWarning, Reports, bAnalyzer, "the Condition block is empty", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}}` + stmtClose},
	{CodeDuplicateSid, SeverityError, Refuses, bSid, "two statements have the same Sid", KindIdentity,
		stmtOpen + `{"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}` + stmtClose},
	{CodeSidCharacters, SeverityError, Refuses, bSid, "a Sid in an identity, boundary or session policy or an SCP has characters other than ASCII letters and digits", KindIdentity,
		stmtOpen + `{"Sid": "read-secrets", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}` + stmtClose},
	{CodeResourceSidCharacters, SeverityWarning, Reports, bResSid, "a resource policy's Sid has characters other than printable ASCII", KindResource,
		stmtOpen + `{"Sid": "read\tsecrets", "Effect": "Deny", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*"}` + stmtClose},
	{CodeDuplicateEntry, SeveritySuggestion, Reports, bAnalyzer, "a list repeats an entry", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": ["s3:GetObject", "s3:getobject"], "Resource": "*"}` + stmtClose},

	// Actions.
	{CodeActionFormat, SeverityError, Refuses, bAction, "an action is not of the form service:action", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "GetSecretValue", "Resource": "*"}` + stmtClose},
	{CodeUnknownAction, SeverityError, Reports, bAnalyzer, "an action of a catalogued service (secretsmanager:, kms:, sts:) that does not exist; the suggestion is the closest one", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:GetSecretValu", "Resource": "*"}` + stmtClose},
	{CodeActionMatchesNothing, SeverityWarning, Reports, bAnalyzer, "a wildcard of a catalogued service (secretsmanager:, kms:, sts:) that matches no action", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:Fetch*", "Resource": "*"}` + stmtClose},
	{CodeActionNeedsStarResource, SeverityWarning, Reports, bAnalyzer, "an action that acts on no secret (ListSecrets, GetRandomPassword, BatchGetSecretValue) with a Resource that cannot match \"*\"", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*"}` + stmtClose},

	// Resources.
	{CodeResourceFormat, SeverityError, Refuses, bResource, "a resource is neither \"*\" nor an ARN", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-bucket"}` + stmtClose},
	{CodeUnknownPartition, SeverityError, Refuses, bPartition, "an ARN whose partition does not exist (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:amazon:s3:::my-bucket/*"}` + stmtClose},
	{CodeUnclosedVariable, SeverityError, Refuses, bVariables, "a policy variable \"${\" with no closing \"}\" in a Resource or condition value of a 2012-10-17 policy", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username/*"}` + stmtClose},
	{CodeSecretARNType, SeverityWarning, Reports, bAnalyzer, "a Secrets Manager ARN whose resource type is not secret:, so it matches no secret", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:prod/db-AbCdEf"}` + stmtClose},
	{CodeSecretARNParts, SeverityWarning, Reports, bAnalyzer, "a secret ARN without a region or account, or with a malformed account", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1::secret:prod/db-AbCdEf"}` + stmtClose},
	{CodeSecretARNSuffix, SeverityWarning, Reports, bSecretARN, "a secret ARN without the six random characters AWS appends and no wildcard: it matches no secret", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db"}` + stmtClose},

	// Principals.
	{CodeEmptyPrincipal, SeverityError, Refuses, bPrincipal, "a Principal map names no one", KindResource,
		stmtOpen + `{"Effect": "Allow", "Principal": {}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}` + stmtClose},
	{CodePrincipalType, SeverityError, Refuses, bPrincipal, "a principal type other than AWS, Service, Federated, CanonicalUser", KindResource,
		stmtOpen + `{"Effect": "Allow", "Principal": {"aws": "111122223333"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}` + stmtClose},
	{CodeServicePrincipal, SeverityWarning, Reports, bPrincipal, "a Service principal that does not look like SERVICE.amazonaws.com", KindResource,
		stmtOpen + `{"Effect": "Allow", "Principal": {"Service": "lambda"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}` + stmtClose},

	// Conditions: reported by validateCondition (condition_validate.go).
	{CodeConditionUnknownOperator, SeverityError, Refuses, bOperator, "a condition operator AWS does not know (names are case-sensitive); the suggestion is the closest one", KindIdentity,
		condOpen + `{"StringEqual": {"aws:username": "alice"}}` + condClose},
	{CodeConditionIfExistsOnNull, SeverityError, Refuses, bOperator, "NullIfExists: Null already tests whether the key exists", KindIdentity,
		condOpen + `{"NullIfExists": {"aws:MultiFactorAuthAge": "true"}}` + condClose},
	{CodeConditionBadValue, SeverityError, Reports, bAnalyzer, "a value the operator cannot read: a bad number, date, CIDR, ARN or boolean", KindIdentity,
		condOpen + `{"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}}` + condClose},
	{CodeConditionValueType, SeverityError, Refuses, bGrammar, "a condition value that is null, an object or a list inside the list", KindIdentity,
		condOpen + `{"StringEquals": {"aws:username": [null]}}` + condClose},
	{CodeConditionEmptyValues, SeverityError, Reports, bAnalyzer, "a condition key with no values", KindIdentity,
		condOpen + `{"StringEquals": {"aws:username": []}}` + condClose},
	{CodeConditionSetOperatorOnSingleValued, SeverityWarning, Reports, bAnalyzer, "ForAnyValue:/ForAllValues: on a key that has one value", KindIdentity,
		condOpen + `{"ForAllValues:StringEquals": {"aws:username": "alice"}}` + condClose},
	{CodeConditionSingleOperatorOnMultiValued, SeverityWarning, Reports, bAnalyzer, "an operator without ForAnyValue:/ForAllValues: on a key that can have several values", KindIdentity,
		condOpen + `{"StringEquals": {"aws:TagKeys": "team"}}` + condClose},
	{CodeConditionVariableNotExpanded, SeverityWarning, Reports, bVariables, "a policy variable in an operator (or a policy Version) that does not expand it", KindIdentity,
		condOpen + `{"NumericEquals": {"aws:MultiFactorAuthAge": "${aws:username}"}}` + condClose},
	{CodeConditionBadVariable, SeverityWarning, Reports, bVariables, "a malformed policy variable default: write ${key, 'default'}", KindIdentity,
		condOpen + `{"StringEquals": {"aws:username": "${aws:username, default}"}}` + condClose},
	{CodeConditionKeyFormat, SeverityError, Refuses, bKey, "a condition key without a service prefix (aws:, secretsmanager:, ...)", KindIdentity,
		condOpen + `{"StringEquals": {"username": "alice"}}` + condClose},
	{CodeConditionUnknownKey, SeverityWarning, Reports, bAnalyzer, "an aws: key or a catalogued service's key (secretsmanager:, kms:, sts:) that does not exist", KindIdentity,
		condOpen + `{"StringEquals": {"aws:usernam": "alice"}}` + condClose},
	{CodeConditionKeyNotSupported, SeverityWarning, Reports, bAnalyzer, "a catalogued service's key none of the statement's actions supports", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*", "Condition": {"StringEquals": {"secretsmanager:VersionStage": "AWSCURRENT"}}}` + stmtClose},
	{CodeConditionKeyTypeMismatch, SeverityWarning, Reports, bAnalyzer, "an operator of one type on a key of another (e.g. NumericEquals on a string key)", KindIdentity,
		condOpen + `{"NumericEquals": {"aws:username": "1"}}` + condClose},
	{CodeConditionDuplicateKey, SeverityWarning, Reports, bAnalyzer, "the same key twice in one operator, in different case (keys are case-insensitive)", KindIdentity,
		condOpen + `{"StringEquals": {"aws:username": "alice", "aws:UserName": "bob"}}` + condClose},

	// Grants broader than they look.
	{CodeAllowNotAction, SeveritySecurityWarning, Reports, bAnalyzer, "Allow with NotAction grants every other action of every service", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}` + stmtClose},
	{CodeAllowNotResource, SeveritySecurityWarning, Reports, bAnalyzer, "Allow with NotResource grants every other resource", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "NotResource": "arn:aws:secretsmanager:*:*:secret:prod/*"}` + stmtClose},
	{CodeAllowNotPrincipal, SeveritySecurityWarning, Reports, bAnalyzer, "Allow with NotPrincipal grants everyone else, anonymous users included", KindResource,
		stmtOpen + `{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}` + stmtClose},
	{CodeFullAccess, SeveritySecurityWarning, Reports, bAnalyzer, "Allow of secretsmanager:* (or *) on Resource \"*\"", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}` + stmtClose},
	{CodeResourcePolicyAccess, SeveritySecurityWarning, Reports, bAnalyzer, "Allow of PutResourcePolicy or DeleteResourcePolicy on Resource \"*\"", KindIdentity,
		stmtOpen + `{"Effect": "Allow", "Action": "secretsmanager:PutResourcePolicy", "Resource": "*"}` + stmtClose},
	{CodePublicAccess, SeveritySecurityWarning, Reports, bPublic, "a resource policy statement allows principals outside a fixed set of accounts (Principal \"*\", an account wildcard, NotPrincipal) and no condition pins the caller to named accounts, an organization or a network; the suggestion adds the condition (package exposure)", KindResource,
		stmtOpen + `{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}` + stmtClose},
	// The evaluation document and its request: reported by authz.ReadDocument. Their examples
	// are evaluation documents (authz's TestInputCodeExamples checks them).
	{CodeDocumentNotObject, SeverityError, Input, bInput, "an evaluation document is a JSON object", KindIdentity, `[]`},
	{CodeDocumentWrongType, SeverityError, Input, bInput, "a field of the evaluation document or its request has the wrong JSON type", KindIdentity,
		"{" + `"identityPolicies": 7` + ", " + req + "}"},
	{CodeDocumentBadWant, SeverityError, Input, bInput, "want.decision is not Allow, ExplicitDeny, ImplicitDeny or Refused", KindIdentity,
		"{" + `"want": {"decision": "Allowed"}` + ", " + req + "}"},
	{CodeDocumentUnknownField, SeverityWarning, Input, bInput, "a field the evaluation document does not have; it is ignored", KindIdentity,
		"{" + `"identityPolicy": []` + ", " + req + "}"},
	{CodeDocumentBadKind, SeverityError, Input, bInput, "a policies entry has no kind, or one other than identity, resource, boundary, scp, session, key, trust", KindIdentity,
		"{" + `"policies": [{"kind": "user", "policy": {"Version": "2012-10-17", "Statement": []}}]` + ", " + req + "}"},
	{CodeDocumentBadLevel, SeverityError, Input, bInput, "an SCP entry's level is not a whole number", KindIdentity,
		"{" + `"policies": [{"kind": "scp", "level": -1, "policy": {"Version": "2012-10-17", "Statement": []}}]` + ", " + req + "}"},
	{CodeDocumentIgnoredPolicy, SeverityWarning, Input, bInput, "a second resource or session policy is on; only one applies to a request", KindIdentity,
		"{" + `"policies": [{"kind": "session", "policy": {"Version": "2012-10-17", "Statement": []}}, {"kind": "session", "policy": {"Version": "2012-10-17", "Statement": []}}]` + ", " + req + "}"},
	// The world file: reported by world.Read.
	{CodeWorldWrongType, SeverityError, Input, bInput, "an element of the world file has the wrong JSON type", KindIdentity, ""},
	{CodeWorldUnknownField, SeverityWarning, Input, bInput, "a field the world file does not have; it is ignored", KindIdentity, ""},
	{CodeWorldMissing, SeverityError, Input, bInput, "a required field of the world file is absent, or a secret has no AWSCURRENT version", KindIdentity, ""},
	{CodeWorldDuplicate, SeverityError, Input, bInput, "two things of one kind share a name or ID, or a staging label is on two versions", KindIdentity, ""},
	{CodeWorldReference, SeverityError, Input, bInput, "a name or ARN that names nothing in the world (a group, a managed policy, an SCP, a KMS key, an account)", KindIdentity, ""},
	{CodeWorldBadValue, SeverityError, Input, bInput, "a value AWS would not accept: an account ID, a time, base64, both a string and a binary value", KindIdentity, ""},
	{CodeRequestMissing, SeverityError, Input, bInput, "the evaluation document has no request", KindIdentity, `{"identityPolicies": []}`},
	{CodeRequestMissingAction, SeverityError, Input, bInput, "the request has no action", KindIdentity,
		"{" + `"request": {"principal": "arn:aws:iam::111122223333:user/alice", "resource": "*"}` + "}"},
	{CodeRequestBadAction, SeverityError, Input, bInput, "the request's action is not of the form service:Action", KindIdentity,
		"{" + `"request": {"action": "GetSecretValue", "resource": "*"}` + "}"},
	{CodeRequestUnknownAction, SeverityWarning, Input, bInput, "the request's action of a catalogued service does not exist; the suggestion is the closest one", KindIdentity,
		"{" + `"request": {"action": "secretsmanager:GetSecretValu", "resource": "*"}` + "}"},
	{CodeRequestBadPrincipal, SeverityWarning, Input, bInput, "the request's principal is not a user, role, session, account, federated user or service", KindIdentity,
		"{" + `"request": {"principal": "alice", "action": "secretsmanager:GetSecretValue", "resource": "*"}` + "}"},
	{CodeRequestMissingResource, SeverityWarning, Input, bInput, "the request has no resource; only Resource \"*\" and NotResource can match", KindIdentity,
		"{" + `"request": {"action": "secretsmanager:ListSecrets"}` + "}"},
	{CodeRequestEmptyKey, SeverityWarning, Input, bInput, "a context key with no name; it is ignored", KindIdentity,
		"{" + `"request": {"action": "secretsmanager:GetSecretValue", "resource": "*", "context": {"": "x"}}` + "}"},
	{CodeRequestBadResource, SeverityWarning, Input, bInput, "the request's resource is not an ARN", KindIdentity,
		"{" + `"request": {"action": "secretsmanager:GetSecretValue", "resource": "prod/db"}` + "}"},
	{CodeRequestBadTime, SeverityError, Input, bInput, "the request's time is not an RFC 3339 date and time", KindIdentity,
		"{" + `"request": {"action": "secretsmanager:GetSecretValue", "resource": "*", "time": "2025-13-01"}` + "}"},
	{CodeRequestBadIssuer, SeverityError, Input, bInput, "the request's sessionIssuer is not an IAM user ARN", KindIdentity,
		"{" + `"request": {"principal": "arn:aws:sts::111122223333:federated-user/Bob", "action": "secretsmanager:GetSecretValue", "resource": "*", "sessionIssuer": "arn:aws:iam::111122223333:role/R"}` + "}"},
	{CodeRequestUnusedIssuer, SeverityWarning, Input, bInput, "the request names a sessionIssuer, but its principal is not a federated user session", KindIdentity,
		"{" + `"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:GetSecretValue", "resource": "*", "sessionIssuer": "arn:aws:iam::111122223333:user/bob"}` + "}"},
	// The evaluation document's limits, which keep every input bounded in time and memory
	// (authz's limits.go says why each is where it is; their examples would be too large here).
	{CodeDocumentTooManyPolicies, SeverityError, Input, bInput, "the document has more policies than authz.MaxPolicies; the rest are not read", KindIdentity, ""},
	{CodeDocumentTooManyStatements, SeverityError, Input, bInput, "the document has more statements than authz.MaxStatements; the policies past that are not read", KindIdentity, ""},
	{CodeRequestTooLong, SeverityError, Input, bInput, "the request's principal, action or resource is longer than any ARN (authz.MaxRequestBytes); it is left out", KindIdentity, ""},
	{CodeRequestDuplicateContextKey, SeverityError, Input, bInput, "the context has a key twice, in the same or another case (keys ignore case); the first one written is used", KindIdentity,
		"{" + `"request": {"action": "secretsmanager:GetSecretValue", "resource": "*", "context": {"aws:username": "a", "AWS:UserName": "b"}}` + "}"},
	{CodeRequestTooManyContextValues, SeverityError, Input, bInput, "the context has more values than authz.MaxContextValues; the rest are left out", KindIdentity, ""},
	{CodeRequestContextValueTooLong, SeverityError, Input, bInput, "a context value is longer than authz.MaxContextValueBytes; it is left out", KindIdentity, ""},
}
