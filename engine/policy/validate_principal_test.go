package policy

import "testing"

func TestAWSPrincipalShape(t *testing.T) {
	t.Parallel()
	ok := []string{
		"*", "111122223333", "AIDAJQABLZS4A3QDU576Q",
		"arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/a/b/Reader",
		"arn:aws:sts::111122223333:assumed-role/Reader/alice", "arn:aws:sts::111122223333:federated-user/bob",
		"arn:aws-cn:iam::111122223333:root", "arn:aws-us-gov:iam::111122223333:user/x",
	}
	bad := []string{
		"1234", "alice", "arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:group/devs",
		"arn:aws:iam:us-east-1:111122223333:root", "arn:aws:iam::1111:root", "arn:aws:s3:::bucket",
		"arn:aws:sts::111122223333:assumed-role/Reader", "arn:other:iam::111122223333:root", "arn:aws:iam::111122223333:user/",
	}
	for _, s := range ok {
		if msg := awsPrincipalShape(s); msg != "" {
			t.Errorf("awsPrincipalShape(%q) = %q, want ok", s, msg)
		}
	}
	for _, s := range bad {
		if awsPrincipalShape(s) == "" {
			t.Errorf("awsPrincipalShape(%q) is ok, want a message", s)
		}
	}
}

func TestServiceLike(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"lambda.amazonaws.com": true, "states.us-east-1.amazonaws.com": true, "ec2.amazonaws.com.cn": true,
		"lambda": false, "*.amazonaws.com": false, ".amazonaws.com": false, "example.com": false,
	}
	for s, want := range tests {
		if got := serviceLike(s); got != want {
			t.Errorf("serviceLike(%q) = %v", s, got)
		}
	}
}
