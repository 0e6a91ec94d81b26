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
	// Default: inferred from the registering file (see RegisterPage); for a
	// PathTemplate page, the template with each variable replaced by
	// "none" ("/items/<id>" -> "/items/none"), as in Dash. A Path set next
	// to a PathTemplate is the page's default path, routed to it without
	// variables; nav links use it. A GET or HEAD route of the app's echo
	// instance on any path the app routes for the page (this one, the
	// template's, a RedirectFrom path) is an error of New, or of Start for
	// a route added later.
	Path string

	// PathTemplate is a path with variables, like "/report/<id>" or
	// "/report-<year>-<month>". A variable matches a non-empty run of
	// characters other than "/", alone in its segment or between literal
	// text (split at the first occurrence of the literal that follows it);
	// its percent-decoded value reaches the layout in Request.Vars. Literal
	// paths win over templates; among templates, literal segments win over
	// mixed ones, and mixed ones over whole-segment variables. Optional.
	PathTemplate string

	// Name is the page's display name, for nav bars. Optional. Default:
	// inferred from the file name ("weekly_analytics.go" -> "Weekly analytics").
	Name string

	// Title is the document title, and the content of the twitter:title and
	// og:title meta tags. Optional. Default: Name, or Config.Title for a
	// page without a Name; Pages reports it filled.
	Title string

	// TitleFunc computes the document title from the request, for pages
	// whose title depends on path variables or query. Optional; when set it
	// wins over Title.
	TitleFunc func(Request) string

	// Description fills the description, twitter:description and
	// og:description meta tags. Optional. Default: Config.Description;
	// without one the tags are written with an empty content, as Dash
	// writes them.
	//
	// The head's meta tags are exactly those of Dash's pages
	// (_page_meta_tags), in its order, every one always written:
	//
	//	<meta name="description" content="Description">
	//	<meta property="twitter:card" content="summary_large_image">
	//	<meta property="twitter:url" content="the page's absolute URL">
	//	<meta property="twitter:title" content="Title">
	//	<meta property="twitter:description" content="Description">
	//	<meta property="twitter:image" content="Image's URL, or empty">
	//	<meta property="og:title" content="Title">
	//	<meta property="og:type" content="website">
	//	<meta property="og:description" content="Description">
	//	<meta property="og:image" content="Image's URL, or empty">
	//
	// Each also carries data-pw-meta, by which the runtime replaces them on
	// an in-app navigation; their contents are HTML-escaped.
	Description string

	// DescriptionFunc computes the description from the request, for pages
	// whose description depends on path variables or query, like Dash's
	// callable description. Optional; when set it wins over Description.
	DescriptionFunc func(Request) string

	// Image is the page's social card image, the content of the
	// twitter:image and og:image meta tags as an absolute URL: a file name in
	// the app's assets folder ("cover.png") or an absolute URL. Optional.
	// Default: like Dash, the first of <page file>.<ext>, app.<ext> and
	// logo.<ext> found in the assets, with ext one of apng, avif, gif, jpeg,
	// jpg, png, svg, webp; without one the two tags have an empty content.
	Image string

	// Order sorts Pages, like Dash's order argument: OrderOf(2) and
	// OrderOf(1.5) sort first, ascending; then OrderName("b"), as strings;
	// then pages without an Order (the zero value), by module name. As in
	// Dash, while no page sets an Order the page at "/" has OrderOf(0).
	// Optional.
	Order Order

	// RedirectFrom lists old paths that answer 301 to this page; an echo
	// route on one is an error, as on Path. Optional.
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
	// Hash is the URL's fragment as the browser's location.hash reads it
	// ("#section", or "" when none), the value of a Location's hash
	// property. The browser never sends it with a document load, where it
	// is always "": there a callback with a Location's hash as an Input
	// sees it, as the runtime calls it once the page has loaded. An in-app
	// navigation carries it, so a layout rendered for one sees it.
	// Package frameworktest follows the same rules.
	Hash string
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
