// Command minifyjs writes the minified form of a JavaScript file, or of a
// folder of them joined by jsmin.Bundle, for go generate:
// framework/runtime.go runs it to turn the runtime's source folder into the
// committed runtime.min.js that the framework embeds and serves, so no
// minification happens when a Pagewire app starts.
//
// Usage:
//
//	go run ./internal/cmd/minifyjs -in runtime -out runtime.min.js
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
	in := flag.String("in", "", "JavaScript `file` (or folder of files) to minify")
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
	var src []byte
	from := filepath.Base(in)
	if st, err := os.Stat(in); err == nil && st.IsDir() {
		from += "/*.js"
		src, err = jsmin.Bundle(os.DirFS(in), ".")
		if err != nil {
			return err
		}
	} else if src, err = os.ReadFile(in); err != nil {
		return err
	}
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
