package framework

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// TestNavForTopicsOnly asks for a page's topics alone (wire.Nav.Topics):
// the answer carries its URL, status and signed topics, which subscribe,
// and no content.
func TestNavForTopicsOnly(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/live", Layout: func(r Request) templ.Component {
		Subscribe(r, "counter")
		return templ.Raw(`<span id="count">0</span>`)
	}})
	page(reg, "/quiet", `<p>x</p>`)
	app := newCallbackApp(t, Config{Registry: reg})
	srv := httptest.NewServer(app)
	defer srv.Close()
	conn := dialSocket(t, srv, RuntimePrefix+"socket", "")
	r := roundTrip(t, conn, `{"v":1,"ref":2,"type":"nav","url":"/live","topics":true}`)
	if r.Type != "page" || r.Ref != 2 || r.URL != "/live" || r.Status != 200 || r.HTML != "" || r.Meta != "" || r.Title != "" || r.Topics == "" {
		t.Fatalf("topics of /live: %+v", r)
	}
	// The topics subscribe: no answer, so the next answer is the nav's.
	if err := conn.WriteMessage(1, []byte(`{"v":1,"ref":3,"type":"sub","topics":"`+r.Topics+`"}`)); err != nil {
		t.Fatal(err)
	}
	if r := roundTrip(t, conn, `{"v":1,"ref":4,"type":"nav","url":"/quiet","topics":true}`); r.Ref != 4 || r.Type != "page" || r.Topics != "" || r.HTML != "" {
		t.Fatalf("topics of /quiet: %+v", r)
	}
	if r := roundTrip(t, conn, `{"v":1,"ref":5,"type":"nav","url":"/live"}`); r.Topics == "" || !strings.Contains(r.HTML, `id="count"`) {
		t.Fatalf("a plain nav lost its content: %+v", r)
	}
}
