package framework

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
)

// Where a failure of app code happened, for the error details of
// Config.Debug (and Config.Dev, which implies it) and for the log: the
// .templ line of a templ error or of a panic in generated code, the
// innermost frame of a panic's stack that is app code, or the position of
// the callback function that returned an error. Positions are relative to
// the module root when the file is in one ("pages/report.go:42").

// failurePos is where err, a failure of a layout or a callback, happened,
// or "" when that is unknown: the .templ position when templPosOf finds
// one, else the innermost app frame of a panic, else the position of the
// callback function that returned it.
func failurePos(err error) string {
	if err == nil {
		return ""
	}
	if pos := templPosOf(err); pos != "" {
		return pos
	}
	var pe *panicError
	if errors.As(err, &pe) {
		if pos := appFrame(pe.stack); pos != "" {
			return pos
		}
	}
	var ce *callbackError
	if errors.As(err, &ce) {
		return funcPos(ce.pc)
	}
	return ""
}

// withPos is an error's text with its position: msg and " (at pos)", as a
// panic in a .templ file reads (panicError.Error), unless msg already says
// it or pos is "".
func withPos(msg, pos string) string {
	if pos == "" || strings.Contains(msg, "(at "+pos+")") {
		return msg
	}
	return msg + " (at " + pos + ")"
}

// callbackError is an error a callback's Func returned, or the error of an
// output it set that could not be encoded, with the Func's code pointer for
// its position (funcPos); run.call wraps it.
type callbackError struct {
	err error
	pc  uintptr
}

// Error returns the callback's error text.
func (e *callbackError) Error() string { return e.err.Error() }

// Unwrap returns the callback's error.
func (e *callbackError) Unwrap() error { return e.err }

// funcPos is the position ("pages/report.go:42") of the start of the
// function whose code pointer is pc, or "" when unknown (a method value's
// wrapper, say).
func funcPos(pc uintptr) string {
	fn := runtime.FuncForPC(pc)
	if fn == nil {
		return ""
	}
	file, line := fn.FileLine(fn.Entry())
	if file == "" || strings.HasPrefix(file, "<") || line <= 0 {
		return ""
	}
	return displayFile(file) + ":" + strconv.Itoa(line)
}

// displayFile is a source file's path as positions show it: relative to
// its module root (displayPath), or, for a binary built with -trimpath
// whose paths are import paths, without the main module's path.
func displayFile(file string) string {
	if filepath.IsAbs(file) {
		return displayPath(file)
	}
	if m := mainModule(); m != "" && strings.HasPrefix(file, m+"/") {
		return file[len(m)+1:]
	}
	return file
}

// frameworkPkg is this package's import path; its frames are not app code
// (those of its _test.go files are: tests are its apps).
var frameworkPkg = reflect.TypeFor[App]().PkgPath()

// mainModule is the path of the binary's main module, or "" when unknown.
var mainModule = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Path == "command-line-arguments" {
		return ""
	}
	return bi.Main.Path
})

// frame is one call of a stack: its function's package and its position.
type frame struct {
	pkg, file string
	line      int
}

// stackFrames parses debug.Stack's text into its frames, innermost first,
// up to the "created by" line.
func stackFrames(stack []byte) []frame {
	var out []frame
	pkg := ""
	for _, l := range bytes.Split(stack, []byte("\n")) {
		s := string(l)
		if strings.HasPrefix(s, "created by ") {
			break
		}
		if !strings.HasPrefix(s, "\t") {
			pkg = funcPkg(s)
			continue
		}
		s = strings.TrimSpace(s)
		if i := strings.LastIndex(s, " +0x"); i >= 0 {
			s = s[:i]
		}
		colon := strings.LastIndexByte(s, ':')
		if colon < 0 {
			continue
		}
		if n, err := strconv.Atoi(s[colon+1:]); err == nil && n > 0 {
			out = append(out, frame{pkg: pkg, file: s[:colon], line: n})
		}
	}
	return out
}

// funcPkg is the package of a stack's function line, like
// "github.com/x/app/pages.init.0.func1(...)" or "main.main()"; "" for the
// runtime's own ("panic({...})").
func funcPkg(s string) string {
	if i := strings.IndexByte(s, '('); i >= 0 && !strings.HasPrefix(s[i:], "(*") {
		s = s[:i] // the arguments; a method's "(*T)" comes after a dot
	}
	slash := strings.LastIndexByte(s, '/')
	dot := strings.IndexByte(s[slash+1:], '.')
	if dot < 0 {
		return ""
	}
	return s[:slash+1+dot]
}

// appFrame is the position of the innermost frame of stack (debug.Stack's
// text) that is app code, or "": a frame of the main module (or of package
// main) other than this package's non-test files. When no frame is, as
// when the main module is unknown or the app lives in another module of a
// workspace, the innermost frame that is not of the standard library (the
// Go runtime, reflect), templ, echo or this package.
func appFrame(stack []byte) string {
	frames := stackFrames(stack)
	main := mainModule()
	for pass := range 2 {
		for _, f := range frames {
			if f.pkg == "" || ownFrame(f) {
				continue
			}
			var app bool
			if pass == 0 {
				app = main != "" && (f.pkg == "main" || f.pkg == main || strings.HasPrefix(f.pkg, main+"/"))
			} else {
				app = !stdPkg(f.pkg) && !underPkg(f.pkg, "github.com/a-h/templ") && !underPkg(f.pkg, "github.com/labstack/echo")
			}
			if app {
				return displayFile(f.file) + ":" + strconv.Itoa(f.line)
			}
		}
	}
	return ""
}

// ownFrame reports whether f is this package's code (or its packages'),
// outside its tests.
func ownFrame(f frame) bool {
	return underPkg(f.pkg, frameworkPkg) && !strings.HasSuffix(f.file, "_test.go")
}

// underPkg reports whether pkg is root or a package below it.
func underPkg(pkg, root string) bool {
	return pkg == root || strings.HasPrefix(pkg, root+"/")
}

// stdPkg reports whether pkg is of the standard library: its first path
// element has no dot (package main excepted).
func stdPkg(pkg string) bool {
	first, _, _ := strings.Cut(pkg, "/")
	return pkg != "main" && !strings.Contains(first, ".")
}
