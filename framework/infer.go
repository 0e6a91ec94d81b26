package framework

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Inference of a page's path, name and image from the file that registers
// it, as Dash's register_page infers them from the module.

// DefaultPagesFolder is the folder below which page paths are inferred
// when a registry sets no other (see Registry.WithPagesFolder), like the
// default pages_folder of Dash.
const DefaultPagesFolder = "pages"

// WithPagesFolder sets the folder, relative to the Go module, below which
// r infers the paths of its pages (Dash's pages_folder), and returns r, so
// that a registry of the app's own is set up where it is declared:
//
//	var Pages = framework.NewRegistry().WithPagesFolder("views")
//
// The name is one folder ("views") or several ("web/views"); the last
// occurrence inside the module of the page file's folder path counts, so a
// checkout below a folder of that name changes nothing. The setting is the
// registry's rather than the Config's because pages register in init
// functions, before any Config exists. It panics when the name is empty or
// has "." or ".." elements, and when r already holds a page or was frozen:
// set it before the first registration (for DefaultRegistry, from a
// package that the page packages import).
func (r *Registry) WithPagesFolder(name string) *Registry {
	clean := strings.Trim(filepath.ToSlash(name), "/")
	if clean == "" || slices.ContainsFunc(strings.Split(clean, "/"), func(s string) bool { return s == "" || s == "." || s == ".." }) {
		panic(fmt.Sprintf("framework: WithPagesFolder(%q): want a folder name like \"pages\" or \"web/views\"", name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.frozenAt != "" || len(r.byPath)+len(r.byShape) > 0 || r.notFound != nil {
		panic(fmt.Sprintf("framework: WithPagesFolder(%q) after pages were registered; set it before the first registration", name))
	}
	r.pagesFolder = clean
	return r
}

// folder is the registry's pages folder. r.mu is held.
func (r *Registry) folder() string {
	if r.pagesFolder == "" {
		return DefaultPagesFolder
	}
	return r.pagesFolder
}

// sourceFile is the path of the file of the function at pc relative to its
// Go module ("pages/chapter_1/page_1.go"), so that where the module is
// checked out never changes what is inferred from it. It is derived from
// the function's package path; when that is unknown, file is returned.
func sourceFile(pc uintptr, file string) string {
	fn := runtime.FuncForPC(pc)
	if fn == nil {
		return file
	}
	return moduleFile(fn.Name(), file, modulePaths())
}

// modulePaths are the paths of the modules the binary was built from.
var modulePaths = sync.OnceValue(func() []string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	paths := []string{info.Main.Path}
	for _, d := range info.Deps {
		paths = append(paths, d.Path)
	}
	return paths
})

// moduleFile is file's path relative to its module, from the name of a
// function of the file ("example.com/app/pages/reports.init.0") and the
// module paths of the binary: the function's package path without its
// module's path, then file's base name. A function of package main, whose
// package path says nothing of its folder, gives the base name alone; a
// name without a package gives file as it is.
func moduleFile(funcName, file string, modules []string) string {
	slash := strings.LastIndex(funcName, "/")
	dot := strings.Index(funcName[slash+1:], ".")
	if dot < 0 {
		return file
	}
	pkg := strings.ReplaceAll(funcName[:slash+1+dot], "%2e", ".")
	pkg = strings.TrimSuffix(pkg, "_test") // an external test package
	base := path.Base(filepath.ToSlash(file))
	if pkg == "main" {
		return base
	}
	mod := ""
	for _, m := range modules {
		if len(m) > len(mod) && (pkg == m || strings.HasPrefix(pkg, m+"/")) {
			mod = m
		}
	}
	if rel := strings.TrimPrefix(pkg[len(mod):], "/"); rel != "" {
		return rel + "/" + base
	}
	return base
}

// moduleName is the page file's base name without extension and without a
// templ "_templ" suffix: ".../pages/weekly_analytics.go" -> "weekly_analytics".
func moduleName(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	return strings.TrimSuffix(base, "_templ")
}

// inferPath derives a page path from its file below the default pages
// folder; see inferPathIn.
func inferPath(file string) string { return inferPathIn(file, DefaultPagesFolder) }

// inferPathIn derives a page path from its file, best given relative to
// its module (see sourceFile): the part after the last occurrence of the
// pages folder, underscores as hyphens, lower case, "home" and "index" as
// the folder itself. "pages/reports/q1_sales.go" -> "/reports/q1-sales";
// a file outside the folder gives its own name: "other/about.go" -> "/about".
func inferPathIn(file, folder string) string {
	segs := strings.Split(filepath.ToSlash(file), "/")
	dirs, base := segs[:len(segs)-1], moduleName(segs[len(segs)-1])
	want := strings.Split(folder, "/")
	var rel []string
	for i := len(dirs) - len(want); i >= 0; i-- {
		if slices.Equal(dirs[i:i+len(want)], want) {
			rel = slices.Clone(dirs[i+len(want):])
			break
		}
	}
	if base != "home" && base != "index" {
		rel = append(rel, base)
	}
	for i, s := range rel {
		rel[i] = strings.ToLower(strings.ReplaceAll(s, "_", "-"))
	}
	return "/" + strings.Join(rel, "/")
}

// inferName derives a display name from the page file:
// "weekly_analytics.go" -> "Weekly analytics".
func inferName(file string) string {
	s := strings.ReplaceAll(moduleName(file), "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return ""
	}
	return string(unicode.ToUpper(r)) + strings.ToLower(s[n:])
}

// inferImage finds a page's image in the root of the app's assets, like
// Dash's _infer_image: a file named after the page's module, then app,
// then logo, with an image extension (imageExts, in that order, matched
// case-insensitively: "logo.PNG" counts). Hyphens and underscores are the
// same in the name, so module weekly_analytics matches
// weekly-analytics.png. It returns "" when none is found.
func inferImage(fsys fs.FS, module string) string {
	if fsys == nil {
		return ""
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return ""
	}
	norm := func(s string) string { return strings.ReplaceAll(s, "-", "_") }
	for _, base := range []string{module, "app", "logo"} {
		if base == "" {
			continue
		}
		for _, ext := range imageExts {
			for _, e := range entries {
				name := e.Name()
				stem, x, _ := strings.Cut(name, ".")
				if norm(stem) != norm(base) || !strings.EqualFold(x, ext) {
					continue
				}
				if st, err := fs.Stat(fsys, name); err == nil && !st.IsDir() && inside(fsys, name) {
					return name
				}
			}
		}
	}
	return ""
}
