package framework

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	templruntime "github.com/a-h/templ/runtime"

	"github.com/pagewire/pagewire/internal/wire"
)

// Development reloads (Config.Dev): the running server tells its open tabs
// to reload (wire.Reload) when a file their pages are made of changed
// without a restart.
//
// templ's watch mode (templ generate --watch --cmd ...) restarts the command
// only when Go code changed. A change to a .templ file's text alone is
// written to a text file of its own (templruntime.GetDevModeTextFileName),
// which a process started with TEMPL_DEV_MODE=true reads on every render:
// the server shows the new text at once, but an open tab would not know.
// With Config.Dev and TEMPL_DEV_MODE=true, the App polls those text files,
// for the .templ files under its working directory when it was built.
// With Config.Dev and the default assets folder (./assets, no
// Config.Assets), it polls that folder's files too: the server serves an
// edited file at once, under a new version.
//
// Polling, not a file system notification package: no new dependency, the
// same code on every platform, and a few dozen stat calls every 250 ms
// cost nothing in development. The poller runs only while the app has
// open sockets (there is no one to reload otherwise), so it stops with
// Shutdown, which closes them.

// Timing and bounds of the development watcher.
const (
	devPoll      = 250 * time.Millisecond // how often the watched files are checked
	devDebounce  = 100 * time.Millisecond // quiet time after a change before the reload
	devSettleMax = 10                     // quiet checks waited for at most: a stream of writes still reloads
	maxDevFiles  = 4096                   // files watched at most
	maxDevWalk   = 50_000                 // entries a walk looks at, at most
)

// devStamp is what tells a changed file: its modification time and size.
type devStamp struct {
	mod  time.Time
	size int64
}

// devWatch polls the files of Config.Dev's reloads and sends every open
// socket of its hub a wire.Reload when one changes. Its files are fixed
// when the App is built. It is safe for concurrent use.
type devWatch struct {
	hub    *hub
	texts  []string // templ's text files, absolute paths
	assets fs.FS    // the assets folder, or nil
	names  []string // the files of assets

	mu    sync.Mutex
	users int                // open sockets
	stop  context.CancelFunc // stops the poller; nil when none runs
}

// newDevWatch is the watcher of a Config.Dev app: templ's text files for
// the .templ files under templRoot ("" for none) and the files of assets
// (nil for none). It is nil when there is nothing to watch.
func newDevWatch(h *hub, templRoot string, assets fs.FS) *devWatch {
	w := &devWatch{hub: h}
	if templRoot != "" {
		w.texts = templTextFiles(templRoot)
	}
	if assets != nil {
		w.assets, w.names = assets, assetFiles(assets)
	}
	if len(w.texts) == 0 && len(w.names) == 0 {
		return nil
	}
	return w
}

// newAppDevWatch is the watcher of New: templ's text files when the
// process runs under templ's watch mode (TEMPL_DEV_MODE=true), and the
// default assets folder when the app uses it.
func newAppDevWatch(a *App) *devWatch {
	root := ""
	if os.Getenv("TEMPL_DEV_MODE") == "true" {
		root, _ = os.Getwd()
	}
	var assets fs.FS
	if a.cfg.Assets == nil {
		assets = a.assets.fsys // os.DirFS("assets") when the folder exists
	}
	return newDevWatch(a.hub, root, assets)
}

// templTextFiles lists the text files of templ's watch mode for the .templ
// files under root, skipping the folders templ skips (vendor, node_modules,
// names starting with "." or "_"). A text file need not exist yet.
func templTextFiles(root string) []string {
	var out []string
	seen := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if seen++; seen > maxDevWalk || len(out) >= maxDevFiles {
			return filepath.SkipAll
		}
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (name == "vendor" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".templ") {
			out = append(out, templruntime.GetDevModeTextFileName(p))
		}
		return nil
	})
	return out
}

// assetFiles lists the files of an assets folder, bounded.
func assetFiles(fsys fs.FS) []string {
	var out []string
	seen := 0
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if seen++; seen > maxDevWalk || len(out) >= maxDevFiles {
			return fs.SkipAll
		}
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// acquire counts an open socket, starting the poller for the first. The
// poller's first snapshot of the files is taken here, before the socket's
// hello is sent: a change made once a tab is connected is never missed.
func (w *devWatch) acquire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.users++; w.users == 1 {
		seen := make([]devStamp, len(w.texts)+len(w.names))
		w.changed(seen)
		ctx, stop := context.WithCancel(context.Background())
		w.stop = stop
		go w.run(ctx, seen)
	}
}

// release counts a closed socket, stopping the poller after the last.
func (w *devWatch) release() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.users--; w.users == 0 {
		w.stop()
		w.stop = nil
	}
}

// run polls the files until ctx ends, from seen, their snapshot when the
// first socket opened (what changed while none was open needs no reload).
// A change is sent once the files have been still for devDebounce, so a
// burst of writes (templ rewriting several files) reloads once.
func (w *devWatch) run(ctx context.Context, seen []devStamp) {
	tick := time.NewTicker(devPoll)
	defer tick.Stop()
	settle := time.NewTimer(devDebounce)
	settle.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		file := w.changed(seen)
		if file == "" {
			continue
		}
		for range devSettleMax {
			settle.Reset(devDebounce)
			select {
			case <-ctx.Done():
				settle.Stop()
				return
			case <-settle.C:
			}
			if w.changed(seen) == "" {
				break
			}
		}
		w.reload(file)
	}
}

// changed updates seen, the stamps of the files (texts, then assets), and
// returns the first file that changed, or "". A missing file is no change
// (templ deletes its text files when it exits); a file that appears is one.
func (w *devWatch) changed(seen []devStamp) string {
	first := ""
	check := func(i int, name string, st fs.FileInfo, err error) {
		if err != nil || st.IsDir() {
			return
		}
		if now := (devStamp{st.ModTime(), st.Size()}); now != seen[i] {
			seen[i] = now
			if first == "" {
				first = name
			}
		}
	}
	for i, p := range w.texts {
		st, err := os.Stat(p)
		check(i, p, st, err)
	}
	for i, name := range w.names {
		st, err := fs.Stat(w.assets, name)
		check(len(w.texts)+i, name, st, err)
	}
	return first
}

// reload sends every open socket a wire.Reload. The cached asset links are
// marked stale first, so the reloaded pages link an edited asset's new
// version.
func (w *devWatch) reload(file string) {
	if l := w.hub.app.assets.links.Load(); l != nil {
		l.stale.Store(true)
	}
	msg, err := encodeReply(wire.Reload{Header: wire.Header{V: wire.Version, Type: wire.TypeReload}})
	if err != nil {
		return
	}
	h := w.hub
	h.mu.Lock()
	if h.stopped {
		h.mu.Unlock()
		return
	}
	cls := make([]*client, 0, len(h.clients))
	for c := range h.clients {
		cls = append(cls, c)
	}
	h.mu.Unlock()
	h.app.log.Info("framework: development mode: a file changed; reloading the open tabs", "file", file, "tabs", len(cls))
	for _, c := range cls {
		c.queueRaw(msg)
	}
}
