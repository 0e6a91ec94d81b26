package framework

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Start listens on addr and serves the app until Shutdown. It reports a
// page that conflicts with an echo route added after New. Like
// http.Server.ListenAndServe it returns http.ErrServerClosed after Shutdown.
func (a *App) Start(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return a.Serve(l)
}

// Serve serves the app on l until Shutdown.
func (a *App) Serve(l net.Listener) error {
	if err := a.checkConflicts(); err != nil {
		l.Close()
		return err
	}
	a.indexMethods() // routes added since New
	srv := &http.Server{Handler: a, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(a.log.Handler(), slog.LevelWarn)}
	a.mu.Lock()
	if a.srv != nil {
		a.mu.Unlock()
		l.Close()
		return errors.New("framework: App already serving")
	}
	a.srv = srv
	a.mu.Unlock()
	return srv.Serve(l)
}
