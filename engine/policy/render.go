package policy

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// RenderOptions says how Render prints findings. The zero value prints plain text.
type RenderOptions struct {
	Color bool // wrap locations, severities and carets in ANSI colour codes
}

// Layout of the source excerpt under each finding.
const (
	renderIndent   = "    " // before the source line, the caret line and the suggestion
	renderTabWidth = 4      // tab stops in the source line, so carets stay aligned
	renderMaxWidth = 100    // longer source lines (minified policies) show a window around the range
	renderLeadIn   = 30     // columns kept before the range when a line is cut
	renderEllipsis = "..."
)

// ANSI escape codes used when RenderOptions.Color is set.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiDim     = "\x1b[2m"
	ansiRed     = "\x1b[31m"
	ansiGreen   = "\x1b[32m"
	ansiYellow  = "\x1b[33m"
	ansiMagenta = "\x1b[35m"
	ansiCyan    = "\x1b[36m"
)

// severityColor is the colour of each severity's name in coloured output.
var severityColor = map[Severity]string{
	SeverityError:           ansiRed,
	SeveritySecurityWarning: ansiMagenta,
	SeverityWarning:         ansiYellow,
	SeveritySuggestion:      ansiCyan,
}

// Render prints findings about the source src of the named file the way a compiler does:
// "file:line:col: severity code: message", the source line, a caret run under the range, and
// the suggestion (the replacement text for the range) under the caret when there is one. The range is located by its byte offset (by its line and
// column when the offset does not fit src); a range that spans lines is underlined to the end
// of its first line. Findings are printed in the order given.
func Render(w io.Writer, filename string, src []byte, fs Findings, opts RenderOptions) error {
	var b strings.Builder
	for i := range fs {
		renderFinding(&b, filename, src, &fs[i], opts)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// renderFinding appends one finding: the header, then the excerpt and the suggestion.
func renderFinding(b *strings.Builder, filename string, src []byte, f *Finding, opts RenderOptions) {
	loc := filename
	if !f.Range.IsZero() {
		loc += ":" + strconv.Itoa(f.Range.Start.Line) + ":" + strconv.Itoa(f.Range.Start.Column)
	}
	b.WriteString(paint(opts, ansiBold, loc+":"))
	b.WriteByte(' ')
	b.WriteString(paint(opts, ansiBold+severityColor[f.Severity], sanitize(string(f.Severity))))
	b.WriteByte(' ')
	b.WriteString(paint(opts, ansiDim, sanitize(f.Code)+awsNote(f)+":"))
	b.WriteByte(' ')
	b.WriteString(paint(opts, ansiBold, sanitize(f.Message)))
	b.WriteByte('\n')

	ex, ok := snippet{}, false
	if !f.Range.IsZero() {
		ex, ok = excerpt(src, f.Range)
	}
	if ok {
		if ex.text != "" { // no trailing blanks for an empty line
			b.WriteString(renderIndent)
			b.WriteString(ex.text)
		}
		b.WriteByte('\n')
		b.WriteString(renderIndent)
		b.WriteString(strings.Repeat(" ", ex.pad))
		b.WriteString(paint(opts, ansiGreen, "^"+strings.Repeat("~", ex.width-1)))
		b.WriteByte('\n')
	}
	if f.Suggestion != "" { // the replacement text, under the caret like a compiler's fix-it hint
		b.WriteString(renderIndent)
		if ok {
			b.WriteString(strings.Repeat(" ", ex.pad))
		} else {
			b.WriteString("fix: ")
		}
		b.WriteString(paint(opts, ansiGreen, sanitize(f.Suggestion)))
		b.WriteByte('\n')
	}
}

// paint wraps s in an ANSI code when colour is on.
func paint(opts RenderOptions, code, s string) string {
	if !opts.Color || code == "" {
		return s
	}
	return code + s + ansiReset
}

// sanitize replaces control characters so a message cannot move the cursor or recolour a terminal.
func sanitize(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// cell is one source character as the terminal shows it.
type cell struct {
	text  string // what to print: the character, spaces for a tab, U+FFFD for a bad byte
	width int    // terminal columns
	off   int    // byte offset of the character in the source
}

// snippet is a source line ready to print with the caret run under it.
type snippet struct {
	text  string // the line, tabs expanded, perhaps cut to a window with ellipses
	pad   int    // columns before the caret
	width int    // columns under the range, at least 1
}

// renderReach is how many bytes of a line excerpt looks at on each side of a range's start:
// enough for a full window of four-byte characters. Looking no further keeps rendering
// linear in the findings, however long the line (a minified policy is one line).
const renderReach = renderMaxWidth * utf8.UTFMax

// excerpt builds the snippet for r, or reports false when r does not point into src.
func excerpt(src []byte, r Range) (snippet, bool) {
	start, ok := locate(src, r.Start)
	if !ok {
		return snippet{}, false
	}
	lineStart, cutLeft := max(start-renderReach, 0), false
	if i := bytes.LastIndexByte(src[lineStart:start], '\n'); i >= 0 {
		lineStart += i + 1
	} else if lineStart > 0 {
		cutLeft = true
		for n := 0; n < utf8.UTFMax-1 && lineStart < start && !utf8.RuneStart(src[lineStart]); n++ {
			lineStart++
		}
	}
	lineEnd, cutRight := min(start+renderReach, len(src)), false
	if i := bytes.IndexByte(src[start:lineEnd], '\n'); i >= 0 {
		lineEnd = start + i
	} else if lineEnd < len(src) {
		cutRight = true
	}
	if lineEnd > lineStart && src[lineEnd-1] == '\r' {
		lineEnd--
	}
	start = min(start, lineEnd)
	end := r.End.Offset
	if end <= start || end > lineEnd || r.End.Line != r.Start.Line {
		end = lineEnd // multi-line (or unknown) end: underline to the end of the first line
	}

	cells := lineCells(src[lineStart:lineEnd], lineStart)
	first, last := len(cells), len(cells) // cell indexes of the range [first, last)
	for i, c := range cells {
		if first == len(cells) && c.off >= start {
			first = i
		}
		if c.off >= end {
			last = i
			break
		}
	}
	last = max(last, first)

	// Cut a long line to a window that shows the start of the range with some lead-in.
	lo, hi := 0, len(cells)
	if cutLeft || cutRight || columns(cells) > renderMaxWidth {
		lo = first
		for w := 0; lo > 0 && w+cells[lo-1].width <= renderLeadIn; lo-- {
			w += cells[lo-1].width
		}
		used := 0
		for hi = lo; hi < len(cells) && used+cells[hi].width <= renderMaxWidth; hi++ {
			used += cells[hi].width
		}
		for lo > 0 && used+cells[lo-1].width <= renderMaxWidth { // near the end: grow left
			lo--
			used += cells[lo].width
		}
	}
	var text strings.Builder
	pad := 0
	if lo > 0 || cutLeft {
		text.WriteString(renderEllipsis)
		pad += len(renderEllipsis)
	}
	for _, c := range cells[lo:hi] {
		text.WriteString(c.text)
	}
	if hi < len(cells) || cutRight {
		text.WriteString(renderEllipsis)
	}
	pad += columns(cells[lo:min(first, hi)])
	width := columns(cells[min(first, hi):min(last, hi)])
	return snippet{text: text.String(), pad: pad, width: max(width, 1)}, true
}

// locate returns the byte offset of p in src: its Offset when that fits, else from its line and column.
func locate(src []byte, p Pos) (int, bool) {
	if p.Offset > 0 && p.Offset <= len(src) || p.Offset == 0 && p.Line <= 1 {
		return p.Offset, true
	}
	if p.Line < 1 || p.Column < 1 {
		return 0, false
	}
	off := 0
	for line := 1; line < p.Line; line++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	for col := 1; col < p.Column && off < len(src) && src[off] != '\n'; col++ {
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off, true
}

// lineCells splits a source line into display cells; base is the line's byte offset in the source.
func lineCells(line []byte, base int) []cell {
	cells := make([]cell, 0, len(line))
	col := 0
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRune(line[i:])
		c := cell{off: base + i}
		switch {
		case r == '\t':
			c.width = renderTabWidth - col%renderTabWidth
			c.text = strings.Repeat(" ", c.width)
		case r == utf8.RuneError && size == 1:
			c.text, c.width = "\uFFFD", 1
		case unicode.IsControl(r):
			c.text, c.width = " ", 1
		default:
			c.text, c.width = string(r), runeWidth(r)
		}
		cells = append(cells, c)
		col += c.width
		i += size
	}
	return cells
}

// columns is the terminal width of cells.
func columns(cells []cell) int {
	n := 0
	for _, c := range cells {
		n += c.width
	}
	return n
}

// runeWidth is the terminal width of a printable rune: 0 for combining marks, 2 for East Asian
// wide characters and emoji, else 1. It covers the common ranges, not all of Unicode's tables.
func runeWidth(r rune) int {
	switch {
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == '\u200b':
		return 0
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0x303E, r >= 0x3041 && r <= 0x33FF,
		r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xA000 && r <= 0xA4CF,
		r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1F300 && r <= 0x1F64F,
		r >= 0x1F900 && r <= 0x1F9FF, r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}

// awsNote marks a finding for which AWS refuses the policy; other errors (an unknown action,
// ...) are Access Analyzer's kind: AWS stores the policy and evaluates it as written.
func awsNote(f *Finding) string {
	if f.Refused {
		return " [AWS refuses the policy]"
	}
	return ""
}

// Summary counts findings by severity for the last line of a report: "2 errors (1 that AWS
// refuses), 1 warning", or "no findings".
func Summary(fs Findings) string {
	names := []struct {
		s              Severity
		single, plural string
	}{
		{SeverityError, "error", "errors"},
		{SeveritySecurityWarning, "security warning", "security warnings"},
		{SeverityWarning, "warning", "warnings"},
		{SeveritySuggestion, "suggestion", "suggestions"},
	}
	var parts []string
	for _, n := range names {
		switch c := fs.Count(n.s); c {
		case 0:
		case 1:
			parts = append(parts, "1 "+n.single)
		default:
			parts = append(parts, strconv.Itoa(c)+" "+n.plural)
		}
		if r := fs.CountRefused(); n.s == SeverityError && r > 0 {
			parts[len(parts)-1] += " (" + strconv.Itoa(r) + " that AWS refuses)"
		}
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, ", ")
}

// FileFindings is the findings about one file, as RenderJSON writes them.
type FileFindings struct {
	File     string   `json:"file"`
	Findings Findings `json:"findings"`
}

// jsonReport is the document RenderJSON writes: the files, then the counts by severity.
type jsonReport struct {
	Files            []FileFindings `json:"files"`
	Errors           int            `json:"errors"`
	Refused          int            `json:"refused,omitempty"` // errors for which AWS refuses the policy
	SecurityWarnings int            `json:"securityWarnings"`
	Warnings         int            `json:"warnings"`
	Suggestions      int            `json:"suggestions"`
}

// RenderJSON writes findings about files as one indented JSON object for tools:
// {"files": [{"file", "findings": [...]}], "errors", "refused", "securityWarnings", "warnings", "suggestions"}.
// Lists are never null.
func RenderJSON(w io.Writer, files []FileFindings) error {
	rep := jsonReport{Files: make([]FileFindings, len(files))}
	for i, f := range files {
		if f.Findings == nil {
			f.Findings = Findings{}
		}
		rep.Files[i] = f
		rep.Errors += f.Findings.Count(SeverityError)
		rep.Refused += f.Findings.CountRefused()
		rep.SecurityWarnings += f.Findings.Count(SeveritySecurityWarning)
		rep.Warnings += f.Findings.Count(SeverityWarning)
		rep.Suggestions += f.Findings.Count(SeveritySuggestion)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
