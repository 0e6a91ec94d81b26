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
		for _, e := range r.app.pages.ordered {
			hw.pageLink(r, &e.page, e.page.Path)
		}
		return hw.done()
	})
}

func (h *htmlWriter) pageLink(r Request, p *Page, path string) {
	if p.PathTemplate != "" {
		return
	}
	h.raw(`<a href="`)
	if r.app != nil {
		h.text(r.app.prefix)
	}
	h.text(path)
	h.raw(`"`)
	if p.Path == r.Page.Path {
		h.raw(` aria-current="page"`)
	}
	h.raw(">")
	h.text(p.Name)
	h.raw("</a> ")
}
