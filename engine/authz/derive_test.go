package authz_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

// TestDerive checks, for every kind of caller, exactly which keys are derived and their
// values (derive.go cites the AWS sentence for each).
func TestDerive(t *testing.T) {
	t.Parallel()
	const secret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf"
	always := "aws:RequestedRegion=eu-west-1 aws:SecureTransport=true aws:CurrentTime=2025-01-01T00:00:00Z aws:EpochTime=1735689600"
	tests := []struct {
		name string
		req  authz.Request
		want string // key=value ... in catalogue order
	}{
		{"user", authz.Request{Principal: "arn:aws:iam::111122223333:user/division/alice"},
			"aws:PrincipalArn=arn:aws:iam::111122223333:user/division/alice aws:PrincipalAccount=111122223333 aws:PrincipalType=User aws:username=alice aws:PrincipalIsAWSService=false " + always},
		{"role session", authz.Request{Principal: "arn:aws:sts::111122223333:assumed-role/AppRole/app-session"},
			"aws:PrincipalArn=arn:aws:iam::111122223333:role/AppRole aws:PrincipalAccount=111122223333 aws:PrincipalType=AssumedRole aws:PrincipalIsAWSService=false " + always},
		{"root by ARN", authz.Request{Principal: "arn:aws:iam::111122223333:root"},
			"aws:PrincipalArn=arn:aws:iam::111122223333:root aws:PrincipalAccount=111122223333 aws:PrincipalType=Account aws:userid=111122223333 aws:PrincipalIsAWSService=false " + always},
		{"root by account id", authz.Request{Principal: "111122223333"},
			"aws:PrincipalArn=arn:aws:iam::111122223333:root aws:PrincipalAccount=111122223333 aws:PrincipalType=Account aws:userid=111122223333 aws:PrincipalIsAWSService=false " + always},
		{"federated user", authz.Request{Principal: "arn:aws:sts::111122223333:federated-user/Bob"},
			"aws:PrincipalArn=arn:aws:sts::111122223333:federated-user/Bob aws:PrincipalAccount=111122223333 aws:PrincipalType=FederatedUser aws:userid=111122223333:Bob aws:PrincipalIsAWSService=false " + always},
		{"service", authz.Request{Principal: "lambda.amazonaws.com"},
			"aws:PrincipalIsAWSService=true aws:PrincipalServiceName=lambda.amazonaws.com " + always},
		{"anonymous", authz.Request{Principal: "*"},
			"aws:PrincipalAccount=anonymous aws:PrincipalType=Anonymous aws:userid=anonymous " + always},
		{"given keys and absent keys are not derived", authz.Request{Principal: "arn:aws:iam::111122223333:user/alice",
			Context: map[string][]string{"AWS:USERNAME": {"bob"}, "aws:SecureTransport": {"false"}}, Absent: []string{"aws:principalarn", "aws:CurrentTime"}},
			"aws:PrincipalAccount=111122223333 aws:PrincipalType=User aws:PrincipalIsAWSService=false aws:RequestedRegion=eu-west-1 aws:EpochTime=1735689600"},
		{"request time", authz.Request{Principal: "*", Time: "2031-06-01T11:30:00+02:00"},
			"aws:PrincipalAccount=anonymous aws:PrincipalType=Anonymous aws:userid=anonymous aws:RequestedRegion=eu-west-1 aws:SecureTransport=true aws:CurrentTime=2031-06-01T09:30:00Z aws:EpochTime=1938072600"},
		{"derivation off", authz.Request{Principal: "arn:aws:iam::111122223333:user/alice", NoDerive: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.req.Action, tt.req.Resource = "secretsmanager:GetSecretValue", secret
			res := (&authz.Input{}).Explain(authz.Prepare(tt.req))
			var got []string
			for _, d := range res.Derived {
				got = append(got, d.Key+"="+strings.Join(d.Values, ","))
				if authz.FromPhrase(d.From) == "from the "+d.From {
					t.Errorf("%s: no phrase for from %q", d.Key, d.From)
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("derived\n  %s\nwant\n  %s", g, tt.want)
			}
		})
	}
}

// TestDerivedTextsOfManyCallers: a prepared request's caller, a session's role ARN and a
// federated user's aws:userid and session issuer are the request's own whatever requests
// were prepared before, also when more callers than the table of callers holds take turns
// (callers that share a place replace each other), and from several goroutines at once.
func TestDerivedTextsOfManyCallers(t *testing.T) {
	t.Parallel()
	value := func(p *authz.Prepared, key string) string {
		for _, d := range p.Derived() {
			if d.Key == key {
				return strings.Join(d.Values, ",")
			}
		}
		return "(none)"
	}
	done := make(chan struct{})
	for g := range 2 {
		go func() {
			defer func() { done <- struct{}{} }()
			for round := range 3 {
				for i := range 700 {
					n := strconv.Itoa((i*7 + g + round) % 700)
					acct := fmt.Sprintf("%012d", 100000000000+i%3)
					s := authz.Prepare(authz.Request{Principal: "arn:aws:sts::" + acct + ":assumed-role/role" + n + "/s" + n})
					if got, want := value(s, "aws:PrincipalArn"), "arn:aws:iam::"+acct+":role/role"+n; got != want {
						t.Errorf("session of role%s: aws:PrincipalArn %s, want %s", n, got, want)
						return
					}
					if got := s.Principal(); got.Name != "role"+n || got.Session != "s"+n || got.Account != acct {
						t.Errorf("session of role%s: caller %+v", n, got)
						return
					}
					issuer := "arn:aws:iam::" + acct + ":user/issuer" + strconv.Itoa(round)
					f := authz.Prepare(authz.Request{Principal: "arn:aws:sts::" + acct + ":federated-user/user" + n, SessionIssuer: issuer})
					if got, want := value(f, "aws:userid"), acct+":user"+n; got != want {
						t.Errorf("federated user%s: aws:userid %s, want %s", n, got, want)
						return
					}
					if got := f.Principal().Issuer; got != issuer {
						t.Errorf("federated user%s: issuer %s, want %s", n, got, issuer)
						return
					}
				}
			}
		}()
	}
	<-done
	<-done
}

// TestDerivedKeysAreNotMissing checks that a policy needing a derived key does not list it in
// missingContext, and that a key the request marks absent is listed.
func TestDerivedKeysAreNotMissing(t *testing.T) {
	t.Parallel()
	src := func(ctx string) []byte {
		return []byte(`{"identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*",
			"Condition":{"StringEquals":{"aws:username":"alice","aws:SourceVpc":"vpc-1"}}}}],
			"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"secretsmanager:GetSecretValue","resource":"*","context":` + ctx + `}}`)
	}
	for _, tt := range []struct{ ctx, want string }{
		{`{}`, "aws:SourceVpc"},
		{`{"aws:username":null}`, "aws:SourceVpc aws:username"},
	} {
		_, res := authz.Evaluate(src(tt.ctx))
		if got := strings.Join(res.MissingContext, " "); got != tt.want {
			t.Errorf("context %s: missingContext %q, want %q", tt.ctx, got, tt.want)
		}
	}
}

// TestDecideReadsDerivedKeys checks that a decision reads derived keys only when a policy
// asks for them, with the values Derived lists (a session's role ARN, a federated user's
// userid, the Region, the time), and allocates nothing to do so. Not parallel: AllocsPerRun.
func TestDecideReadsDerivedKeys(t *testing.T) {
	const secret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf"
	long := strings.Repeat("r", 90) // longer than a role name may be: its role ARN does not fit the prepared request's room
	tests := []struct {
		name, principal, cond string
		want                  authz.Decision
	}{
		{"session's role ARN", "arn:aws:sts::111122223333:assumed-role/AppRole/s1",
			`{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/AppRole"}}`, authz.Allow},
		{"another role", "arn:aws:sts::111122223333:assumed-role/OtherRole/s1",
			`{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/AppRole"}}`, authz.ImplicitDeny},
		{"long role name", "arn:aws:sts::111122223333:assumed-role/" + long + "/s1",
			`{"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/` + long + `"}}`, authz.Allow},
		{"federated userid", "arn:aws:sts::111122223333:federated-user/Bob",
			`{"StringEquals": {"aws:userid": "111122223333:Bob"}}`, authz.Allow},
		{"region and time", "arn:aws:iam::111122223333:user/alice",
			`{"StringEquals": {"aws:RequestedRegion": "eu-west-1"}, "DateLessThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}`, authz.Allow},
		{"a key AWS does not send", "arn:aws:iam::111122223333:user/alice",
			`{"StringEquals": {"aws:userid": "alice"}}`, authz.ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": ` + tt.cond + `}]}`
			p := authz.NewPolicy(policy.KindIdentity, "reads", []byte(doc))
			if !p.Valid() {
				t.Fatalf("policy: %v", p.Findings)
			}
			in := authz.Input{Identity: []*authz.Policy{p}}
			if tt.principal == "arn:aws:sts::111122223333:federated-user/Bob" {
				in.Session = authz.NewPolicy(policy.KindSession, "session", []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`))
			}
			q := authz.Prepare(authz.Request{Principal: tt.principal, Action: "secretsmanager:GetSecretValue", Resource: secret})
			if got := in.Decide(q); got != tt.want {
				t.Fatalf("Decide = %s, want %s", got, tt.want)
			}
			if e := in.Explain(q).Decision; e != tt.want {
				t.Errorf("Explain = %s, want %s", e, tt.want)
			}
			if n := testing.AllocsPerRun(100, func() { in.Decide(q) }); n != 0 {
				t.Errorf("Decide allocates %v times", n)
			}
		})
	}
}
