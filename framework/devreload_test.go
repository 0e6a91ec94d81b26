package framework

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	templruntime "github.com/a-h/templ/runtime"
	"github.com/gorilla/websocket"

	"github.com/pagewire/pagewire/internal/wire"
)

// reloadsWithin reads conn for d and counts the wire.Reload messages; any
// other message fails t. The connection is unusable afterwards.
func reloadsWithin(t *testing.T, conn *websocket.Conn, d time.Duration) int {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(d))
	n := 0
	for {
		_, b, err := conn.ReadMessage()
		if err != nil {
			return n
		}
		var h wire.Header
		if err := json.Unmarshal(b, &h); err != nil || h.Type != wire.TypeReload || h.V != wire.Version {
			t.Fatalf("unexpected message %s", b)
		}
		n++
	}
}

// TestDevReloadsOnTemplTextChange runs templ's side of the development
// loop: with Config.Dev and TEMPL_DEV_MODE=true, a rewrite of the text file
// of a .templ file under the working directory (builtin.templ), in two
// quick writes as templ can make, sends an open socket exactly one reload;
// without Config.Dev, or without TEMPL_DEV_MODE, none. Not parallel: it
// sets the environment.
func TestDevReloadsOnTemplTextChange(t *testing.T) {
	for _, c := range []struct {
		name       string
		dev, templ bool
		want       int
	}{
		{"dev under templ watch", true, true, 1},
		{"dev off", false, true, 0},
		{"TEMPL_DEV_MODE unset", true, false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("TEMPL_DEV_MODE_ROOT", t.TempDir())
			if c.templ {
				t.Setenv("TEMPL_DEV_MODE", "true")
			} else {
				t.Setenv("TEMPL_DEV_MODE", "")
			}
			text := templruntime.GetDevModeTextFileName("builtin.templ")
			if err := os.WriteFile(text, []byte("404"), 0o644); err != nil { // templ's first generation
				t.Fatal(err)
			}
			reg := NewRegistry()
			page(reg, "/", `<p>hi</p>`)
			app := newCallbackApp(t, Config{Registry: reg, Dev: c.dev})
			if (app.dev != nil) != (c.dev && c.templ) {
				t.Fatalf("the app's watcher: %v", app.dev)
			}
			srv := httptest.NewServer(app)
			defer srv.Close()
			conn := dialSocket(t, srv, RuntimePrefix+socketPath, "") // the poller's snapshot is taken before the hello
			for _, s := range []string{"404: Not found", "404: Page not found"} {
				if err := os.WriteFile(text, []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
				time.Sleep(20 * time.Millisecond)
			}
			if n := reloadsWithin(t, conn, 2*time.Second); n != c.want {
				t.Fatalf("%d reloads, want %d", n, c.want)
			}
			if app.dev == nil {
				return
			}
			conn.Close()
			deadline := time.Now().Add(5 * time.Second)
			for {
				app.dev.mu.Lock()
				users, running := app.dev.users, app.dev.stop != nil
				app.dev.mu.Unlock()
				if users == 0 && !running {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("after the last socket closed: %d users, poller running %v", users, running)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// TestDevReloadsOnAssetChange checks the assets side: an edit of a file of
// the watched assets folder reloads the open tabs once and marks the cached
// asset links stale, so the reloaded page links the new version; a missing
// text file (templ deletes them when it exits) is no change.
func TestDevReloadsOnAssetChange(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	css := filepath.Join(dir, "site.css")
	if err := os.WriteFile(css, []byte("p{color:red}"), 0o644); err != nil {
		t.Fatal(err)
	}
	reg := NewRegistry()
	page(reg, "/", `<p>hi</p>`)
	app := newCallbackApp(t, Config{Registry: reg, Dev: true, Assets: os.DirFS(dir)})
	if app.dev != nil {
		t.Fatal("Config.Assets set: the app watches it")
	}
	gone := filepath.Join(dir, "gone", "templ_0.txt")
	app.dev = newDevWatch(app.hub, "", os.DirFS(dir))
	app.dev.texts = []string{gone}
	srv := httptest.NewServer(app)
	defer srv.Close()
	links := &assetLinks{} // fresh, with no TTL timer of its own to mark it stale
	app.assets.links.Store(links)
	conn := dialSocket(t, srv, RuntimePrefix+socketPath, "")
	if err := os.WriteFile(css, []byte("p{color:blue}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := reloadsWithin(t, conn, 1500*time.Millisecond); n != 1 {
		t.Fatalf("%d reloads, want 1", n)
	}
	if !links.stale.Load() {
		t.Error("the asset links were not marked stale")
	}
}
