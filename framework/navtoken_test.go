package framework

import (
	"html"
	"strings"
	"testing"
)

// TestTokenPayloadRoundTrip checks that a token's binary payload reads
// back as it was written, and that a cut or extended one never does.
func TestTokenPayloadRoundTrip(t *testing.T) {
	t.Parallel()
	for _, nt := range []navToken{
		{N: strings.Repeat("0f", randomIDLen), U: "/missing?q=1", H: HowDocument, T: 1_796_153_933_140, X: 1_796_157_533},
		{N: strings.Repeat("a1", randomIDLen), U: "/" + strings.Repeat("x", 300), H: HowBackForward, R: "https://example.com/from"},
		{N: strings.Repeat("00", randomIDLen), U: "/", H: HowLink, T: -1, X: -5},
	} {
		b, ok := nt.appendPayload(nil)
		if !ok {
			t.Fatalf("%+v: not encoded", nt)
		}
		got, ok := parsePayload(b)
		if !ok || got != nt {
			t.Errorf("round trip of %+v: %+v, %v", nt, got, ok)
		}
		for n := range len(b) {
			if _, ok := parsePayload(b[:n]); ok {
				t.Errorf("%+v cut to %d bytes parses", nt, n)
			}
		}
		if _, ok := parsePayload(append(b, 0)); ok {
			t.Errorf("%+v with a byte more parses", nt)
		}
	}
	for _, bad := range []navToken{{N: "n1", H: HowDocument}, {N: strings.Repeat("0f", randomIDLen), H: "teleport"}} {
		if _, ok := bad.appendPayload(nil); ok {
			t.Errorf("%+v encoded", bad)
		}
	}
}

// FuzzTokenPayload checks that any bytes parse without a panic, and that
// what parses encodes to a payload that reads back the same.
func FuzzTokenPayload(f *testing.F) {
	good, _ := navToken{N: strings.Repeat("0f", randomIDLen), U: "/missing", H: HowScript, R: "/from", T: 5, X: 9}.appendPayload(nil)
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte{tokenVersion, 99})
	f.Fuzz(func(t *testing.T, b []byte) {
		nt, ok := parsePayload(b)
		if !ok {
			return
		}
		again, ok := nt.appendPayload(nil)
		if !ok {
			t.Fatalf("%x parsed as %+v, which does not encode", b, nt)
		}
		if back, ok := parsePayload(again); !ok || back != nt {
			t.Fatalf("%x parsed as %+v, read back as %+v", b, nt, back)
		}
	})
}

// FuzzAppendEscaped checks the shell's escaping against html.EscapeString,
// which templ uses.
func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"", "plain text of some length", `<script>"x" & 'y'</script>`, "12345678<", "ünïcode & more"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendEscaped(nil, s)), html.EscapeString(s); got != want {
			t.Fatalf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
	})
}
