package secrets

import (
	"strconv"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// bigWorld is the default world with 10,000 more secrets in account 111122223333 and 100
// more users, each in the Developers group.
func bigWorld(tb testing.TB) (*Store, *world.World) {
	w := world.Default()
	a := w.Account("111122223333")
	for i := range 100 {
		a.Users = append(a.Users, &world.User{Principal: world.Principal{Name: "user" + strconv.Itoa(i), Path: "/",
			Tags: []world.Tag{{Key: "team", Value: "t" + strconv.Itoa(i%7)}}}, Groups: []string{"Developers"}})
	}
	s := New(w, Options{Seed: 7})
	admin := caller(tb, w, "user/admin")
	for i := range 10000 {
		in := `{"Name":"TestEnv/app` + strconv.Itoa(i) + `","SecretString":"value-` + strconv.Itoa(i) + `","Tags":[{"Key":"team","Value":"t` + strconv.Itoa(i%7) + `"}]}`
		if r := s.Call(Call{Caller: admin, Region: "us-east-1", Network: DefaultNetwork, Operation: "CreateSecret", Input: []byte(in)}); r.Err != nil {
			tb.Fatal(r.Err)
		}
	}
	return s, w
}

func caller(tb testing.TB, w *world.World, who string) *world.Caller {
	tb.Helper()
	arn := "arn:aws:iam::111122223333:" + who
	if len(who) > 4 && who[:4] == "arn:" {
		arn = who
	}
	c, err := w.Caller(arn)
	if err != nil {
		tb.Fatalf("%s: %v", arn, err)
	}
	return c
}

// GetSecretValue on a world of 10,000 secrets and 100 users, authorization included, as a
// caller that keeps one Result for its calls makes it (CallInto).
func BenchmarkGetSecretValue(b *testing.B) {
	s, w := bigWorld(b)
	alice := caller(b, w, "user/user42")
	c := Call{Caller: alice, Region: "us-east-1", Network: DefaultNetwork, Operation: "GetSecretValue", Input: []byte(`{"SecretId":"TestEnv/app4242"}`)}
	var r Result
	if s.CallInto(&r, c); r.Err != nil {
		b.Fatal(r.Err)
	}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if s.CallInto(&r, c); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	reportCPU(b, start)
}

// GetSecretValue as BenchmarkGetSecretValue, but each call by another of the 100 users on
// another of the 10,000 secrets: no call finds the request or the KMS decision of a call
// before it (the store keeps 4,096 of each).
func BenchmarkGetSecretValueSpread(b *testing.B) {
	s, w := bigWorld(b)
	users := make([]*world.Caller, 100)
	for i := range users {
		users[i] = caller(b, w, "user/user"+strconv.Itoa(i))
	}
	calls := make([]Call, 10007) // a prime, so that user and secret pairs repeat rarely
	for i := range calls {
		calls[i] = Call{Caller: users[i%len(users)], Region: "us-east-1", Network: DefaultNetwork, Operation: "GetSecretValue",
			Input: []byte(`{"SecretId":"TestEnv/app` + strconv.Itoa(i*7919%10000) + `"}`)}
	}
	b.ReportAllocs()
	var r Result
	start, i := cpuTime(), 0
	for b.Loop() {
		if s.CallInto(&r, calls[i%len(calls)]); r.Err != nil {
			b.Fatal(r.Err)
		}
		i++
	}
	reportCPU(b, start)
}

// reportCPU adds the CPU time per call since start (cpu-ns/op), beside the wall clock's
// ns/op, which other programs on a shared machine inflate.
func reportCPU(b *testing.B, start time.Duration) {
	if d := cpuTime() - start; start > 0 && b.N > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// ListSecrets over 10,000 secrets with a filter.
func BenchmarkListSecrets(b *testing.B) {
	s, w := bigWorld(b)
	admin := caller(b, w, "user/admin")
	c := Call{Caller: admin, Region: "us-east-1", Network: DefaultNetwork, Operation: "ListSecrets",
		Input: []byte(`{"Filters":[{"Key":"tag-value","Values":["t3"]},{"Key":"name","Values":["TestEnv/app1"]}],"MaxResults":100}`)}
	if r := s.Call(c); r.Err != nil {
		b.Fatal(r.Err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := s.Call(c); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
}

// GetSecretValue, authorization included, stays within the bound of 10 allocations
// (BenchmarkGetSecretValue measures the time).
func TestGetSecretValueAllocations(t *testing.T) {
	s := newStore(t)
	c := Call{Caller: caller(t, s.w, "user/alice"), Region: "us-east-1", Network: DefaultNetwork, Operation: "GetSecretValue",
		Input: []byte(`{"SecretId":"TestEnv/db"}`)}
	if r := s.Call(c); r.Err != nil {
		t.Fatal(r.Err)
	}
	if n := testing.AllocsPerRun(200, func() { s.Call(c) }); n > 10 {
		t.Errorf("GetSecretValue allocates %v times, want at most 10", n)
	}
	// A caller that keeps its Result: nothing at all, the KMS decision included.
	var r Result
	if n := testing.AllocsPerRun(200, func() { s.CallInto(&r, c) }); n != 0 || r.Err != nil || len(r.Checks) != 2 {
		t.Errorf("GetSecretValue into a kept Result allocates %v times (error %v, %d checks), want none", n, r.Err, len(r.Checks))
	}
}
