package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	ft "github.com/pagewire/pagewire/framework/frameworktest"
)

// TestHome loads the home page over the real socket protocol.
func TestHome(t *testing.T) {
	app, err := newApp()
	if err != nil {
		t.Fatal(err)
	}
	page := ft.Visit(t, app, "/")
	if page.Status() != http.StatusOK {
		t.Fatalf("GET /: status %d", page.Status())
	}
	if got := page.Text("title"); got != "It works" {
		t.Errorf("title %q, want %q", got, "It works")
	}
}

// TestNotFound asks for a missing page and gets the not-found page.
func TestNotFound(t *testing.T) {
	app, err := newApp()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/nope")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "There is nothing at <code>/nope</code>") {
		t.Errorf("GET /nope: %d %q", resp.StatusCode, body)
	}
}

// TestDefaultAddr listens on $PORT when it is set.
func TestDefaultAddr(t *testing.T) {
	t.Setenv("PORT", "9999")
	if got := defaultAddr(); got != ":9999" {
		t.Errorf("PORT=9999: %q", got)
	}
	t.Setenv("PORT", "")
	if got := defaultAddr(); got != "127.0.0.1:8050" {
		t.Errorf("no PORT: %q", got)
	}
}
