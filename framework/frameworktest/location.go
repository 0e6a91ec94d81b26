package frameworktest

// The page's URL as the browser keeps it (location), and the runtime's
// rules for its hash: never sent on a document load, sent by an in-app
// navigation, and a hash change that is no navigation runs the callbacks
// of the Locations' hash.

import (
	"encoding/json"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/pagewire/pagewire/framework/internal/dom"
	"github.com/pagewire/pagewire/internal/wire"
	"golang.org/x/net/html"
)

// target is a URL of the page's origin as the browser's URL parser gives
// it: path is location.pathname + location.search, hash is location.hash.
type target struct {
	path, hash string
}

// pathname is the path without the query.
func (t target) pathname() string {
	p, _, _ := strings.Cut(t.path, "?")
	return p
}

// resolve resolves href against the page's URL, as new URL(href,
// location.href) does. An href of another origin fails the test: the test
// client serves one app.
func (p *Page) resolve(href string) target {
	p.t.Helper()
	href = strings.Map(func(r rune) rune { // the URL parser drops tabs and newlines
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.Trim(href, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	rest, frag, hasFrag := strings.Cut(href, "#")
	base, err := url.Parse(p.srv.URL + p.url)
	if err != nil {
		p.t.Fatalf("frameworktest: the page's URL %q: %v", p.url, err)
	}
	path, query, hasQuery := strings.Cut(rest, "?")
	path = strings.ReplaceAll(path, `\`, "/") // in a special URL's path, a backslash is a slash
	if hasQuery {
		path += "?" + query
	}
	ref, err := url.Parse(path)
	if err != nil {
		p.t.Fatalf("frameworktest: URL %q: %v", href, err)
	}
	u := base.ResolveReference(ref)
	if u.Scheme != base.Scheme || u.Host != base.Host {
		p.t.Fatalf("frameworktest: %q is not on the app's origin %s", href, p.srv.URL)
	}
	t := target{path: u.EscapedPath()}
	if u.RawQuery != "" {
		t.path += "?" + encode(u.RawQuery, querySet)
	}
	if hasFrag {
		t.hash = fragmentHash(frag)
	}
	return t
}

// splitHash splits a path at its hash, the hash as location.hash reads it.
func splitHash(href string) (path, hash string) {
	path, frag, ok := strings.Cut(href, "#")
	if ok {
		hash = fragmentHash(frag)
	}
	return path, hash
}

// fragmentHash is location.hash for a URL whose fragment is frag: "#" and
// frag percent-encoded as the URL standard encodes a fragment, or "" for an
// empty one.
func fragmentHash(frag string) string {
	if frag == "" {
		return ""
	}
	return "#" + encode(frag, fragmentSet)
}

// rawFragment is u's fragment as it was written, as far as package url
// keeps it.
func rawFragment(u *url.URL) string {
	if u.RawFragment != "" {
		return u.RawFragment
	}
	return u.Fragment
}

// The URL standard's percent-encode sets, beyond the C0 controls and the
// bytes above '~' that every set has: the fragment's, and a special URL's
// query's.
const (
	fragmentSet = " \"<>`"
	querySet    = " \"#<>'"
)

// encode percent-encodes s as the URL parser does with set: invalid UTF-8
// is U+FFFD, and '%' is kept as it is, even when no escape follows.
func encode(s, set string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		chunk := s[i : i+n]
		if r == utf8.RuneError && n == 1 {
			chunk = "\uFFFD"
		}
		for j := 0; j < len(chunk); j++ {
			c := chunk[j]
			if c < 0x20 || c > '~' || strings.IndexByte(set, c) >= 0 {
				b.WriteByte('%')
				b.WriteByte("0123456789ABCDEF"[c>>4])
				b.WriteByte("0123456789ABCDEF"[c&15])
			} else {
				b.WriteByte(c)
			}
		}
		i += n
	}
	return b.String()
}

// href is location.href.
func (p *Page) href() string { return p.srv.URL + p.url + p.hash }

// assign loads t as location.assign does: a URL that differs from the
// page's only by its hash is a hash change, anything else a document load.
func (p *Page) assign(t target) {
	p.t.Helper()
	if t.path == p.url && t.hash != "" {
		p.hashChange(t.hash)
		return
	}
	p.load(t.path + t.hash)
}

// hashChange changes the page's hash without a navigation. When the hash
// is another, the browser fires hashchange, and the runtime runs the
// callbacks of the Locations' hash.
func (p *Page) hashChange(hash string) {
	p.t.Helper()
	old := p.hash
	p.hash = hash
	if hash != old && p.runtime {
		p.fire(p.hashKeys())
	}
}

// hashKeys are the Locations' hash as the inputs it is, as the runtime's
// hashKeys finds them.
func (p *Page) hashKeys() []wire.Key {
	var ks []wire.Key
	walk(p.doc, func(n *html.Node) {
		if n.Type != html.ElementNode || !isLocation(n) {
			return
		}
		id, _ := dom.Attr(n, "id")
		if k := (wire.Key{ID: id, Prop: "hash"}); id != "" && p.isInput(k) {
			ks = append(ks, k)
		}
	})
	return ks
}

func isLocation(n *html.Node) bool {
	_, ok := dom.Attr(n, wire.AttrLocation)
	return ok
}

// readProp reads a property as the runtime does: a Location's from the page's
// URL (location), anything else from the element.
func (p *Page) readProp(n *html.Node, prop string) json.RawMessage {
	if !isLocation(n) || !dom.IsLocationProp(prop) {
		return dom.ReadProp(n, prop, nil)
	}
	path, search, _ := strings.Cut(p.url, "?")
	v := p.href()
	switch prop {
	case "pathname":
		v = path
	case "search":
		v = ""
		if search != "" {
			v = "?" + search
		}
	case "hash":
		v = p.hash
	}
	return mustJSON(v)
}

// locationTarget is the URL the runtime navigates to when a callback sets
// a Location's prop to raw: the page's URL with that part replaced, as the
// setters of a URL replace it (the value is converted with String()).
func (p *Page) locationTarget(prop string, raw json.RawMessage) target {
	p.t.Helper()
	var v string
	if json.Unmarshal(raw, &v) != nil {
		v = string(raw) // String(value) of a number, a boolean or null
	}
	t := target{path: p.url, hash: p.hash}
	pathname, search, _ := strings.Cut(p.url, "?")
	if search != "" {
		search = "?" + search
	}
	switch prop {
	case "href":
		return p.resolve(v)
	case "hash":
		t.hash = fragmentHash(strings.TrimPrefix(v, "#"))
	case "search":
		t.path = pathname
		if q := strings.TrimPrefix(v, "?"); q != "" {
			t.path += "?" + encode(q, querySet)
		}
	case "pathname":
		// The path alone: "?" and "#" are part of it, percent-encoded.
		v = strings.NewReplacer("?", "%3F", "#", "%23", `\`, "/").Replace(v)
		if !strings.HasPrefix(v, "/") {
			v = "/" + v
		}
		t.path = p.resolve(v).path + search
	}
	return t
}
