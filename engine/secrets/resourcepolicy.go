package secrets

import (
	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/world"
)

type policyInput struct {
	SecretId          *string `json:"SecretId"`
	ResourcePolicy    *string `json:"ResourcePolicy"`
	BlockPublicPolicy *bool   `json:"BlockPublicPolicy"`
}

func checkPolicyText(text *string) *Error {
	if text == nil {
		return invalid("resourcePolicy", "Member must not be null")
	}
	return checkLen("resourcePolicy", *text, 1, maxPolicy)
}

// compileResourcePolicy reads a resource policy once, as it is written; a policy with an
// error finding is MalformedPolicyDocumentException with the finding's message.
func compileResourcePolicy(text string) (*authz.Policy, *Error) {
	p := authz.NewPolicy(policy.KindResource, "resource policy", []byte(text))
	if f, bad := firstError(p.Findings); bad {
		return p, errorf(MalformedPolicy, "%s (line %d, column %d)", f.Message, f.Range.Start.Line, f.Range.Start.Column)
	}
	return p, nil
}

// public reports whether a policy allows everyone: an Allow statement with Principal "*"
// and no condition (BlockPublicPolicy: "block resource-based policies that allow broad
// access to the secret, for example those that use a wildcard for the principal").
func public(p *authz.Policy, arn string) bool {
	anyone := authz.Prepare(authz.Request{Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: arn})
	in := authz.Input{Resource: p} // an anonymous caller has no identity policy: the resource policy alone must allow
	return in.Decide(anyone) == authz.Allow
}

// putResourcePolicy is PutResourcePolicy: the policy is compiled once, here, and every later
// call on the secret decides with it.
func putResourcePolicy(s *Store, c *Call, r *Result) *Error {
	var in policyInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := checkPolicyText(in.ResourcePolicy); err != nil {
		return err
	}
	block := in.BlockPublicPolicy != nil && *in.BlockPublicPolicy
	e, err := s.onSecret(c, r, in.SecretId, true, kv{"secretsmanager:blockpublicpolicy", optionalBool(in.BlockPublicPolicy)})
	if err != nil {
		return err
	}
	p, err := compileResourcePolicy(*in.ResourcePolicy)
	if err != nil {
		return err
	}
	if block && public(p, e.arn) {
		return errorf(PublicPolicy, "BlockPublicPolicy is true and the resource policy grants broad access to the secret.")
	}
	e.s.Policy = &world.NamedPolicy{Name: "resource policy", Policy: p, Raw: []byte(*in.ResourcePolicy)}
	return s.changed(r, e)
}

// getResourcePolicy is GetResourcePolicy: the policy as written, or none.
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

// deleteResourcePolicy is DeleteResourcePolicy.
func deleteResourcePolicy(s *Store, c *Call, r *Result) *Error {
	e, err := s.onSecretID(c, r, true)
	if err != nil {
		return err
	}
	e.s.Policy = nil
	return s.changed(r, e)
}

// validateResourcePolicy is ValidateResourcePolicy: the validator's findings as
// ValidationErrors; on the secret named, or on "*" without one.
func validateResourcePolicy(s *Store, c *Call, r *Result) *Error {
	var in policyInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := checkPolicyText(in.ResourcePolicy); err != nil {
		return err
	}
	if in.SecretId != nil {
		if _, err := s.onSecret(c, r, in.SecretId, false); err != nil {
			return err
		}
	} else if err := s.authorize(c, r, action(c.Operation), anyResource, nil); err != nil {
		return err
	}
	p := authz.NewPolicy(policy.KindResource, "resource policy", []byte(*in.ResourcePolicy))
	type validationError struct {
		CheckName    string `json:"CheckName"`
		ErrorMessage string `json:"ErrorMessage"`
	}
	out := struct {
		PolicyValidationPassed bool              `json:"PolicyValidationPassed"`
		ValidationErrors       []validationError `json:"ValidationErrors"`
	}{ValidationErrors: []validationError{}}
	for _, f := range p.Findings {
		if f.Severity == policy.SeverityError {
			out.ValidationErrors = append(out.ValidationErrors, validationError{f.Code, f.Message})
		}
	}
	out.PolicyValidationPassed = len(out.ValidationErrors) == 0
	return marshal(r, out)
}
