package endpoint

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

func stsClient(url, key, secret string) *sts.Client {
	return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(key, secret, "")})
}

// TestSTSGetCallerIdentity: the SDK's STS client learns who each access key signs as, the
// user ID being the aws:userid that Secrets Manager calls carry.
func TestSTSGetCallerIdentity(t *testing.T) {
	st := secrets.New(world.Default(), secrets.Options{Seed: 1})
	srv := httptest.NewServer(New(st, Options{}))
	defer srv.Close()
	ctx := context.Background()
	for _, c := range []struct{ key, secret, arn, account, userID string }{
		{TestKeyID, TestSecret, "arn:aws:iam::111122223333:root", "111122223333", "111122223333"},
		{aliceKey, aliceSecret, "arn:aws:iam::111122223333:user/alice", "111122223333", "AIDA"},
		{"AKIAMATEOEXAMPLE0001", "mateo-secret-access-key-example", "arn:aws:iam::444455556666:user/mateo", "444455556666", "AIDA"},
	} {
		out, err := stsClient(srv.URL, c.key, c.secret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("%s: %v", c.key, err)
		}
		if aws.ToString(out.Arn) != c.arn || aws.ToString(out.Account) != c.account || !strings.HasPrefix(aws.ToString(out.UserId), c.userID) {
			t.Errorf("%s: %s %s %s", c.key, aws.ToString(out.Arn), aws.ToString(out.Account), aws.ToString(out.UserId))
		}
	}
	_, err := stsClient(srv.URL, aliceKey, "wrong").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if code, _ := apiError(t, err); code != "SignatureDoesNotMatch" {
		t.Errorf("a wrong secret: %s", code)
	}
	_, err = stsClient(srv.URL, "AKIANOBODY", "x").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if code, _ := apiError(t, err); code != "InvalidClientTokenId" {
		t.Errorf("an unknown key: %s", code)
	}
	_, err = stsClient(srv.URL, TestKeyID, TestSecret).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111122223333:role/EC2RoleToAccessSecrets"), RoleSessionName: aws.String("s")})
	if code, msg := apiError(t, err); code != "InvalidAction" || !strings.Contains(msg, "AssumeRole") {
		t.Errorf("AssumeRole: %s %s", code, msg)
	}
}
