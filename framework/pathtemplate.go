package framework

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// pathTemplate is a parsed Page.PathTemplate such as "/report/<id>". Each
// variable matches exactly one non-empty path segment.
type pathTemplate struct {
	raw      string
	segments []tmplSegment
	literals int // number of literal segments, for precedence
}

type tmplSegment struct {
	literal string // the segment text when name is empty
	name    string // the variable name, or "" for a literal segment
}

// parsePathTemplate parses a template like "/report/<id>/<part>".
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
		switch {
		case s == "":
			return nil, errors.New("has an empty segment")
		case strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">"):
			name := s[1 : len(s)-1]
			if !validVarName(name) {
				return nil, fmt.Errorf("has a bad variable name %q (want letters, digits and _)", name)
			}
			if seen[name] {
				return nil, fmt.Errorf("repeats the variable %q", name)
			}
			seen[name] = true
			t.segments = append(t.segments, tmplSegment{name: name})
		case strings.ContainsAny(s, "<>"):
			return nil, fmt.Errorf("has a malformed segment %q (a variable is a whole segment: <name>)", s)
		default:
			if err := checkLiteralSegment(s); err != nil {
				return nil, err
			}
			t.segments = append(t.segments, tmplSegment{literal: s})
			t.literals++
		}
	}
	if len(seen) == 0 {
		return nil, errors.New("has no variable (use Path for a literal path)")
	}
	return t, nil
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

// echoPath is the template in echo's syntax: "/report/:id".
func (t *pathTemplate) echoPath() string { return t.format(func(n string) string { return ":" + n }) }

// format writes the template with each variable written by v.
func (t *pathTemplate) format(v func(name string) string) string {
	var b strings.Builder
	for _, s := range t.segments {
		b.WriteByte('/')
		if s.name != "" {
			b.WriteString(v(s.name))
		} else {
			b.WriteString(s.literal)
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
		if s.name == "" {
			if segs[i] != s.literal {
				return nil, false
			}
			continue
		}
		if segs[i] == "" {
			return nil, false
		}
		v, err := url.PathUnescape(segs[i])
		if err != nil {
			return nil, false
		}
		if vars == nil {
			vars = make(map[string]string, len(t.segments)-t.literals)
		}
		vars[s.name] = v
	}
	return vars, true
}

// moreSpecific reports whether a should be tried before b. Templates with more
// literal segments come first; at equal count, the first segment where one is
// literal and the other a variable decides (literal first); then the raw
// template text, so the order never depends on registration order.
func moreSpecific(a, b *pathTemplate) bool {
	if a.literals != b.literals {
		return a.literals > b.literals
	}
	n := min(len(a.segments), len(b.segments))
	for i := range n {
		al, bl := a.segments[i].name == "", b.segments[i].name == ""
		if al != bl {
			return al
		}
	}
	return a.raw < b.raw
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
