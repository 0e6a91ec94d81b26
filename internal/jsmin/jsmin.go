// Package jsmin minifies JavaScript for Pagewire's go generate step. The
// minifyjs command writes framework/runtime.min.js and
// framework/runtime-ext.min.js with it, and the framework's tests call it
// again to check that the committed files are fresh, so both go through
// the same code with the same settings.
package jsmin

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/parse/v2"
	pjs "github.com/tdewolff/parse/v2/js"
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
	src, err := join(fsys, dir)
	if err != nil {
		return nil, err
	}
	return wrap(src, "", ""), nil
}

// ExtGlobal is the property of window through which a core bundle of
// BundleExt hands its names to its extension: not enumerable, not
// writable.
const ExtGlobal = "__pagewire"

// Split is a runtime bundled by BundleExt as two scripts: a core that
// every page loads, and an extension that a page loads when it needs it.
type Split struct {
	// Core is the core's files joined as Bundle joins them, with a last
	// statement that publishes Shared on window[ExtGlobal].
	Core []byte
	// Ext is the extension's files joined the same way, in a function of
	// its own whose first statement takes Shared from window[ExtGlobal].
	Ext []byte
	// Shared are the names, sorted, that the core's files declare at their
	// top level and the extension's files use without declaring them.
	Shared []string
}

// BundleExt bundles the JavaScript files of dir in fsys as Bundle does,
// the core, and those of extDir as a second script, the extension: it runs
// after the core, in a function of its own, and reads the core names it
// uses (Split.Shared, found by parsing both) from an object the core's
// last statement publishes. The files of both folders are written as
// scripts sharing one scope, so a type checker that reads them together
// checks the extension against the core's names.
//
// A destructured copy of a name does not follow its reassignment, so it is
// an error for the extension to use a name the core declares with let or
// var; a const, function or class is shared as it is.
func BundleExt(fsys fs.FS, dir, extDir string) (Split, error) {
	core, err := join(fsys, dir)
	if err != nil {
		return Split{}, err
	}
	ext, err := join(fsys, extDir)
	if err != nil {
		return Split{}, err
	}
	shared, err := sharedNames(core, ext)
	if err != nil {
		return Split{}, fmt.Errorf("bundle %s with %s: %w", dir, extDir, err)
	}
	var publish, take string
	if len(shared) > 0 {
		list := strings.Join(shared, ", ")
		publish = "Object.defineProperty(window, \"" + ExtGlobal + "\", { value: { " + list + " } });\n"
		take = "const { " + list + " } = window." + ExtGlobal + ";\n"
	}
	return Split{Core: wrap(core, "", publish), Ext: wrap(ext, take, ""), Shared: shared}, nil
}

// join returns the JavaScript files of dir in fsys, in name order, joined
// with a newline after each.
func join(fsys fs.FS, dir string) ([]byte, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.js"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("bundle %s: no .js files", dir)
	}
	slices.Sort(names)
	var b bytes.Buffer
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		b.Write(src)
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

// wrap puts src, between the statements first and last, in a strict-mode
// function that runs at once.
func wrap(src []byte, first, last string) []byte {
	var b bytes.Buffer
	b.WriteString("(() => {\n\"use strict\";\n")
	b.WriteString(first)
	b.Write(src)
	b.WriteString(last)
	b.WriteString("})();\n")
	return b.Bytes()
}

// sharedNames returns, sorted, the names that the script core declares at
// its top level and the script ext uses without declaring them (words in
// ext's comments, strings and property names are not uses). It fails when
// one of them is a let or a var of the core, or when a script does not
// parse.
func sharedNames(core, ext []byte) ([]string, error) {
	c, err := pjs.Parse(parse.NewInputBytes(core), pjs.Options{})
	if err != nil {
		return nil, fmt.Errorf("parse the core: %w", err)
	}
	e, err := pjs.Parse(parse.NewInputBytes(ext), pjs.Options{})
	if err != nil {
		return nil, fmt.Errorf("parse the extension: %w", err)
	}
	// The core's lets; its vars are the declared names of VariableDecl.
	lets := map[string]bool{}
	for _, st := range c.BlockStmt.List {
		if d, ok := st.(*pjs.VarDecl); ok && d.TokenType == pjs.LetToken {
			for _, b := range d.List {
				bound(b.Binding, func(v *pjs.Var) { lets[string(v.Data)] = true })
			}
		}
	}
	// kinds maps each top-level name of the core to "let" or "var", or to
	// "" for a const, function or class.
	kinds := map[string]string{}
	for _, v := range c.BlockStmt.Scope.Declared {
		name := string(v.Data)
		switch {
		case v.Decl == pjs.VariableDecl:
			kinds[name] = "var"
		case lets[name]:
			kinds[name] = "let"
		default:
			kinds[name] = ""
		}
	}
	var shared, moving []string
	for _, v := range e.BlockStmt.Scope.Undeclared {
		name := string(v.Data)
		kind, ok := kinds[name]
		if !ok || slices.Contains(shared, name) {
			continue
		}
		shared = append(shared, name)
		if kind != "" {
			moving = append(moving, kind+" "+name)
		}
	}
	if len(moving) > 0 {
		slices.Sort(moving)
		return nil, fmt.Errorf("the extension uses %s of the core: a copy would not follow its reassignment (share a const, or a function that reads it)", strings.Join(moving, ", "))
	}
	slices.Sort(shared)
	return shared, nil
}

// bound calls f with each variable a binding declares.
func bound(b pjs.IBinding, f func(*pjs.Var)) {
	switch b := b.(type) {
	case *pjs.Var:
		f(b)
	case *pjs.BindingArray:
		for _, e := range b.List {
			bound(e.Binding, f)
		}
		bound(b.Rest, f)
	case *pjs.BindingObject:
		for _, it := range b.List {
			bound(it.Value.Binding, f)
		}
		if b.Rest != nil {
			f(b.Rest)
		}
	}
}
