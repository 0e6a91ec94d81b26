// Command minifyjs writes the minified form of a JavaScript file, for go
// generate: framework/runtime.go runs it to turn runtime.js into the
// committed runtime.min.js that the framework embeds and serves, so no
// minification happens when a Pagewire app starts.
//
// Usage:
//
//	go run ./internal/cmd/minifyjs -in runtime.js -out runtime.min.js
//
// The output starts with a one-line "Code generated ... DO NOT EDIT."
// comment, then the minified code (see package internal/jsmin). The output
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
	in := flag.String("in", "", "JavaScript `file` to minify")
	out := flag.String("out", "", "`file` to write the minified code to")
	flag.Parse()
	if *in == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: minifyjs -in file.js -out file.min.js")
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "minifyjs:", err)
		os.Exit(1)
	}
}

// run minifies the file in and writes the result to out, unless out
// already holds exactly that.
func run(in, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	gen, err := jsmin.Generate(src, filepath.Base(in))
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
