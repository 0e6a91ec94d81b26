package framework

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework/components"
	"github.com/pagewire/pagewire/internal/wire"
)

// hashApp has a page /h whose layout shows its Request's Hash and Query,
// with a Location "url" in the content and one, "shellurl", in the shell:
// each has a callback with its hash as the Input.
func hashApp(t *testing.T) *App {
	t.Helper()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/h", Layout: func(r Request) templ.Component {
		return templ.Join(
			templ.Raw(`<p id="layout">hash=`+templ.EscapeString(r.Hash)+` q=`+templ.EscapeString(r.Query.Get("q"))+`</p>`),
			components.Location("url"),
			templ.Raw(`<p id="in"></p>`),
		)
	}})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("in", "children")), Inputs: outputs(Input("url", "hash")), States: outputs(State("url", "search")),
		Func: func(c *Ctx) error {
			c.Set("in", "children", "in="+c.String("url", "hash")+c.String("url", "search"))
			return nil
		}})
	reg.Callback(CallbackSpec{Outputs: outputs(Output("around", "children")), Inputs: outputs(Input("shellurl", "hash")),
		Func: func(c *Ctx) error { c.Set("around", "children", "around="+c.String("shellurl", "hash")); return nil }})
	return newTestApp(t, Config{Registry: reg, Shell: locationShell})
}

// locationShell is a shell with a Location "shellurl" and a paragraph
// "around" above the page container, the shell's inputs and outputs of
// the hash tests.
func locationShell(d ShellData) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		io.WriteString(w, `<!DOCTYPE html><html lang="en"><head>`)
		DefaultHead(d).Render(ctx, w)
		io.WriteString(w, `</head><body><header>`)
		components.Location("shellurl").Render(ctx, w)
		io.WriteString(w, `<p id="around"></p></header>`)
		PageContainer(d).Render(ctx, w)
		RuntimeScript(d).Render(ctx, w)
		_, err := io.WriteString(w, `</body></html>`)
		return err
	})
}

// hashNav is a link navigation to url with a hash, describing the shell's
// Location as the runtime does, its hash still the old page's.
func hashNav(ref int, url, hash, oldHash string) string {
	old, _ := json.Marshal(oldHash)
	m := struct {
		message
		Hash string `json:"hash,omitempty"`
	}{message{V: protocolV, Ref: int64(ref), Type: wire.TypeNav, URL: url, Kind: wire.KindLink,
		Props: []wire.Prop{{ID: "shellurl", Prop: "hash", Value: old}}, IDs: []string{"shellurl", "around"}}, hash}
	b, _ := json.Marshal(m)
	return string(b)
}

// TestNavHashReachesLayout: a navigation's hash is the layout's
// Request.Hash, next to the query; a document load's is "".
func TestNavHashReachesLayout(t *testing.T) {
	t.Parallel()
	app := hashApp(t)
	if body := do(app, "GET", "/h?q=1").Body.String(); !strings.Contains(body, `<p id="layout">hash= q=1</p>`) {
		t.Errorf("document load: the layout's hash is not empty:\n%s", body)
	}
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+wire.SocketPath, "")
	r := roundTrip(t, conn, hashNav(1, "/h?q=2", "#sec%20two", ""))
	if r.Type != wire.TypePage || r.Error != "" {
		t.Fatalf("nav with a hash: %+v", r)
	}
	if !strings.Contains(r.HTML, `<p id="layout">hash=#sec%20two q=2</p>`) {
		t.Errorf("the layout did not see the navigation's hash:\n%s", r.HTML)
	}
}

// TestNavHashFirstCalls: a Location's hash, in the content or around it,
// takes a navigation's hash in the page's first callbacks, and a change
// fires its callbacks; a document load's first calls see "", and a bad
// hash is refused.
func TestNavHashFirstCalls(t *testing.T) {
	t.Parallel()
	app := hashApp(t)
	body := do(app, "GET", "/h?q=1").Body.String()
	for _, want := range []string{`<p id="in">in=?q=1</p>`, `<p id="around">around=</p>`} {
		if !strings.Contains(body, want) {
			t.Errorf("document load lacks %s:\n%s", want, body)
		}
	}
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+wire.SocketPath, "")

	r := roundTrip(t, conn, hashNav(1, "/h?q=2", "#a", "#old"))
	if r.Type != wire.TypePage || r.Error != "" {
		t.Fatalf("nav with a hash: %+v", r)
	}
	if !strings.Contains(r.HTML, `<p id="in">in=#a?q=2</p>`) {
		t.Errorf("the content's Location hash callback did not get the hash first:\n%s", r.HTML)
	}
	if len(r.Updates) != 1 || r.Updates[0].ID != "around" || string(r.Updates[0].Value) != `"around=#a"` {
		t.Errorf("the shell's Location hash callback: updates %+v, want around=#a", r.Updates)
	}

	// Without a hash, the shell's Location loses its old one: a change.
	r = roundTrip(t, conn, hashNav(2, "/h", "", "#a"))
	if !strings.Contains(r.HTML, `<p id="in">in=</p>`) || len(r.Updates) != 1 || string(r.Updates[0].Value) != `"around="` {
		t.Errorf("nav without a hash: html %s, updates %+v", r.HTML, r.Updates)
	}
	// The same hash as before is no change: the shell's callback does not run.
	r = roundTrip(t, conn, hashNav(3, "/h", "#a", "#a"))
	if !strings.Contains(r.HTML, `<p id="in">in=#a</p>`) || len(r.Updates) != 0 {
		t.Errorf("nav to the same hash: html %s, updates %+v", r.HTML, r.Updates)
	}

	for i, bad := range []string{"nohash", "#" + strings.Repeat("x", wire.MaxURLLen)} {
		r = roundTrip(t, conn, hashNav(10+i, "/h", bad, ""))
		if r.Type != wire.TypeError || r.Ref != int64(10+i) || !strings.Contains(r.Error, "hash") {
			t.Errorf("hash %.20q: %+v, want an error", bad, r)
		}
	}
}

// TestNavHashAsTheBrowserGivesIt: location.hash need not be a valid
// escape ("#100%", "#%zz"); such a hash is the layout's and the
// Location's as it is, where it used to be refused (the runtime then fell
// back to a document load, losing the hash). Control characters, which a
// browser always escapes, are still refused.
func TestNavHashAsTheBrowserGivesIt(t *testing.T) {
	t.Parallel()
	app := hashApp(t)
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+wire.SocketPath, "")
	for i, hash := range []string{"#100%", "#%zz&x=1", "#%41"} {
		r := roundTrip(t, conn, hashNav(1+i, "/h", hash, ""))
		if r.Type != wire.TypePage || r.Error != "" {
			t.Fatalf("nav with hash %q: %+v", hash, r)
		}
		esc := templ.EscapeString(hash)
		if !strings.Contains(r.HTML, `<p id="layout">hash=`+esc+` q=</p>`) || !strings.Contains(r.HTML, `<p id="in">in=`+esc+`</p>`) {
			t.Errorf("hash %q is not the layout's and the Location's as sent:\n%s", hash, r.HTML)
		}
	}
	r := roundTrip(t, conn, hashNav(9, "/h", "#a\x01b", ""))
	if r.Type != wire.TypeError || !strings.Contains(r.Error, "hash") {
		t.Errorf("a hash with a control character: %+v, want an error", r)
	}
}
