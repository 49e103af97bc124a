package scenario

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	meta "github.com/yuin/goldmark-meta"
	"github.com/yuin/goldmark/parser"
	"gopkg.in/yaml.v2"
)

var yamlLine = regexp.MustCompile(`line (\d+)`)

// frontMatter reads title, summary, tags and order from the YAML front matter.
func (b *builder) frontMatter(pc parser.Context) {
	items, err := meta.TryGetItems(pc)
	if err != nil {
		line := 1 + b.yamlErrorLine()
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			line = n + 1 // YAML counts from the line after the opening ---
		}
		b.errorf(line, 0, "the front matter is not YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	if items == nil {
		b.errorf(1, 0, "the scenario has no front matter: start it with ---, then title:, summary:, tags:, order:, then ---")
		return
	}
	seen := map[string]bool{}
	for _, it := range items {
		key, _ := it.Key.(string)
		line := b.metaLine(key)
		if seen[key] {
			b.errorf(line, 0, "%s is written twice", key)
			continue
		}
		seen[key] = true
		switch key {
		case "title", "summary":
			s, ok := it.Value.(string)
			if !ok || strings.TrimSpace(s) == "" {
				b.errorf(line, 0, "%s must be a line of text", key)
				continue
			}
			if key == "title" {
				b.s.Title = s
			} else {
				b.s.Summary = s
			}
		case "tags":
			list, ok := it.Value.([]any)
			if !ok {
				b.errorf(line, 0, "tags must be a list: tags: [basics, evaluation]")
				continue
			}
			for _, t := range list {
				s, ok := t.(string)
				if !ok || s == "" || strings.ContainsAny(s, " \t") {
					b.errorf(line, 0, "a tag is one word, not %s (YAML reads null, true, 7 as no word: quote them)", fmt.Sprintf("%#v", t))
					continue
				}
				b.s.Tags = append(b.s.Tags, s)
			}
		case "order":
			n, ok := it.Value.(int)
			if !ok || n < 0 {
				b.errorf(line, 0, "order must be a whole number, not %v", it.Value)
				continue
			}
			b.s.Order = n
		default:
			b.errorf(line, 0, "unknown front matter field %q (title, summary, tags, order)", fmt.Sprint(it.Key))
		}
	}
	for _, k := range []string{"title", "summary"} {
		if !seen[k] {
			b.errorf(1, 0, "the front matter has no %s", k)
		}
	}
}

// metaLine is the line of key in the front matter (which starts on line 2), or 1.
func (b *builder) metaLine(key string) int {
	for i := 1; i < len(b.lines.starts); i++ {
		end := len(b.src)
		if i+1 < len(b.lines.starts) {
			end = b.lines.starts[i+1]
		}
		l := string(b.src[b.lines.starts[i]:end])
		if strings.TrimSpace(l) == "---" {
			break
		}
		if strings.HasPrefix(l, key+":") || strings.HasPrefix(l, key+" :") {
			return i + 1
		}
	}
	return 1
}

// yamlErrorLine finds the front matter line (1 = the first after ---) where YAML that
// reports no line goes wrong: the first prefix of the lines that does not read. Only for
// front matter of a usual size; 0 when not found.
func (b *builder) yamlErrorLine() int {
	var text []string
	for i := 1; i < len(b.lines.starts) && i <= 200; i++ {
		end := len(b.src)
		if i+1 < len(b.lines.starts) {
			end = b.lines.starts[i+1]
		}
		l := string(b.src[b.lines.starts[i]:end])
		if strings.TrimSpace(l) == "---" {
			return 0
		}
		text = append(text, l)
		var v any
		if yaml.Unmarshal([]byte(strings.Join(text, "")), &v) != nil {
			return i
		}
	}
	return 0
}
