package eval

import (
	"strings"
	"testing"
)

// arnFieldAtSlow is arnFieldAt as it was written first, a colon at a time.
func arnFieldAtSlow(arn string, i int) (from, to int) {
	if !strings.HasPrefix(arn, "arn:") {
		return 0, 0
	}
	for ; i > 0; i-- {
		j := strings.IndexByte(arn[from:], ':')
		if j < 0 {
			return 0, 0
		}
		from += j + 1
	}
	if j := strings.IndexByte(arn[from:], ':'); j >= 0 {
		return from, from + j
	}
	return 0, 0
}

// TestArnFieldAt: the word-at-a-time search finds every field where the byte-at-a-time one
// does, for colons on and across word boundaries, bytes next to ':' (';' is ':'+1, '9' is
// ':'-1, and 0xba is ':' with the high bit), too few fields, and no "arn:".
func TestArnFieldAt(t *testing.T) {
	arns := []string{
		"arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf",
		"arn:aws:iam::111122223333:role/r", "arn:aws:s3:::bucket", "arn:::::", "arn:", "arn:a",
		"arn:aws:kms:us-east-1:1", "arn:aws:kms:us-east-1:1:", "arn;aws:x:y:z:w", "ar", "",
		"arn:;;;;;;;:;;;;;;;;::99999999:\xba\xba\xba:;:", "arn:aws:sqs:us-east-1:123456789012:q:x:y",
		"xarn:aws:iam::1:root", "arn:aws:iam::" + strings.Repeat("1", 70) + ":user/u",
	}
	for n := 0; n < 24; n++ { // a colon at every offset of the first three words
		arns = append(arns, "arn:"+strings.Repeat("a", n)+":b:c:d:e:f")
	}
	for _, arn := range arns {
		for i := 0; i < 8; i++ {
			f, tt := arnFieldAt(arn, i)
			wf, wt := arnFieldAtSlow(arn, i)
			if f != wf || tt != wt {
				t.Errorf("arnFieldAt(%q, %d) = %d, %d; want %d, %d", arn, i, f, tt, wf, wt)
			}
		}
	}
}

// FuzzArnFieldAt holds TestArnFieldAt's claim for any string.
func FuzzArnFieldAt(f *testing.F) {
	f.Add("arn:aws:secretsmanager:us-east-1:111122223333:secret:x", uint8(4))
	f.Add("arn:;:\xba:9:", uint8(2))
	f.Fuzz(func(t *testing.T, arn string, i uint8) {
		n := int(i % 8)
		f, tt := arnFieldAt(arn, n)
		if wf, wt := arnFieldAtSlow(arn, n); f != wf || tt != wt {
			t.Fatalf("arnFieldAt(%q, %d) = %d, %d; want %d, %d", arn, n, f, tt, wf, wt)
		}
	})
}
