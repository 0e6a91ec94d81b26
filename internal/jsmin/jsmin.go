// Package jsmin minifies JavaScript for Pagewire's go generate step. The
// minifyjs command writes framework/runtime.min.js with it, and the
// framework's tests call it again to check that the committed file is
// fresh, so both go through the same code with the same settings.
package jsmin

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/js"
)

// Minify returns src minified with tdewolff/minify's JavaScript minifier
// at its default settings. The output carries no comments.
func Minify(src []byte) ([]byte, error) {
	var out bytes.Buffer
	if err := js.Minify(minify.New(), &out, bytes.NewReader(src), nil); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Header returns the comment line that Generate puts first in a file
// minified from the file named from, newline included. Code that serves
// the generated file may cut this line off: it is always a single line
// that starts with "//".
func Header(from string) string {
	return "// Code generated from " + from + " by go generate (internal/cmd/minifyjs); DO NOT EDIT.\n"
}

// Generate returns the contents of the generated file for the JavaScript
// source src, read from the file named from: Header(from), then src
// minified, then a final newline.
func Generate(src []byte, from string) ([]byte, error) {
	code, err := Minify(src)
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", from, err)
	}
	h := Header(from)
	out := make([]byte, 0, len(h)+len(code)+1)
	out = append(out, h...)
	out = append(out, code...)
	return append(out, '\n'), nil
}

// Bundle joins the JavaScript files of dir in fsys, in name order, into one
// script: the files' top-level declarations become the locals of one
// strict-mode function that runs at once, so a runtime split into files
// for its readers still adds nothing to a page's globals. Each file is a
// plain script (no import or export) that may use the names of the files
// before it; a type checker reads them the same way, as scripts sharing
// one scope.
func Bundle(fsys fs.FS, dir string) ([]byte, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.js"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("bundle %s: no .js files", dir)
	}
	slices.Sort(names)
	var b bytes.Buffer
	b.WriteString("(() => {\n\"use strict\";\n")
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		b.Write(src)
		b.WriteString("\n")
	}
	b.WriteString("})();\n")
	return b.Bytes(), nil
}
