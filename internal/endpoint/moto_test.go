package endpoint

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
	"github.com/iamplay/iamplay/internal/moto"
)

// Differential testing against moto: random call sequences go to the endpoint and to moto's
// server through the AWS SDK for Go v2 with root credentials, and their answers are compared
// after what may differ by nature is set aside (ARN suffixes, dates). Every difference is a
// bug here or one of the documented differences of testdata/moto-differences.md, each with
// the API Reference sentence that settles it (knownDifferences). scripts/moto-differential
// runs many more sequences than go test does.
var (
	motoSequences = flag.Int("moto.sequences", 25, "random call sequences of the moto differential test")
	motoSteps     = flag.Int("moto.steps", 30, "calls per sequence of the moto differential test")
	motoSeed      = flag.Uint64("moto.seed", 0, "the first sequence's seed (0: fixed for go test)")
)

// motoAccount is moto's default account: the endpoint's world uses it too, so that ARNs match.
const motoAccount = "123456789012"

func TestMotoDifferential(t *testing.T) {
	if err := moto.Available(); err != nil {
		if os.Getenv("IAMPLAY_CI") == "1" {
			t.Fatalf("moto is required under IAMPLAY_CI=1: %v", err)
		}
		t.Skipf("no moto: %v", err)
	}
	ctx := context.Background()
	peer, err := moto.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Stop()
	theirs := sdkClient(t, peer.URL, "test", "test")
	stats := map[string]int{}
	unexplained := 0
	for n := range *motoSequences {
		seed := *motoSeed + uint64(n)
		if err := peer.Reset(); err != nil {
			t.Fatal(err)
		}
		w, fs := world.Read([]byte(`{"clock": "2026-11-30T09:00:00Z", "accounts": [{"id": "` + motoAccount + `"}]}`))
		if fs.HasErrors() {
			t.Fatal(fs)
		}
		srv := httptest.NewServer(New(secrets.New(w, secrets.Options{Seed: seed + 1}), Options{}))
		ours := sdkClient(t, srv.URL, TestKeyID, TestSecret)
		g := newCallGen(seed)
		deleted := func(id string) bool { // the secret is scheduled for deletion here
			d, err := ours.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(id)})
			return err == nil && d.DeletedDate != nil
		}
		for i := range *motoSteps {
			c := g.next()
			a, aerr := c.do(ctx, ours)
			b, berr := c.do(ctx, theirs)
			stats[c.op]++
			oa, ob := outcome(a, aerr), outcome(b, berr)
			if reflect.DeepEqual(oa, ob) {
				continue
			}
			names, diverges := explain(c, oa, ob, deleted)
			if names == nil {
				unexplained++
				if unexplained <= 20 {
					t.Errorf("sequence %d step %d: %s %s\n  iamplay: %s\n  moto:    %s", seed, i, c.op, c.input(), show(oa), show(ob))
				}
				break // the states may differ from here on
			}
			for _, n := range names {
				stats["documented: "+n]++
			}
			if diverges { // the two worlds differ from here on: the rest of the sequence would only repeat it
				stats["sequences cut short by a documented difference that changed one side only"]++
				break
			}
		}
		srv.Close()
	}
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%6d %s", stats[k], k)
	}
	if unexplained > 0 {
		t.Errorf("%d unexplained differences in %d sequences of %d calls", unexplained, *motoSequences, *motoSteps)
	}
}

// call is one generated call: the operation, its input, and how to make it with a client.
type call struct {
	op string
	in any
	do func(ctx context.Context, c *secretsmanager.Client) (any, error)
}

func (c call) input() string { b, _ := json.Marshal(c.in); return string(b) }

// callGen makes random calls over a few names, tokens and values, so that calls meet the
// same secrets and versions: creation, reads, new versions, labels, tags, deletion.
type callGen struct {
	r      *rand.Rand
	names  []string
	tokens []string
}

func newCallGen(seed uint64) *callGen {
	g := &callGen{r: rand.New(rand.NewPCG(seed, seed^0x5eed)), names: []string{"app/db", "app/api", "team-x"}}
	for i := range 8 {
		g.tokens = append(g.tokens, fmt.Sprintf("0000000%d-0000-4000-8000-%012d", i, seed%1000000))
	}
	return g
}

func (g *callGen) name() *string  { return aws.String(g.names[g.r.IntN(len(g.names))]) }
func (g *callGen) token() *string { return aws.String(g.tokens[g.r.IntN(len(g.tokens))]) }
func (g *callGen) value() *string {
	return aws.String([]string{"v-one", "v-two", "v-three"}[g.r.IntN(3)])
}
func (g *callGen) stage() *string {
	return aws.String([]string{"AWSCURRENT", "AWSPREVIOUS", "custom"}[g.r.IntN(3)])
}
func (g *callGen) maybe(p float64) bool { return g.r.Float64() < p }

func (g *callGen) next() call {
	switch g.r.IntN(13) {
	case 0, 1:
		in := &secretsmanager.CreateSecretInput{Name: g.name(), ClientRequestToken: g.token()}
		if g.maybe(0.7) {
			in.SecretString = g.value()
		}
		if g.maybe(0.3) {
			in.Description = aws.String("made by the differential test")
		}
		if g.maybe(0.3) {
			in.Tags = []types.Tag{{Key: aws.String("team"), Value: aws.String("payments")}}
		}
		return call{"CreateSecret", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.CreateSecret(ctx, in) }}
	case 2, 3:
		in := &secretsmanager.GetSecretValueInput{SecretId: g.name()}
		switch g.r.IntN(4) {
		case 0:
			in.VersionStage = g.stage()
		case 1:
			in.VersionId = g.token()
		}
		return call{"GetSecretValue", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.GetSecretValue(ctx, in) }}
	case 4, 5:
		in := &secretsmanager.PutSecretValueInput{SecretId: g.name(), SecretString: g.value(), ClientRequestToken: g.token()}
		if g.maybe(0.2) {
			in.VersionStages = []string{"custom"}
		}
		return call{"PutSecretValue", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.PutSecretValue(ctx, in) }}
	case 6:
		in := &secretsmanager.UpdateSecretInput{SecretId: g.name(), ClientRequestToken: g.token()}
		if g.maybe(0.5) {
			in.Description = aws.String("updated")
		}
		if g.maybe(0.5) {
			in.SecretString = g.value()
		}
		return call{"UpdateSecret", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.UpdateSecret(ctx, in) }}
	case 7:
		in := &secretsmanager.DescribeSecretInput{SecretId: g.name()}
		return call{"DescribeSecret", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.DescribeSecret(ctx, in) }}
	case 8:
		in := &secretsmanager.ListSecretsInput{}
		if g.maybe(0.5) {
			in.Filters = []types.Filter{{Key: types.FilterNameStringTypeName, Values: []string{"app"}}}
		}
		if g.maybe(0.3) {
			in.IncludePlannedDeletion = aws.Bool(true)
		}
		return call{"ListSecrets", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.ListSecrets(ctx, in) }}
	case 9:
		in := &secretsmanager.ListSecretVersionIdsInput{SecretId: g.name()}
		return call{"ListSecretVersionIds", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) {
			return c.ListSecretVersionIds(ctx, in)
		}}
	case 10:
		in := &secretsmanager.DeleteSecretInput{SecretId: g.name()}
		if g.maybe(0.4) {
			in.ForceDeleteWithoutRecovery = aws.Bool(true)
		} else {
			in.RecoveryWindowInDays = aws.Int64(7)
		}
		return call{"DeleteSecret", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.DeleteSecret(ctx, in) }}
	case 11:
		in := &secretsmanager.RestoreSecretInput{SecretId: g.name()}
		return call{"RestoreSecret", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.RestoreSecret(ctx, in) }}
	default:
		switch g.r.IntN(3) {
		case 0:
			in := &secretsmanager.TagResourceInput{SecretId: g.name(), Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("test")}}}
			return call{"TagResource", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.TagResource(ctx, in) }}
		case 1:
			in := &secretsmanager.UntagResourceInput{SecretId: g.name(), TagKeys: []string{"env"}}
			return call{"UntagResource", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) { return c.UntagResource(ctx, in) }}
		}
		in := &secretsmanager.UpdateSecretVersionStageInput{SecretId: g.name(), VersionStage: aws.String("custom"), MoveToVersionId: g.token()}
		if g.maybe(0.5) {
			in.RemoveFromVersionId = g.token()
		}
		return call{"UpdateSecretVersionStage", in, func(ctx context.Context, c *secretsmanager.Client) (any, error) {
			return c.UpdateSecretVersionStage(ctx, in)
		}}
	}
}

// result is a call's answer made comparable: the error code, or the output as JSON values
// with ARN suffixes and dates set aside and lists in a stable order.
type result struct {
	Err string
	Out any
}

var arnSuffix = regexp.MustCompile(`(arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+)-[A-Za-z0-9]{6}`)

func outcome(out any, err error) result {
	if err != nil {
		var code string
		func() {
			defer func() { _ = recover() }()
			code, _ = apiErrorOf(err)
		}()
		if code == "" {
			code = "transport: " + err.Error()
		}
		return result{Err: code}
	}
	b, _ := json.Marshal(out)
	b = arnSuffix.ReplaceAll(b, []byte("$1-XXXXXX"))
	var v any
	_ = json.Unmarshal(b, &v)
	return result{Out: normalize("", v)}
}

// normalize sets aside dates and the SDK's metadata, and sorts lists whose order the API
// does not fix (tags, versions, secrets listed).
func normalize(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "ResultMetadata")
		for k, e := range x {
			if strings.HasSuffix(k, "Date") && e != nil {
				x[k] = "<date>"
				continue
			}
			x[k] = normalize(k, e)
		}
		return x
	case []any:
		for i := range x {
			x[i] = normalize(key, x[i])
		}
		if key == "Tags" || key == "Versions" || key == "SecretList" || key == "VersionStages" {
			sort.Slice(x, func(i, j int) bool { return fmt.Sprint(x[i]) < fmt.Sprint(x[j]) })
		}
		return x
	}
	return v
}

func show(r result) string {
	if r.Err != "" {
		return "error " + r.Err
	}
	b, _ := json.Marshal(r.Out)
	return string(b)
}

// explain names the documented differences a pair of answers shows (nil: none explains
// it), and whether the call changed one side only, so that the two worlds differ from here.
// deleted reports whether a secret is scheduled for deletion on the endpoint's side.
func explain(c call, ours, theirs result, deleted func(string) bool) (names []string, diverges bool) {
	id := secretID(c.in)
	switch {
	case ours.Err == "" && theirs.Err == "" && sameExcept(ours.Out, theirs.Out, "VersionId") && ours.Out.(map[string]any)["VersionId"] == requestToken(c.in):
		return []string{"A retried write: the VersionId answered"}, false
	case ours.Err == "" && theirs.Err == "":
		// both answered: the differences must all be ones that moto's answers show (fields it
		// leaves out or writes wrong, versions it lists or labels it drops)
		var found []string
		a, b := ours.Out, theirs.Out
		diverges := false
		for _, f := range outputDifferences {
			if f.op != "" && f.op != c.op || reflect.DeepEqual(a, b) {
				continue
			}
			x, y := f.apply(a), f.apply(b)
			if !reflect.DeepEqual(x, a) || !reflect.DeepEqual(y, b) {
				a, b = x, y
				found = append(found, f.name)
				diverges = diverges || f.diverges
			}
		}
		if reflect.DeepEqual(a, b) {
			return found, diverges
		}
	case ours.Err == secrets.ResourceNotFound && c.op == "ListSecretVersionIds" && strings.Contains(theirs.Err, "StatusCode: 500"):
		return []string{"ListSecretVersionIds of a secret that does not exist"}, false
	case ours.Err == secrets.ResourceNotFound && c.op == "DeleteSecret" && theirs.Err == "":
		return []string{"ForceDeleteWithoutRecovery on a secret that does not exist"}, false
	case ours.Err == secrets.InvalidRequest && id != "" && deleted(id):
		return []string{"Operations on a secret scheduled for deletion"}, theirs.Err == ""
	case ours.Err == secrets.InvalidParameter && c.op == "UpdateSecretVersionStage" && theirs.Err == "" &&
		c.in.(*secretsmanager.UpdateSecretVersionStageInput).RemoveFromVersionId == nil:
		return []string{"UpdateSecretVersionStage without RemoveFromVersionId for a label another version holds"}, true
	case ours.Err == secrets.ResourceNotFound && c.op == "UpdateSecretVersionStage" && theirs.Err == secrets.InvalidParameter:
		return []string{"UpdateSecretVersionStage naming a version that does not exist"}, false
	case ours.Err == "" && theirs.Err == secrets.ResourceExists && c.op == "UpdateSecret" && c.in.(*secretsmanager.UpdateSecretInput).SecretString == nil:
		return []string{"UpdateSecret without a value and a ClientRequestToken of an existing version"}, true
	case ours.Err == "" && theirs.Err == "" && c.op == "CreateSecret":
		a, _ := ours.Out.(map[string]any)
		b, _ := theirs.Out.(map[string]any)
		if a != nil && b != nil && a["VersionId"] == *c.in.(*secretsmanager.CreateSecretInput).ClientRequestToken && a["VersionId"] != b["VersionId"] {
			return []string{"CreateSecret retried: the VersionId answered"}, false
		}
	}
	return nil, false
}

// requestToken is the ClientRequestToken of a call's input, or nil.
func requestToken(in any) any {
	b, _ := json.Marshal(in)
	var m struct{ ClientRequestToken *string }
	if json.Unmarshal(b, &m) != nil || m.ClientRequestToken == nil {
		return nil
	}
	return *m.ClientRequestToken
}

// secretID is the SecretId (or Name) of a call's input.
func secretID(in any) string {
	b, _ := json.Marshal(in)
	var m struct{ SecretId, Name *string }
	_ = json.Unmarshal(b, &m)
	switch {
	case m.SecretId != nil:
		return *m.SecretId
	case m.Name != nil:
		return *m.Name
	}
	return ""
}

// eachMap is a copy of v with f applied to every object in it, outer ones first.
func eachMap(v any, f func(map[string]any)) any {
	b, _ := json.Marshal(v)
	var c any
	_ = json.Unmarshal(b, &c)
	var walk func(any)
	walk = func(x any) {
		switch y := x.(type) {
		case map[string]any:
			f(y)
			for _, e := range y {
				walk(e)
			}
		case []any:
			for _, e := range y {
				walk(e)
			}
		}
	}
	walk(c)
	return c
}

// strip is v without the field, wherever it is.
func strip(v any, field string) any {
	return eachMap(v, func(m map[string]any) { delete(m, field) })
}

// sameExcept reports whether two outputs are equal but for a field.
func sameExcept(a, b any, field string) bool {
	return reflect.DeepEqual(strip(a, field), strip(b, field))
}

// outputDifferences are the ways testdata/moto-differences.md documents that moto's answers
// differ where both succeed, each under its section's name: a transform that sets the
// difference aside (applied to both answers), the operation it is limited to, and whether
// it means the two worlds now differ.
var outputDifferences = []struct {
	name, op string
	apply    func(any) any
	diverges bool
}{
	{"PrimaryRegion", "", func(v any) any { return strip(v, "PrimaryRegion") }, false},
	{"LastAccessedDate", "", func(v any) any { return strip(v, "LastAccessedDate") }, false},
	{"ListSecretVersionIds: ARN and NextToken", "ListSecretVersionIds", func(v any) any { return strip(strip(v, "ARN"), "NextToken") }, false},
	{"Versions without a staging label are listed", "", dropUnlabelled, false},
	{"Tags after the last one is removed", "", dropEmptyTags, false},
	{"Labels that moto drops when AWSCURRENT moves", "", func(v any) any { return dropUnlabelled(dropLabel(v, "custom")) }, true},
}

// dropUnlabelled removes the versions without a staging label from Versions and
// SecretVersionsToStages.
func dropUnlabelled(v any) any {
	return eachMap(v, func(m map[string]any) {
		if l, ok := m["Versions"].([]any); ok {
			kept := []any{}
			for _, ver := range l {
				vm, _ := ver.(map[string]any)
				if st, _ := vm["VersionStages"].([]any); len(st) > 0 {
					kept = append(kept, ver)
				}
			}
			m["Versions"] = kept
		}
		for _, k := range []string{"SecretVersionsToStages", "VersionIdsToStages"} {
			if ids, ok := m[k].(map[string]any); ok {
				for id, st := range ids {
					if l, _ := st.([]any); len(l) == 0 {
						delete(ids, id)
					}
				}
			}
		}
	})
}

// dropEmptyTags removes every empty Tags list.
func dropEmptyTags(v any) any {
	return eachMap(v, func(m map[string]any) {
		if l, ok := m["Tags"].([]any); ok && len(l) == 0 {
			delete(m, "Tags")
		}
	})
}

// dropLabel removes a staging label from every list of labels.
func dropLabel(v any, label string) any {
	c := eachMap(v, func(map[string]any) {})
	var walk func(any) any
	walk = func(x any) any {
		switch y := x.(type) {
		case map[string]any:
			for k, e := range y {
				y[k] = walk(e)
			}
		case []any:
			out := []any{}
			for _, e := range y {
				if e != label {
					out = append(out, walk(e))
				}
			}
			return out
		}
		return x
	}
	return walk(c)
}
