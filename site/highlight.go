package site

import (
	"html/template"
	"strings"
)

// HighlightJSON marks up JSON text for the page at build time: keys, strings, numbers and
// literals get a class each (j-k, j-s, j-n, j-l); everything else is copied escaped. Text that
// is not JSON is still copied whole, so nothing a reader wrote is lost.
func HighlightJSON(src string) template.HTML {
	var b strings.Builder
	b.Grow(len(src) * 2)
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' && src[j] != '\n' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j < len(src) && src[j] == '"' {
				j++
			}
			j = min(j, len(src))
			class := "j-s"
			if isKey(src[j:]) {
				class = "j-k"
			}
			span(&b, class, src[i:j])
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(src) && strings.IndexByte("0123456789.eE+-", src[j]) >= 0 {
				j++
			}
			span(&b, "j-n", src[i:j])
			i = j
		case c >= 'a' && c <= 'z':
			j := i
			for j < len(src) && src[j] >= 'a' && src[j] <= 'z' {
				j++
			}
			if w := src[i:j]; w == "true" || w == "false" || w == "null" {
				span(&b, "j-l", w)
			} else {
				b.WriteString(template.HTMLEscapeString(w))
			}
			i = j
		default:
			j := i + 1
			for j < len(src) && strings.IndexByte("\"-0123456789abcdefghijklmnopqrstuvwxyz", src[j]) < 0 {
				j++
			}
			b.WriteString(template.HTMLEscapeString(src[i:j]))
			i = j
		}
	}
	return template.HTML(b.String())
}

// isKey says whether the text after a string starts with a colon (after spaces): a key.
func isKey(rest string) bool {
	return strings.HasPrefix(strings.TrimLeft(rest, " \t\r\n"), ":")
}

func span(b *strings.Builder, class, text string) {
	b.WriteString(`<span class="`)
	b.WriteString(class)
	b.WriteString(`">`)
	b.WriteString(template.HTMLEscapeString(text))
	b.WriteString(`</span>`)
}
