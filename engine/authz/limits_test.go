package authz_test

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
)

// TestBadInputIsBounded evaluates documents that once hung the engine or exhausted its
// memory, and fails when one allocates more than its bound. The wall-clock bound is a
// generous safety net (each takes well under a second), not a benchmark.
func TestBadInputIsBounded(t *testing.T) {
	allow := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`
	like := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"k":"*` + strings.Repeat("?", 3000) + `x"}}}}`
	req := func(ctx string) string {
		return `"request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"*","context":{` + ctx + `}}`
	}
	tests := []struct {
		name  string
		src   string
		code  string // the finding the document must get
		bytes uint64 // allocated while reading and deciding, at most
	}{
		// 40,000 identity policies in 7 MB once used about 600 MB.
		{"40,000 policies", `{"identityPolicies":[` + strings.Repeat(allow+",", 40000) + allow + `],` + req(``) + `}`,
			"document.too_many_policies", 128 << 20},
		// StringLike with * and 3,000 ? against a 2 MB value once took 34 s.
		{"2 MB context value", `{"identityPolicies":[` + like + `],` + req(`"k":"`+strings.Repeat("a", 2<<20)+`"`) + `}`,
			"request.context_value_too_long", 32 << 20},
		{"4 KB context value, worst pattern", `{"identityPolicies":[` + like + `],` + req(`"k":"`+strings.Repeat("a", authz.MaxContextValueBytes)+`"`) + `}`,
			"", 4 << 20},
		{"100,000 context values", `{"identityPolicies":[` + like + `],` + req(`"k":[`+strings.Repeat(`"aaaa",`, 100000)+`"a"]`) + `}`,
			"request.too_many_context_values", 48 << 20},
		{"10,000 context keys", `{"identityPolicies":[` + like + `],` + req(manyKeys(10000)) + `}`,
			"request.too_many_context_values", 16 << 20},
	}
	for _, tt := range tests {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, res := authz.Evaluate([]byte(tt.src))
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > tt.bytes {
			t.Errorf("%s: allocated %d MB, want at most %d MB", tt.name, alloc>>20, tt.bytes>>20)
		}
		if took > 10*time.Second {
			t.Errorf("%s: took %v", tt.name, took)
		}
		found := tt.code == ""
		for _, f := range res.Findings {
			found = found || f.Code == tt.code
		}
		if !found {
			t.Errorf("%s: no %s finding", tt.name, tt.code)
		}
	}
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k` + strconv.Itoa(i) + `":"v"`)
	}
	return b.String()
}
