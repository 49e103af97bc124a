package secrets

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/world"
)

// filter is one ListSecrets or BatchGetSecretValue filter.
type filter struct {
	Key    *string  `json:"Key"`
	Values []string `json:"Values"`
}

type listInput struct {
	MaxResults             *int     `json:"MaxResults"`
	NextToken              *string  `json:"NextToken"`
	Filters                []filter `json:"Filters"`
	SortOrder              *string  `json:"SortOrder"`
	SortBy                 *string  `json:"SortBy"`
	IncludePlannedDeletion *bool    `json:"IncludePlannedDeletion"`
}

// The filter keys of the API Reference (Filter): "description: Prefix match, not
// case-sensitive. name: Prefix match, case-sensitive. tag-key: Prefix match,
// case-sensitive. tag-value: Prefix match, case-sensitive. primary-region: Prefix match,
// case-sensitive. owning-service: Prefix match, case-sensitive. all: Breaks the filter value
// string into words and then searches all attributes for matches. Not case-sensitive."
var filterKeys = map[string]func(e *entry, v string) bool{
	"description": func(e *entry, v string) bool { return hasPrefixFold(e.s.Description, v) },
	"name":        func(e *entry, v string) bool { return strings.HasPrefix(e.s.Name, v) },
	"tag-key": func(e *entry, v string) bool {
		return slices.ContainsFunc(e.s.Tags, func(t world.Tag) bool { return strings.HasPrefix(t.Key, v) })
	},
	"tag-value": func(e *entry, v string) bool {
		return slices.ContainsFunc(e.s.Tags, func(t world.Tag) bool { return strings.HasPrefix(t.Value, v) })
	},
	"primary-region": func(e *entry, v string) bool { return strings.HasPrefix(e.s.Region, v) },
	"owning-service": func(e *entry, v string) bool { return false }, // no secret of a world is managed by another service
	"all":            matchAll,
}

// matchAll is the "all" filter: every word of v begins, case-insensitively, a word of the
// name, the description, a tag key or value, or the primary region (words of an attribute
// are separated by anything but a letter or digit: "api" finds TestEnv/api-key).
func matchAll(e *entry, v string) bool {
	for _, w := range strings.Fields(v) {
		ok := wordPrefix(e.s.Name, w) || wordPrefix(e.s.Description, w) || wordPrefix(e.s.Region, w) ||
			slices.ContainsFunc(e.s.Tags, func(t world.Tag) bool { return wordPrefix(t.Key, w) || wordPrefix(t.Value, w) })
		if !ok {
			return false
		}
	}
	return true
}

func wordPrefix(s, w string) bool {
	for i := 0; i < len(s); i++ {
		if (i == 0 || !alnum(s[i-1])) && hasPrefixFold(s[i:], w) {
			return true
		}
	}
	return false
}

func alnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

func hasPrefixFold(s, p string) bool { return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) }

// filterValue is the pattern of Filter.Values: "^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$".
func filterValue(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(" :_@/+=.-!", c) >= 0) {
			return false
		}
	}
	return true
}

// compiled filters: every filter must match; within a filter, some value without "!" must
// match (when there is one) and no value with "!" may ("You can prefix your search value
// with an exclamation mark (!) in order to perform negation filters").
type matcher []filterMatch

type filterMatch struct {
	f        func(e *entry, v string) bool
	pos, neg []string
}

func compileFilters(fs []filter) (matcher, *Error) {
	var m matcher
	for _, f := range fs {
		if f.Key == nil || filterKeys[*f.Key] == nil { // the shape holds a key to its enum, but lets a filter leave it out
			return nil, invalid("filters.member.key", "Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]")
		}
		m = append(m, filterMatch{f: filterKeys[*f.Key]})
		last := &m[len(m)-1]
		for _, v := range f.Values {
			if len(v) > 512 || !filterValue(v) {
				return nil, invalid("filters.member.values.member", "Member must satisfy regular expression pattern: ^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$ and have length less than or equal to 512")
			}
			if n, ok := strings.CutPrefix(v, "!"); ok {
				last.neg = append(last.neg, n)
			} else {
				last.pos = append(last.pos, v)
			}
		}
	}
	return m, nil
}

func (m matcher) match(e *entry) bool {
	for i := range m {
		f := &m[i]
		if len(f.pos) > 0 && !slices.ContainsFunc(f.pos, func(v string) bool { return f.f(e, v) }) {
			return false
		}
		if slices.ContainsFunc(f.neg, func(v string) bool { return f.f(e, v) }) {
			return false
		}
	}
	return true
}

// selected is the secrets of the caller's account in the call's region that the filters
// match, sorted, and the page of them the token and limit ask for.
func (s *Store) selected(c *Call, m matcher, planned bool, sortBy, order string) []*entry {
	var out []*entry
	for _, e := range s.places[place{c.Caller.Account.ID, c.Region}] {
		if (planned || e.s.DeletionDate.IsZero()) && m.match(e) {
			out = append(out, e)
		}
	}
	cmp := func(a, b *entry) int { return a.s.Created.Compare(b.s.Created) }
	switch sortBy {
	case "name":
		cmp = func(a, b *entry) int { return strings.Compare(a.s.Name, b.s.Name) }
	case "last-changed-date":
		cmp = func(a, b *entry) int { return a.s.LastChangedDate.Compare(b.s.LastChangedDate) }
	}
	slices.SortStableFunc(out, cmp)
	if order == "desc" {
		slices.Reverse(out)
	}
	return out
}

// page cuts a page from a list: NextToken is the offset of the page, written opaquely; a
// token that is not one this store wrote, or points past the list, is
// InvalidNextTokenException ("The NextToken value is invalid").
func page[T any](list []T, token *string, max int) ([]T, *string, *Error) {
	from := 0
	if token != nil {
		b, err := base64.RawURLEncoding.DecodeString(*token)
		n, perr := strconv.Atoi(strings.TrimPrefix(string(b), "iamplay:"))
		if err != nil || perr != nil || !strings.HasPrefix(string(b), "iamplay:") || n <= 0 || n > len(list) {
			return nil, nil, errorf(InvalidNextToken, "The NextToken value is invalid.")
		}
		from = n
	}
	to := min(from+max, len(list))
	var next *string
	if to < len(list) {
		t := base64.RawURLEncoding.EncodeToString([]byte("iamplay:" + strconv.Itoa(to)))
		next = &t
	}
	return list[from:to], next, nil
}

// listSecrets is ListSecrets: the account's secrets in the region, without values.
func listSecrets(s *Store, c *Call, r *Result) *Error {
	var in listInput
	if err := decode(c, &in); err != nil {
		return err
	}
	max := maxResults(in.MaxResults, 100)
	order, sortBy := "asc", "created-date" // the shape holds both to their enums
	if in.SortOrder != nil {
		order = *in.SortOrder
	}
	if in.SortBy != nil {
		sortBy = *in.SortBy
	}
	m, err := compileFilters(in.Filters)
	if err != nil {
		return err
	}
	if err := s.authorize(c, r, r.action, anyResource, nil); err != nil {
		return err
	}
	all := s.selected(c, m, in.IncludePlannedDeletion != nil && *in.IncludePlannedDeletion, sortBy, order)
	list, next, err := page(all, in.NextToken, max)
	if err != nil {
		return err
	}
	out := struct {
		SecretList []description `json:"SecretList"`
		NextToken  *string       `json:"NextToken,omitempty"`
	}{SecretList: make([]description, 0, len(list)), NextToken: next}
	for _, e := range list {
		d := describe(e)
		d.VersionIdsToStages, d.SecretVersionsToStages = nil, d.VersionIdsToStages
		out.SecretList = append(out.SecretList, d)
	}
	return marshal(r, out)
}
