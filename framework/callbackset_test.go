package framework

import (
	"testing"
)

func TestMayFireScansIDs(t *testing.T) {
	t.Parallel()
	s := &callbackSet{inputIDs: map[string]bool{"in": true, "a&b": true}}
	for html, want := range map[string]bool{
		`<input id="in">`:               true,
		`<input id='in'>`:               true,
		`<input id=in>`:                 true,
		`<input id=in value=x>`:         true,
		`<input id="a&amp;b">`:          true,
		`<input id="input">`:            false,
		`<p data-x="id=">`:              false,
		`<li id="{&#34;i&#34;:1}">`:     false, // no pattern inputs registered
		`<p>no ids at all</p>`:          false,
		`<input id="x"><b id="in"></b>`: true,
	} {
		if got := s.mayFire([]byte(html)); got != want {
			t.Errorf("mayFire(%s) = %v, want %v", html, got, want)
		}
	}
	s.patternInputs = true
	if !s.mayFire([]byte(`<li id="{&#34;i&#34;:1}">`)) {
		t.Error("a pattern id was missed")
	}
}
