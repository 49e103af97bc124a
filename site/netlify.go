package site

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/BurntSushi/toml"
)

// Netlify is what the site's server reads from netlify.toml: the build, the headers and the
// redirects, so that `iamplay serve` answers as Netlify will.
type Netlify struct {
	Build struct {
		Command     string            `toml:"command"`
		Publish     string            `toml:"publish"`
		Environment map[string]string `toml:"environment"`
	} `toml:"build"`
	Headers   []HeaderRule `toml:"headers"`
	Redirects []Redirect   `toml:"redirects"`
}

// HeaderRule sets headers on every response whose path matches For.
type HeaderRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
}

// Redirect is one [[redirects]] rule: From (with :placeholders and a final * splat) to To.
// Status 200 rewrites (or proxies, when To is an absolute URL), 301/302 redirect, 404 serves
// To with that status. Without Force, a file at the path shadows the rule, as on Netlify.
type Redirect struct {
	From   string `toml:"from"`
	To     string `toml:"to"`
	Status int    `toml:"status"`
	Force  bool   `toml:"force"`
}

// LoadNetlify reads and checks a netlify.toml.
func LoadNetlify(path string) (*Netlify, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseNetlify(path, b)
}

// ParseNetlify reads netlify.toml's text; name is used in errors. Keys it does not know are
// an error, so a misspelt rule is not silently ignored here while Netlify applies it.
func ParseNetlify(name string, b []byte) (*Netlify, error) {
	var n Netlify
	md, err := toml.Decode(string(b), &n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("%s: keys the local server does not apply: %s", name, strings.Join(keys, ", "))
	}
	var errs []error
	for i, h := range n.Headers {
		if !strings.HasPrefix(h.For, "/") {
			errs = append(errs, fmt.Errorf("%s: headers[%d]: for %q must start with /", name, i, h.For))
		}
	}
	for i := range n.Redirects {
		r := &n.Redirects[i]
		if r.Status == 0 {
			r.Status = 301 // Netlify's default
		}
		if !strings.HasPrefix(r.From, "/") {
			errs = append(errs, fmt.Errorf("%s: redirects[%d]: from %q must start with /", name, i, r.From))
		}
		switch r.Status {
		case 200, 301, 302, 303, 307, 308, 404:
		default:
			errs = append(errs, fmt.Errorf("%s: redirects[%d]: status %d is not one the local server applies", name, i, r.Status))
		}
	}
	return &n, errors.Join(errs...)
}

// matchPath matches a Netlify path pattern against a request path: a segment ":name" matches
// one segment, a final "*" matches the rest (possibly empty); anything else literally. It
// returns the values of the placeholders and the splat.
func matchPath(pattern, path string) (map[string]string, bool) {
	ps := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	xs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	vals := map[string]string{}
	for i, p := range ps {
		if p == "*" && i == len(ps)-1 {
			vals["splat"] = strings.Join(xs[min(i, len(xs)):], "/")
			return vals, true
		}
		if i >= len(xs) {
			return nil, false
		}
		switch {
		case strings.HasPrefix(p, ":"):
			if xs[i] == "" {
				return nil, false
			}
			vals[p[1:]] = xs[i]
		case p != xs[i]:
			return nil, false
		}
	}
	return vals, len(ps) == len(xs)
}

// expand fills :name and :splat in a redirect's target.
func expand(to string, vals map[string]string) string {
	for k, v := range vals {
		to = strings.ReplaceAll(to, ":"+k, v)
	}
	return to
}

// HeadersFor is every header the rules set for path, in rule order; a header several rules
// set gets their values joined with ", ".
func (n *Netlify) HeadersFor(path string) map[string]string {
	out := map[string]string{}
	if n == nil {
		return out
	}
	for _, h := range n.Headers {
		if _, ok := matchPath(h.For, path); !ok {
			continue
		}
		for k, v := range h.Values {
			if old, ok := out[k]; ok {
				v = old + ", " + v
			}
			out[k] = v
		}
	}
	return out
}
