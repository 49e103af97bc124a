package policy

import "testing"

func TestSplitARN(t *testing.T) {
	t.Parallel()
	p, ok := splitARN("arn:aws:secretsmanager:us-east-1:111122223333:secret:a:b")
	if !ok || p != [6]string{"arn", "aws", "secretsmanager", "us-east-1", "111122223333", "secret:a:b"} {
		t.Errorf("got %q %v", p, ok)
	}
	if _, ok := splitARN("arn:aws:s3"); ok {
		t.Error("arn:aws:s3 has three parts")
	}
}

func TestHasSecretSuffix(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"prod/db-AbCdEf":  true,
		"prod/db-??????":  true,
		"db-a1B2c3":       true,
		"prod/db":         false,
		"prod/db-AbCdE":   false,
		"-AbCdEf":         false,
		"prod/db-AbC/Ef1": false,
	}
	for name, want := range tests {
		if got := hasSecretSuffix(name); got != want {
			t.Errorf("hasSecretSuffix(%q) = %v", name, got)
		}
	}
}

func TestAccountLike(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{"111122223333": true, "*": true, "${aws:PrincipalAccount}": true, "1111": false, "11112222333x": false}
	for s, want := range tests {
		if got := accountLike(s); got != want {
			t.Errorf("accountLike(%q) = %v", s, got)
		}
	}
}
