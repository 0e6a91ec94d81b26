package framework

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/pagewire/pagewire/internal/wire"
)

// serveBeacon acknowledges a not-found render when the page's socket is
// down: it takes a wire.Ack and answers a wire.AckReply, with 200, 400 for
// a final refusal (bad, expired, other-path or stale token), 429 for a
// client over its claim quota (final too: it counts for the client's
// address, a beacon having no tab) and 503 when the page should retry. Only
// same-origin pages may call it.
func (a *App) serveBeacon(c echo.Context) error {
	r := c.Request()
	answer := func(status int, res wire.AckReply) error {
		res.Header = wire.Header{V: wire.Version, Type: wire.TypeAck}
		return c.JSON(status, res)
	}
	if l := a.hub.limits(); l != nil && l.hosts != nil && !l.hosts.allows(r.Host) {
		return answer(http.StatusForbidden, wire.AckReply{Error: "host not allowed"})
	}
	if o := r.Header.Get("Origin"); o != "" && !a.hub.upgrader.CheckOrigin(r) {
		return answer(http.StatusForbidden, wire.AckReply{Error: "cross-origin beacon"})
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, beaconMaxBody+1))
	if err != nil || len(body) > beaconMaxBody {
		return answer(http.StatusRequestEntityTooLarge, wire.AckReply{Error: "beacon too large"})
	}
	var m wire.Ack
	if err := json.Unmarshal(body, &m); err != nil {
		return answer(http.StatusBadRequest, wire.AckReply{Error: "malformed beacon"})
	}
	res := a.acknowledge(r.Context(), m.Token, m.URL, "", r)
	switch {
	case res.Retry:
		return answer(http.StatusServiceUnavailable, res)
	case res.Error == errTooMany.Error():
		return answer(http.StatusTooManyRequests, res)
	case res.Error != "":
		return answer(http.StatusBadRequest, res)
	}
	return answer(http.StatusOK, res)
}
