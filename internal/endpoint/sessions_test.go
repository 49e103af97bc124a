package endpoint

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// A role session made by AssumeRole survives a restart over the same state: the credential
// signs again as the session until it expires, then answers ExpiredToken's refusal; a
// session the restart finds expired is not restored; an unreadable sessions file stops the
// restart rather than dropping acknowledged credentials.
func TestSessionsSurviveRestarts(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	clock := time.Now()
	now := func() time.Time { return clock }
	start := func(w *world.World) (*httptest.Server, *Handler) {
		h := New(secrets.New(w, secrets.Options{Seed: 1}), Options{State: state, Now: now})
		if err := h.RestoreSessions(); err != nil {
			t.Fatal(err)
		}
		return httptest.NewServer(h), h
	}
	srv, _ := start(assumingWorld(t))
	ctx := context.Background()
	out, err := stsClient(srv.URL, "AKIAADMINEXAMPLE0001", "admin-secret-access-key-example").AssumeRole(ctx,
		&sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111122223333:role/EC2RoleToAccessSecrets"), RoleSessionName: aws.String("app-1")})
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	if _, err := os.Stat(SessionsFile(state)); err != nil {
		t.Fatalf("AssumeRole answered before its session was saved: %v", err)
	}
	sessionClient := func(url string) *sts.Client {
		return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider(aws.ToString(out.Credentials.AccessKeyId), aws.ToString(out.Credentials.SecretAccessKey), aws.ToString(out.Credentials.SessionToken))})
	}

	// a restart: a new handler over the same world and state file
	srv, _ = start(assumingWorld(t))
	who, err := sessionClient(srv.URL).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:sts::111122223333:assumed-role/EC2RoleToAccessSecrets/app-1" {
		t.Fatalf("after the restart: %v %+v", err, who)
	}
	clock = clock.Add(2 * time.Hour)
	if _, err := sessionClient(srv.URL).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err == nil {
		t.Error("an expired session still signs")
	}
	srv.Close()

	// restarted after the session expired: not restored
	srv, h := start(assumingWorld(t))
	if n := len(h.sessions); n != 0 {
		t.Errorf("%d expired sessions restored", n)
	}
	srv.Close()

	if err := os.WriteFile(SessionsFile(state), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	h = New(secrets.New(assumingWorld(t), secrets.Options{Seed: 1}), Options{State: state, Now: now})
	if err := h.RestoreSessions(); err == nil {
		t.Error("a corrupt sessions file was ignored")
	}
}
