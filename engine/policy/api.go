package policy

// Check parses src and validates it as a policy of the given kind: the one call most users need.
// The document is nil only when src is not a JSON object that could be read at all.
func Check(src []byte, kind Kind) (*Document, Findings) {
	doc, fs := Parse(src)
	if doc == nil {
		return nil, fs
	}
	return doc, append(fs, Validate(doc, kind)...)
}
