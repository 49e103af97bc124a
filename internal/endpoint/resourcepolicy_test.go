package endpoint

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// TestSDKResourcePolicies drives the resource-policy operations with the AWS SDK for Go v2:
// each succeeds, each of its errors arrives as the SDK's typed exception, a denial is
// AccessDeniedException, and a failed call leaves the policy as it was.
func TestSDKResourcePolicies(t *testing.T) {
	srv := httptest.NewServer(New(secrets.New(world.Default(), secrets.Options{Seed: 1}), Options{}))
	defer srv.Close()
	ctx := context.Background()
	root := sdkClient(t, srv.URL, TestKeyID, TestSecret)
	alice := sdkClient(t, srv.URL, aliceKey, aliceSecret)
	const (
		named  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"secretsmanager:DescribeSecret","Resource":"*"}]}`
		public = `{"Version":"2012-10-17","Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
		group  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/Developers"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	)
	id := aws.String("Prod/db")

	// before: alice may not describe Prod/db; the secret has no policy
	if _, err := alice.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: id}); err == nil {
		t.Fatal("alice describes Prod/db without a policy naming her")
	}
	got, err := root.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: id})
	if err != nil || got.ResourcePolicy != nil || aws.ToString(got.Name) != "Prod/db" {
		t.Fatalf("get with none: %v %+v", err, got)
	}

	// put, and the policy decides alice's next call
	put, err := root.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: id, ResourcePolicy: aws.String(named), BlockPublicPolicy: aws.Bool(true)})
	if err != nil || !strings.HasPrefix(aws.ToString(put.ARN), "arn:aws:secretsmanager:us-east-1:111122223333:secret:Prod/db-") {
		t.Fatalf("put: %v %+v", err, put)
	}
	if _, err := alice.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: id}); err != nil {
		t.Errorf("alice, named by the policy: %v", err)
	}
	got, err = root.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: id})
	if err != nil || aws.ToString(got.ResourcePolicy) != named {
		t.Fatalf("get: %v %+v", err, got)
	}

	// the errors, each leaving the policy as it was
	var pub *types.PublicPolicyException
	_, err = root.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: id, ResourcePolicy: aws.String(public), BlockPublicPolicy: aws.Bool(true)})
	if !errors.As(err, &pub) || !strings.Contains(pub.ErrorMessage(), `statement "Everyone" (line 1) is public`) || !strings.Contains(pub.ErrorMessage(), `"aws:PrincipalOrgID": "o-a1b2c3d4e5"`) {
		t.Errorf("public, blocked: %v", err)
	}
	var malformed *types.MalformedPolicyDocumentException
	_, err = root.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: id, ResourcePolicy: aws.String(group)})
	if !errors.As(err, &malformed) || !strings.Contains(malformed.ErrorMessage(), "group") {
		t.Errorf("a group as principal: %v", err)
	}
	var nf *types.ResourceNotFoundException
	if _, err = root.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: aws.String("nope"), ResourcePolicy: aws.String(named)}); !errors.As(err, &nf) {
		t.Errorf("put on a missing secret: %v", err)
	}
	if _, err = root.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: aws.String("nope")}); !errors.As(err, &nf) {
		t.Errorf("get on a missing secret: %v", err)
	}
	if _, err = root.DeleteResourcePolicy(ctx, &secretsmanager.DeleteResourcePolicyInput{SecretId: aws.String("nope")}); !errors.As(err, &nf) {
		t.Errorf("delete on a missing secret: %v", err)
	}
	if _, err = root.ValidateResourcePolicy(ctx, &secretsmanager.ValidateResourcePolicyInput{ResourcePolicy: aws.String(`{"Statement": [`)}); !errors.As(err, &malformed) {
		t.Errorf("validate not JSON: %v", err)
	}
	for name, call := range map[string]func() error{
		"put": func() error {
			_, err := alice.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: id, ResourcePolicy: aws.String(public)})
			return err
		},
		"get": func() error {
			_, err := alice.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: id})
			return err
		},
		"delete": func() error {
			_, err := alice.DeleteResourcePolicy(ctx, &secretsmanager.DeleteResourcePolicyInput{SecretId: id})
			return err
		},
		"validate": func() error {
			_, err := alice.ValidateResourcePolicy(ctx, &secretsmanager.ValidateResourcePolicyInput{ResourcePolicy: aws.String(named)})
			return err
		},
	} {
		if code, _ := apiError(t, call()); code != secrets.AccessDenied {
			t.Errorf("alice's %s: %s, want %s", name, code, secrets.AccessDenied)
		}
	}
	got, err = root.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: id})
	if err != nil || aws.ToString(got.ResourcePolicy) != named {
		t.Fatalf("after the failed calls the policy is %v %+v", err, got)
	}

	// validate: passed, and failed with the check that failed
	v, err := root.ValidateResourcePolicy(ctx, &secretsmanager.ValidateResourcePolicyInput{ResourcePolicy: aws.String(named)})
	if err != nil || !v.PolicyValidationPassed || len(v.ValidationErrors) != 0 {
		t.Errorf("validate a named policy: %v %+v", err, v)
	}
	v, err = root.ValidateResourcePolicy(ctx, &secretsmanager.ValidateResourcePolicyInput{SecretId: id, ResourcePolicy: aws.String(public)})
	if err != nil || v.PolicyValidationPassed || len(v.ValidationErrors) != 1 || aws.ToString(v.ValidationErrors[0].CheckName) != "policy.public_access" ||
		!strings.Contains(aws.ToString(v.ValidationErrors[0].ErrorMessage), "is public") {
		t.Errorf("validate a public policy: %v %+v", err, v)
	}

	// delete, and alice is denied again
	if _, err := root.DeleteResourcePolicy(ctx, &secretsmanager.DeleteResourcePolicyInput{SecretId: id}); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: id}); err == nil {
		t.Error("alice describes Prod/db after the policy was deleted")
	}
	// BlockPublicPolicy left out: a public policy is stored (the default is false)
	if _, err := root.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: id, ResourcePolicy: aws.String(public)}); err != nil {
		t.Errorf("public, not blocked: %v", err)
	}
}
