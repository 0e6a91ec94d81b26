package framework

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
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

// Serve serves the app on l until Shutdown, within the limits of Config:
// read, write and idle timeouts, caps on connections (Config.MaxConns and
// MaxConnsPerClient) and the allowed hosts (Config.AllowedHosts, on by
// default for a loopback l).
func (a *App) Serve(l net.Listener) error {
	if err := a.checkConflicts(); err != nil {
		l.Close()
		return err
	}
	a.indexMethods() // routes added since New
	var h http.Handler = a
	if hl := a.hostCheck(l); hl != nil {
		h = hl.guard(a)
	}
	cfg := &a.cfg
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: DefaultReadHeaderTimeout,
		ReadTimeout:       timeout(cfg.ReadTimeout, DefaultReadTimeout),
		WriteTimeout:      timeout(cfg.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       timeout(cfg.IdleTimeout, DefaultIdleTimeout),
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
		ConnState:         a.trackConn,
	}
	if srv.ReadTimeout > 0 {
		srv.ReadHeaderTimeout = min(srv.ReadHeaderTimeout, srv.ReadTimeout)
	}
	maxConns := orDefault(cfg.MaxConns, DefaultMaxConns)
	perClient := orDefault(cfg.MaxConnsPerClient, DefaultMaxConnsPerClient)
	if maxConns >= 0 || perClient >= 0 {
		l = newLimitListener(l, maxConns, perClient)
	}
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
