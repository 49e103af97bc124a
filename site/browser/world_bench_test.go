package browser

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/iamplay/iamplay/internal/percentile"
)

// worldLink is the playground's address with a world-mode state in its fragment, packed as
// the page packs it (deflate-raw, base64url).
func worldLink(tb testing.TB, state any) string {
	tb.Helper()
	js, err := json.Marshal(state)
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(js)
	w.Close()
	return env.url + "#w=" + base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// bigWorld is a world of 20 identities (the root and 19 users, each reading the secrets of
// its own team) and 50 secrets, for the world-wide matrix.
func bigWorld() map[string]any {
	var users, secrets []any
	for i := range 19 {
		users = append(users, map[string]any{"name": fmt.Sprintf("user%02d", i), "tags": map[string]string{"team": fmt.Sprintf("t%d", i%5)},
			"policies": []any{map[string]any{"name": "ReadTeam", "policy": map[string]any{"Version": "2012-10-17", "Statement": []any{
				map[string]any{"Effect": "Allow", "Action": []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, "Resource": "*",
					"Condition": map[string]any{"StringEquals": map[string]string{"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}}}}}})
	}
	for i := range 50 {
		secrets = append(secrets, map[string]any{"name": fmt.Sprintf("app/s%02d", i), "region": "us-east-1", "suffix": fmt.Sprintf("Ab%04d", i),
			"tags":     map[string]string{"team": fmt.Sprintf("t%d", i%5)},
			"versions": []any{map[string]any{"id": fmt.Sprintf("a1b2c3d4-0000-4000-8000-%012d", i), "stages": []string{"AWSCURRENT"}, "secretString": "v"}}})
	}
	return map[string]any{"clock": "2026-11-30T09:00:00Z", "accounts": []any{map[string]any{"id": "111122223333", "users": users, "secrets": secrets}}}
}

// BenchmarkWorld measures world mode in headless Chromium: from navigation to the first
// answer for a link holding the default world and one call, with the browser's caches
// emptied first; a call appended to the timeline
// and answered with its explanation (page -> worker -> wasm replaying from its cache ->
// page); and the world-wide "who can read" matrix of 20 identities x 50 secrets (the
// GetSecretValue decision and the KMS step) and one identity's full matrix (every Secrets
// Manager action and the KMS step on the 50 secrets).
// Run: go test -run '^$' -bench World ./site/browser
func BenchmarkWorld(b *testing.B) {
	read := map[string]any{"call": map[string]any{"caller": map[string]string{"principal": worldAnaya}, "region": "us-east-1",
		"network": map[string]any{"sourceIp": "203.0.113.10", "tls": true}, "operation": "GetSecretValue", "input": map[string]string{"SecretId": "TestEnv/db"}}}
	b.Run("first_answer", func(b *testing.B) {
		setup(b)
		url := worldLink(b, map[string]any{"seed": 1, "steps": []any{read}})
		var ms []float64
		for b.Loop() {
			// A first visit: nothing of the site in the browser's caches (HTTP, compiled code).
			p := newPage(b)
			p.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, network.ClearBrowserCache, cdp.Empty{})
				return err
			}))
			p.do(chromedp.Navigate(url))
			p.waitWorld(1)
			ms = append(ms, eval[float64](p, `window.iamplayWorldFirst`))
			p.close() // a first visit is measured alone: the last page's worker would warm up beside it
		}
		b.ReportMetric(percentile.Of(ms, 50), "ms-p50")
		b.ReportMetric(percentile.Of(ms, 95), "ms-p95")
	})
	b.Run("call_with_explanation", func(b *testing.B) {
		p := openWorld(b, "")
		step, _ := json.Marshal(read)
		bench := fmt.Sprintf(`(async () => { const out = [];
			for (let i = 0; i < 100; i++) {
				const s = iamplayWorld.state(); s.steps.push(%s); delete s.at;
				const t0 = performance.now();
				const r = JSON.parse((await iamplayTest.call('world', JSON.stringify(s))).result); // the engine's answer, parsed
				out.push(performance.now() - t0);
				if (!r.explanation || r.steps.length !== s.steps.length) throw new Error('no explanation');
				if (s.steps.length >= 50) s.steps.length = 0;
			}
			return out })()`, step)
		eval[[]float64](p, bench) // warm up
		var ms []float64
		for b.Loop() {
			ms = append(ms, eval[[]float64](p, bench)...)
		}
		b.ReportMetric(percentile.Of(ms, 50), "ms-p50")
		b.ReportMetric(percentile.Of(ms, 95), "ms-p95")
	})
	b.Run("matrix_20x50", func(b *testing.B) {
		p := openWorld(b, "")
		w, _ := json.Marshal(bigWorld())
		eval[bool](p, fmt.Sprintf(`iamplayWorld.setState({world: %s, seed: 1, steps: []}).then(() => true)`, w))
		for _, q := range []struct{ name, js string }{
			{"who_can_read", `{at: -1, callers: a.identities.map(i => ({principal: i.principal})), actions: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], secrets: a.secrets.map(s => s.arn), network: {sourceIp: '203.0.113.10', tls: true}}`},
			{"one_identity_all_actions", `{at: -1, callers: [{principal: a.identities[1].principal}], actions: [...cat, 'kms:Decrypt'], secrets: a.secrets.map(s => s.arn), network: {sourceIp: '203.0.113.10', tls: true}}`},
		} {
			run := fmt.Sprintf(`(async () => { const a = iamplayWorld.answer();
				const cat = (await (await fetch('catalog.json')).json()).actions.map(x => x.name).filter(n => n.startsWith('secretsmanager:'));
				if (a.identities.length !== 20 || a.secrets.length !== 50) throw new Error('world of ' + a.identities.length + ' x ' + a.secrets.length);
				const out = [];
				for (let i = 0; i < 20; i++) { const r = await iamplayWorld.access(%s); if (r.answer.error) throw new Error(r.answer.error); out.push(r.ms); }
				return out })()`, q.js)
			eval[[]float64](p, run)
			var ms []float64
			for range 3 {
				ms = append(ms, eval[[]float64](p, run)...)
			}
			b.ReportMetric(percentile.Of(ms, 50), q.name+"-ms-p50")
			b.ReportMetric(percentile.Of(ms, 95), q.name+"-ms-p95")
		}
	})
}
