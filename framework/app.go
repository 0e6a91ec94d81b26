package framework

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// App is a Pagewire application: the registered pages served by echo, the
// runtime and its socket. It is an http.Handler. Its methods are safe for
// concurrent use.
type App struct {
	cfg      Config
	echo     *echo.Echo
	prefix   string // BasePath without the trailing slash: "" or "/dash"
	log      *slog.Logger
	assets   *assetStore
	notFound []byte                          // Config.NotFoundFile's content
	links    shellLinks                      // the runtime's, socket's and base path's URLs
	navLinks navLinks                        // PageLinks' links, rendered once
	shell    func(ShellData) templ.Component // Config.Shell; nil writes DefaultShell directly
	hub      *hub
	pages    *pageTable // the app's own frozen copy of its registry
	cbs      *callbackSet
	signer   signer
	broker   Broker
	stopSub  func()

	once           OnceStore
	navTTL         time.Duration
	hookTimeout    time.Duration
	hooks          *hookRunner
	hookMu         sync.Mutex
	onNotFound     atomic.Pointer[[]hookFn]
	onNotFoundResp atomic.Pointer[[]hookFn]
	pageRoutes     map[string]bool // echo route paths of pages, redirects and not found
	prevErr        echo.HTTPErrorHandler
	devID          string    // Config.Dev's random instance id; "" when off
	dev            *devWatch // Config.Dev's reloads (devreload.go); nil when off or nothing to watch

	mu      sync.Mutex
	srv     *http.Server
	methods atomic.Pointer[map[string]string] // echo route path -> Allow
}

// New builds an App from cfg and its registry (Config.Registry, default
// DefaultRegistry). The registry is frozen: a later registration panics.
// Several apps may be built from one registry; each infers page images
// from its own assets. New reports configuration errors: an unreadable
// NotFoundFile, a malformed BasePath, or a path the app routes for a page
// (its Path or PathTemplate, the Path routed beside a PathTemplate, a
// RedirectFrom path) that a GET or HEAD route already registered on
// Config.Echo takes.
func New(cfg Config) (*App, error) {
	file, line := callerSite(2)
	prefix, err := normalizeBase(cfg.BasePath)
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, prefix: prefix, log: cfg.Logger, shell: cfg.Shell}
	if cfg.Dev {
		a.devID = randomID()
		a.cfg.Debug = true // Dev implies Debug's error details
	}
	a.links = newShellLinks(prefix)
	reg := cfg.Registry
	if reg == nil {
		reg = DefaultRegistry
	}
	if a.log == nil {
		a.log = slog.Default()
	}
	if cfg.Lang == "" {
		a.cfg.Lang = "en"
	}
	assets := cfg.Assets
	if assets == nil {
		if st, err := os.Stat("assets"); err == nil && st.IsDir() {
			assets = os.DirFS("assets")
		}
	}
	if a.assets, err = newAssetStore(assets); err != nil {
		return nil, fmt.Errorf("framework: assets: %w", err)
	}
	if cfg.NotFoundHTML != nil {
		a.notFound = cfg.NotFoundHTML
	} else if cfg.NotFoundFile != "" {
		if a.notFound, err = os.ReadFile(cfg.NotFoundFile); err != nil {
			return nil, fmt.Errorf("framework: Config.NotFoundFile: %w", err)
		}
	}
	a.pages = reg.freeze(site(file, line), a.assets.resolveImage)
	a.navLinks = navLinksOf(a)
	a.echo = cfg.Echo
	if a.echo == nil {
		a.echo = echo.New()
		a.echo.HideBanner, a.echo.HidePort = true, true
	}
	if err := a.checkConflicts(); err != nil {
		return nil, err
	}
	a.linkFrameworkCSS(cfg)
	if a.cbs, err = newCallbackSet(a.pages.callbacks); err != nil {
		return nil, err
	}
	var random bool
	if a.signer, random = newSigner(cfg.Secret); random {
		a.warnRandomSecret()
	}
	a.once, a.navTTL, a.hookTimeout = cfg.OnceStore, cfg.NavigationTTL, cfg.HookTimeout
	if a.once == nil {
		a.once = &MemoryOnceStore{}
	}
	if a.navTTL <= 0 {
		a.navTTL = time.Hour
	}
	if a.hookTimeout <= 0 {
		a.hookTimeout = 10 * time.Second
	}
	a.hooks = newHookRunner(a)
	a.hub = newHub(a)
	if cfg.Dev {
		a.dev = newAppDevWatch(a)
	}
	a.broker = cfg.Broker
	if a.broker == nil {
		a.broker = &MemoryBroker{}
	}
	if a.stopSub, err = a.broker.Subscribe(a.hub.deliver); err != nil {
		return nil, fmt.Errorf("framework: Broker.Subscribe: %w", err)
	}
	a.prevErr = a.echo.HTTPErrorHandler
	a.echo.HTTPErrorHandler = a.handleError
	a.routes()
	a.startupWarnings()
	return a, nil
}

func normalizeBase(p string) (string, error) {
	if p == "" || p == "/" {
		return "", nil
	}
	if !strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("framework: Config.BasePath %q must start with /", p)
	}
	p = strings.TrimSuffix(p, "/")
	if err := checkCanonical(p); err != nil {
		return "", fmt.Errorf("framework: Config.BasePath %q %v", p+"/", err)
	}
	return p, nil
}

// Echo returns the echo instance the app is mounted on, for adding routes
// and middleware.
func (a *App) Echo() *echo.Echo { return a.echo }

// ServeHTTP serves the app.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.echo.ServeHTTP(w, r) }

// RelativePath prefixes an app path with the BasePath: with BasePath
// "/dash/", "/x" becomes "/dash/x" and "/" becomes "/dash/".
func (a *App) RelativePath(path string) string { return a.prefix + ensureSlash(path) }

// Pages returns the app's pages in Dash's order (see Registry.Pages), with
// images inferred from the app's assets.
func (a *App) Pages() []Page { return pagesOf(a.pages.ordered) }

// shellLinks are the URLs every shell carries, built once, and the start
// of the runtime's script tag rendered from them.
type shellLinks struct {
	runtime, socket, base, script string
	meta                          *metaCache // the meta tags of recent head data
}

func newShellLinks(prefix string) shellLinks {
	l := shellLinks{runtime: prefix + RuntimePrefix + runtimeFile, socket: prefix + RuntimePrefix + socketPath, base: prefix + "/", meta: new(metaCache)}
	var h htmlWriter
	h.scriptOpen(l.runtime, l.base, l.socket)
	l.script = string(h.b)
	return l
}

// appPath is a request path below the BasePath.
func (a *App) appPath(p string) string {
	if a.prefix != "" && strings.HasPrefix(p, a.prefix) {
		return ensureSlash(p[len(a.prefix):])
	}
	return p
}

func ensureSlash(p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	return "/" + p
}

// checkConflicts reports a path that the app routes for a page and that a
// GET or HEAD route of the echo instance takes (echo keeps one handler per
// method and path, so one of the two would silently never run): the page's
// own route (its Path, or its PathTemplate's shape), the Path routed next to
// a PathTemplate, and every RedirectFrom path. The error names the page and
// where it was registered.
func (a *App) checkConflicts() error {
	own := map[string]pagePath{}
	for _, e := range a.pages.ordered {
		own[shapeOfEcho(a.echoPath(e))] = pagePath{e: e}
		if e.routed != "" {
			own[shapeOfEcho(a.prefix+e.routed)] = pagePath{e: e, why: fmt.Sprintf("its Path %q, routed next to its PathTemplate", e.routed)}
		}
		for _, from := range e.page.RedirectFrom {
			own[shapeOfEcho(a.prefix+from)] = pagePath{e: e, why: fmt.Sprintf("its RedirectFrom path %q", from)}
		}
	}
	routes := a.echo.Routes()
	slices.SortFunc(routes, func(x, y *echo.Route) int { // report the same conflict every run
		return strings.Compare(x.Path+" "+x.Method, y.Path+" "+y.Method)
	})
	for _, rt := range routes {
		if rt.Method != http.MethodGet && rt.Method != http.MethodHead {
			continue
		}
		if strings.HasPrefix(rt.Name, routeNamePrefix) {
			continue
		}
		if p, ok := own[shapeOfEcho(rt.Path)]; ok {
			why := ""
			if p.why != "" {
				why = ": " + p.why
			}
			return fmt.Errorf("framework: page %q (registered at %s) and the echo route %s %s are on the same path%s", p.e.key(), p.e.site, rt.Method, rt.Path, why)
		}
	}
	return nil
}

// pagePath is a path the app routes for a page: why says which, "" for
// the page's own route.
type pagePath struct {
	e   *entry
	why string
}

// echoPath is the route of a page in echo's syntax, below the BasePath.
func (a *App) echoPath(e *entry) string {
	if e.tmpl != nil {
		return a.prefix + e.tmpl.echoPath()
	}
	if e.page.Path == "/" {
		return a.prefix + "/"
	}
	return a.prefix + e.page.Path
}

// shapeOfEcho erases parameter names from an echo route path.
func shapeOfEcho(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = "<>"
		}
	}
	return strings.Join(segs, "/")
}
