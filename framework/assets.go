package framework

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// imageExts are the extensions tried when inferring a page's image, in
// Dash's order.
var imageExts = []string{"apng", "avif", "gif", "jpeg", "jpg", "png", "svg", "webp"}

// assetStore serves the app's static files. File versions (content hashes,
// for ETags and cache-busting query strings) are computed when a file is
// first seen and recomputed when its size or modification time changes.
type assetStore struct {
	fsys fs.FS
	css  []string // .css files, in path order
	js   []string // .js files, in path order
	// theme is the URL of the framework's theme (Config.Theme), linked
	// first, or "".
	theme string
	icon  bool // favicon.ico exists; the default one is linked otherwise

	mu       sync.Mutex
	versions map[string]assetVersion // bounded by the files that exist
	links    atomic.Pointer[assetLinks]
}

// assetLinks caches the stylesheet and favicon URLs of a base path; they
// are recomputed at most once a second, so every render does not stat the
// files, and an edited file still gets a new version promptly. A timer
// marks them stale, so a render does not read the clock.
type assetLinks struct {
	prefix  string
	stale   atomic.Bool
	css     []string
	js      []string
	favicon string
	html    string // the favicon's, stylesheets' and scripts' tags, without a nonce
}

// linkTTL is how long cached asset URLs are trusted.
const linkTTL = time.Second

func (s *assetStore) cachedLinks(prefix string) *assetLinks {
	if l := s.links.Load(); l != nil && l.prefix == prefix && !l.stale.Load() {
		return l
	}
	l := &assetLinks{prefix: prefix, css: make([]string, 0, len(s.css)+1), js: make([]string, len(s.js))}
	if s.theme != "" {
		l.css = append(l.css, s.theme)
	}
	for _, name := range s.css {
		l.css = append(l.css, s.url(prefix, name))
	}
	for i, name := range s.js {
		l.js[i] = s.url(prefix, name)
	}
	if s.icon {
		l.favicon = s.url(prefix, "favicon.ico")
	} else {
		l.favicon = defaultFaviconURL(prefix)
	}
	var h htmlWriter
	h.assetTags(l.favicon, l.css, l.js, "")
	l.html = string(h.b)
	s.links.Store(l)
	time.AfterFunc(linkTTL, func() { l.stale.Store(true) })
	return l
}

type assetVersion struct {
	size    int64
	modTime time.Time
	hash    string
}

func newAssetStore(fsys fs.FS) (*assetStore, error) {
	s := &assetStore{fsys: fsys, versions: map[string]assetVersion{}}
	if fsys == nil {
		return s, nil
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && !inside(fsys, p) {
			return nil // a link out of the folder is never served
		}
		switch path.Ext(p) {
		case ".css":
			s.css = append(s.css, p)
		case ".js":
			s.js = append(s.js, p)
		}
		if p == "favicon.ico" {
			s.icon = true
		}
		return nil
	})
	slices.Sort(s.css)
	slices.Sort(s.js)
	return s, err
}

// version returns the file's info and content hash, or ok false when it is
// missing or a directory.
func (s *assetStore) version(name string) (fs.FileInfo, string, bool) {
	if s.fsys == nil || !inside(s.fsys, name) {
		return nil, "", false
	}
	st, err := fs.Stat(s.fsys, name)
	if err != nil || st.IsDir() {
		return nil, "", false
	}
	s.mu.Lock()
	v, ok := s.versions[name]
	s.mu.Unlock()
	if ok && v.size == st.Size() && v.modTime.Equal(st.ModTime()) {
		return st, v.hash, true
	}
	b, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		return nil, "", false
	}
	sum := sha256.Sum256(b)
	v = assetVersion{size: st.Size(), modTime: st.ModTime(), hash: hex.EncodeToString(sum[:8])}
	s.mu.Lock()
	s.versions[name] = v
	s.mu.Unlock()
	return st, v.hash, true
}

// url is the asset's URL with a version query for cache-busting.
func (s *assetStore) url(prefix, name string) string {
	u := prefix + AssetsPrefix + (&url.URL{Path: name}).EscapedPath()
	if _, h, ok := s.version(name); ok {
		u += "?v=" + h
	}
	return u
}

// stylesheets returns the URLs of the app's CSS files; the slice is shared
// and must not be modified.
func (s *assetStore) stylesheets(prefix string) []string { return s.cachedLinks(prefix).css }

// resolveImage fills a page's Image from the assets, like Dash (see
// inferImage).
func (s *assetStore) resolveImage(e *entry) {
	if e.page.Image == "" {
		e.page.Image = inferImage(s.fsys, e.module)
	}
}

// maxLinkHops bounds the symbolic links followed to resolve one asset.
const maxLinkHops = 8

// inside reports whether name stays inside fsys once the symbolic links on
// its way are followed, for a file system that reports links
// (fs.ReadLinkFS, like os.DirFS): a link that is absolute or climbs out of
// the root, a chain of more than maxLinkHops links, or a path that does not
// exist makes it false. A link to a file inside the root keeps working. A
// file system that cannot report links is trusted.
func inside(fsys fs.FS, name string) bool {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return true
	}
	parts, dir, hops := strings.Split(name, "/"), ".", 0
	for i := 0; i < len(parts); i++ {
		p := path.Join(dir, parts[i])
		st, err := rl.Lstat(p)
		if err != nil {
			return false
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			dir = p
			continue
		}
		if hops++; hops > maxLinkHops {
			return false
		}
		target, err := rl.ReadLink(p)
		if err != nil || path.IsAbs(target) || strings.Contains(target, `\`) {
			return false
		}
		t := path.Join(dir, target) // relative to the link's folder, cleaned
		if !fs.ValidPath(t) {
			return false // climbs out of the root
		}
		// Resolve the target from the root, then the rest of the path.
		parts = append(strings.Split(t, "/"), parts[i+1:]...)
		dir, i = ".", -1
	}
	return true
}

// serveAsset serves a file of the assets folder. The name must be a valid
// fs path (no "..", no empty or dot segments, no backslash), and no
// symbolic link on its way may lead out of the folder (see inside), so no
// request escapes it, however it is encoded.
func (a *App) serveAsset(c echo.Context) error {
	r := c.Request()
	rel := strings.TrimPrefix(r.URL.EscapedPath(), a.prefix+AssetsPrefix)
	name, err := url.PathUnescape(rel)
	if err != nil || !fs.ValidPath(name) || strings.Contains(name, `\`) || name == "." {
		return a.writeNotFound(c)
	}
	st, hash, ok := a.assets.version(name)
	if !ok {
		if name == "favicon.ico" {
			return serveDefaultFavicon(c)
		}
		return a.writeNotFound(c)
	}
	f, err := a.assets.fsys.Open(name)
	if err != nil {
		return a.writeNotFound(c)
	}
	defer f.Close()
	content, ok := f.(io.ReadSeeker)
	if !ok { // an fs.FS whose files cannot seek: read it whole
		b, err := io.ReadAll(f)
		if err != nil {
			return a.writeNotFound(c)
		}
		content = bytes.NewReader(b)
	}
	serveVersioned(c, path.Base(name), hash, st.ModTime(), content)
	return nil
}

// serveVersioned serves an asset of version hash: cached for good when the
// request names that version (?v=), revalidated by its ETag otherwise.
func serveVersioned(c echo.Context, name, hash string, modTime time.Time, content io.ReadSeeker) {
	r, h := c.Request(), c.Response().Header()
	h.Set("ETag", `"`+hash+`"`)
	if r.URL.Query().Get("v") == hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(c.Response(), r, name, modTime, content)
}
