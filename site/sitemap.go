package site

import (
	"encoding/xml"
	"strings"
)

// sitemap is sitemap.xml for the pages that are indexed (not the 404 page).
func sitemap(base string, pages []*Page) ([]byte, error) {
	type url struct {
		Loc string `xml:"loc"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []url    `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range pages {
		if p.Index {
			set.URLs = append(set.URLs, url{strings.TrimSuffix(base, "/") + p.Path})
		}
	}
	b, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}
