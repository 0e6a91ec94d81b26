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
	// and in the runtime's error overlay. Optional. Default false.
	Debug bool

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

	// Limits of the server and its sockets (server.go, upgrade.go).

	// Callbacks and shutdown (exec.go, shutdown.go).

	// Not-found acknowledgements (notfound.go, oncestore.go).
}
