package framework

import (
	"net/http"
	"strings"
	"testing"
)

func TestTemplateVariableInSegment(t *testing.T) {
	t.Parallel()
	cases := []struct {
		tmpl, path string
		want       map[string]string // nil: no match
	}{
		{"/snapshot-<id>", "/snapshot-42", map[string]string{"id": "42"}},
		{"/snapshot-<id>", "/snapshot-", nil},
		{"/snapshot-<id>", "/snapshot", nil},
		{"/snapshot-<id>", "/snapshot-4/2", nil},
		{"/snapshot-<id>", "/snapshot-caf%C3%A9", map[string]string{"id": "café"}},
		{"/<name>.json", "/data.json", map[string]string{"name": "data"}},
		{"/<name>.json", "/.json", nil},
		{"/<name>.json", "/data.jsonx", nil},
		// A literal that ends the segment is its suffix.
		{"/<name>.json", "/a.json.json", map[string]string{"name": "a.json"}},
		{"/<v>0", "/000", map[string]string{"v": "00"}},
		{"/x-<a>-<b>.csv", "/x-1-2-3.csv.csv", map[string]string{"a": "1", "b": "2-3.csv"}},
		{"/report-<year>-<month>", "/report-2024-05", map[string]string{"year": "2024", "month": "05"}},
		// Split at the first "-" after a non-empty run.
		{"/report-<year>-<month>", "/report-2024-05-01", map[string]string{"year": "2024", "month": "05-01"}},
		{"/report-<year>-<month>", "/report--05", nil},
		{"/report-<year>-<month>", "/report---05", map[string]string{"year": "-", "month": "05"}},
		{"/report-<year>-<month>", "/report-2024-", nil},
		{"/report-<year>-<month>", "/report-2024", nil},
		// An escaped "-" is part of a value, never the separator.
		{"/report-<year>-<month>", "/report-20%2D24-05", map[string]string{"year": "20-24", "month": "05"}},
		{"/r/<a>_<b>/x", "/r/1_2/x", map[string]string{"a": "1", "b": "2"}},
		// A literal is never found inside a percent escape.
		{"/<v>0", "/%200", map[string]string{"v": " "}},
		{"/<v>0", "/%20", nil},
	}
	for _, c := range cases {
		tm, err := parsePathTemplate(c.tmpl)
		if err != nil {
			t.Fatalf("%s: %v", c.tmpl, err)
		}
		vars, ok := tm.match(splitPath(c.path))
		if ok != (c.want != nil) {
			t.Errorf("%s on %s: ok %v, want %v (vars %q)", c.tmpl, c.path, ok, c.want != nil, vars)
			continue
		}
		if len(vars) != len(c.want) {
			t.Errorf("%s on %s: %q, want %q", c.tmpl, c.path, vars, c.want)
		}
		for k, v := range c.want {
			if vars[k] != v {
				t.Errorf("%s on %s: %q, want %q", c.tmpl, c.path, vars, c.want)
			}
		}
	}
}

func TestTemplateSegmentParseErrors(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"/r/<a><b>":    "two variables in a row",
		"/r/x<a":       "malformed",
		"/r/x>a<b>":    "malformed",
		"/r/<a>-<a>":   "repeats",
		"/r/<a> b":     "not allowed",
		"/r/<a-b>":     "bad variable name",
		"/r/<a>-<<b>>": "malformed",
	} {
		_, err := parsePathTemplate(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parsePathTemplate(%q) = %v, want an error with %q", raw, err, want)
		}
	}
	if _, err := parsePathTemplate("/<a>.<b>"); err != nil {
		t.Errorf(`"/<a>.<b>": %v`, err)
	}
}

func TestTemplateInSegmentRouting(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	for _, p := range []Page{
		{PathTemplate: "/report-<year>-<month>", Name: "months"},
		{PathTemplate: "/report-<year>", Name: "years"},
		{PathTemplate: "/<section>", Name: "sections"},
		{Path: "/report-special", Name: "special"},
	} {
		p.Layout = layout
		reg.RegisterPage(p)
	}
	app := newTestApp(t, Config{Registry: reg})
	for path, want := range map[string]string{
		"/report-2024-05": "<p>months</p>",
		"/report-2024":    "<p>years</p>",
		"/report-special": "<p>special</p>",
		"/other":          "<p>sections</p>",
	} {
		rec := do(app, "GET", path)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s = %d, want 200 with %s: %s", path, rec.Code, want, rec.Body)
		}
	}
}

func TestMoreSpecificMixedSegments(t *testing.T) {
	t.Parallel()
	parse := func(s string) *pathTemplate {
		tm, err := parsePathTemplate(s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	mixed, whole := parse("/x/snap-<id>"), parse("/x/<id>")
	if !moreSpecific(mixed, whole) || moreSpecific(whole, mixed) {
		t.Fatal("a segment with literal text is not tried before a whole-segment variable")
	}
}
