package framework

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// hostileRow is one hostile input and what the server must answer: an
// HTTP request (status, headers and body checks), a socket dial (status),
// or a message on an attacker's socket (an error reply, or a close code).
type hostileRow struct {
	name string

	// An HTTP request.
	method, target, body string
	header               map[string]string
	status               int
	absent               []string // never in the body
	location             string   // the Location header must start with it ("" when none is allowed off-site)

	// A socket dial with these headers: the upgrade's status.
	dial http.Header

	// A message on the attacker's socket: the reply's error, or the close.
	msg       string
	binary    bool
	wantErr   string
	wantRef   int64 // the error reply's ref, when not 0
	wantClose int

	// sockets opens this many more sockets from the attacker's address:
	// the last must be refused with status.
	sockets int
}

// hostileRows are the inputs of TestHostileInput: traversal, reflected
// markup, open redirects, oversized and malformed bodies, cross-origin
// sockets, malformed, forged and oversized socket messages.
func hostileRows() []hostileRow {
	cb := func(ref int, body string) string {
		return fmt.Sprintf(`{"v":1,"ref":%d,"type":"cb","url":"/cb",%s}`, ref, body)
	}
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	return []hostileRow{
		// Paths: traversal, reflected markup, open redirects.
		{name: "traversal", method: "GET", target: "/../../../etc/passwd", status: 404, absent: []string{"root:"}},
		{name: "encoded traversal", method: "GET", target: "/%2e%2e/%2e%2e/etc/passwd", status: 404, absent: []string{"root:"}},
		{name: "asset traversal", method: "GET", target: "/assets/..%2f..%2fgo.mod", status: 404, absent: []string{"module github.com"}},
		{name: "asset backslash traversal", method: "GET", target: `/assets/..%5c..%5cgo.mod`, status: 404, absent: []string{"module github.com"}},
		{name: "script in path", method: "GET", target: "/%3Cscript%3Ealert(1)%3C/script%3E", status: 404, absent: []string{"<script>alert(1)"}},
		{name: "attribute break in path", method: "GET", target: `/x%22onmouseover=alert(1)`, status: 404, absent: []string{`"onmouseover=`}},
		{name: "script in query", method: "GET", target: "/missing?q=%3Cscript%3Ealert(1)%3C/script%3E", status: 404, absent: []string{"<script>alert(1)"}},
		{name: "protocol-relative path", method: "GET", target: "//evil.example/", status: 404},
		{name: "backslash host", method: "GET", target: "/%5Cevil.example", status: 404},
		{name: "redirect keeps its target", method: "GET", target: "/old?next=//evil.example", status: 301, location: "/new"},
		{name: "trailing slash keeps the query local", method: "GET", target: "/old/?next=https://evil.example", status: 308, location: "/old?next="},
		{name: "long path", method: "GET", target: "/" + strings.Repeat("a", 8000), status: 404},
		{name: "many parameters", method: "GET", target: "/missing?" + strings.Repeat("a=1&", 2000), status: 404},
		{name: "NUL in a path variable", method: "GET", target: "/report/%00", status: 200},
		{name: "POST to a page", method: "POST", target: "/", status: 405},
		{name: "PUT to a missing page", method: "PUT", target: "/missing", status: 404},
		{name: "TRACE", method: "TRACE", target: "/", status: 405},
		// The framework's own endpoints.
		{name: "unknown runtime hash", method: "GET", target: RuntimePrefix + "runtime.000000000000.js", status: 404},
		{name: "socket without upgrade", method: "GET", target: RuntimePrefix + "socket", status: 400},
		{name: "beacon by GET", method: "GET", target: RuntimePrefix + "beacon", status: 405},
		{name: "malformed beacon", method: "POST", target: RuntimePrefix + "beacon", body: "{not json", status: 400},
		{name: "oversized beacon", method: "POST", target: RuntimePrefix + "beacon", body: strings.Repeat("x", beaconMaxBody+1), status: 413},
		{name: "forged beacon token", method: "POST", target: RuntimePrefix + "beacon", body: `{"token":"AAAA.BBBB","url":"/missing"}`, status: 400},
		{name: "cross-origin beacon", method: "POST", target: RuntimePrefix + "beacon", body: `{}`, header: map[string]string{"Origin": "https://evil.example"}, status: 403},
		// DNS rebinding: a name the loopback-bound server does not serve.
		{name: "rebinding host", method: "GET", target: "/", header: map[string]string{"Host": "evil.example"}, status: 403},
		{name: "rebinding host beacon", method: "POST", target: RuntimePrefix + "beacon", body: `{}`, header: map[string]string{"Host": "evil.example"}, status: 403},
		{name: "rebinding host socket", dial: http.Header{"Origin": {"http://evil.example"}, "Host": {"evil.example"}}, status: 403},
		// Too many sockets from one address (the honest tab and the
		// attacker's hold two of hostileSockets).
		{name: "sockets past the per-client cap", sockets: hostileSockets - 1, status: 429},
		// Socket dials.
		{name: "cross-origin socket", dial: http.Header{"Origin": {"https://evil.example"}}, status: 403},
		{name: "null origin socket", dial: http.Header{"Origin": {"null"}}, status: 403},
		{name: "other-port origin socket", dial: http.Header{"Origin": {"http://127.0.0.1:1"}}, status: 403},
		// Socket messages.
		{name: "not JSON", msg: `{not json`, wantErr: "malformed message"},
		{name: "JSON array", msg: `[1,2,3]`, wantErr: "malformed message"},
		{name: "JSON null", msg: `null`, wantErr: "unsupported protocol version"},
		{name: "other protocol version", msg: `{"v":2,"ref":1,"type":"nav","url":"/"}`, wantErr: "unsupported protocol version"},
		{name: "unknown type", msg: `{"v":1,"ref":1,"type":"hack"}`, wantErr: "unknown message type"},
		{name: "string ref", msg: `{"v":1,"ref":"x","type":"nav"}`, wantErr: "malformed message"},
		{name: "navigation off-site", msg: nav(1, "https://evil.example/"), wantErr: "bad url"},
		{name: "navigation protocol-relative", msg: nav(1, "//evil.example/x"), wantErr: "bad url"},
		{name: "navigation backslash", msg: nav(1, `/\evil.example`), wantErr: "bad url"},
		{name: "navigation re-escaped to another host", msg: nav(1, "/%2Fevil.example/|"), wantErr: "bad url"},
		{name: "navigation javascript:", msg: nav(1, "javascript:alert(1)"), wantErr: "bad url"},
		{name: "navigation too long", msg: nav(1, "/"+strings.Repeat("a", maxURLLen)), wantErr: "bad url"},
		{name: "navigation empty", msg: `{"v":1,"ref":1,"type":"nav","url":""}`, wantErr: "bad url"},
		{name: "callback of no callback", msg: cb(1, `"trigger":[{"id":"nope","prop":"value"}],"props":[]`), wantErr: "no callback has the input"},
		{name: "callback with a bad property name", msg: cb(1, `"trigger":[{"id":"q","prop":"__proto__"}],"props":[{"id":"q","prop":"__proto__","value":1}]`), wantErr: "unknown property"},
		{name: "callback with deep nesting", msg: cb(1, `"trigger":[{"id":"q","prop":"value"}],"props":[{"id":"q","prop":"value","value":`+deep+`}]`), wantErr: "malformed message"},
		{name: "forged topic", msg: `{"v":1,"ref":1,"type":"sub","topics":"news.AAAA"}`, wantErr: "bad topic subscription"},
		{name: "too many topics", msg: `{"v":1,"ref":1,"type":"sub","topics":"` + strings.Repeat("x.y ", 40) + `"}`, wantErr: "bad topic subscription"},
		{name: "forged not-found token", msg: `{"v":1,"ref":1,"type":"ack","token":"AAAA.BBBB","url":"/missing"}`, wantErr: "bad navigation token"},
		{name: "empty not-found token", msg: `{"v":1,"ref":1,"type":"ack","token":"","url":"/missing"}`, wantErr: "bad navigation token"},
		{name: "binary junk", msg: "\x00\x01\x02\xff", binary: true, wantErr: "malformed message"},
		{name: "message too big", msg: `{"v":1,"ref":77,"type":"nav","url":"/` + strings.Repeat("a", maxMessageSize) + `"}`, wantErr: "message too big", wantRef: 77},
		{name: "frame past the limit", msg: strings.Repeat("x", maxFrameSize+1), wantClose: websocket.CloseMessageTooBig},
	}
}

// hostileSockets is TestHostileInput's cap of sockets per client address.
const hostileSockets = 6

// TestHostileInput sends each hostile input and checks the server's
// answer, then checks that an honest tab on another socket still
// navigates: no input takes the server, or another client, down.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	reg := registerTestPages(t)
	page(reg, "/cb", `<input id="q"><div id="out"></div>`)
	reg.Callback(CallbackSpec{Outputs: outputs(Output("out", "children")), Inputs: outputs(Input("q", "value")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("out", "children", c.String("q", "value")); return nil }})
	// Served by App.Serve on loopback, with its limits and host check.
	app := newCallbackApp(t, Config{Registry: reg, MaxSocketsPerClient: hostileSockets})
	addr, _ := serveApp(t, app)
	srv := &httptest.Server{URL: "http://" + addr} // for dialSocket
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer client.CloseIdleConnections()
	honest := dialSocket(t, srv, RuntimePrefix+"socket", "")
	socketURL := "ws" + strings.TrimPrefix(srv.URL, "http") + RuntimePrefix + "socket"
	rows := hostileRows()
	if len(rows) < 40 {
		t.Fatalf("%d rows, want at least 40", len(rows))
	}
	var attacker *websocket.Conn
	for i, row := range rows {
		switch {
		case row.sockets > 0:
			if attacker == nil {
				attacker = dialSocket(t, srv, RuntimePrefix+"socket", "")
			}
			var open []*websocket.Conn
			for j := range row.sockets {
				c, resp, err := websocket.DefaultDialer.Dial(socketURL, nil)
				if j < row.sockets-1 {
					if err != nil {
						t.Fatalf("%s: socket %d refused: %v", row.name, j, err)
					}
					open = append(open, c)
					continue
				}
				if err == nil || resp == nil || resp.StatusCode != row.status {
					t.Errorf("%s: the last socket: err %v, resp %v; want status %d", row.name, err, resp, row.status)
				}
				if c != nil {
					c.Close()
				}
			}
			for _, c := range open {
				c.Close()
			}
		case row.dial != nil:
			h := row.dial.Clone()
			d := *websocket.DefaultDialer
			if host := h.Get("Host"); host != "" { // dial the server, ask for another name
				h.Del("Host")
				d.NetDial = func(string, string) (net.Conn, error) { return net.Dial("tcp", addr) }
				socketURL := "ws://" + host + RuntimePrefix + "socket"
				_, resp, err := d.Dial(socketURL, h)
				if err == nil || resp == nil || resp.StatusCode != row.status {
					t.Errorf("%s: dial err %v, resp %v; want status %d", row.name, err, resp, row.status)
				}
				break
			}
			_, resp, err := d.Dial(socketURL, h)
			if err == nil || resp == nil || resp.StatusCode != row.status {
				t.Errorf("%s: dial err %v, resp %v; want status %d", row.name, err, resp, row.status)
			}
		case row.msg != "":
			if attacker == nil {
				attacker = dialSocket(t, srv, RuntimePrefix+"socket", "")
			}
			typ := websocket.TextMessage
			if row.binary {
				typ = websocket.BinaryMessage
			}
			if err := attacker.WriteMessage(typ, []byte(row.msg)); err != nil {
				t.Fatalf("%s: write: %v", row.name, err)
			}
			attacker.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, data, err := attacker.ReadMessage()
			if row.wantClose != 0 {
				if !websocket.IsCloseError(err, row.wantClose) {
					t.Errorf("%s: %v, want close %d", row.name, err, row.wantClose)
				}
				attacker.Close()
				attacker = nil
				break
			}
			var r reply
			if err == nil {
				err = json.Unmarshal(data, &r)
			}
			// Errors come as "error" replies, or as the error of the reply
			// of the message's own type (a callback's, an ack's).
			if err != nil || r.Error == "" || !strings.Contains(r.Error, row.wantErr) {
				t.Errorf("%s: %+v %v, want an error reply with %q", row.name, r, err, row.wantErr)
			}
			if row.wantRef != 0 && r.Ref != row.wantRef {
				t.Errorf("%s: the error reply's ref is %d, want %d", row.name, r.Ref, row.wantRef)
			}
		default:
			req, err := http.NewRequest(row.method, srv.URL+row.target, strings.NewReader(row.body))
			if err != nil {
				t.Fatalf("%s: %v", row.name, err)
			}
			// The path is sent as written, not cleaned (a leading "//" in
			// Opaque would make an absolute-form request instead).
			if path, _, _ := strings.Cut(row.target, "?"); strings.HasPrefix(path, "//") {
				req.URL.Path, req.URL.RawPath = path, path
			} else {
				req.URL.Opaque = path
			}
			for k, v := range row.header {
				if k == "Host" {
					req.Host = v
					continue
				}
				req.Header.Set(k, v)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s: %v", row.name, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != row.status {
				t.Errorf("%s: status %d, want %d", row.name, resp.StatusCode, row.status)
			}
			for _, s := range row.absent {
				if bytes.Contains(body, []byte(s)) {
					t.Errorf("%s: the body holds %q", row.name, s)
				}
			}
			if loc := resp.Header.Get("Location"); loc != "" && (row.location == "" || !strings.HasPrefix(loc, row.location)) {
				t.Errorf("%s: Location %q, want it to start with %q", row.name, loc, row.location)
			}
		}
		// The honest tab on its own socket is still served.
		if r := roundTrip(t, honest, nav(1000+i, "/")); r.Status != 200 || !strings.Contains(r.HTML, "Hello home") {
			t.Fatalf("after %s: the honest tab's navigation got %+v", row.name, r)
		}
	}
}
