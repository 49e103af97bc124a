package browser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/playground"
)

// A long policy text crosses into the engine in the worker with TextEncoder.encodeInto
// (wasm/playground goString), ASCII or not: the engine answers in the browser byte for byte
// what it answers natively, for texts of one-, two-, three- and four-byte characters (the
// last two fill or overflow the first try's room), and a lone surrogate, which JavaScript
// allows and UTF-8 cannot hold, is read as U+FFFD as syscall/js reads it.
func TestLongTextsReachTheEngineWhole(t *testing.T) {
	p := open(t, "")
	state := `{"policies":[{"kind":"identity","name":"t","enabled":true}],"request":{"principal":"arn:aws:iam::111122223333:user/alice",` +
		`"action":"secretsmanager:GetSecretValue","resource":"arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/db-AbCdEf"}}`
	policy := func(sid, tail string) string {
		return `{"Version": "2012-10-17", "Statement": [{"Sid": "` + sid + `", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",` +
			"\n" + `"Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/*"}, {"Sid": "Later", "Effect": "Deny", ` +
			`"Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}` + tail
	}
	for _, c := range []struct{ name, text, want string }{
		{"ASCII", policy(strings.Repeat("A", 400), ""), ""},
		{"two-byte", policy(strings.Repeat("é", 400), ""), ""},
		{"three-byte", policy(strings.Repeat("日", 400), " "+strings.Repeat("日", 300)), ""},
		{"four-byte", policy(strings.Repeat("😀", 200), ""), ""},
		{"lone surrogate", policy(strings.Repeat("B", 300)+`\ud800`, ""), policy(strings.Repeat("B", 300)+"\ufffd", "")},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := c.want
			if want == "" {
				want = c.text
			}
			// The text is a JavaScript string literal: \ud800 stays a lone surrogate there.
			lit := jsString(c.text)
			if c.name == "lone surrogate" {
				lit = strings.Replace(lit, `\\ud800`, `\ud800`, 1)
			}
			got := eval[string](p, fmt.Sprintf(`iamplayTest.call("evaluate", %s, %s).then(r => r.result)`, jsString(state), lit))
			if native := string(playground.Evaluate([]byte(state), want)); got != native {
				t.Errorf("the browser's engine answers\n%.300s\nand the native one\n%.300s", got, native)
			}
		})
	}
}
