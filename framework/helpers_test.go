package framework

import (
	"io"
	"log/slog"
	"net"
	"testing"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// serveApp serves app through App.Serve on a free loopback port and returns
// its address and what Serve returns; the caller shuts the app down.
func serveApp(t *testing.T, app *App) (string, <-chan error) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- app.Serve(l) }()
	return l.Addr().String(), served
}
