package site

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"strings"
)

//go:embed templates/*.html
var templateFiles embed.FS

var templates = template.Must(template.ParseFS(templateFiles, "templates/*.html"))

// Page is one HTML page of the site.
type Page struct {
	Path        string // its address: "/course/explicit-deny/" (written as index.html) or "/404.html"
	Title       string
	Description string // for search engines and link previews
	Kind        string // home, course, scenario, reference, notfound: the body's data-page
	Section     string // the navigation entry it belongs to
	Body        template.HTML
	Index       bool // listed in sitemap.xml and given a canonical address
	Scenario    bool
	URL         string // the absolute address, from the site's base URL
	Assets      Assets
}

// Assets are the hashed names of the pages' own script and style.
type Assets struct{ JS, CSS string }

// render executes a body template into HTML.
func render(name string, data any) (template.HTML, error) {
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("site: template %s: %w", name, err)
	}
	return template.HTML(b.String()), nil
}

// writePage renders p in the site's layout under out.
func writePage(out, base string, a Assets, p *Page) error {
	p.Assets = a
	p.URL = strings.TrimSuffix(base, "/") + p.Path
	var b bytes.Buffer
	if err := templates.ExecuteTemplate(&b, "layout", p); err != nil {
		return fmt.Errorf("site: page %s: %w", p.Path, err)
	}
	return writeFile(filepath.Join(out, pageFile(p.Path)), b.Bytes())
}

// pageFile is the file a page's address is written to.
func pageFile(p string) string {
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return filepath.FromSlash(strings.TrimPrefix(path.Clean(p), "/"))
}

func writeFile(f string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		return err
	}
	return os.WriteFile(f, b, 0o644)
}
