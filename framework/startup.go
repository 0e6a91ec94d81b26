package framework

import (
	"bytes"
	"net/http"
	"sync"

	"golang.org/x/net/html"
)

// secretWarning is logged when Config.Secret is unset.
const secretWarning = "framework: Config.Secret is unset, so this process signs with a random secret: " +
	"after a restart, or across several instances of the app, open tabs' topics (live updates) and not-found tokens no longer verify; " +
	"set Config.Secret to a long random value shared by every instance (the demo reads it from PAGEWIRE_SECRET)"

// secretWarned makes the Config.Secret warning once per process, however
// many apps the process builds.
var secretWarned sync.Once

// warnRandomSecret logs secretWarning on the app's logger, the first time
// an app of the process is built without a secret.
func (a *App) warnRandomSecret() {
	secretWarned.Do(func() { a.log.Warn(secretWarning) })
}

// startupWarnings logs what looks like a misconfiguration of a built app:
// no pages, or a callback on a plain id that no page nor the shell holds.
func (a *App) startupWarnings() {
	if len(a.pages.ordered) == 0 {
		a.log.Warn("framework: the app has no pages: is the package whose init functions call RegisterPage imported (import _ \"yourmodule/pages\")? Every path answers 404")
		return
	}
	for _, w := range a.unknownIDs() {
		a.log.Warn("framework: a callback uses an id that is on no page and not in the shell; check its spelling",
			"callback", w.site, "id", w.id, "as", w.as)
	}
}

// unknownID is a plain id of a callback seen nowhere.
type unknownID struct{ site, id, as string }

// unknownIDs returns the plain ids of callbacks' Inputs and Outputs that
// no page's document holds, rendering each page once with a synthetic GET
// of its path (layouts are app code: a panic or an error is recovered and
// ends the check). It reports nothing when the ids cannot all be known:
// when a page has a PathTemplate (its variables are unknown), a layout
// fails, or a callback outputs "children" (whose HTML may create any id).
// Pattern-matching ids are never reported. The check renders only when
// some callback has a plain id.
func (a *App) unknownIDs() []unknownID {
	plain := false
	for _, cb := range a.cbs.graph.order {
		for _, d := range cb.Outputs {
			if d.prop == "children" {
				return nil
			}
		}
		for _, l := range [][]Dep{cb.Inputs, cb.Outputs} {
			for _, d := range l {
				plain = plain || d.pattern == nil
			}
		}
	}
	if !plain {
		return nil
	}
	seen := map[string]bool{}
	for _, e := range a.pages.ordered {
		if e.tmpl != nil {
			return nil
		}
		doc, err := a.renderForCheck(e)
		if err != nil {
			a.log.Debug("framework: callback id check skipped: a layout failed", "page", e.page.Path, "err", err)
			return nil
		}
		collectIDs(doc, seen)
	}
	var out []unknownID
	for _, cb := range a.cbs.graph.order {
		for _, l := range []struct {
			as   string
			deps []Dep
		}{{"Input", cb.Inputs}, {"Output", cb.Outputs}} {
			for _, d := range l.deps {
				if d.pattern == nil && !seen[d.plain] {
					seen[d.plain] = true // one warning per id
					out = append(out, unknownID{site: cb.site, id: d.plain, as: l.as})
				}
			}
		}
	}
	return out
}

// renderForCheck renders a page with a literal path, in the app's shell
// when it has one, as a GET of its path would, without hooks or callbacks.
func (a *App) renderForCheck(e *entry) (doc []byte, err error) {
	r, err := http.NewRequest(http.MethodGet, a.prefix+e.page.Path, nil)
	if err != nil {
		return nil, err
	}
	r.Host, r.RemoteAddr, r.RequestURI = "localhost", "127.0.0.1:0", r.URL.RequestURI()
	st := &renderState{page: e.page}
	req := Request{Page: &st.page, Path: e.page.Path, HTTP: r, app: a, state: st}
	var content bytes.Buffer
	if err := renderContent(r.Context(), req, &content); err != nil {
		return nil, err
	}
	if a.shell == nil { // the built-in shell holds no app ids
		return content.Bytes(), nil
	}
	var out bytes.Buffer
	err = protect(func() error {
		d := a.shellData(r, req, 200, "")
		d.Content = rawComponent(content.Bytes())
		return a.shell(d).Render(r.Context(), &out)
	})
	return out.Bytes(), err
}

// collectIDs adds the id attributes of an HTML document to seen.
func collectIDs(doc []byte, seen map[string]bool) {
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				k, v, more := z.TagAttr()
				if string(k) == "id" {
					seen[string(v)] = true
				}
				if !more {
					break
				}
			}
		}
	}
}
