package world

import (
	"regexp"
	"testing"
)

// lambdaPattern is RotationLambdaARN's pattern in the API Reference, which LambdaARN matches by hand.
var lambdaPattern = regexp.MustCompile(`^arn:[a-z-]+:lambda:[a-z0-9-]+:(\d{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$`)

var lambdaSamples = []string{"", "arn:aws:lambda:us-east-1:111122223333:function:rotate", "arn:aws:lambda:us-east-1:111122223333:function:rotate:$LATEST",
	"arn:aws:lambda:us-east-1:111122223333:function:rotate:", "arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:a_b-C",
	"arn:aws:lambda:us-east-1:11112222333:function:f", "arn:aws:lambda:us-east-1:1111222233334:function:f", "arn:aws:lambda::111122223333:function:f",
	"arn::lambda:us-east-1:111122223333:function:f", "arn:AWS:lambda:us-east-1:111122223333:function:f", "arn:aws:lambda:US-east-1:111122223333:function:f",
	"arn:aws:lambda:us-east-1:111122223333:function:f:v:x", "arn:aws:lambda:us-east-1:111122223333:layer:f", "arn:aws:lambda:us-east-1:111122223333:function:f.g",
	"arn:aws:lambda:us-east-1:111122223333:function:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"arn:aws:lambda:us-east-1:11112222333a:function:f", "arn:aws:lambda:us-east-1:111122223333:function:f\n"}

func checkLambda(t *testing.T, s string) {
	m := lambdaPattern.FindStringSubmatch(s)
	acct, ok := LambdaARN(s)
	if ok != (m != nil) || ok && acct != m[1] {
		t.Errorf("LambdaARN(%q) = %q, %v; the API Reference's pattern gives %q", s, acct, ok, m)
	}
}

func TestLambdaARNAgreesWithTheAPIReference(t *testing.T) {
	for _, s := range lambdaSamples {
		checkLambda(t, s)
	}
}

func FuzzLambdaARN(f *testing.F) {
	for _, s := range lambdaSamples {
		f.Add(s)
	}
	f.Fuzz(checkLambda)
}
