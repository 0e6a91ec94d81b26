package framework

import "sync/atomic"

// metaCache keeps the meta tags of the last few head data an app rendered
// (title, description, image and the page's URL, all the tags are made
// of), so a page viewed again writes its block in one copy. It is
// direct-mapped: a slot holds one entry, replaced by the next one mapped
// to it, so its memory is bounded whatever titles a TitleFunc or URLs a
// client makes.
type metaCache struct {
	slots [metaSlots]atomic.Pointer[metaEntry]
}

const (
	metaSlots = 32   // a power of two
	metaMax   = 1024 // the longest title, description, image and URL kept, together
)

// metaEntry is one cached block; it never changes once stored. The page's
// URL is kept as its parts (absURL), so a lookup builds no string.
type metaEntry struct {
	title, desc, image string
	url                absURL
	html               string
}

// slot is the slot of a key: a hash of its lengths and the title's ends,
// cheap next to the writing it saves. The URL is left out: the pages of
// one title differ in it by their query at most, and an entry is checked
// whole.
func (c *metaCache) slot(title, desc, image string) *atomic.Pointer[metaEntry] {
	h := len(title)*31 + len(desc)*7 + len(image)
	if title != "" {
		h += int(title[0])*131 + int(title[len(title)-1])*17
	}
	return &c.slots[h&(metaSlots-1)]
}

// lookup returns the block of a key, when it is cached.
func (c *metaCache) lookup(title, desc, image string, url absURL) (string, bool) {
	if e := c.slot(title, desc, image).Load(); e != nil && e.title == title && e.desc == desc && e.image == image && e.url == url {
		return e.html, true
	}
	return "", false
}

// store caches the block of a key, unless the key is too long to keep.
func (c *metaCache) store(title, desc, image string, url absURL, html string) {
	if len(title)+len(desc)+len(image)+len(url.host)+len(url.uri) > metaMax {
		return
	}
	c.slot(title, desc, image).Store(&metaEntry{title: title, desc: desc, image: image, url: url, html: html})
}
