package framework

import (
	"context"
	"io"

	"github.com/a-h/templ"
)

// PageLinks renders a link to every page of the app rendering r, in the
// order of Pages and named by each page's Name, to its Path: a PathTemplate
// page is linked by its default Path (the template with every variable
// "none", or the Path it set next to its template), as Dash's nav loops
// link each page's relative_path. The link to the page being rendered,
// a template page at any of its URLs included, carries aria-current="page".
// It is the nav bar Dash apps build by looping over page_registry, written
// without an allocation per link:
//
//	<nav aria-label="Pages">
//		@framework.PageLinks(r)
//	</nav>
//
// Outside an app's render (a Request built by hand) it lists the pages of
// DefaultRegistry.
func PageLinks(r Request) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		if r.app == nil {
			hw := newHTMLWriter(w)
			for _, p := range DefaultRegistry.Pages() {
				hw.pageLink(r, &p, ensureSlash(p.Path))
			}
			return hw.done()
		}
		l := &r.app.navLinks
		i, ok := l.at[r.pagePath()]
		if !ok {
			_, err := io.WriteString(w, l.html)
			return err
		}
		if _, err := io.WriteString(w, l.html[:i]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, ` aria-current="page"`); err != nil {
			return err
		}
		_, err := io.WriteString(w, l.html[i:])
		return err
	})
}

// navLinks are PageLinks' links, rendered once per app: every link with
// none current, and where aria-current goes for each page.
type navLinks struct {
	html string
	at   map[string]int // a page's Path → the end of its link's href in html
}

// navLinksOf renders the links of the app's pages.
func navLinksOf(a *App) navLinks {
	var h htmlWriter
	at := map[string]int{}
	for _, e := range a.pages.ordered {
		if e.page.Path == "" {
			continue
		}
		h.raw(`<a href="`)
		h.text(a.prefix)
		h.text(e.page.Path)
		h.raw(`"`)
		if _, dup := at[e.page.Path]; !dup {
			at[e.page.Path] = len(h.b)
		}
		h.raw(">")
		h.text(e.page.Name)
		h.raw("</a> ")
	}
	return navLinks{html: string(h.b), at: at}
}

// pageLink writes the link of p to path, current when r renders p.
func (h *htmlWriter) pageLink(r Request, p *Page, path string) {
	if p.Path == "" {
		return
	}
	h.raw(`<a href="`)
	h.text(path)
	h.raw(`"`)
	if p.Path == r.pagePath() {
		h.raw(` aria-current="page"`)
	}
	h.raw(">")
	h.text(p.Name)
	h.raw("</a> ")
}
