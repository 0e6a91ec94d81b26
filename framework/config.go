package framework

import (
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// Config configures an App. Its zero value works: pages from the registry,
// assets from ./assets when that folder exists, the built-in not-found page.
type Config struct {
	// Registry holds the app's pages and callbacks. Optional. Default:
	// DefaultRegistry, the registry of the package-level RegisterPage,
	// RegisterNotFound and Callback. New freezes it.
	Registry *Registry

	// Echo is an existing echo instance to mount the app on, so its
	// middleware and routes keep working. Optional. Default: echo.New().
	// Its HTTPErrorHandler is replaced by one that renders HTML (JSON
	// clients keep echo's JSON through the previous handler).
	Echo *echo.Echo

	// BasePath mounts the whole app under a prefix, like "/dash/" behind a
	// proxy (Dash's url_base_pathname). Optional. Default "/".
	BasePath string

	// Assets holds the app's static files, served at AssetsPrefix; its
	// .css files are linked from every page and its .js files loaded, in
	// path order, and its favicon.ico is the icon. Optional. Default:
	// os.DirFS("assets") when ./assets exists.
	Assets fs.FS

	// Theme links Pagewire's theme before the app's stylesheets: a sidebar
	// layout (pw-layout, pw-sidebar, pw-main), grids (pw-grid), cards
	// (pw-card), KPI figures (pw-kpi-*), styled controls and the rules the
	// components need, in light and dark, as plain CSS that a strict
	// style-src allows. Its colors are custom properties (--pw-accent and
	// so on) an app's own stylesheet can override. Optional. Default off.
	Theme bool

	// NotFoundFile is a static HTML file served as-is, with status 404, for
	// every unknown path (a document load; an in-app navigation to a missing
	// path loads it as a document so its own styles apply). It wins over a
	// registered not-found page. Optional. Default: none.
	NotFoundFile string

	// NotFoundHTML is the static not-found page itself, served like
	// NotFoundFile (an embedded 404.html, say). It wins over NotFoundFile.
	// Optional. Default: none.
	NotFoundHTML []byte

	// Shell renders the document around every page (Dash's index_string).
	// Build it from DefaultHead, PageContainer and RuntimeScript. Optional.
	// Default: DefaultShell.
	Shell func(ShellData) templ.Component

	// Lang is the document language. Optional. Default "en".
	Lang string

	// Nonce returns the CSP nonce for a request; when set, the shell's
	// script and stylesheet tags carry it. Optional.
	Nonce func(*http.Request) string

	// Debug shows error details: on 500 pages, in callback error replies,
	// and in the runtime's error overlay, which a callback's failure and a
	// socket navigation to a failing page raise. A detail ends with where
	// the failure happened, "(at pages/report.go:42)", relative to the
	// module root: the .templ line of a templ error or of a panic in
	// generated code; else the innermost frame of a panic's stack that is
	// app code (not the framework, the Go runtime, reflect or templ); else,
	// for a callback that returned an error, its function's position.
	// Optional. Default false (Dev turns it on); without it a page or reply
	// shows no detail and no position, which only the log has.
	Debug bool

	// Dev is development mode. It implies Debug. Every socket's hello
	// carries a random id of this App, and an open tab whose reconnect finds
	// another id (the server was restarted, say after a .go file or a
	// .templ file's Go code was edited and regenerated) reloads itself
	// once. Under templ's watch mode (TEMPL_DEV_MODE=true in the
	// environment, as `templ generate --watch --cmd` sets it), the App also
	// watches the text files templ writes for the .templ files under the
	// working directory of New, and reloads the open tabs when one changes:
	// an edit to a .templ file's text alone, which the running server
	// serves without a restart. With the default assets folder (./assets,
	// Config.Assets unset) a change of one of its files reloads them too.
	// The files are polled every 250 ms while a socket is open. Optional.
	// Default off; never in production, where a deploy would reload every
	// open tab and errors would show their details.
	Dev bool

	// Logger receives errors and the startup line. Optional. Default
	// slog.Default().
	Logger *slog.Logger

	// Secret signs what the server hands to pages and checks on return:
	// topic subscriptions, tab ids and not-found navigation tokens.
	// Optional. Default: random per process, which is fine for one instance
	// that is never restarted; several instances, or tokens and open tabs
	// that must outlive a restart, need a shared, stable one.
	Secret []byte

	// Broker fans broadcasts out. Optional. Default: in-process.
	Broker Broker

	// OnceStore remembers which navigations fired OnNotFound. Optional.
	// Default: a MemoryOnceStore; several instances need a shared one
	// (framework/redisstore).
	OnceStore OnceStore

	// NavigationTTL is how long a not-found render's token can be
	// acknowledged, and so how long a reload of that entry is recognised.
	// Optional. Default one hour.
	NavigationTTL time.Duration

	// HookTimeout bounds one run of a not-found hook. Optional. Default
	// 10 seconds.
	HookTimeout time.Duration

	// AllowedOrigins lists extra origins (scheme://host[:port]) allowed to
	// open the socket besides the page's own. Optional.
	AllowedOrigins []string

	// Limits of the server and its sockets.

	// ReadTimeout bounds the reading of one request, headers and body, on
	// a server started by Start or Serve; a client that sends more slowly
	// has its connection closed. Optional. Default DefaultReadTimeout (30
	// seconds); a negative value sets none. Sockets are not affected: once
	// upgraded they have their own ping/pong deadlines.
	ReadTimeout time.Duration

	// WriteTimeout bounds the time from the end of a request's headers to
	// the end of its response on a server started by Start or Serve; a
	// response still being written then is cut off. Optional. Default
	// DefaultWriteTimeout (60 seconds); a negative value sets none. Sockets
	// are not affected.
	WriteTimeout time.Duration

	// IdleTimeout is how long a kept-alive connection may wait for its next
	// request on a server started by Start or Serve before it is closed.
	// Optional. Default DefaultIdleTimeout (2 minutes); a negative value
	// leaves it to net/http, which then uses ReadTimeout.
	IdleTimeout time.Duration

	// MaxConns caps the connections open at once, sockets included, on a
	// server started by Start or Serve. A connection over the cap is
	// answered "503 Service Unavailable" with Retry-After and closed, so the
	// server never runs out of file descriptors. Optional. Default
	// DefaultMaxConns (10,000); a negative value sets no cap.
	MaxConns int

	// MaxConnsPerClient caps the connections open at once from one client
	// address (the remote IP), sockets included, on a server started by
	// Start or Serve; a connection over it gets the same 503 as over
	// MaxConns. Behind a proxy every client has the proxy's address: raise
	// the cap there or disable it. Optional. Default
	// DefaultMaxConnsPerClient (256); a negative value sets no cap.
	MaxConnsPerClient int

	// MaxSockets caps the sockets open at once. An upgrade request over the
	// cap is answered "503 Service Unavailable" with Retry-After, before
	// upgrading. Optional. Default DefaultMaxSockets (8,000); a negative
	// value sets no cap.
	MaxSockets int

	// MaxSocketsPerClient caps the sockets open at once from one client
	// address (the remote IP). An upgrade request over it is answered "429
	// Too Many Requests" with Retry-After, before upgrading. Behind a proxy
	// every client has the proxy's address: raise the cap there or disable
	// it. Optional. Default DefaultMaxSocketsPerClient (64); a negative
	// value sets no cap.
	MaxSocketsPerClient int

	// AllowedHosts lists the host names (with an optional port, like
	// "app.example" or "app.example:8443"; "*" allows any) that requests
	// may carry in their Host header, against DNS rebinding: a page of
	// another site whose name was made to resolve to this server could
	// otherwise read its pages and open its socket. When the check is on,
	// localhost and loopback addresses (any port) are always allowed, and
	// a request for another host gets "403 Forbidden" with a short plain
	// text reason. It is on for every request of a server started by Start
	// or Serve when AllowedHosts is set or the listener's address is a
	// loopback one (127.0.0.0/8 or ::1), and for socket upgrades whenever
	// AllowedHosts is set. Optional. Default: none listed.
	AllowedHosts []string

	// NoComponentCSS leaves out the stylesheet with the few rules the
	// components need (a Loading indicator hidden until its callback runs,
	// a Slider's width), linked on every page without Config.Theme. An app
	// that sets it puts those rules in its own CSS. Optional. Default off.
	NoComponentCSS bool

	// Callbacks.

	// CallbackTimeout bounds one callback request: its Ctx's deadline. When
	// it passes, the tab's callback slot is released and the page gets the
	// error "callback timed out", so the tab keeps navigating and calling.
	// A callback that ignores its Ctx cannot be stopped: its goroutine runs
	// on until it returns, and its result is dropped. Optional. Default 30
	// seconds.
	CallbackTimeout time.Duration

	// Not-found acknowledgements.

	// NotFoundClaimsPerAddress is the most navigations one client address
	// (the request's RemoteAddr IP; an IPv6 /64) may claim in the
	// OnceStore within NavigationTTL, so that one client cannot fill the
	// store and switch OnNotFound off for the others; an acknowledgement
	// over it is refused for good. Behind a reverse proxy every client has
	// the proxy's address unless a middleware sets RemoteAddr from the
	// proxy's header. Optional. Default 1,000; a negative value disables
	// the bound.
	NotFoundClaimsPerAddress int

	// NotFoundClaimsPerTab is the most navigations one tab (its socket's
	// tab id) may claim within NavigationTTL; a beacon carries no tab and
	// counts for its address only. Optional. Default 200; a negative value
	// disables the bound.
	NotFoundClaimsPerTab int

	// NotFoundAckTimeout bounds an acknowledgement's OnceStore calls; a
	// slower store is answered with a retry, and a claim that succeeds
	// after it still fires the hooks once. Optional. Default 5 seconds.
	NotFoundAckTimeout time.Duration

	// Page heads.

	// Title is the document title of the pages that set no TitleFunc and
	// no Title other than their Name (Dash's app title, which a page's
	// title falls back to before its name). Optional. Default: each page's
	// Name.
	Title string

	// Description fills the description meta tags of the pages that set
	// neither Description nor DescriptionFunc (Dash's app description).
	// Optional.
	Description string
}
