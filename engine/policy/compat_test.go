package policy_test

import (
	"testing"

	"github.com/iamplay/iamplay/engine/policy"
)

// compatCorpus lists every policy form iamplay accepts with zero error findings.
// Adding an entry is a deliberate widening of what iamplay accepts; removing one is a
// breaking change for users whose policies rely on it.
var compatCorpus = []struct {
	name string
	kind policy.Kind
	src  string
}{
	{"statement object", policy.KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}}`},
	{"statement list", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"action list", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","secretsmanager:DescribeSecret"],"Resource":"*"}]}`},
	{"not action", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"secretsmanager:DescribeSecret","Resource":"*"}]}`},
	{"not resource", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"secretsmanager:*","NotResource":["arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/*"]}]}`},
	{"mixed case action", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:describeSecret","Resource":"*"}]}`},
	{"upper case service", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"SecretsManager:GetSecretValue","Resource":"*"}]}`},
	{"action wildcards", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:Get*","secretsmanager:List?ecrets","s3:*"],"Resource":"*"}]}`},
	{"other service actions", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","lambda:InvokeFunction"],"Resource":"*"}]}`},
	{"version 2008", policy.KindIdentity, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"no version", policy.KindIdentity, `{"Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"id", policy.KindIdentity, `{"Version":"2012-10-17","Id":"my-policy","Statement":[{"Sid":"One","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"principal star", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"principal aws star", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"principal account id", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"principal list", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:role/app","arn:aws:sts::111122223333:assumed-role/app/s1"]},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"principal service", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"principal federated and canonical", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`},
	{"not principal", policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:root"]},"Action":"secretsmanager:*","Resource":"*"}]}`},
	{"condition string value", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}]}`},
	{"condition list values", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringLike":{"aws:username":["a*","b*"]}}}]}`},
	{"condition number value", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:DeleteSecret","Resource":"*","Condition":{"NumericGreaterThanEquals":{"secretsmanager:RecoveryWindowInDays":7}}}]}`},
	{"condition bool value", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"secretsmanager:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`},
	{"condition bool string", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"secretsmanager:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`},
	{"condition mixed list", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:DeleteSecret","Resource":"*","Condition":{"NumericEquals":{"secretsmanager:RecoveryWindowInDays":[7,"30"]}}}]}`},
	{"mixed case condition key", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"AWS:UserName":"alice"}}}]}`},
	{"set operators", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:CreateSecret","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]},"ForAnyValue:StringLike":{"aws:TagKeys":"team*"}}}]}`},
	{"if exists", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:PrincipalTag/team":"red"}}}]}`},
	{"policy variables", policy.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:*:secret:${aws:username}/*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team, 'none'}"}}}]}`},
	{"escaped strings", policy.KindIdentity, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\\u0042\",\"Effect\":\"Allow\",\"Action\":\"secretsmanager:GetSecretValue\",\"Resource\":\"arn:aws:secretsmanager:us-east-1:111122223333:secret:caf\\u00e9-*\"}]}"},
	{"whitespace and newlines", policy.KindIdentity, "\n\t{ \"Version\" : \"2012-10-17\" ,\r\n \"Statement\" : [ { \"Effect\" : \"Allow\" , \"Action\" : \"secretsmanager:GetSecretValue\" , \"Resource\" : \"*\" } ] }\n"},
	{"scp without resource list", policy.KindSCP, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"secretsmanager:DeleteSecret","Resource":"*"}]}`},
}

func TestCompatCorpus(t *testing.T) {
	t.Parallel()
	for _, tt := range compatCorpus {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, fs := policy.Check([]byte(tt.src), tt.kind)
			if doc == nil {
				t.Fatalf("no document: %v", fs)
			}
			for _, f := range fs {
				if f.Severity == policy.SeverityError {
					t.Errorf("error finding %s at %s: %s", f.Code, f.Range, f.Message)
				}
			}
		})
	}
}
