package framework

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// TestBrowserMetaTagsOnNavigation checks that the runtime swaps the head's
// meta tags on a socket navigation: after each link, the head holds the
// new page's tags, Dash's list exactly (see TestMetaTagsLikeDash), empty
// contents included and hostile text as text, and none of the old page's.
func TestBrowserMetaTagsOnNavigation(t *testing.T) {
	const title, desc, image = hostileTitle, hostileDesc, hostileImage
	ctx, _ := openApp(t, Config{Registry: hostileMetaPages(), Assets: fstest.MapFS{}}, "/full")
	origin := bt.Eval[string](t, ctx, `location.origin`)
	const head = `JSON.stringify(Array.from(document.head.querySelectorAll("meta"), (m) => m.hasAttribute("data-pw-meta") ?
		[m.hasAttribute("name") ? "name" : "property", m.getAttribute("name") ?? m.getAttribute("property"), m.content] : null).filter(Boolean))`
	check := func(step string, want [][3]string) {
		t.Helper()
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // as JSON.stringify writes it
		enc.Encode(want)
		bt.WaitFor(t, ctx, head+` === `+jsString(strings.TrimSuffix(b.String(), "\n")), 10*time.Second)
		if n := bt.Eval[int](t, ctx, `document.head.querySelectorAll("meta").length - document.head.querySelectorAll("meta[data-pw-meta]").length`); n != 2 {
			t.Errorf("%s: %d meta tags besides the page's, want 2 (charset, viewport)", step, n)
		}
	}
	check("load", dashMetaTags(origin+"/full", title, desc, image))
	bt.Eval[chromedp.Void](t, ctx, `window.pwMark = 1; (() => { const a = document.createElement("a"); a.href = "/bare?x=1"; document.body.append(a); a.click(); })()`)
	check("navigation to /bare", dashMetaTags(origin+"/bare?x=1", "Bare", "", ""))
	bt.Eval[chromedp.Void](t, ctx, `history.back()`)
	check("back to /full", dashMetaTags(origin+"/full", title, desc, image))
	if bt.Eval[int](t, ctx, `window.pwMark || 0`) != 1 {
		t.Errorf("the navigations reloaded the page")
	}
}
