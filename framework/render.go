package framework

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"

	"github.com/a-h/templ"

	"github.com/pagewire/pagewire/internal/wire"
)

// ContainerID is the id of the element that holds the page's content.
const ContainerID = wire.ContainerID

// ShellData is what a shell renders: the page's head data, the links to the
// app's assets and runtime, and the page's content.
type ShellData struct {
	// Lang is the document language.
	Lang string
	// Title is the document title.
	Title string
	// Description is the page's description, or "".
	Description string
	// Image is the absolute URL of the page's social card image, or "".
	Image string
	// Favicon is the URL of the app's favicon, or "".
	Favicon string
	// Stylesheets are the URLs of the app's CSS files, in path order. The
	// slice is shared between renders and must not be modified.
	Stylesheets []string
	// Scripts are the URLs of the app's .js files, in path order, loaded
	// deferred before the runtime, as Dash loads assets/*.js. The slice is
	// shared between renders and must not be modified.
	Scripts []string
	// RuntimeSrc is the URL of the client runtime.
	RuntimeSrc string
	// SocketPath is the path of the websocket endpoint.
	SocketPath string
	// BasePath is the app's base path, ending in "/".
	BasePath string
	// Nonce is the request's CSP nonce, or "".
	Nonce string
	// Status is the HTTP status of the response.
	Status int
	// Topics are the page's signed subscriptions (see Subscribe).
	Topics string
	// Nav is the navigation token of a not-found render, or "";
	// RuntimeScript renders it.
	Nav string
	// Content is the page's rendered content.
	Content templ.Component
	// Request is the page's request.
	Request Request
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// renderBufs are the two buffers of a render, pooled with its view.
type renderBufs struct{ content, doc bytes.Buffer }

func getBuf() *bytes.Buffer { return bufPool.Get().(*bytes.Buffer) }

func putBuf(b *bytes.Buffer) {
	if b.Cap() > 1<<20 { // do not keep huge buffers alive
		return
	}
	b.Reset()
	bufPool.Put(b)
}

// panicError is a panic of app code (a layout, a title func, a shell, a
// callback), with its stack for the log.
type panicError struct {
	err   error
	stack []byte
	// templ is the .templ position of the panic ("pages/report.templ:21")
	// when it happened in code generated from a .templ file, or "".
	templ string
}

// newPanicError is the *panicError of a recovered panic p, with the stack
// of the goroutine that recovered it and the .templ position it maps to.
func newPanicError(p any) *panicError {
	stack := debug.Stack()
	return &panicError{err: fmt.Errorf("panic: %v", p), stack: stack, templ: templPosOfStack(stack)}
}

// Error returns the panic's text, with its .templ position when it has one.
func (e *panicError) Error() string {
	if e.templ != "" {
		return e.err.Error() + " (at " + e.templ + ")"
	}
	return e.err.Error()
}

// Unwrap returns the underlying error.
func (e *panicError) Unwrap() error { return e.err }

// protect runs f, turning a panic into a *panicError: app code (layouts,
// title funcs, shells, callbacks) never takes a response down with it.
func protect(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = newPanicError(p)
		}
	}()
	return f()
}

// renderContent renders the page's layout into buf, turning a panic into
// an error (recovered here, not through protect: this is the hot path).
func renderContent(ctx context.Context, req Request, buf *bytes.Buffer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = newPanicError(p)
		}
	}()
	c := req.Page.Layout(req)
	if c == nil {
		return errors.New("layout returned a nil component")
	}
	return c.Render(ctx, buf)
}

// rawComponent writes already-rendered HTML.
func rawComponent(b []byte) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
