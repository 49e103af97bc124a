package secrets

import (
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/exposure"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/world"
)

// The resource-policy group: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy and
// ValidateResourcePolicy (Secrets Manager API Reference). A policy is compiled once, when it
// is put; every later call on the secret, from its own account or another, decides with it.
//
// BlockPublicPolicy defaults to false: "Specifies whether to block resource-based policies
// that allow broad access to the secret, for example those that use a wildcard for the
// principal. By default, public policies aren't blocked." (API Reference, PutResourcePolicy,
// as it stands). Older revisions of the page said the opposite ("By default, Secrets Manager
// blocks policies that allow broad access, for example those that use a wildcard for the
// principal."); the SDK models changed with them. What is "broad access" is package
// exposure's check, which also explains the PublicPolicyException.

type policyInput struct {
	SecretId          *string `json:"SecretId"`
	ResourcePolicy    *string `json:"ResourcePolicy"`
	BlockPublicPolicy *bool   `json:"BlockPublicPolicy"`
}

// The messages of the API Reference's errors of this group.
const (
	// MalformedPolicyDocumentException: "The resource policy has syntax errors."
	malformedMessage = "The resource policy has syntax errors."
	// PublicPolicyException: "The BlockPublicPolicy parameter is set to true, and the
	// resource policy did not prevent broad access to the secret."
	publicMessage = "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret."
)

// PolicyFindings explain an answer about a policy a call gave (MalformedPolicyDocumentException,
// PublicPolicyException, ValidateResourcePolicy's ValidationErrors): the policy's text and
// the findings, positioned in it, each public statement's with its fix as the suggestion.
type PolicyFindings struct {
	Source   []byte
	Findings policy.Findings
}

// compileResourcePolicy reads a resource policy once, as it is written. A policy AWS
// refuses (bad grammar, an invalid principal such as an IAM group: "you can't specify an IAM
// group as a principal in a resource-based policy. Only users and roles are principals",
// Secrets Manager User Guide) is MalformedPolicyDocumentException with the first such
// finding and its position; findings AWS only reports (an unknown action) do not stop it.
func compileResourcePolicy(r *Result, text string) (*authz.Policy, *Error) {
	p := authz.NewPolicy(policy.KindResource, "resource policy", []byte(text))
	if p.Valid() {
		return p, nil
	}
	var refused policy.Findings
	for _, f := range p.Findings {
		if f.Refused {
			refused = append(refused, f)
		}
	}
	r.Policy = &PolicyFindings{Source: p.Doc.Source, Findings: refused}
	return p, errorf(MalformedPolicy, "%s: %s", strings.TrimSuffix(malformedMessage, "."), positioned(refused[0]))
}

// owner is who owns the secret, for the public-access check's fix: its account, and the
// organization when the account is in one.
func (s *Store) owner(e *entry) exposure.Owner {
	o := exposure.Owner{Account: e.acct.ID}
	if s.w.Organization != nil && s.w.SCPLevels(e.acct.ID) != nil {
		o.OrgID = s.w.Organization.ID
	}
	return o
}

// publicError is PublicPolicyException with the statements that make the policy public,
// why, and the condition that would make each private; r.Policy holds them as findings.
func publicError(r *Result, p *authz.Policy, rep exposure.Report) *Error {
	var b strings.Builder
	b.WriteString(publicMessage)
	r.Policy = &PolicyFindings{Source: p.Doc.Source}
	n := 0
	for _, st := range rep.Statements {
		if !st.Public {
			continue
		}
		r.Policy.Findings = append(r.Policy.Findings, st.Finding())
		n++
		b.WriteString(" ")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(". ")
		b.WriteString(st.Message())
		b.WriteString(".")
	}
	return &Error{Type: PublicPolicy, Message: b.String()}
}

// putResourcePolicy is PutResourcePolicy: the policy is compiled once, here, and every later
// call on the secret decides with it. With BlockPublicPolicy true, a public policy is
// PublicPolicyException and the secret keeps the policy it had.
func putResourcePolicy(s *Store, c *Call, r *Result) *Error {
	var in policyInput
	if err := decode(c, &in); err != nil {
		return err
	}
	e, err := s.onSecret(c, r, in.SecretId, true, kv{"secretsmanager:blockpublicpolicy", optionalBool(in.BlockPublicPolicy)})
	if err != nil {
		return err
	}
	p, err := compileResourcePolicy(r, *in.ResourcePolicy)
	if err != nil {
		return err
	}
	if in.BlockPublicPolicy != nil && *in.BlockPublicPolicy {
		if rep := exposure.Check(p.Doc, s.owner(e)); rep.Public {
			return publicError(r, p, rep)
		}
	}
	e.s.Policy = &world.NamedPolicy{Name: "resource policy", Policy: p, Raw: []byte(*in.ResourcePolicy)}
	return s.changed(r, e)
}

// getResourcePolicy is GetResourcePolicy: the policy as written, or no ResourcePolicy member
// when the secret has none.
func getResourcePolicy(s *Store, c *Call, r *Result) *Error {
	e, err := s.onSecretID(c, r, false)
	if err != nil {
		return err
	}
	out := struct {
		ARN            string  `json:"ARN"`
		Name           string  `json:"Name"`
		ResourcePolicy *string `json:"ResourcePolicy,omitempty"`
	}{ARN: e.arn, Name: e.s.Name}
	if e.s.Policy != nil {
		text := string(e.s.Policy.Raw)
		out.ResourcePolicy = &text
	}
	return marshal(r, out)
}

// deleteResourcePolicy is DeleteResourcePolicy: the secret answers to identity policies
// alone again (and, across accounts, to nobody).
func deleteResourcePolicy(s *Store, c *Call, r *Result) *Error {
	e, err := s.onSecretID(c, r, true)
	if err != nil {
		return err
	}
	e.s.Policy = nil
	return s.changed(r, e)
}

// validationError is a ValidationErrorsEntry: "CheckName: Checks the name of the policy" and
// "ErrorMessage: Displays error messages if validation encounters problems during
// validation of the resource policy" (API Reference); CheckName is the finding's code.
type validationError struct {
	CheckName    string `json:"CheckName"`
	ErrorMessage string `json:"ErrorMessage"`
}

// validateResourcePolicy is ValidateResourcePolicy: "Sends a call to Zelkova ... to ensure
// your resource policy does not allow broad access to your secret" (the public-access check)
// and "Checks for correct syntax in a policy" (the validator's errors); text that is not a
// JSON policy at all is MalformedPolicyDocumentException. "Required permissions:
// secretsmanager:ValidateResourcePolicy and secretsmanager:PutResourcePolicy" (API
// Reference): both are authorized, on the secret named or on "*" without one.
func validateResourcePolicy(s *Store, c *Call, r *Result) *Error {
	var in policyInput
	if err := decode(c, &in); err != nil {
		return err
	}
	owner, t, id := exposure.Owner{}, anyResource, []string(nil)
	if in.SecretId != nil {
		t, id = s.resolve(c, *in.SecretId), s.one(*in.SecretId)
	}
	for _, op := range [...]string{c.Operation, "PutResourcePolicy"} {
		if err := s.authorize(c, r, action(op), t, id); err != nil {
			return err
		}
	}
	if in.SecretId != nil {
		if t.e == nil {
			return notFound()
		}
		owner = s.owner(t.e)
	}
	p := authz.NewPolicy(policy.KindResource, "resource policy", []byte(*in.ResourcePolicy))
	for _, f := range p.Findings {
		if strings.HasPrefix(f.Code, "json.") {
			r.Policy = &PolicyFindings{Source: p.Doc.Source, Findings: policy.Findings{f}}
			return errorf(MalformedPolicy, "%s: %s", strings.TrimSuffix(malformedMessage, "."), positioned(f))
		}
	}
	out := struct {
		PolicyValidationPassed bool              `json:"PolicyValidationPassed"`
		ValidationErrors       []validationError `json:"ValidationErrors"`
	}{ValidationErrors: []validationError{}}
	var explained policy.Findings
	for _, f := range p.Findings {
		if f.Severity == policy.SeverityError {
			explained = append(explained, f)
		}
	}
	for _, st := range exposure.Check(p.Doc, owner).Statements {
		if st.Public {
			explained = append(explained, st.Finding())
		}
	}
	for _, f := range explained {
		out.ValidationErrors = append(out.ValidationErrors, validationError{f.Code, positioned(f)})
	}
	out.PolicyValidationPassed = len(out.ValidationErrors) == 0
	if !out.PolicyValidationPassed {
		r.Policy = &PolicyFindings{Source: p.Doc.Source, Findings: explained}
	}
	return marshal(r, out)
}

// positioned is a finding's message with its place in the policy.
func positioned(f policy.Finding) string {
	return f.Message + " (line " + strconv.Itoa(f.Range.Start.Line) + ", column " + strconv.Itoa(f.Range.Start.Column) + ")"
}
