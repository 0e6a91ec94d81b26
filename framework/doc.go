// Package framework is Pagewire, a Go framework for multi-page,
// server-driven web apps modelled on Plotly Dash Pages. Pages are templ
// components rendered on the server into the first response; a small
// browser runtime then navigates between them and runs callbacks over one
// websocket per tab. It is built on echo v4, templ and gorilla/websocket.
//
// # Pages
//
// A page registers itself from an init function of its own file, the way
// a database driver calls sql.Register:
//
//	func init() {
//		framework.RegisterPage(framework.Page{Layout: layout})
//	}
//
// Fields left empty are inferred like Dash's register_page infers them:
// the Path and Name come from the registering file, so
// pages/weekly_analytics.go serves "/weekly-analytics" under the name
// "Weekly analytics", and home.go or index.go serves "/". A PathTemplate
// such as "/report/<id>" passes its values to the layout in Request.Vars,
// and RedirectFrom answers old paths with a 301. RegisterNotFound sets the
// app's own not-found page, and Pages lists the registered pages in order,
// for nav bars. Registrations go to DefaultRegistry unless an app brings
// its own Registry; a duplicate or malformed page panics at start-up,
// naming both registrations.
//
// # The App
//
// New builds an App from a Config, whose zero value works, and freezes the
// registry. The app mounts on Config.Echo, or on a new echo instance, so
// the app's own routes and middleware keep working beside the pages; a GET
// route on a page's path is an error from New, not a silent shadow. Every
// path that no page matches is answered with a real 404 status and the
// not-found page inside the app's shell (or Config.NotFoundFile), never
// with a 200 or a redirect. App is an http.Handler; Start, Serve and
// Shutdown run it.
//
// # The websocket runtime
//
// Every page loads the runtime, a small script served under RuntimePrefix
// with a content-hashed name and immutable caching. It opens one socket
// per tab and takes same-origin link clicks: the server renders the target
// page and the runtime morphs it into the document without a reload,
// keeping history, titles and status as a full page load would. Without a
// socket, links are plain page loads.
//
// Callbacks are Dash's, run on the server. Callback registers a
// CallbackSpec whose Outputs, Inputs and States are built with Output,
// Input and State; when an input changes, the runtime sends the values
// and Func reads them from its Ctx and sets outputs, which may be templ
// components rendered on the server. Initial calls run while the page
// renders, so the first response already holds their outputs. New checks
// the callback graph for cycles and doubly owned outputs. PreventUpdate,
// NoUpdate and SetProps, and the pattern-matching ID with ALL and MATCH,
// work as in Dash. ClientsideCallback wires a JavaScript function of the
// app's own assets the same way (Dash's clientside_callback): the runtime
// calls it in the browser, with no round trip, in graph order with the
// server's callbacks.
//
// The server can also push without being asked: a layout calls Subscribe
// with a topic, and App.Broadcast sends updates to every tab showing a page
// subscribed to it, on every instance through the Config.Broker;
// App.Push sends them to one tab, by the id Ctx.Session reports.
//
// # The not-found hook
//
// App.OnNotFound registers a function that runs exactly once per
// navigation that lands on a missing path, whether it was a typed URL, an
// in-app link or a callback's redirect. A reload of that history entry,
// back and forward, a reconnect or a second acknowledgement does not fire
// it again, even on another instance sharing the Secret and OnceStore.
// Each not-found render carries a signed navigation token that the runtime
// acknowledges; the server fires only when its claim in the OnceStore
// succeeds. Clients that run no script never fire it;
// App.OnNotFoundResponse counts every 404 response instead.
//
// # Testing
//
// Package frameworktest drives a page over the real socket protocol
// without a browser:
//
//	page := frameworktest.Visit(t, app, "/analytics")
//	page.Set("analytics-input", "value", "abc")
//	if got := page.Text("analytics-output"); got != "You selected: abc" {
//		t.Fatal(got)
//	}
package framework
