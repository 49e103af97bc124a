package site

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/iamplay/iamplay/engine/playground"
	"github.com/iamplay/iamplay/internal/golden"
	"github.com/iamplay/iamplay/internal/tsgen"
)

// engineReplies are the Go types of what the engine's worker answers: the page's types are
// generated from them (site/web/engine_types.ts), never copied.
var engineReplies = []reflect.Type{
	reflect.TypeFor[playground.Answer](),
	reflect.TypeFor[playground.MatrixAnswer](),
	reflect.TypeFor[playground.Catalogue](),
	reflect.TypeFor[playground.CatalogueFile](),
	reflect.TypeFor[playground.ErrorReply](),
	reflect.TypeFor[playground.Example](),
	reflect.TypeFor[playground.SavedScenario](),
}

// TestEngineTypes fails when site/web/engine_types.ts differs from what the Go types give;
// go test ./site -run EngineTypes -update rewrites it.
func TestEngineTypes(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..")
	src, err := tsgen.FromSource(root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tsgen.Generate("Code generated from the Go types of engine/playground by internal/tsgen; DO NOT EDIT.\n"+
		"Regenerate: go test ./site -run EngineTypes -update", src, engineReplies...)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("web", "engine_types.ts"), got)
}
