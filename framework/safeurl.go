package framework

import (
	"encoding/json"
	"fmt"
	"strings"
)

// checkURLProp refuses an output value for src or href (of any element,
// a Location's included) that is a URL a browser would run or render as a
// document: javascript:, vbscript:, and data: other than data:image/. The
// runtime writes outputs as they come, so the server stops them, for server
// callbacks, SetProps and pushes alike; the call fails as when an output
// does not render.
func checkURLProp(prop string, raw json.RawMessage) error {
	if prop != "src" && prop != "href" {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) != nil || !unsafeURL(s) {
		return nil
	}
	return fmt.Errorf("%s: unsafe URL %.40q", prop, s)
}

// unsafeURL reports whether s is a javascript:, vbscript: or data: URL
// other than data:image/. Spaces and control characters are dropped first,
// as browsers drop some of them inside a scheme.
func unsafeURL(s string) bool {
	s = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, s))
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(s, scheme) {
			return scheme != "data:" || !strings.HasPrefix(s, "data:image/")
		}
	}
	return false
}
