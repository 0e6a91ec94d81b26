// Command pagewire is Pagewire's command-line tool.
//
//	pagewire new [-module PATH] [-replace DIR] [-tidy=false] NAME
//
// writes a new app in the folder NAME: a main package with a test, pages/
// with a home page and a not-found page (templ sources and their generated
// Go), assets/, a README, a Makefile and a go.mod. -replace points the
// framework at a local checkout; until github.com/pagewire/pagewire is
// published it is how a new app finds the framework. The app is written
// into a temporary folder beside NAME and renamed into place at the end, so
// a failure leaves nothing behind.
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
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "pagewire:", err)
		}
		os.Exit(2)
	}
}

// usage is the help text of pagewire -h and pagewire new -h.
const usage = `usage: pagewire new [-module PATH] [-replace DIR] [-tidy=false] NAME

pagewire new writes a new Pagewire app in the folder NAME (which must not
exist or be empty): main.go and main_test.go, pages/ (a home page and a
not-found page), assets/, README.md, a Makefile and go.mod. Then:

	cd NAME && go run .      # or make run; make test; make generate

-replace DIR: ` + frameworkModule + ` is not published yet, so
a new app cannot download it. Point -replace at a local checkout of it
(a folder with its go.mod) and the app's go.mod gets
"replace ` + frameworkModule + ` => DIR" (made absolute), which builds the
app against that checkout. Example, from a checkout:

	go run ./cmd/pagewire new -replace . ../myapp

Once the module is published, drop -replace (or delete the replace line
and run go get ` + frameworkModule + `@latest).

Flags of new:
`

// errUsage is a command-line mistake; the usage text was printed already.
var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printUsage(stderr)
		return errUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printUsage(stdout)
		return flag.ErrHelp
	case "new":
	default:
		printUsage(stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
	fl, opts := newFlags(stderr)
	fl.Usage = func() { printUsage(stdout) }
	if err := fl.Parse(args[1:]); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return errors.New("want exactly one NAME (pagewire -h for help)")
	}
	name := fl.Arg(0)
	if opts.module == "" {
		opts.module = filepath.Base(name)
	}
	if !validModule(opts.module) {
		return fmt.Errorf("bad module path %q", opts.module)
	}
	if err := create(name, opts, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s: cd %s && go run .   (see %s)\n", name, name, filepath.Join(name, "README.md"))
	return nil
}

// options are the flags of pagewire new.
type options struct {
	module, replace string
	tidy            bool
}

// newFlags returns the flag set of pagewire new, printing to out.
func newFlags(out io.Writer) (*flag.FlagSet, *options) {
	o := &options{}
	fl := flag.NewFlagSet("pagewire new", flag.ContinueOnError)
	fl.SetOutput(out)
	fl.StringVar(&o.module, "module", "", "the new app's module path (default: NAME's last element)")
	fl.StringVar(&o.replace, "replace", "", "a local checkout of "+frameworkModule+" to build against (needed until it is published)")
	fl.BoolVar(&o.tidy, "tidy", true, "run go mod tidy in the new app")
	return fl, o
}

// printUsage writes the help text and the flags of new to w.
func printUsage(w io.Writer) {
	fmt.Fprint(w, usage)
	fl, _ := newFlags(w)
	fl.PrintDefaults()
}

// beforeRename runs on the finished temporary folder just before it is
// renamed into place; tests set it to inject a failure.
var beforeRename = func(tmp string) error { return nil }

// create writes the app into a temporary folder beside dir, runs go mod
// tidy there, and renames it to dir; on any error it removes the
// temporary folder, so dir is left as it was.
func create(dir string, o *options, stdout, stderr io.Writer) (err error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s exists and is not empty", dir)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".pagewire-new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := scaffold(tmp, o.module, o.replace); err != nil {
		return err
	}
	if o.tidy {
		cmd := exec.Command("go", "mod", "tidy")
		cmd.Dir, cmd.Stdout, cmd.Stderr = tmp, stdout, stderr
		if err := cmd.Run(); err != nil {
			if o.replace == "" {
				return fmt.Errorf("go mod tidy: %w (until %s is published, pass -replace with a local checkout of it; see pagewire -h)", err, frameworkModule)
			}
			return fmt.Errorf("go mod tidy: %w", err)
		}
	}
	if err := beforeRename(tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if _, err := os.Stat(dir); err == nil {
		// dir is an empty folder (checked above): make way for the rename.
		if err := os.Remove(dir); err != nil {
			return err
		}
	}
	return os.Rename(tmp, dir)
}

var moduleRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~/-]*$`)

func validModule(m string) bool {
	return moduleRE.MatchString(m) && !strings.Contains(m, "..") && !strings.HasSuffix(m, "/")
}

// scaffold writes the skeleton into dir with its imports rewritten to
// module, a README and a go.mod.
func scaffold(dir, module, replace string) error {
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
	gomod := "module " + module + "\n\ngo 1.26.0\n\ntool github.com/a-h/templ/cmd/templ\n\nrequire " + frameworkModule + " v0.0.0-00010101000000-000000000000\n"
	abs := ""
	if replace != "" {
		var err error
		if abs, err = filepath.Abs(replace); err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(abs, "go.mod")); err != nil {
			return fmt.Errorf("-replace %s: not a checkout of %s: %w", replace, frameworkModule, err)
		}
		gomod += "\nreplace " + frameworkModule + " => " + abs + "\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(readme(module, abs)), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644)
}

// readme is the new app's README.md; replaced is the absolute -replace
// folder, or "".
func readme(module, replaced string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\nA [Pagewire](https://%s) app made by `pagewire new`.\n\n", path.Base(module), frameworkModule)
	b.WriteString(`## Run

    go run .                 # http://127.0.0.1:8050/
    go run . -addr :8080     # another address; PORT=8080 go run . listens on :8080
    make run

Set PAGEWIRE_SECRET to one long random value in production, the same for
every instance, so open tabs survive a restart.

## Test

    go test ./...            # make test also runs go vet

main_test.go drives the home page over the real socket protocol with
frameworktest (ft.Visit(t, app, "/")), without a browser.

## Change

- pages/: one file per page, each registering itself in init() with
  framework.RegisterPage. Pages are templ components: after editing a
  .templ file run make generate (go generate ./..., which runs
  go tool templ generate) to rewrite its _templ.go.
- assets/: static files, embedded in the binary and served by the app.
`)
	if replaced != "" {
		fmt.Fprintf(&b, `
## The replace line in go.mod

This app was made with -replace, so go.mod has

    replace %[1]s => %[2]s

%[1]s is not published yet; the replace line builds the app against the
local checkout in %[2]s instead of downloading it. The app builds only
where that folder holds the checkout: move the app to another machine
and fix the path. Once the module is published, delete the replace line
and run go get %[1]s@latest.
`, frameworkModule, replaced)
	}
	return b.String()
}
