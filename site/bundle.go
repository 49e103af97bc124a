package site

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// bundle compiles site/web's TypeScript into app.js (the playground page, with app.css from
// its CSS imports), embed.js (playgrounds inside other pages, with embed.css) and worker.js
// (the Web Worker that runs the engine, one per page) and iamplay.js (the <iamplay-scenario>
// element, with iamplay.css, for the site's pages and any other site), minified; and
// editor.js, the policy editor (CodeMirror), which iamplay.js adds only when the reader starts
// editing, so a page with widgets fetches the editor's weight after the engine's WebAssembly,
// if ever. One esbuild run reads the sources they share once.
func bundle(root, outdir string) error {
	web := filepath.Join(root, "site", "web")
	o := esbuildOptions(root, outdir)
	o.EntryPointsAdvanced = []api.EntryPoint{
		{InputPath: filepath.Join(web, "main.ts"), OutputPath: "app"},
		{InputPath: filepath.Join(web, "embed.ts"), OutputPath: "embed"},
		{InputPath: filepath.Join(web, "worker.ts"), OutputPath: "worker"},
		{InputPath: filepath.Join(web, "element.ts"), OutputPath: "iamplay"},
		{InputPath: filepath.Join(web, "boot.ts"), OutputPath: "boot"}, // starts worker.js before app.js runs
		{InputPath: filepath.Join(web, "editorscript.ts"), OutputPath: "editor"},
	}
	_, err := runEsbuild(o)
	return err
}

// esbuildOptions are what every bundle of the site is built with: one script per entry for
// browsers (ES2020), CSS from its imports, minified, packages from node_modules.
func esbuildOptions(root, outdir string) api.BuildOptions {
	return api.BuildOptions{
		AbsWorkingDir:     root,
		NodePaths:         []string{filepath.Join(root, "node_modules")},
		Outdir:            outdir,
		Bundle:            true,
		Write:             true,
		Format:            api.FormatIIFE,
		Platform:          api.PlatformBrowser,
		Target:            api.ES2020,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		LegalComments:     api.LegalCommentsNone,
		Charset:           api.CharsetUTF8,
		LogLevel:          api.LogLevelSilent,
	}
}

// runEsbuild builds, turning esbuild's messages into one error.
func runEsbuild(o api.BuildOptions) (api.BuildResult, error) {
	res := api.Build(o)
	if len(res.Errors) > 0 {
		msgs := api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		return res, errors.New("site: esbuild failed:\n" + strings.Join(msgs, ""))
	}
	return res, nil
}
