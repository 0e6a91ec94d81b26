package framework

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pagewire/pagewire/internal/wire"
)

// plotlyJS inflates the embedded plotly.js.
func plotlyJS(t *testing.T) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(plotlyGz))
	if err != nil {
		t.Fatalf("vendor/plotly.min.js.gz is not gzip: %v", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("vendor/plotly.min.js.gz does not inflate: %v", err)
	}
	return b
}

// pinnedPlotly is the plotly.js-dist-min version package.json pins.
func pinnedPlotly(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../package.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Dev map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	v := pkg.Dev["plotly.js-dist-min"]
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(v) {
		t.Fatalf("package.json pins plotly.js-dist-min to %q, not an exact version", v)
	}
	return v
}

// TestVendoredPlotlyIsPinned checks, without node_modules, that the
// embedded plotly.js is the version package.json pins.
func TestVendoredPlotlyIsPinned(t *testing.T) {
	t.Parallel()
	js := plotlyJS(t)
	if want := "/**\n* plotly.js v" + pinnedPlotly(t) + "\n"; !bytes.HasPrefix(js, []byte(want)) {
		t.Fatalf("the vendored plotly.js starts %q, want %q: run npm ci and go generate ./framework", js[:min(40, len(js))], want)
	}
	if gzipSize(plotlyGz) != len(js) {
		t.Errorf("gzipSize %d, the file inflates to %d bytes", gzipSize(plotlyGz), len(js))
	}
}

// TestVendoredPlotlyIsFresh fails when vendor/plotly.min.js.gz is not
// node_modules' plotly.min.js (npm ci installs it), so that plain go test
// catches a version bump without a regeneration.
func TestVendoredPlotlyIsFresh(t *testing.T) {
	t.Parallel()
	const src = "../node_modules/plotly.js-dist-min/plotly.min.js"
	want, err := os.ReadFile(src)
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing and CI=true: the freshness check must run (make test runs npm ci first)", src)
		}
		t.Skipf("%s is missing (run npm ci): vendored plotly.js freshness not checked", src)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plotlyJS(t), want) {
		t.Fatalf("vendor/plotly.min.js.gz is stale: run go generate ./framework (it is not %s gzipped)", src)
	}
}

func TestPlotlyFileIsContentHashed(t *testing.T) {
	t.Parallel()
	if want := "plotly." + digest(plotlyGz) + ".js"; plotlyFile() != want || len(plotlyDigest()) != 12 {
		t.Errorf("plotlyFile %q, want %q", plotlyFile(), want)
	}
}

func TestPlotlyRoute(t *testing.T) {
	t.Parallel()
	js := plotlyJS(t)
	app := newTestApp(t, Config{Registry: registerTestPages(t)})
	path := "/_pagewire/" + plotlyFile()
	check := func(w interface {
		Header() http.Header
	}, encoding string) {
		t.Helper()
		h := w.Header()
		for k, v := range map[string]string{
			"Cache-Control":          "public, max-age=31536000, immutable",
			"Content-Type":           "text/javascript; charset=utf-8",
			"Content-Encoding":       encoding,
			"Vary":                   "Accept-Encoding",
			"ETag":                   `"` + plotlyDigest() + `"`,
			"X-Content-Type-Options": "nosniff",
		} {
			if h.Get(k) != v {
				t.Errorf("%s: %s %q, want %q", encoding, k, h.Get(k), v)
			}
		}
	}
	// gzip: the embedded file as it is.
	for _, ae := range []string{"gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "*"} {
		w := do(app, "GET", path, "Accept-Encoding", ae)
		if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), plotlyGz) {
			t.Fatalf("Accept-Encoding %q: %d, %d bytes", ae, w.Code, w.Body.Len())
		}
		check(w, "gzip")
	}
	// identity: inflated, with its length.
	for _, ae := range []string{"", "identity", "gzip;q=0, deflate", "br"} {
		w := do(app, "GET", path, "Accept-Encoding", ae)
		if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), js) || w.Header().Get("Content-Length") != strconv.Itoa(len(js)) {
			t.Fatalf("Accept-Encoding %q: %d, %d bytes, Content-Length %s", ae, w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
		}
		check(w, "")
	}
	if w := do(app, "HEAD", path); w.Code != http.StatusOK || w.Body.Len() != 0 || w.Header().Get("Content-Length") != strconv.Itoa(len(js)) {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %s", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
	}
	if w := do(app, "GET", path, "If-None-Match", `"`+plotlyDigest()+`"`); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", w.Code, w.Body.Len())
	}
	if w := do(app, "GET", "/_pagewire/plotly.000000000000.js", "Accept-Encoding", "gzip"); w.Code != http.StatusNotFound {
		t.Errorf("another hash: %d, want 404", w.Code)
	}
	dash := newTestApp(t, Config{Registry: registerTestPages(t), BasePath: "/dash/"})
	if w := do(dash, "GET", "/dash"+path, "Accept-Encoding", "gzip"); w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), plotlyGz) {
		t.Errorf("under /dash/: %d", w.Code)
	}
}

func TestAcceptsGzip(t *testing.T) {
	t.Parallel()
	for h, want := range map[string]bool{
		"": false, "gzip": true, "GZip": true, "deflate, gzip;q=0.8": true, "x-gzip": true, "*": true, "*;q=0": false,
		"gzip;q=0": false, "gzip; q=0.0": false, "gzip;q=0.001": true, "identity": false, "br, zstd": false, "gzipx": false,
	} {
		if acceptsGzip(h) != want {
			t.Errorf("acceptsGzip(%q) = %v", h, !want)
		}
	}
}

// TestShellNamesPlotly checks that the runtime's script tag carries
// plotly.js's URL, below the base path.
func TestShellNamesPlotly(t *testing.T) {
	t.Parallel()
	for base, want := range map[string]string{"": "/_pagewire/", "/dash/": "/dash/_pagewire/"} {
		app := newTestApp(t, Config{Registry: registerTestPages(t), BasePath: base})
		body := do(app, "GET", strings.TrimSuffix(want, "_pagewire/")+"analytics").Body.String()
		tag := regexp.MustCompile(`<script src="[^"]*runtime\.[^>]*>`).FindString(body)
		if !strings.Contains(tag, ` data-pw-plotly="`+want+plotlyFile()+`"`) {
			t.Errorf("base %q: the runtime's tag %q does not name %s", base, tag, want+plotlyFile())
		}
	}
	var b bytes.Buffer
	RuntimeScript(ShellData{RuntimeSrc: "/r.js", BasePath: `/a"b/`}).Render(t.Context(), &b)
	if !strings.Contains(b.String(), ` data-pw-plotly="/a&#34;b/_pagewire/`+plotlyFile()+`"`) {
		t.Errorf("a custom shell's tag: %s", b.String())
	}
}

// TestGraphAttributesAreWire checks that the Graph component writes only
// package wire's attributes, and that the runtime's GRAPH table (property
// -> attribute) is wire.GraphAttrs.
func TestGraphAttributesAreWire(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("components/graph.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range regexp.MustCompile(`data-pw-[a-z-]+`).FindAllString(string(src), -1) {
		if !slices.Contains(wire.Attrs, a) {
			t.Errorf("components/graph.go: %s is not in wire.Attrs", a)
		}
	}
	attrs := jsTable(t, "A")
	m := regexp.MustCompile(`const GRAPH = \{([^}]*)\}`).FindStringSubmatch(string(runtimeSource))
	if m == nil {
		t.Fatal("the runtime has no GRAPH table")
	}
	got := map[string]string{}
	for _, e := range regexp.MustCompile(`(\w+): A\.([A-Z_]+)`).FindAllStringSubmatch(m[1], -1) {
		got[e[1]] = attrs[e[2]]
	}
	if !maps.Equal(got, wire.GraphAttrs) {
		t.Errorf("the runtime's GRAPH %v, wire.GraphAttrs %v", got, wire.GraphAttrs)
	}
	for prop := range wire.GraphAttrs {
		for _, d := range []Dep{Output("g", prop), Input("g", prop), State("g", prop)} {
			if d.err != nil {
				t.Errorf("%s: %v", d, d.err)
			}
		}
	}
}
