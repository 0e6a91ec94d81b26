package framework

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// pathTemplate is a parsed Page.PathTemplate such as "/report/<id>" or
// "/report-<year>-<month>". A segment is a literal, a variable, or literal
// text and variables mixed; each variable matches a non-empty run of
// characters other than "/" (see tmplSegment.match).
type pathTemplate struct {
	raw      string
	segments []tmplSegment
	literals int // number of literal segments, for precedence
	vars     int // number of variables
}

// tmplSegment is one segment of a template: a sequence of parts, never two
// variables in a row. A literal segment is one literal part.
type tmplSegment struct {
	parts []tmplPart
}

// tmplPart is literal text or a variable.
type tmplPart struct {
	literal string // the text when name is empty
	name    string // the variable name, or "" for literal text
}

// kind ranks a segment for precedence: 2 literal, 1 literal text and
// variables, 0 one whole-segment variable.
func (s tmplSegment) kind() int {
	switch {
	case len(s.parts) == 1 && s.parts[0].name == "":
		return 2
	case len(s.parts) == 1:
		return 0
	}
	return 1
}

// parsePathTemplate parses a template like "/report/<id>/<part>" or
// "/snapshot-<id>".
func parsePathTemplate(raw string) (*pathTemplate, error) {
	if !strings.HasPrefix(raw, "/") {
		return nil, errors.New("must start with /")
	}
	t := &pathTemplate{raw: raw}
	if raw == "/" {
		return nil, errors.New("has no variable")
	}
	seen := map[string]bool{}
	for _, s := range strings.Split(raw[1:], "/") {
		if s == "" {
			return nil, errors.New("has an empty segment")
		}
		seg, err := parseSegment(s, seen)
		if err != nil {
			return nil, err
		}
		if seg.kind() == 2 {
			t.literals++
		}
		t.segments = append(t.segments, seg)
	}
	if len(seen) == 0 {
		return nil, errors.New("has no variable (use Path for a literal path)")
	}
	t.vars = len(seen)
	return t, nil
}

// parseSegment parses one template segment into literal text and
// variables, recording variable names in seen.
func parseSegment(s string, seen map[string]bool) (tmplSegment, error) {
	var seg tmplSegment
	for rest := s; rest != ""; {
		open := strings.IndexByte(rest, '<')
		if open != 0 {
			lit := rest
			if open > 0 {
				lit = rest[:open]
			}
			if strings.ContainsRune(lit, '>') {
				return seg, fmt.Errorf("has a malformed segment %q (a variable is <name>)", s)
			}
			if lit == s {
				if err := checkLiteralSegment(lit); err != nil {
					return seg, err
				}
			} else if strings.ContainsAny(lit, "?#\\ %") { // "<a>.<b>" may use a dot
				return seg, fmt.Errorf("has a character that is not allowed in a path segment: %q", s)
			}
			seg.parts = append(seg.parts, tmplPart{literal: lit})
			rest = rest[len(lit):]
			continue
		}
		end := strings.IndexByte(rest, '>')
		if end < 0 || strings.ContainsRune(rest[1:end], '<') {
			return seg, fmt.Errorf("has a malformed segment %q (a variable is <name>)", s)
		}
		name := rest[1:end]
		if !validVarName(name) {
			return seg, fmt.Errorf("has a bad variable name %q (want letters, digits and _)", name)
		}
		if seen[name] {
			return seg, fmt.Errorf("repeats the variable %q", name)
		}
		if n := len(seg.parts); n > 0 && seg.parts[n-1].name != "" {
			return seg, fmt.Errorf("has two variables in a row in %q (put literal text between them)", s)
		}
		seen[name] = true
		seg.parts = append(seg.parts, tmplPart{name: name})
		rest = rest[end+1:]
	}
	return seg, nil
}

func validVarName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// checkLiteralSegment rejects segments that would make a path ambiguous or
// unsafe to route: dot segments and characters outside a URL path.
func checkLiteralSegment(s string) error {
	if s == "." || s == ".." {
		return fmt.Errorf("has a dot segment %q", s)
	}
	if strings.ContainsAny(s, "?#\\ %") {
		return fmt.Errorf("has a character that is not allowed in a path segment: %q", s)
	}
	return nil
}

// shape is the template with variable names erased: two templates with the
// same shape match exactly the same URLs.
func (t *pathTemplate) shape() string { return t.format(func(string) string { return "<>" }) }

// defaultPath is the template with every variable replaced by "none", the
// Path Dash's _infer_path gives a template page: "/items/<id>" ->
// "/items/none".
func (t *pathTemplate) defaultPath() string { return t.format(func(string) string { return "none" }) }

// echoPath is the template in echo's syntax: "/report/:id". An echo
// parameter runs to the next "/", so a segment with literal text and
// variables ends at its first variable: "/report-<year>-<month>" is
// "/report-:year". Echo only leads requests to the app; match decides.
func (t *pathTemplate) echoPath() string {
	var b strings.Builder
	for _, s := range t.segments {
		b.WriteByte('/')
		for _, p := range s.parts {
			if p.name != "" {
				b.WriteString(":" + p.name)
				break
			}
			b.WriteString(p.literal)
		}
	}
	return b.String()
}

// format writes the template with each variable written by v.
func (t *pathTemplate) format(v func(name string) string) string {
	var b strings.Builder
	for _, s := range t.segments {
		b.WriteByte('/')
		for _, p := range s.parts {
			if p.name != "" {
				b.WriteString(v(p.name))
			} else {
				b.WriteString(p.literal)
			}
		}
	}
	return b.String()
}

// match matches escaped path segments (already split on "/") and returns the
// percent-decoded variables, or ok false.
func (t *pathTemplate) match(segs []string) (vars map[string]string, ok bool) {
	if len(segs) != len(t.segments) {
		return nil, false
	}
	for i, s := range t.segments {
		if !s.match(segs[i], &vars, t.vars) {
			return nil, false
		}
	}
	return vars, true
}

// match matches one escaped path segment, adding its decoded variables to
// *vars (made with room for n). Literal text must match exactly. A variable
// matches a non-empty run of characters other than "/": to the end of the
// segment when it is last; up to the literal text that ends the segment
// when that follows it ("<name>.json" on "a.json.json" gives "a.json");
// otherwise up to the first occurrence of the literal text that follows
// it, searched after its first character. There is no backtracking, so
// the split is unambiguous: "/report-<year>-<month>" on "report-2024-05-01"
// gives year "2024" and month "05-01". Matching is on
// the escaped text, so "%2D" in a value is never taken for a "-" literal,
// and a percent escape is one character.
func (s tmplSegment) match(seg string, vars *map[string]string, n int) bool {
	pos := 0
	for i, p := range s.parts {
		if p.name == "" {
			if !strings.HasPrefix(seg[pos:], p.literal) {
				return false
			}
			pos += len(p.literal)
			continue
		}
		end := len(seg)
		switch {
		case i+2 == len(s.parts): // the literal after it ends the segment
			end = len(seg) - len(s.parts[i+1].literal)
		case i+1 < len(s.parts):
			if end = indexAfterFirst(seg, pos, s.parts[i+1].literal); end < 0 {
				return false
			}
		}
		if end <= pos {
			return false
		}
		v, err := url.PathUnescape(seg[pos:end])
		if err != nil || v == "" {
			return false
		}
		if *vars == nil {
			*vars = make(map[string]string, n)
		}
		(*vars)[p.name] = v
		pos = end
	}
	return pos == len(seg)
}

// indexAfterFirst returns the first index of lit in the escaped seg after
// the character at pos, or -1. A percent escape counts as one character: lit
// never matches inside one.
func indexAfterFirst(seg string, pos int, lit string) int {
	step := func(j int) int {
		if seg[j] == '%' && j+3 <= len(seg) {
			return j + 3
		}
		return j + 1
	}
	if pos >= len(seg) {
		return -1
	}
	for j := step(pos); j < len(seg); j = step(j) {
		if strings.HasPrefix(seg[j:], lit) {
			return j
		}
	}
	return -1
}

// moreSpecific reports whether a should be tried before b. Templates with more
// literal segments come first; at equal count, fewer segments (templates of
// different lengths never match the same path; this keeps the order total);
// then the first segment where the kinds differ decides: literal before
// literal text with variables ("snapshot-<id>") before a whole-segment
// variable; then the first segment with more literal text
// ("report-<y>-<m>" before "report-<y>"); then the raw template text, so the
// order never depends on registration order.
func moreSpecific(a, b *pathTemplate) bool {
	if a.literals != b.literals {
		return a.literals > b.literals
	}
	if len(a.segments) != len(b.segments) {
		return len(a.segments) < len(b.segments)
	}
	for i := range a.segments {
		ak, bk := a.segments[i].kind(), b.segments[i].kind()
		if ak != bk {
			return ak > bk
		}
	}
	for i := range a.segments {
		al, bl := a.segments[i].literalLen(), b.segments[i].literalLen()
		if al != bl {
			return al > bl
		}
	}
	return a.raw < b.raw
}

// literalLen is the length of the segment's literal text.
func (s tmplSegment) literalLen() int {
	n := 0
	for _, p := range s.parts {
		n += len(p.literal)
	}
	return n
}

// splitPath splits an escaped absolute path into its segments.
func splitPath(escaped string) []string {
	return appendSegments(nil, escaped)
}

// appendSegments appends the segments of an escaped absolute path to dst,
// so a caller can split into an array of its own.
func appendSegments(dst []string, escaped string) []string {
	s := strings.TrimPrefix(escaped, "/")
	for {
		i := strings.IndexByte(s, '/')
		if i < 0 {
			return append(dst, s)
		}
		dst, s = append(dst, s[:i]), s[i+1:]
	}
}
