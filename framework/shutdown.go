package framework

import (
	"context"
)

// Shutdown stops the server gracefully: no new connections, in-flight
// requests finish, sockets are closed with a going-away close frame. It
// waits until ctx is done at the most.
func (a *App) Shutdown(ctx context.Context) error {
	a.mu.Lock()
	srv := a.srv
	a.mu.Unlock()
	var err error
	done := make(chan struct{})
	go func() { a.hub.shutdown(ctx); close(done) }()
	if a.stopSub != nil {
		a.stopSub()
	}
	if srv != nil {
		err = srv.Shutdown(ctx)
	}
	<-done
	a.hooks.close(ctx)
	return err
}
