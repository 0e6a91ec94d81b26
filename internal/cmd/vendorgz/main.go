// Command vendorgz writes a gzip-compressed copy of a file, for go
// generate: framework/plotly.go runs it to vendor plotly.js from
// node_modules (where npm ci installs the version package.json pins) into
// the committed framework/vendor/plotly.min.js.gz, which the framework
// embeds and serves as it is.
//
// Usage:
//
//	go run ./internal/cmd/vendorgz -in node_modules/plotly.js-dist-min/plotly.min.js -out framework/vendor/plotly.min.js.gz
//	go run ./internal/cmd/vendorgz -check -in ... -out ...
//
// The output is gzip at the best compression with an empty header (no file
// name, no time), so it depends on the input alone. It is left untouched
// when it already inflates to the input: it is rewritten only when the
// input changed. When the input is missing (npm ci has not run), vendorgz
// says so and keeps the output, except under CI=true, where that fails.
// With -check it writes nothing and fails when the output does not inflate
// to the input.
package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
)

func main() {
	in := flag.String("in", "", "`file` to compress")
	out := flag.String("out", "", "gzip `file` to write")
	check := flag.Bool("check", false, "write nothing; fail when -out does not inflate to -in")
	flag.Parse()
	if *in == "" || *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: vendorgz [-check] -in file -out file.gz")
		os.Exit(2)
	}
	if err := run(*in, *out, *check, os.Getenv("CI") == "true", os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "vendorgz:", err)
		os.Exit(1)
	}
}

// run compresses in to out unless out already inflates to in; with check
// it only compares. A missing in is reported on log and skipped, or is an
// error when strict (CI=true).
func run(in, out string, check, strict bool, log io.Writer) error {
	src, err := os.ReadFile(in)
	if errors.Is(err, fs.ErrNotExist) && !strict {
		fmt.Fprintf(log, "vendorgz: %s is missing (run npm ci): %s left as it is\n", in, out)
		return nil
	}
	if err != nil {
		return err
	}
	fresh, err := inflatesTo(out, src)
	if err != nil {
		return err
	}
	switch {
	case fresh:
		return nil
	case check:
		return fmt.Errorf("%s is stale: it is not %s gzipped (run make generate and commit)", out, in)
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	zw.Write(src) // a bytes.Buffer does not fail
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, gz.Bytes(), 0o644)
}

// inflatesTo reports whether the gzip file gz holds exactly want; a missing
// or corrupt file does not.
func inflatesTo(gz string, want []byte) (bool, error) {
	f, err := os.Open(gz)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return false, nil
	}
	got, err := io.ReadAll(zr)
	return err == nil && bytes.Equal(got, want), nil
}
