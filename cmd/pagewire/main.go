// Command pagewire is Pagewire's command-line tool.
//
//	pagewire new [-module PATH] [-replace DIR] [-tidy=false] NAME
//
// writes a new app in the folder NAME: a main package, pages/ with a home
// page and a not-found page (templ sources and their generated Go), assets/
// and a go.mod. -replace points the framework at a local checkout.
package main

import (
	"bytes"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// skeleton is the app `pagewire new` writes; it is a real app of this
// module, so it is built and tested with it.
//
//go:embed skeleton
var skeleton embed.FS

const (
	frameworkModule = "github.com/pagewire/pagewire"
	skeletonImport  = frameworkModule + "/cmd/pagewire/skeleton"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "pagewire:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "new" {
		fmt.Fprintln(stderr, "usage: pagewire new [-module PATH] [-replace DIR] [-tidy=false] NAME")
		return errors.New("unknown or missing command")
	}
	fl := flag.NewFlagSet("pagewire new", flag.ContinueOnError)
	fl.SetOutput(stderr)
	module := fl.String("module", "", "the new app's module path (default NAME)")
	replace := fl.String("replace", "", "a local checkout of "+frameworkModule+" to build against")
	tidy := fl.Bool("tidy", true, "run go mod tidy in the new app")
	if err := fl.Parse(args[1:]); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return errors.New("want exactly one NAME")
	}
	name := fl.Arg(0)
	if *module == "" {
		*module = filepath.Base(name)
	}
	if !validModule(*module) {
		return fmt.Errorf("bad module path %q", *module)
	}
	if err := scaffold(name, *module, *replace); err != nil {
		return err
	}
	if *tidy {
		cmd := exec.Command("go", "mod", "tidy")
		cmd.Dir, cmd.Stdout, cmd.Stderr = name, stdout, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go mod tidy in %s: %w", name, err)
		}
	}
	fmt.Fprintf(stdout, "created %s: cd %s && go run .\n", name, name)
	return nil
}

var moduleRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~/-]*$`)

func validModule(m string) bool {
	return moduleRE.MatchString(m) && !strings.Contains(m, "..") && !strings.HasSuffix(m, "/")
}

// scaffold writes the skeleton into dir with its imports rewritten to
// module, and a go.mod. It refuses to write into a folder that has files.
func scaffold(dir, module, replace string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s exists and is not empty", dir)
	}
	err := fs.WalkDir(skeleton, "skeleton", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, "skeleton"), "/")
		target := filepath.Join(dir, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := skeleton.ReadFile(p)
		if err != nil {
			return err
		}
		switch path.Ext(p) {
		case ".go", ".templ":
			b = bytes.ReplaceAll(b, []byte(`"`+skeletonImport), []byte(`"`+module))
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		return err
	}
	gomod := "module " + module + "\n\ngo 1.26\n\ntool github.com/a-h/templ/cmd/templ\n\nrequire " + frameworkModule + " v0.0.0-00010101000000-000000000000\n"
	if replace != "" {
		abs, err := filepath.Abs(replace)
		if err != nil {
			return err
		}
		gomod += "\nreplace " + frameworkModule + " => " + abs + "\n"
	}
	return os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644)
}
