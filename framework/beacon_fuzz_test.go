package framework

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pagewire/pagewire/internal/wire"
)

// FuzzBeacon posts bodies to the beacon through the app's handler: no
// panic; the answer is always an AckReply of the protocol's version with a
// status that agrees with it (200 without an error, 400 and 413 with one,
// 403 for a foreign origin, 429 and 503 with one); a body naming the placeholder TOKEN gets a
// fresh token for /missing?q=1 in its place, so valid acks are reached.
func FuzzBeacon(f *testing.F) {
	a := newFuzzApp(f)
	for _, s := range []struct{ body, origin string }{
		{`{"v":1,"type":"ack","token":"TOKEN","url":"/missing?q=1"}`, ""},
		{`{"v":1,"type":"ack","token":"TOKEN","url":"/missing?q=1"}`, "http://example.com"},
		{`{"v":1,"type":"ack","token":"TOKEN","url":"/elsewhere"}`, ""},
		{`{"v":1,"type":"ack","token":"TOKEN","url":"/missing?q=1"}`, "https://evil.example"},
		{`{"token":"x.y","url":"/"}`, ""},
		{`{"token":"TOKEN"`, ""},
		{`{"token":12,"url":["/"]}`, ""},
		{`null`, ""},
		{"", ""},
		{"\x00\xff\xfe", "null"},
		{`{"token":"\u2603.\u0000","url":"/caf\u00e9"}`, "http://[::1"},
		{`{"v":99999999999999999999,"token":"TOKEN","url":"/missing?q=1"}`, ""},
		{`{"token":"` + string(bytes.Repeat([]byte("A"), beaconMaxBody)) + `"}`, ""},
	} {
		f.Add([]byte(s.body), s.origin)
	}
	f.Fuzz(func(t *testing.T, body []byte, origin string) {
		if bytes.Contains(body, []byte("TOKEN")) {
			tok, _ := a.issueToken("/missing?q=1", HowDocument, "", time.Now())
			body = bytes.ReplaceAll(body, []byte("TOKEN"), []byte(tok))
		}
		r := httptest.NewRequest("POST", "http://example.com"+RuntimePrefix+wire.BeaconPath, bytes.NewReader(body))
		r.Header.Set("Content-Type", "text/plain")
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		w := httptest.NewRecorder()
		a.ServeHTTP(w, r)
		var res wire.AckReply
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
			t.Fatalf("%q: answer %d %q is not JSON: %v", body, w.Code, w.Body, err)
		}
		if res.V != wire.Version || res.Type != wire.TypeAck {
			t.Fatalf("%q: answer %q", body, w.Body)
		}
		switch w.Code {
		case http.StatusOK:
			if res.Error != "" || res.Retry {
				t.Fatalf("%q: 200 with %+v", body, res)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusForbidden:
			if res.Error == "" || res.Fired {
				t.Fatalf("%q: %d with %+v", body, w.Code, res)
			}
		case http.StatusTooManyRequests, http.StatusServiceUnavailable: // quotas, a store down
			if res.Error == "" || res.Fired {
				t.Fatalf("%q: %d with %+v", body, w.Code, res)
			}
		default:
			t.Fatalf("%q: status %d, %q", body, w.Code, w.Body)
		}
		if w.Code == http.StatusRequestEntityTooLarge && len(body) <= beaconMaxBody {
			t.Fatalf("a body of %d bytes refused as too large", len(body))
		}
	})
}
