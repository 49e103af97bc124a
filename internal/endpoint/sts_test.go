package endpoint

import (
	"context"
	"encoding/json"
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
}

// TestSTSAssumeRole: admin, whose policies allow sts:AssumeRole, assumes the role the
// account's trust policy opens to it; the temporary credential signs as the role session
// for STS and Secrets Manager alike, and not without its session token. alice (no
// identity policy allows it), mateo (another account the trust policy does not name) and
// the root user are refused.
func TestSTSAssumeRole(t *testing.T) {
	st := secrets.New(assumingWorld(t), secrets.Options{Seed: 1})
	srv := httptest.NewServer(New(st, Options{}))
	defer srv.Close()
	ctx := context.Background()
	const role = "arn:aws:iam::111122223333:role/EC2RoleToAccessSecrets"
	in := &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("app-1")}
	out, err := stsClient(srv.URL, "AKIAADMINEXAMPLE0001", "admin-secret-access-key-example").AssumeRole(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	const session = "arn:aws:sts::111122223333:assumed-role/EC2RoleToAccessSecrets/app-1"
	if aws.ToString(out.AssumedRoleUser.Arn) != session || !strings.HasPrefix(aws.ToString(out.Credentials.AccessKeyId), "ASIA") || out.Credentials.Expiration == nil {
		t.Fatalf("AssumeRole: %+v %+v", out.AssumedRoleUser, out.Credentials)
	}
	k, s, tok := aws.ToString(out.Credentials.AccessKeyId), aws.ToString(out.Credentials.SecretAccessKey), aws.ToString(out.Credentials.SessionToken)
	sc := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(k, s, tok)})
	who, err := sc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != session || !strings.HasPrefix(aws.ToString(who.UserId), "AROA") || !strings.HasSuffix(aws.ToString(who.UserId), ":app-1") {
		t.Fatalf("the session's identity: %v %+v", err, who)
	}
	// a Secrets Manager call signed with the session is the session's: allowed or denied by the role's policies
	sm := sdkClientSession(t, srv.URL, k, s, tok)
	if _, err := sm.ListSecrets(ctx, nil); err != nil {
		if code, msg := apiError(t, err); code != secrets.AccessDenied || !strings.HasPrefix(msg, "User: "+session+" ") {
			t.Errorf("ListSecrets as the session: %s %s", code, msg)
		}
	}
	noToken := stsClient(srv.URL, k, s)
	if _, err := noToken.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err == nil {
		t.Error("the session's key signed without its token")
	} else if code, _ := apiError(t, err); code != "InvalidClientTokenId" {
		t.Errorf("without the token: %s", code)
	}
	for _, c := range []struct{ key, secret, want string }{
		{aliceKey, aliceSecret, "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: " + role},
		{"AKIAMATEOEXAMPLE0001", "mateo-secret-access-key-example", "User: arn:aws:iam::444455556666:user/mateo is not authorized to perform: sts:AssumeRole on resource: " + role},
		{TestKeyID, TestSecret, "Roles may not be assumed by root accounts."},
	} {
		_, err := stsClient(srv.URL, c.key, c.secret).AssumeRole(ctx, in)
		if code, msg := apiError(t, err); code != "AccessDenied" || !strings.HasPrefix(msg, c.want) {
			t.Errorf("%s: %s %s", c.key, code, msg)
		}
	}
	bad := &sts.AssumeRoleInput{RoleArn: aws.String(role), RoleSessionName: aws.String("no spaces")}
	if _, err := stsClient(srv.URL, "AKIAADMINEXAMPLE0001", "admin-secret-access-key-example").AssumeRole(ctx, bad); err == nil {
		t.Error("a session name with a space was accepted")
	} else if code, _ := apiError(t, err); code != "ValidationError" {
		t.Errorf("bad session name: %s", code)
	}
}

// assumingWorld is the default world with an inline policy that lets admin assume roles.
func assumingWorld(t *testing.T) *world.World {
	t.Helper()
	var f map[string]any
	if err := json.Unmarshal(world.DefaultFile(), &f); err != nil {
		t.Fatal(err)
	}
	for _, u := range f["accounts"].([]any)[0].(map[string]any)["users"].([]any) {
		if u := u.(map[string]any); u["name"] == "admin" {
			u["policies"] = []any{map[string]any{"name": "AssumeRoles", "policy": map[string]any{"Version": "2012-10-17",
				"Statement": []any{map[string]any{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/*"}}}}}
		}
	}
	b, _ := json.Marshal(f)
	w, fs := world.Read(b)
	if fs.HasErrors() {
		t.Fatalf("%v", fs)
	}
	return w
}
