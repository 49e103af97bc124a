package endpoint

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// The cross-account KMS rule of the seed 004_80a921312c8f277f.txt through the endpoint with
// the AWS SDK for Go v2: mateo, whose identity policy and the secrets' resource policies
// allow the read, fails on the secret under the AWS managed key with AWS's
// InvalidRequestException ("A secret encrypted with the default Secrets Manager CMK for the
// account can be decrypted only by principals in that account") and reads the one under a
// customer managed key whose key policy allows him; on a key whose policy does not, he gets
// AccessDeniedException; and the log explains each refusal with the key's policy.
func TestSDKCrossAccountKMS(t *testing.T) {
	src, err := os.ReadFile("../../engine/world/testdata/worlds/cross_account_kms.json")
	if err != nil {
		t.Fatal(err)
	}
	w, fs := world.Read(src)
	if fs.HasErrors() {
		t.Fatal(fs)
	}
	var log strings.Builder
	srv := httptest.NewServer(New(secrets.New(w, secrets.Options{Seed: 1}), Options{Log: &log}))
	defer srv.Close()
	ctx := context.Background()
	mateo := sdkClient(t, srv.URL, "AKIAMATEOEXAMPLE0001", "mateo-secret-access-key-example")
	arn := func(name string) *string {
		return aws.String("arn:aws:secretsmanager:us-east-1:111122223333:secret:" + name)
	}

	_, err = mateo.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: arn("Shared/on-default-key-AbCdEf")})
	if code, msg := apiError(t, err); code != secrets.InvalidRequest || msg != "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key." {
		t.Errorf("default key: %s %s", code, msg)
	}
	got, err := mateo.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: arn("Shared/on-customer-key-GhIjKl")})
	if err != nil || aws.ToString(got.SecretString) != "EXAMPLE-customer-key-value" {
		t.Errorf("customer managed key: %v %+v", err, got)
	}
	_, err = mateo.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: arn("Shared/on-private-key-MnOpQr")})
	if code, msg := apiError(t, err); code != secrets.AccessDenied || msg != "Access to KMS is not allowed" {
		t.Errorf("a key whose policy does not name him: %s %s", code, msg)
	}
	_, err = mateo.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: arn("Shared/on-default-key-AbCdEf"), SecretString: aws.String("EXAMPLE-new")})
	if code, _ := apiError(t, err); code != secrets.InvalidRequest {
		t.Errorf("put on the default key: %s", code)
	}
	batch, err := mateo.BatchGetSecretValue(ctx, &secretsmanager.BatchGetSecretValueInput{SecretIdList: []string{*arn("Shared/on-default-key-AbCdEf"), *arn("Shared/on-customer-key-GhIjKl")}})
	if err != nil || len(batch.SecretValues) != 1 || len(batch.Errors) != 1 || aws.ToString(batch.Errors[0].ErrorCode) != secrets.InvalidRequest {
		t.Errorf("batch: %v %+v", err, batch)
	}
	l := log.String()
	for _, want := range []string{
		"is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/0b0e5b5e-1111-4a6d-9c1e-aaaaaaaaaaaa",
		"is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/5678efab-34cd-56ef-78ab-1234567890cd",
		"is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:us-east-1:111122223333:key/0b0e5b5e-1111-4a6d-9c1e-aaaaaaaaaaaa",
	} {
		if !strings.Contains(l, want) {
			t.Errorf("the log lacks %q:\n%s", want, l)
		}
	}
	if strings.Contains(l, "EXAMPLE-") {
		t.Errorf("a secret value in the log:\n%s", l)
	}
}
