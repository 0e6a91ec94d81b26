package framework

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// ackRequest is an acknowledgement of a not-found render, by socket or
// beacon: the token and the URL the page shows.
type ackRequest struct {
	Token string `json:"token"`
	URL   string `json:"url"`
}

// serveBeacon acknowledges a not-found render when the page's socket is
// down. It answers 200 with the result, 400 for a final refusal (bad,
// expired or other-path token) and 503 when the page should retry. Only
// same-origin pages may call it.
func (a *App) serveBeacon(c echo.Context) error {
	r := c.Request()
	if o := r.Header.Get("Origin"); o != "" && !a.hub.upgrader.CheckOrigin(r) {
		return c.JSON(http.StatusForbidden, ackResult{Error: "cross-origin beacon"})
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, beaconMaxBody+1))
	if err != nil || len(body) > beaconMaxBody {
		return c.JSON(http.StatusRequestEntityTooLarge, ackResult{Error: "beacon too large"})
	}
	var req ackRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return c.JSON(http.StatusBadRequest, ackResult{Error: "malformed beacon"})
	}
	res := a.acknowledge(r.Context(), req.Token, req.URL, "", r)
	switch {
	case res.Retry:
		return c.JSON(http.StatusServiceUnavailable, res)
	case res.Error != "":
		return c.JSON(http.StatusBadRequest, res)
	}
	return c.JSON(http.StatusOK, res)
}

// navHow maps a runtime navigation kind to How.
func navHow(kind string, redirected bool) How {
	switch {
	case kind == "pop":
		return HowBackForward
	case redirected:
		return HowRedirect
	case kind == "location":
		return HowCallback
	case kind == "push":
		return HowScript
	}
	return HowLink
}

// isSameOriginPath reports whether a referrer sent by the page is a URL of
// this origin; others are dropped from events.
func isSameOriginPath(ref string, host string) bool {
	u, err := url.Parse(ref)
	return err == nil && strings.EqualFold(u.Host, host)
}
