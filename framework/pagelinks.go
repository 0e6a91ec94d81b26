package framework

import (
	"context"
	"io"

	"github.com/a-h/templ"
)

// PageLinks renders a link to every page of the app rendering r that has a
// plain path (a PathTemplate page needs values), in the order of Pages and
// named by each page's Name; the link to the page being rendered carries
// aria-current="page". It is the nav bar Dash apps build by looping over
// page_registry, written without an allocation per link:
//
//	<nav aria-label="Pages">
//		@framework.PageLinks(r)
//	</nav>
//
// Outside an app's render (a Request built by hand) it lists the pages of
// DefaultRegistry.
func PageLinks(r Request) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		hw := newHTMLWriter(w)
		if r.app == nil {
			for _, p := range DefaultRegistry.Pages() {
				hw.pageLink(r, &p, ensureSlash(p.Path))
			}
			return hw.done()
		}
		for _, l := range r.app.navLinks {
			hw.raw(l.open)
			if l.path == r.Page.Path {
				hw.raw(` aria-current="page"`)
			}
			hw.raw(l.close)
		}
		return hw.done()
	})
}

// navLink is a page's link as PageLinks writes it, rendered once per app
// around where aria-current goes.
type navLink struct {
	path        string // the page's Path, compared with the rendered page's
	open, close string // `<a href="…"` and `>Name</a> `, escaped
}

// navLinksOf renders the links of the app's plain-path pages.
func navLinksOf(a *App) []navLink {
	var out []navLink
	for _, e := range a.pages.ordered {
		if e.page.PathTemplate != "" {
			continue
		}
		var h htmlWriter
		h.raw(`<a href="`)
		h.text(a.prefix)
		h.text(e.page.Path)
		h.raw(`"`)
		open := string(h.b)
		h.b = h.b[:0]
		h.raw(">")
		h.text(e.page.Name)
		h.raw("</a> ")
		out = append(out, navLink{path: e.page.Path, open: open, close: string(h.b)})
	}
	return out
}

func (h *htmlWriter) pageLink(r Request, p *Page, path string) {
	if p.PathTemplate != "" {
		return
	}
	h.raw(`<a href="`)
	h.text(path)
	h.raw(`"`)
	if p.Path == r.Page.Path {
		h.raw(` aria-current="page"`)
	}
	h.raw(">")
	h.text(p.Name)
	h.raw("</a> ")
}
