package framework

import (
	"net/url"
	"testing"
)

func TestTemplatePrecedence(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	for _, p := range []Page{
		{Path: "/report/special"},
		{PathTemplate: "/report/<id>"},
		{PathTemplate: "/<section>/<id>"},
		{PathTemplate: "/<section>/summary"},
		{PathTemplate: "/report/<id>/edit"},
		{PathTemplate: "/<a>/<b>/edit"},
	} {
		p.Layout = layout
		reg.RegisterPage(p)
	}
	a := &App{pages: reg.freeze("test", func(*entry) {})}
	cases := []struct{ path, want string }{
		{"/report/special", "/report/special"},
		{"/report/7", "/report/<id>"},
		{"/report/summary", "/report/<id>"}, // first differing segment: literal "report" wins
		{"/other/summary", "/<section>/summary"},
		{"/other/7", "/<section>/<id>"},
		{"/report/7/edit", "/report/<id>/edit"},
		{"/x/7/edit", "/<a>/<b>/edit"},
		{"/report", ""},
		{"/report/", ""},
		{"/report//edit", ""},
	}
	for _, c := range cases {
		res := a.resolve(&url.URL{Path: c.path})
		got := ""
		if res.entry != nil {
			got = res.entry.key()
		}
		if got != c.want {
			t.Errorf("resolve(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestTemplateVarsAreDecoded(t *testing.T) {
	t.Parallel()
	tm, err := parsePathTemplate("/report/<id>/<part>")
	if err != nil {
		t.Fatal(err)
	}
	vars, ok := tm.match(splitPath("/report/a%2Fb/caf%C3%A9"))
	if !ok || vars["id"] != "a/b" || vars["part"] != "café" {
		t.Fatalf("match = %v, %v", vars, ok)
	}
	if _, ok := tm.match(splitPath("/report/x")); ok {
		t.Fatal("matched too few segments")
	}
	if _, ok := tm.match(splitPath("/report/%zz/x")); ok {
		t.Fatal("matched a malformed escape")
	}
}
