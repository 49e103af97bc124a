package endpoint

import (
	"context"
	"errors"
	"maps"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// sdkRegionClient is sdkClient signing for another region.
func sdkRegionClient(t *testing.T, url, region, key, secret string) *secretsmanager.Client {
	t.Helper()
	return sdkClientIn(t, url, region, key, secret, "")
}

const rotateFn = "arn:aws:lambda:us-east-1:111122223333:function:rotate"

// describeOf is DescribeSecret's answer, to compare before and after a failed call.
func describeOf(t *testing.T, c *secretsmanager.Client, id string) string {
	t.Helper()
	d, err := c.DescribeSecret(context.Background(), &secretsmanager.DescribeSecretInput{SecretId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(aws.ToString(d.RotationLambdaARN))
	for _, id := range slices.Sorted(maps.Keys(d.VersionIdsToStages)) {
		b.WriteString(" " + id + "=" + strings.Join(d.VersionIdsToStages[id], ","))
	}
	for _, r := range d.ReplicationStatus {
		b.WriteString(" " + aws.ToString(r.Region) + ":" + string(r.Status))
	}
	if d.RotationRules != nil {
		b.WriteString(" " + aws.ToString(d.RotationRules.ScheduleExpression))
	}
	return b.String() + " " + d.LastChangedDate.String()
}

// RotateSecret and CancelRotateSecret through the AWS SDK for Go v2: the rotation runs, the
// description shows it, each error arrives typed and changes nothing.
func TestSDKRotation(t *testing.T) {
	st := secrets.New(world.Default(), secrets.Options{Seed: 1})
	srv := httptest.NewServer(New(st, Options{}))
	defer srv.Close()
	ctx := context.Background()
	root := sdkClient(t, srv.URL, TestKeyID, TestSecret)

	out, err := root.RotateSecret(ctx, &secretsmanager.RotateSecretInput{SecretId: aws.String("TestEnv/db"), RotationLambdaARN: aws.String(rotateFn),
		RotationRules: &types.RotationRulesType{ScheduleExpression: aws.String("rate(10 days)"), Duration: aws.String("4h")}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := root.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("TestEnv/db")})
	if err != nil || aws.ToString(got.VersionId) != aws.ToString(out.VersionId) || strings.Contains(aws.ToString(got.SecretString), "EXAMPLE-test-password") {
		t.Fatalf("after rotation: %v %s", err, aws.ToString(got.VersionId))
	}
	d, err := root.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("TestEnv/db")})
	now := st.Now()
	next := time.Date(now.Year(), now.Month(), now.Day()+10, 0, 0, 0, 0, time.UTC)
	if err != nil || !aws.ToBool(d.RotationEnabled) || aws.ToString(d.RotationLambdaARN) != rotateFn || !d.LastRotatedDate.Equal(now) ||
		!d.NextRotationDate.Equal(next) || aws.ToString(d.RotationRules.Duration) != "4h" || aws.ToInt64(d.RotationRules.AutomaticallyAfterDays) != 10 {
		t.Fatalf("describe: %v %+v", err, d)
	}

	before := describeOf(t, root, "TestEnv/db")
	for _, tc := range []struct {
		in   *secretsmanager.RotateSecretInput
		c    *secretsmanager.Client
		want string
	}{
		{&secretsmanager.RotateSecretInput{SecretId: aws.String("TestEnv/db"), RotationRules: &types.RotationRulesType{ScheduleExpression: aws.String("rate(1 hour)")}}, root, secrets.InvalidParameter},
		{&secretsmanager.RotateSecretInput{SecretId: aws.String("TestEnv/db"), RotationLambdaARN: aws.String("arn:aws:lambda:us-east-1:111122223333:function:none")}, root, secrets.AccessDenied},
		{&secretsmanager.RotateSecretInput{SecretId: aws.String("Nope"), RotationLambdaARN: aws.String(rotateFn)}, root, secrets.ResourceNotFound},
		{&secretsmanager.RotateSecretInput{SecretId: aws.String("TestEnv/db")}, sdkClient(t, srv.URL, aliceKey, aliceSecret), secrets.AccessDenied},
	} {
		_, err := tc.c.RotateSecret(ctx, tc.in)
		if code, _ := apiError(t, err); code != tc.want {
			t.Errorf("%+v: %v, want %s", tc.in, err, tc.want)
		}
		if after := describeOf(t, root, "TestEnv/db"); after != before {
			t.Errorf("a failed RotateSecret changed the secret: %s -> %s", before, after)
		}
	}
	if _, err := root.CancelRotateSecret(ctx, &secretsmanager.CancelRotateSecretInput{SecretId: aws.String("TestEnv/db")}); err != nil {
		t.Fatal(err)
	}
	if d, _ := root.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("TestEnv/db")}); aws.ToBool(d.RotationEnabled) || d.NextRotationDate != nil {
		t.Errorf("after cancel: %+v", d)
	}
}

// Replication through the SDK: a replica read by a client of another region, its writes
// refused, the SCP's aws:RequestedRegion deciding in eu-west-1, the replica promoted.
func TestSDKReplication(t *testing.T) {
	srv := httptest.NewServer(New(secrets.New(world.Default(), secrets.Options{Seed: 1}), Options{}))
	defer srv.Close()
	ctx := context.Background()
	east := sdkClient(t, srv.URL, TestKeyID, TestSecret)
	west := sdkRegionClient(t, srv.URL, "us-west-2", TestKeyID, TestSecret)
	eu := sdkRegionClient(t, srv.URL, "eu-west-1", TestKeyID, TestSecret)

	rep, err := east.ReplicateSecretToRegions(ctx, &secretsmanager.ReplicateSecretToRegionsInput{SecretId: aws.String("TestEnv/db"),
		AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("us-west-2")}, {Region: aws.String("eu-west-1")}}})
	if err != nil || len(rep.ReplicationStatus) != 2 || rep.ReplicationStatus[0].Status != types.StatusTypeInSync {
		t.Fatalf("replicate: %v %+v", err, rep)
	}
	before := describeOf(t, east, "TestEnv/db")
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"replicate to the primary's region", func() error {
			_, err := east.ReplicateSecretToRegions(ctx, &secretsmanager.ReplicateSecretToRegionsInput{SecretId: aws.String("TestEnv/db"), AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("us-east-1")}}})
			return err
		}, secrets.InvalidParameter},
		{"replicate nothing that exists", func() error {
			_, err := east.ReplicateSecretToRegions(ctx, &secretsmanager.ReplicateSecretToRegionsInput{SecretId: aws.String("Nope"), AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("us-west-2")}}})
			return err
		}, secrets.ResourceNotFound},
		{"remove from nothing that exists", func() error {
			_, err := east.RemoveRegionsFromReplication(ctx, &secretsmanager.RemoveRegionsFromReplicationInput{SecretId: aws.String("Nope"), RemoveReplicaRegions: []string{"us-west-2"}})
			return err
		}, secrets.ResourceNotFound},
		{"promote the primary", func() error {
			_, err := east.StopReplicationToReplica(ctx, &secretsmanager.StopReplicationToReplicaInput{SecretId: aws.String("TestEnv/db")})
			return err
		}, secrets.ResourceNotFound},
		{"alice promotes the replica", func() error {
			_, err := sdkRegionClient(t, srv.URL, "us-west-2", aliceKey, aliceSecret).StopReplicationToReplica(ctx, &secretsmanager.StopReplicationToReplicaInput{SecretId: aws.String("TestEnv/db")})
			return err
		}, secrets.AccessDenied},
	} {
		if code, _ := apiError(t, tc.call()); code != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, code, tc.want)
		}
		if after := describeOf(t, east, "TestEnv/db"); after != before {
			t.Errorf("%s changed the secret: %s -> %s", tc.name, before, after)
		}
	}
	got, err := west.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("TestEnv/db")})
	if err != nil || aws.ToString(got.ARN) != "arn:aws:secretsmanager:us-west-2:111122223333:secret:TestEnv/db-AbCdEf" || !strings.Contains(aws.ToString(got.SecretString), "EXAMPLE-test-password-2") {
		t.Fatalf("the replica in us-west-2: %v %+v", err, got)
	}
	d, err := west.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("TestEnv/db")})
	if err != nil || aws.ToString(d.PrimaryRegion) != "us-east-1" {
		t.Fatalf("describe the replica: %v %+v", err, d)
	}
	_, err = west.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String("TestEnv/db"), SecretString: aws.String("x")})
	var ip *types.InvalidParameterException
	if !errors.As(err, &ip) || !strings.Contains(ip.ErrorMessage(), "Operation not permitted on a replica secret") {
		t.Errorf("a write on the replica: %v", err)
	}
	var ir *types.InvalidRequestException
	_, err = eu.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("TestEnv/db")})
	if code, msg := apiError(t, err); code != secrets.AccessDenied || !strings.Contains(msg, "service control policy") {
		t.Errorf("eu-west-1, outside the SCP's regions: %s %s", code, msg)
	}
	if _, err := east.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String("TestEnv/db")}); !errors.As(err, &ir) {
		t.Errorf("delete a replicated primary: %v", err)
	}
	rm, err := east.RemoveRegionsFromReplication(ctx, &secretsmanager.RemoveRegionsFromReplicationInput{SecretId: aws.String("TestEnv/db"), RemoveReplicaRegions: []string{"eu-west-1"}})
	if err != nil || len(rm.ReplicationStatus) != 1 {
		t.Fatalf("remove: %v %+v", err, rm)
	}
	stop, err := west.StopReplicationToReplica(ctx, &secretsmanager.StopReplicationToReplicaInput{SecretId: aws.String("TestEnv/db")})
	if err != nil || aws.ToString(stop.ARN) != "arn:aws:secretsmanager:us-west-2:111122223333:secret:TestEnv/db-AbCdEf" {
		t.Fatalf("promote: %v %+v", err, stop)
	}
	if _, err := west.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String("TestEnv/db"), SecretString: aws.String("west")}); err != nil {
		t.Errorf("a write on the promoted secret: %v", err)
	}
	created, err := east.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("Multi/one"), SecretString: aws.String("m"),
		AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("us-west-2")}}})
	if err != nil || len(created.ReplicationStatus) != 1 {
		t.Fatalf("create with a replica: %v %+v", err, created)
	}
	if got, err := west.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("Multi/one")}); err != nil || aws.ToString(got.SecretString) != "m" {
		t.Errorf("the replica CreateSecret made: %v", err)
	}
	alice := sdkClient(t, srv.URL, aliceKey, aliceSecret)
	_, err = alice.ReplicateSecretToRegions(ctx, &secretsmanager.ReplicateSecretToRegionsInput{SecretId: aws.String("Prod/db"), AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("us-west-2")}}})
	if code, _ := apiError(t, err); code != secrets.AccessDenied {
		t.Errorf("alice replicates: %v", err)
	}
}
