// Command minifyjs writes the minified form of a JavaScript file, or of a
// folder of them joined by jsmin.Bundle, for go generate:
// framework/runtime.go runs it to turn the runtime's source folder into the
// committed runtime.min.js that the framework embeds and serves, so no
// minification happens when a Pagewire app starts.
//
// Usage:
//
//	go run ./internal/cmd/minifyjs -in runtime -out runtime.min.js [-ext-out runtime-ext.min.js]
//
// With -ext-out, -in is a folder whose ext subfolder holds the runtime's
// extension, a second script that pages load only when they need it: the
// two are bundled by jsmin.BundleExt, the core written to -out and the
// extension to -ext-out.
//
// Each output starts with a one-line "Code generated ... DO NOT EDIT."
// comment, then the minified code (see package internal/jsmin). An output
// file is left untouched when its contents are already up to date.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pagewire/pagewire/internal/jsmin"
)

func main() {
	in := flag.String("in", "", "JavaScript `file` (or folder of files) to minify")
	out := flag.String("out", "", "`file` to write the minified code to")
	extOut := flag.String("ext-out", "", "`file` to write the minified extension (the folder's ext/*.js) to; -in must be a folder")
	flag.Parse()
	if *in == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: minifyjs -in file.js -out file.min.js | minifyjs -in folder -out core.min.js [-ext-out ext.min.js]")
		os.Exit(2)
	}
	if err := run(*in, *out, *extOut); err != nil {
		fmt.Fprintln(os.Stderr, "minifyjs:", err)
		os.Exit(1)
	}
}

// run minifies the file or folder in and writes the result to out, and the
// folder's extension to extOut unless it is empty, leaving a file that
// already holds exactly its result untouched.
func run(in, out, extOut string) error {
	from := filepath.Base(in)
	st, err := os.Stat(in)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		if extOut != "" {
			return fmt.Errorf("-ext-out needs a folder for -in, not the file %s", in)
		}
		src, err := os.ReadFile(in)
		if err != nil {
			return err
		}
		return generate(src, from, out)
	}
	if extOut == "" {
		src, err := jsmin.Bundle(os.DirFS(in), ".")
		if err != nil {
			return err
		}
		return generate(src, from+"/*.js", out)
	}
	split, err := jsmin.BundleExt(os.DirFS(in), ".", "ext")
	if err != nil {
		return err
	}
	if err := generate(split.Core, from+"/*.js", out); err != nil {
		return err
	}
	return generate(split.Ext, from+"/ext/*.js", extOut)
}

// generate writes the generated file of src, read from the files named
// from, to out, unless out already holds exactly that.
func generate(src []byte, from, out string) error {
	gen, err := jsmin.Generate(src, from)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(out)
	if err == nil && bytes.Equal(old, gen) {
		return nil
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.WriteFile(out, gen, 0o644)
}
