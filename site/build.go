package site

import (
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
)

// DefaultBaseURL is the address pages name themselves by (canonical links, sitemap.xml, link
// previews) when neither Options.BaseURL nor Netlify's URL variable says another.
const DefaultBaseURL = "http://127.0.0.1:8080"

// Build writes the whole site to o.Out: the playground (buildPlayground), the home page, the
// course and a page per scenario, each scenario as JSON for the embed, the reference, the 404
// page, the search index and sitemap.xml. It returns every file written with its size
// (GzipSize is left 0: Sizes measures it, for a report).
func Build(o Options) ([]File, error) {
	o, err := o.checked()
	if err != nil {
		return nil, err
	}
	if o.BaseURL == "" {
		o.BaseURL = os.Getenv("URL") // Netlify sets it to the site's main address during builds
	}
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	o.BaseURL = strings.TrimSuffix(o.BaseURL, "/")
	// The playground (bundles, the engine) and the pages share nothing: build them at once.
	played := make(chan error, 1)
	go func() { played <- buildPlayground(o) }()
	pagesErr := BuildPages(o)
	if err := errors.Join(<-played, pagesErr); err != nil {
		return nil, err
	}
	return sizes(o.Out, o.Out, false)
}

// Sizes lists the files of a built site with their sizes raw and gzip-compressed.
func Sizes(out string) ([]File, error) { return sizes(out, out, true) }

// BuildPages writes everything but the playground: pages, scenario JSON, search index, sitemap.
func BuildPages(o Options) error {
	// Bundles are named by their hash: last build's would stay beside this one's.
	if err := os.RemoveAll(filepath.Join(o.Out, "assets")); err != nil {
		return err
	}
	assets, err := bundleAssets(o.Root, filepath.Join(o.Out, "assets"))
	if err != nil {
		return err
	}
	idx := &searchIndex{}
	course, err := coursePages(o, idx)
	if err != nil {
		return err
	}
	ref, err := referencePages(idx)
	if err != nil {
		return err
	}
	home, err := homePage(course)
	if err != nil {
		return err
	}
	embedDoc, err := embedPage(o, course)
	if err != nil {
		return err
	}
	idx.add(embedDoc.Path, embedDoc.Title, "reference", embedDoc.Description)
	nf, err := render("notfound", nil)
	if err != nil {
		return err
	}
	notFound := &Page{Path: "/404.html", Title: "Not found", Kind: "notfound", Body: nf,
		Description: "There is no page at this address."}
	pages := append([]*Page{home}, course.pages...)
	pages = append(pages, ref...)
	pages = append(pages, embedDoc, notFound)
	for _, p := range pages {
		if err := writePage(o.Out, o.BaseURL, assets, p); err != nil {
			return err
		}
	}
	ix, err := idx.json()
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(o.Out, "search-index.json"), ix); err != nil {
		return err
	}
	sm, err := sitemap(o.BaseURL, pages)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(o.Out, "sitemap.xml"), sm); err != nil {
		return err
	}
	icon, err := favicon()
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(o.Out, "favicon.ico"), icon); err != nil {
		return err
	}
	robots := "User-agent: *\nAllow: /\nSitemap: " + o.BaseURL + "/sitemap.xml\n"
	return writeFile(filepath.Join(o.Out, "robots.txt"), []byte(robots))
}

// bundleAssets bundles the pages' own script (site/web/site.ts, with search, progress and
// the loader of live widgets) and style into dir, named by their content's hash.
func bundleAssets(root, dir string) (Assets, error) {
	o := esbuildOptions(root, dir)
	o.EntryPoints = []string{filepath.Join(root, "site", "web", "site.ts")}
	o.EntryNames = "[name]-[hash]"
	res, err := runEsbuild(o)
	if err != nil {
		return Assets{}, err
	}
	var a Assets
	for _, f := range res.OutputFiles {
		rel, err := filepath.Rel(filepath.Dir(dir), f.Path)
		if err != nil {
			return a, err
		}
		switch filepath.Ext(f.Path) {
		case ".js":
			a.JS = "/" + filepath.ToSlash(rel)
		case ".css":
			a.CSS = "/" + filepath.ToSlash(rel)
		}
	}
	if a.JS == "" || a.CSS == "" {
		return a, fmt.Errorf("site: esbuild wrote no script or no style for the pages (%d files)", len(res.OutputFiles))
	}
	return a, nil
}

// homePage says what iamplay is and links to a live example.
func homePage(c *course) (*Page, error) {
	first := map[string]any{"URL": "/playground/", "Title": "the playground", "Summary": "", "Teaser": template.HTML("")}
	if len(c.scenarios) > 0 {
		s := c.scenarios[0]
		first = map[string]any{"URL": s.Path, "Title": s.Title, "Summary": s.Summary, "Teaser": s.Teaser}
	}
	body, err := render("home", map[string]any{"First": first, "Count": len(c.scenarios)})
	if err != nil {
		return nil, err
	}
	return &Page{Path: "/", Title: "iamplay: learn, test and explain AWS IAM policies for Secrets Manager", Kind: "home", Section: "home", Index: true, Body: body,
		Description: "Edit AWS IAM policies for Secrets Manager and watch every decision, verdict and reason live in your browser: a course of tested, live scenarios, a playground and a reference."}, nil
}
