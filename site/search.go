package site

import (
	"encoding/json"
	"strings"
)

// searchIndex is what the pages' search reads: one entry per scenario, reference page and
// reference item, written at build time to /search-index.json (no search service).
type searchIndex struct {
	Entries []searchEntry
}

// searchEntry is one thing search can find: its address, its title, what kind of thing it
// is, and the words it is found by.
type searchEntry struct {
	URL   string `json:"u"`
	Title string `json:"t"`
	Kind  string `json:"k"`
	Text  string `json:"x,omitempty"`
}

// searchTextLimit bounds each entry's text: the index stays small enough to fetch on focus.
const searchTextLimit = 400

func (s *searchIndex) add(url, title, kind, text string) {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > searchTextLimit {
		cut := strings.LastIndexByte(text[:searchTextLimit], ' ')
		if cut < 0 {
			cut = searchTextLimit
		}
		text = text[:cut]
	}
	s.Entries = append(s.Entries, searchEntry{URL: url, Title: title, Kind: kind, Text: text})
}

func (s *searchIndex) json() ([]byte, error) {
	return json.Marshal(s.Entries)
}
