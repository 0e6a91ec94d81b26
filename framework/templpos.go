package framework

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/a-h/templ/generator"
	parser "github.com/a-h/templ/parser/v2"
)

// templPosOf is the .templ position ("pages/report.templ:21") err comes
// from, or "": a templ.Error's file and line, or for a panic the innermost
// frame of its stack in a *_templ.go file mapped back to the .templ line it
// was generated from.
func templPosOf(err error) string {
	var pe *panicError
	if errors.As(err, &pe) {
		if pe.templ != "" {
			return pe.templ
		}
	}
	var te templ.Error
	if errors.As(err, &te) && te.FileName != "" {
		return fmt.Sprintf("%s:%d", te.FileName, te.Line)
	}
	var tp *templ.Error
	if errors.As(err, &tp) && tp != nil && tp.FileName != "" {
		return fmt.Sprintf("%s:%d", tp.FileName, tp.Line)
	}
	return ""
}

// templPosOfStack maps the innermost frame of stack (debug.Stack's text) in
// a *_templ.go file to "file.templ:line", or "" when there is none or the
// generated file no longer matches its .templ source.
func templPosOfStack(stack []byte) string {
	for _, line := range bytes.Split(stack, []byte("\n")) {
		if len(line) == 0 || line[0] != '\t' {
			continue
		}
		s := strings.TrimSpace(string(line))
		if i := strings.LastIndex(s, " +0x"); i >= 0 {
			s = s[:i]
		}
		colon := strings.LastIndexByte(s, ':')
		if colon < 0 || !strings.HasSuffix(s[:colon], "_templ.go") {
			continue
		}
		n, err := strconv.Atoi(s[colon+1:])
		if err != nil || n <= 0 {
			continue
		}
		if pos := templLine(s[:colon], n); pos != "" {
			return pos
		}
	}
	return ""
}

// templMap maps the lines of one generated *_templ.go file to the lines of
// its .templ source.
type templMap struct {
	goMod, srcMod time.Time
	lines         map[int]int // 1-based _templ.go line → 1-based .templ line
}

// templMaps caches templMap by the _templ.go file's path.
var templMaps sync.Map

// templLine maps line n of the generated file goFile to "file.templ:line".
// The .templ source is regenerated with the templ generator linked into the
// binary to get its source map; when the result does not match goFile
// (the .templ changed since generation, or a different templ version wrote
// it) the lines that differ are not mapped.
func templLine(goFile string, n int) string {
	src := strings.TrimSuffix(goFile, "_templ.go") + ".templ"
	gi, err1 := os.Stat(goFile)
	si, err2 := os.Stat(src)
	if err1 != nil || err2 != nil {
		return ""
	}
	var m *templMap
	if v, ok := templMaps.Load(goFile); ok {
		if c := v.(*templMap); c.goMod.Equal(gi.ModTime()) && c.srcMod.Equal(si.ModTime()) {
			m = c
		}
	}
	if m == nil {
		m = buildTemplMap(goFile, src)
		m.goMod, m.srcMod = gi.ModTime(), si.ModTime()
		templMaps.Store(goFile, m)
	}
	// A frame's line may be a generated line around the expression (the
	// error check after it): take the nearest mapped line above it.
	for l := n; l > 0 && l > n-4; l-- {
		if sl, ok := m.lines[l]; ok {
			return displayPath(src) + ":" + strconv.Itoa(sl)
		}
	}
	return ""
}

// buildTemplMap regenerates src and maps the lines of goFile that are the
// same in the regenerated code to their .templ lines.
func buildTemplMap(goFile, src string) *templMap {
	m := &templMap{lines: map[int]int{}}
	committed, err := os.ReadFile(goFile)
	if err != nil {
		return m
	}
	tf, err := parser.Parse(src)
	if err != nil {
		return m
	}
	var buf bytes.Buffer
	out, err := generator.Generate(tf, &buf, generator.WithFileName(filepath.Base(src)))
	if err != nil || out.SourceMap == nil {
		return m
	}
	// The committed file went through gofmt, which moves line breaks and
	// spaces: pair each mapped line of the regenerated code with the next
	// line of the committed file that reads the same, in order, so that a
	// line is mapped only when its code is the code of the .templ now.
	gen, have := nonBlank(buf.String()), nonBlank(string(committed))
	mapped := make(map[int][]parser.Position, len(out.SourceMap.TargetLinesToSource))
	for tl, cols := range out.SourceMap.TargetLinesToSource {
		first := true
		var best parser.Position
		var bestCol uint32
		for col, p := range cols {
			if first || col < bestCol {
				best, bestCol, first = p, col, false
			}
		}
		if !first {
			mapped[int(tl)] = []parser.Position{best}
		}
	}
	cursor := 0
	for _, g := range gen {
		src, ok := mapped[g.n]
		if !ok {
			continue
		}
		for j := cursor; j < len(have) && j < cursor+templLookahead; j++ {
			if have[j].text == g.text {
				m.lines[have[j].n+1] = int(src[0].Line) + 1
				cursor = j + 1
				break
			}
		}
	}
	return m
}

// templLookahead is how many lines of the committed file buildTemplMap
// looks through for the next mapped line.
const templLookahead = 64

// codeLine is a non-blank line of code: its 0-based number and its text
// with runs of white space made one space.
type codeLine struct {
	n    int
	text string
}

// nonBlank is the non-blank lines of code.
func nonBlank(code string) []codeLine {
	var out []codeLine
	for n, l := range strings.Split(code, "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			out = append(out, codeLine{n: n, text: strings.Join(f, " ")})
		}
	}
	return out
}

// displayPath is path relative to the root of its Go module (the nearest
// directory above it holding a go.mod), as templ names .templ files in the
// errors of generated code, or path when it is in no module.
func displayPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	for dir := filepath.Dir(abs); ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if rel, err := filepath.Rel(dir, abs); err == nil {
				return filepath.ToSlash(rel)
			}
			return path
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return path
		}
		dir = parent
	}
}
