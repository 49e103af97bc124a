package endpoint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/smithy-go"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// sdkClient is the AWS SDK for Go v2's Secrets Manager client, pointed at the endpoint and
// signing with the given key; nothing is read from the environment or ~/.aws.
func sdkClient(t *testing.T, url, key, secret string) *secretsmanager.Client {
	t.Helper()
	return sdkClientSession(t, url, key, secret, "")
}

// sdkClientSession is sdkClient with a temporary credential's session token.
func sdkClientSession(t *testing.T, url, key, secret, token string) *secretsmanager.Client {
	t.Helper()
	return sdkClientIn(t, url, "us-east-1", key, secret, token)
}

// sdkClientIn is the client signing for a region: the endpoint routes each request by its
// credential scope's region.
func sdkClientIn(t *testing.T, url, region, key, secret, token string) *secretsmanager.Client {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion(region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(key, secret, token)),
		config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}),
		config.WithRetryMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	return secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) { o.BaseEndpoint = aws.String(url) })
}

// apiError is the AWS error code and message of an SDK call's error.
func apiError(t *testing.T, err error) (string, string) {
	t.Helper()
	code, msg := apiErrorOf(err)
	if code == "" {
		t.Fatalf("not an AWS API error: %v", err)
	}
	return code, msg
}

// apiErrorOf is the AWS error code and message of an error, or "" when it is not an AWS one.
func apiErrorOf(err error) (string, string) {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return "", ""
	}
	return ae.ErrorCode(), ae.ErrorMessage()
}

// TestSDK drives the endpoint with the AWS SDK for Go v2 through a secret's life: create,
// get, put, list, describe, delete; then alice's denial and a bad signature.
func TestSDK(t *testing.T) {
	st := secrets.New(world.Default(), secrets.Options{Seed: 1})
	srv := httptest.NewServer(New(st, Options{}))
	defer srv.Close()
	ctx := context.Background()
	root := sdkClient(t, srv.URL, TestKeyID, TestSecret)

	created, err := root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("App/api"),
		SecretString: aws.String("first"), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("payments")}}})
	if err != nil {
		t.Fatal(err)
	}
	if arn := aws.ToString(created.ARN); !strings.HasPrefix(arn, "arn:aws:secretsmanager:us-east-1:111122223333:secret:App/api-") || len(arn) != len("arn:aws:secretsmanager:us-east-1:111122223333:secret:App/api-")+6 {
		t.Errorf("ARN %s", arn)
	}
	got, err := root.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("App/api")})
	if err != nil || aws.ToString(got.SecretString) != "first" || aws.ToString(got.VersionId) != aws.ToString(created.VersionId) || !got.CreatedDate.Equal(st.Now()) {
		t.Fatalf("get: %v %+v", err, got)
	}
	put, err := root.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: created.ARN, SecretBinary: []byte{0, 1, 2, 255}})
	if err != nil {
		t.Fatal(err)
	}
	got, err = root.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("App/api")})
	if err != nil || !bytes.Equal(got.SecretBinary, []byte{0, 1, 2, 255}) || got.SecretString != nil || aws.ToString(got.VersionId) != aws.ToString(put.VersionId) {
		t.Fatalf("get after put: %v %+v", err, got)
	}
	prev, err := root.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("App/api"), VersionStage: aws.String("AWSPREVIOUS")})
	if err != nil || aws.ToString(prev.SecretString) != "first" {
		t.Fatalf("AWSPREVIOUS: %v %+v", err, prev)
	}
	list, err := root.ListSecrets(ctx, &secretsmanager.ListSecretsInput{Filters: []types.Filter{{Key: types.FilterNameStringTypeTagValue, Values: []string{"payments"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range list.SecretList {
		names = append(names, aws.ToString(s.Name))
	}
	if !strings.Contains(strings.Join(names, " "), "App/api") {
		t.Errorf("list by tag value: %v", names)
	}
	desc, err := root.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("App/api")})
	if err != nil || len(desc.VersionIdsToStages) != 2 || desc.VersionIdsToStages[aws.ToString(put.VersionId)][0] != "AWSCURRENT" || desc.CreatedDate == nil || desc.CreatedDate.IsZero() {
		t.Fatalf("describe: %v %+v", err, desc)
	}
	if _, err := root.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String("App/api"), ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	_, err = root.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("App/api")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("get after delete: %v, want ResourceNotFoundException", err)
	}

	alice := sdkClient(t, srv.URL, aliceKey, aliceSecret)
	_, err = alice.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("Prod/db")})
	code, msg := apiError(t, err)
	if code != secrets.AccessDenied || !strings.HasPrefix(msg, "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:Prod/db-") || !strings.HasSuffix(msg, "because no identity-based policy allows the secretsmanager:GetSecretValue action") {
		t.Errorf("alice: %s: %s", code, msg)
	}
	if _, err := alice.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("TestEnv/db")}); err != nil {
		t.Errorf("alice reads TestEnv/db, which her policy allows: %v", err)
	}

	forged := sdkClient(t, srv.URL, aliceKey, "not-"+aliceSecret)
	_, err = forged.ListSecrets(ctx, &secretsmanager.ListSecretsInput{})
	if code, _ := apiError(t, err); code != InvalidSignature {
		t.Errorf("a wrong secret key: %s, want %s", code, InvalidSignature)
	}
	unknown := sdkClient(t, srv.URL, "AKIANOBODYEXAMPLE", "x")
	_, err = unknown.ListSecrets(ctx, &secretsmanager.ListSecretsInput{})
	if code, _ := apiError(t, err); code != UnrecognizedClient {
		t.Errorf("an unknown key: %s, want %s", code, UnrecognizedClient)
	}
}

// TestSDKConcurrent: concurrent SDK clients write one secret each and read it back; run
// under -race it checks the handler and the store share nothing unguarded.
func TestSDKConcurrent(t *testing.T) {
	srv := httptest.NewServer(New(secrets.New(world.Default(), secrets.Options{Seed: 2}), Options{}))
	defer srv.Close()
	ctx := context.Background()
	c := sdkClient(t, srv.URL, TestKeyID, TestSecret)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("Load/%d", i)
			if _, err := c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String("0")}); err != nil {
				t.Error(err)
				return
			}
			for j := 1; j <= 10; j++ {
				v := fmt.Sprint(j)
				if _, err := c.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)}); err != nil {
					t.Error(err)
					return
				}
				got, err := c.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})
				if err != nil || aws.ToString(got.SecretString) != v {
					t.Errorf("%s: %v, got %q, want %q", name, err, aws.ToString(got.SecretString), v)
					return
				}
			}
		}()
	}
	wg.Wait()
}
