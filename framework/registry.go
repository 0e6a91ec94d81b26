package framework

import (
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Reserved path prefixes. No page, template or redirect may live under them:
// the runtime, its socket and beacon are served under RuntimePrefix and the
// app's static files under AssetsPrefix (both below Config.BasePath).
const (
	RuntimePrefix = "/_pagewire/"
	AssetsPrefix  = "/assets/"
)

// entry is one registered page with what the registry inferred about it.
type entry struct {
	page   Page
	tmpl   *pathTemplate // nil for a literal path
	site   string        // file:line of the RegisterPage call
	module string        // the page file's base name without .go, for image inference
	dotted string        // the page file as a Dash module name, for the order tie-break
	// supplied is the Order the page was registered with; page.Order is the
	// effective one once sorted (see effectiveOrders).
	supplied Order
	// routed is a Path set next to a PathTemplate, routed as a literal path
	// to the page because the template does not match it; "" otherwise.
	routed string
}

// key is the path or template the page is registered under.
func (e *entry) key() string {
	if e.tmpl != nil {
		return e.tmpl.raw
	}
	return e.page.Path
}

// Registry holds the pages and callbacks an App is built from, like
// http.ServeMux holds handlers. Pages register in init functions, through
// the package-level RegisterPage, RegisterNotFound and Callback (which add
// to DefaultRegistry, like http.HandleFunc adds to DefaultServeMux) or
// through the methods of a Registry of the app's own (Config.Registry).
// Building an App freezes its registry: a later registration panics. One
// mutex guards it; its methods are safe for concurrent use.
type Registry struct {
	mu        sync.Mutex
	byPath    map[string]*entry // literal paths, and routed Paths of templates
	byShape   map[string]*entry // templates, by shape
	redirects map[string]*entry // RedirectFrom path -> page
	redirSite map[string]string // RedirectFrom path -> registration site
	notFound  *entry
	frozenAt  string      // site of the New call that froze it, "" while open
	sorted    []*entry    // the pages in Dash's order, once frozen
	callbacks []*callback // in registration order
	// pagesFolder is where paths are inferred from, "" for
	// DefaultPagesFolder (see WithPagesFolder).
	pagesFolder string
}

// DefaultRegistry is the registry of the package-level RegisterPage,
// RegisterNotFound and Callback, and the one New uses when
// Config.Registry is nil.
var DefaultRegistry = NewRegistry()

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{
		byPath:    map[string]*entry{},
		byShape:   map[string]*entry{},
		redirects: map[string]*entry{},
		redirSite: map[string]string{},
	}
}

// RegisterPage adds a page to DefaultRegistry. Call it from an init
// function of the page's file, like sql.Register:
//
//	func init() {
//		framework.RegisterPage(framework.Page{Layout: layout})
//	}
//
// Empty fields are inferred the way Dash's register_page infers them: Path
// and Name from the calling file (pages/weekly_analytics.go becomes
// "/weekly-analytics" named "Weekly analytics"; home.go and index.go become
// "/"), or, for a PathTemplate page, Path from the template with every
// variable replaced by "none" ("/items/<id>" becomes "/items/none"); Title
// from Name; Image from the app's assets when the app is built.
//
// A PathTemplate page may also set Path, as in Dash: that Path is what nav
// links and RedirectFrom use, and unless the template matches it, it is
// routed to the page too, with no Vars.
//
// RegisterPage panics, with the prefix "framework: " and the file:line of
// both registrations where there are two, on a duplicate path, a template
// that matches the same URLs as another, a malformed path or template, a nil
// Layout, a path under a reserved prefix, or a call after the app was built.
// It is safe to call from several goroutines.
func RegisterPage(p Page) {
	file, line := callerSite(2)
	DefaultRegistry.register(p, file, line)
}

// RegisterPage adds a page to r; see the package-level RegisterPage.
func (r *Registry) RegisterPage(p Page) {
	file, line := callerSite(2)
	r.register(p, file, line)
}

// RegisterNotFound sets the page of DefaultRegistry rendered, with status
// 404, for every path that no page matches: the app's not_found_404 page
// module. The page is never reachable at a path of its own, so Path,
// PathTemplate and RedirectFrom must be empty. Name and Title default to
// "Not found". It panics on a second call, a nil Layout or a call after the
// app was built.
func RegisterNotFound(p Page) {
	file, line := callerSite(2)
	DefaultRegistry.registerNotFound(p, file, line)
}

// RegisterNotFound sets r's not-found page; see the package-level
// RegisterNotFound.
func (r *Registry) RegisterNotFound(p Page) {
	file, line := callerSite(2)
	r.registerNotFound(p, file, line)
}

// Pages returns the pages of DefaultRegistry in Dash's order; see
// Registry.Pages.
func Pages() []Page { return DefaultRegistry.Pages() }

// Pages returns the registered pages in Dash's order, for nav bars, as
// Dash's register_page sorts its page_registry: pages with a numeric Order
// first, ascending; then pages with a string Order (OrderName), sorted as
// strings; then pages without an Order; equal orders by module name (the
// registering file below its pages directory, "pages.reports.q1_sales"),
// then by path or template. As in Dash, while no page sets an Order, the
// page at "/" has order 0 and so comes first; once any page sets one, it
// has the Order it was registered with. Each page's Order is its effective
// order. Path, Name and Title are inferred; an Image inferred
// from an app's assets is filled in only by App.Pages, since two apps may
// have other assets. The not-found page is not listed. The slice is a copy;
// the pages' Meta maps are shared and must not be modified.
func (r *Registry) Pages() []Page {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sorted != nil { // frozen: sorted once
		return pagesOf(r.sorted)
	}
	return pagesOf(orderedCopy(r.entries()))
}

// PageByPath returns the page of DefaultRegistry registered at the literal
// path, comma-ok.
func PageByPath(path string) (Page, bool) { return DefaultRegistry.PageByPath(path) }

// PageByPath returns the page registered at the literal path, comma-ok.
func (r *Registry) PageByPath(path string) (Page, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e, ok := r.byPath[path]; ok {
		return e.page, true
	}
	return Page{}, false
}

func callerSite(skip int) (string, int) {
	pc, file, line, ok := runtime.Caller(skip)
	if !ok {
		return "unknown", 0
	}
	return sourceFile(pc, file), line
}

func site(file string, line int) string {
	return fmt.Sprintf("%s:%d", filepath.Base(file), line)
}

func (r *Registry) register(p Page, file string, line int) {
	at := site(file, line)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.frozenAt != "" {
		panic(fmt.Sprintf("framework: RegisterPage at %s after the app was built at %s; register pages in init()", at, r.frozenAt))
	}
	if p.Layout == nil {
		panic(fmt.Sprintf("framework: RegisterPage at %s: nil Layout", at))
	}
	if n, ok := p.Order.Number(); ok && math.IsNaN(n) {
		panic(fmt.Sprintf("framework: RegisterPage at %s: Order is NaN", at))
	}
	e := &entry{site: at, module: moduleName(file), dotted: dottedModule(file, r.folder()), supplied: p.Order}
	if p.Name == "" {
		p.Name = inferName(file)
	}
	if p.Title == "" {
		p.Title = p.Name
	}
	if p.PathTemplate != "" {
		t, err := parsePathTemplate(p.PathTemplate)
		if err != nil {
			panic(fmt.Sprintf("framework: RegisterPage at %s: path template %q %v", at, p.PathTemplate, err))
		}
		if reserved(p.PathTemplate) {
			panic(fmt.Sprintf("framework: RegisterPage at %s: path template %q is under a reserved prefix (%s, %s)", at, p.PathTemplate, RuntimePrefix, AssetsPrefix))
		}
		if old, ok := r.byShape[t.shape()]; ok {
			panic(fmt.Sprintf("framework: path template %q registered at %s matches the same URLs as %q registered at %s", p.PathTemplate, at, old.page.PathTemplate, old.site))
		}
		e.tmpl = t
		if p.Path == "" {
			p.Path = t.defaultPath()
		} else {
			r.checkPath(p.Path, "path", at)
			if _, ok := t.match(splitPath(p.Path)); !ok {
				e.routed = p.Path
				r.checkFree(p.Path, at)
			}
		}
	} else {
		if p.Path == "" {
			p.Path = inferPathIn(file, r.folder())
		}
		r.checkPath(p.Path, "path", at)
		r.checkFree(p.Path, at)
	}
	seen := map[string]bool{}
	for _, from := range p.RedirectFrom {
		r.checkPath(from, "RedirectFrom path", at)
		if old, ok := r.byPath[from]; ok || from == p.Path {
			if !ok {
				old = e
			}
			panic(fmt.Sprintf("framework: RedirectFrom path %q registered at %s is a page path registered at %s", from, at, old.site))
		}
		if _, ok := r.redirects[from]; ok || seen[from] {
			prev := r.redirSite[from]
			if seen[from] {
				prev = at
			}
			panic(fmt.Sprintf("framework: duplicate RedirectFrom path %q registered at %s and %s", from, prev, at))
		}
		seen[from] = true
	}
	p.RedirectFrom = slices.Clone(p.RedirectFrom)
	e.page = p
	if e.tmpl != nil {
		r.byShape[e.tmpl.shape()] = e
		if e.routed != "" {
			r.byPath[e.routed] = e
		}
	} else {
		r.byPath[p.Path] = e
	}
	for _, from := range p.RedirectFrom {
		r.redirects[from] = e
		r.redirSite[from] = at
	}
}

// checkFree panics when path is already a page path or a RedirectFrom path.
func (r *Registry) checkFree(path, at string) {
	if old, ok := r.byPath[path]; ok {
		panic(fmt.Sprintf("framework: duplicate page path %q registered at %s and %s", path, old.site, at))
	}
	if _, ok := r.redirects[path]; ok {
		panic(fmt.Sprintf("framework: page path %q registered at %s is a RedirectFrom path registered at %s", path, at, r.redirSite[path]))
	}
}

// checkPath panics unless path is a canonical absolute path outside the
// reserved prefixes.
func (r *Registry) checkPath(path, what, at string) {
	if err := checkCanonical(path); err != nil {
		panic(fmt.Sprintf("framework: RegisterPage at %s: %s %q %v", at, what, path, err))
	}
	if reserved(path) {
		panic(fmt.Sprintf("framework: RegisterPage at %s: %s %q is under a reserved prefix (%s, %s)", at, what, path, RuntimePrefix, AssetsPrefix))
	}
}

func checkCanonical(path string) error {
	if !strings.HasPrefix(path, "/") {
		return fmt.Errorf("must start with /")
	}
	if path == "/" {
		return nil
	}
	if strings.HasSuffix(path, "/") {
		return fmt.Errorf("must not end with / (the trailing-slash form redirects to it)")
	}
	for _, s := range strings.Split(path[1:], "/") {
		if s == "" {
			return fmt.Errorf("has an empty segment")
		}
		if strings.ContainsAny(s, "<>") {
			return fmt.Errorf("has a template variable (use PathTemplate)")
		}
		if err := checkLiteralSegment(s); err != nil {
			return err
		}
	}
	return nil
}

func reserved(path string) bool {
	for _, p := range []string{RuntimePrefix, AssetsPrefix} {
		if strings.HasPrefix(path+"/", p) {
			return true
		}
	}
	return false
}

func (r *Registry) registerNotFound(p Page, file string, line int) {
	at := site(file, line)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.frozenAt != "" {
		panic(fmt.Sprintf("framework: RegisterNotFound at %s after the app was built at %s; register pages in init()", at, r.frozenAt))
	}
	if r.notFound != nil {
		panic(fmt.Sprintf("framework: not-found page registered twice, at %s and %s", r.notFound.site, at))
	}
	if p.Layout == nil {
		panic(fmt.Sprintf("framework: RegisterNotFound at %s: nil Layout", at))
	}
	if p.Path != "" || p.PathTemplate != "" || len(p.RedirectFrom) > 0 {
		panic(fmt.Sprintf("framework: RegisterNotFound at %s: the not-found page has no path of its own; leave Path, PathTemplate and RedirectFrom empty", at))
	}
	if p.Name == "" {
		p.Name = "Not found"
	}
	if p.Title == "" {
		p.Title = p.Name
	}
	r.notFound = &entry{page: p, site: at, module: moduleName(file), dotted: dottedModule(file, r.folder()), supplied: p.Order}
}

// pageTable is an App's own frozen copy of its registry's pages, with
// images inferred from that App's assets. It is never written after New,
// so requests read it without a lock.
type pageTable struct {
	byPath    map[string]*entry // literal paths, and routed Paths of templates
	redirects map[string]*entry // RedirectFrom path -> page
	templates []*entry          // most specific first
	ordered   []*entry          // Dash's order
	redirFrom []string          // RedirectFrom paths, sorted
	notFound  *entry
	callbacks []*callback
}

// freeze closes the registry to registration (a later one panics, naming
// at) and returns a copy of its pages for one App, with Image inferred by
// resolveImage. Every App built from the registry gets its own copy.
func (r *Registry) freeze(at string, resolveImage func(e *entry)) *pageTable {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.frozenAt == "" {
		r.frozenAt = at
		r.sorted = orderedCopy(r.entries())
	}
	t := &pageTable{byPath: map[string]*entry{}, redirects: map[string]*entry{}, callbacks: slices.Clone(r.callbacks)}
	own := func(e *entry) *entry {
		c := *e
		resolveImage(&c)
		return &c
	}
	for _, e := range r.entries() {
		c := own(e)
		t.ordered = append(t.ordered, c)
		if c.tmpl != nil {
			t.templates = append(t.templates, c)
			if c.routed != "" {
				t.byPath[c.routed] = c
			}
		} else {
			t.byPath[c.page.Path] = c
		}
		for _, from := range c.page.RedirectFrom {
			t.redirects[from] = c
			t.redirFrom = append(t.redirFrom, from)
		}
	}
	if r.notFound != nil {
		t.notFound = own(r.notFound)
	}
	effectiveOrders(t.ordered)
	sortEntries(t.ordered)
	slices.Sort(t.redirFrom)
	slices.SortFunc(t.templates, func(a, b *entry) int {
		if moreSpecific(a.tmpl, b.tmpl) {
			return -1
		}
		return 1
	})
	return t
}

// entries returns the registered pages, unordered. r.mu is held.
func (r *Registry) entries() []*entry {
	es := make([]*entry, 0, len(r.byPath)+len(r.byShape))
	for _, e := range r.byPath {
		if e.tmpl == nil { // a routed template Path is listed under byShape
			es = append(es, e)
		}
	}
	for _, e := range r.byShape {
		es = append(es, e)
	}
	return es
}

func pagesOf(es []*entry) []Page {
	out := make([]Page, len(es))
	for i, e := range es {
		out[i] = e.page
	}
	return out
}
