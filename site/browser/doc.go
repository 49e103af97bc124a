// Package browser holds the playground's tests in a real headless Chromium (driven with
// chromedp) and the in-browser latency benchmark. It has no code of its own.
package browser
