package scenario

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCourse parses and runs every scenario of the course once per iteration: what
// go test and iamplay scenarios test pay, and what a site build pays to publish.
func BenchmarkCourse(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "*.md"))
	srcs := map[string][]byte{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs[p] = src
	}
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			for p, src := range srcs {
				if _, err := Parse(p, src); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	all, err := Load(corpusDir)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("evaluate", func(b *testing.B) {
		for b.Loop() {
			for _, s := range all {
				if f := Run(s).Failures; len(f) > 0 {
					b.Fatal(f)
				}
			}
		}
	})
	b.Run("publish", func(b *testing.B) { // what a site build pays: every request explained
		for b.Loop() {
			for _, s := range all {
				if !Publish(s).Pass {
					b.Fatal(s.File)
				}
			}
		}
	})
	b.Run("parse+evaluate", func(b *testing.B) {
		for b.Loop() {
			if _, err := Load(corpusDir); err != nil {
				b.Fatal(err)
			}
			for _, s := range all {
				Run(s)
			}
		}
	})
}
