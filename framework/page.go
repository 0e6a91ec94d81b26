package framework

import (
	"context"
	"net/http"
	"net/url"

	"github.com/a-h/templ"
)

// Page describes one page of the app, registered with RegisterPage. Its
// fields mirror the arguments of Dash's register_page. A Page is a value;
// once registered it is read-only and safe to share between goroutines.
type Page struct {
	// Path is the URL path of the page, like "/analytics". Optional.
	// Default: inferred from the registering file (see RegisterPage). Leave
	// it empty when PathTemplate is set.
	Path string

	// PathTemplate is a path with variables, like "/report/<id>". Each
	// variable matches exactly one non-empty path segment; its
	// percent-decoded value reaches the layout in Request.Vars. Literal
	// paths win over templates; among templates, the one with more literal
	// segments wins, then the one whose first differing segment is literal,
	// then the lexically smaller template. Optional.
	PathTemplate string

	// Name is the page's display name, for nav bars. Optional. Default:
	// inferred from the file name ("weekly_analytics.go" -> "Weekly analytics").
	Name string

	// Title is the document title. Optional. Default: Name.
	Title string

	// TitleFunc computes the document title from the request, for pages
	// whose title depends on path variables or query. Optional; when set it
	// wins over Title.
	TitleFunc func(Request) string

	// Description fills the description, og:description and
	// twitter:description meta tags. Optional.
	Description string

	// Image is the page's social card image: a file name in the app's
	// assets folder ("cover.png") or an absolute URL. Optional. Default: like
	// Dash, the first of <page file>.<ext>, app.<ext> and logo.<ext> found in
	// the assets, with ext one of apng, avif, gif, jpeg, jpg, png, svg, webp.
	Image string

	// Order sorts Pages: ascending, with zero meaning unset (after all set
	// orders), except for the page at "/". Optional.
	Order int

	// RedirectFrom lists old paths that answer 301 to this page. Optional.
	RedirectFrom []string

	// Layout renders the page's content into the app's shell. Required.
	Layout func(Request) templ.Component

	// Meta holds free-form key/values kept in the registry for the app's
	// own use (icons, sections, permissions). Optional.
	Meta map[string]string
}

// Request is what a page layout receives: the page, the path variables,
// the query and the underlying HTTP request. For a navigation over the
// socket, HTTP is a copy of the socket's upgrade request (cookies, headers,
// remote address) with the navigated URL. A Request is safe to read from
// several goroutines.
type Request struct {
	// Page is the page being rendered: a copy of the registered page made
	// for this render, never nil in a layout, a TitleFunc or a callback.
	// It is a pointer so that a Request stays small to copy: every templ
	// component given the Request keeps a copy of it.
	Page *Page
	// Path is the requested path below the app's BasePath, unescaped.
	Path string
	// Vars holds the decoded path variables of a PathTemplate match.
	Vars map[string]string
	// Query holds the query parameters; a repeated key keeps every value.
	// It is nil for a URL without a query (reading a nil url.Values works).
	Query url.Values
	// HTTP is the request being answered.
	HTTP *http.Request
	// NotFound is true when the not-found page is rendered.
	NotFound bool

	app   *App
	state *renderState
}

// Var returns the path variable name, or "" when it is absent.
func (r Request) Var(name string) string { return r.Vars[name] }

// Context returns the request's context.
func (r Request) Context() context.Context {
	if r.HTTP == nil {
		return context.Background()
	}
	return r.HTTP.Context()
}

// RelativePath prefixes an app path with the app's BasePath, like Dash's
// get_relative_path: with BasePath "/dash/", "/x" becomes "/dash/x".
func (r Request) RelativePath(path string) string {
	if r.app == nil {
		return ensureSlash(path)
	}
	return r.app.RelativePath(path)
}

// pagePath is the path of the page being rendered, "" when there is none
// (a Request built by hand).
func (r Request) pagePath() string {
	if r.Page == nil {
		return ""
	}
	return r.Page.Path
}

// title returns the page's document title for this request.
func (r Request) title() string {
	switch {
	case r.Page == nil:
		return ""
	case r.Page.TitleFunc != nil:
		return r.Page.TitleFunc(r)
	case r.Page.Title != "":
		return r.Page.Title
	}
	return r.Page.Name
}
