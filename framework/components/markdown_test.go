package components_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/pagewire/pagewire/framework/components"
	"golang.org/x/net/html"
)

func renderMarkdown(t *testing.T, src string, opts ...components.MarkdownOption) string {
	t.Helper()
	var b strings.Builder
	if err := components.Markdown(src, opts...).Render(context.Background(), &b); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.String()
}

// element is one element of rendered HTML, with its attributes.
type element struct {
	tag   string
	attrs map[string]string
}

// elements parses rendered HTML and lists its elements in document order.
func elements(t *testing.T, out string) []element {
	t.Helper()
	var els []element
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return els
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			e := element{tag: tok.Data, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Key] = a.Val
			}
			els = append(els, e)
		}
	}
}

func TestMarkdownBlocks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"headings", "# Title\n\n## Sub *em*\n\nText.", []string{"<h1>Title</h1>", "<h2>Sub <em>em</em></h2>", "<p>Text.</p>"}},
		{"code block", "```go\nif a < b && c {\n```", []string{`<pre><code class="language-go">if a &lt; b &amp;&amp; c {` + "\n</code></pre>"}},
		{"strikethrough", "~~gone~~", []string{"<del>gone</del>"}},
		{"autolink", "see https://example.com/a?b=1 now", []string{`<a href="https://example.com/a?b=1">https://example.com/a?b=1</a>`}},
		{"task list", "- [x] done\n- [ ] todo", []string{`<input checked="" disabled="" type="checkbox"> done`, `<input disabled="" type="checkbox"> todo`}},
		{"dedent", "\n\t\t# Indented\n\n\t\ttext\n\t\t    code\n", []string{"<h1>Indented</h1>", "<p>text\ncode</p>"}},
		{"dedent keeps deeper code", "  para\n\n      code", []string{"<p>para</p>", "<pre><code>code\n</code></pre>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := renderMarkdown(t, tc.src)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestMarkdownTable(t *testing.T) {
	t.Parallel()
	out := renderMarkdown(t, "| Region | Sales |\n|:--|--:|\n| North | 12 |\n| South | 7 |")
	var cells []string
	z := html.NewTokenizer(strings.NewReader(out))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tok := z.Token(); tt == html.StartTagToken && (tok.Data == "th" || tok.Data == "td") {
			align := ""
			for _, a := range tok.Attr {
				if a.Key == "style" {
					t.Errorf("%s has an inline style %q; a strict CSP blocks it", tok.Data, a.Val)
				}
				if a.Key == "align" {
					align = a.Val
				}
			}
			z.Next()
			cells = append(cells, tok.Data+":"+align+":"+string(z.Text()))
		}
	}
	want := []string{"th:left:Region", "th:right:Sales", "td:left:North", "td:right:12", "td:left:South", "td:right:7"}
	if strings.Join(cells, " ") != strings.Join(want, " ") {
		t.Errorf("cells = %q, want %q\n%s", cells, want, out)
	}
}

func TestMarkdownEscapesHTMLByDefault(t *testing.T) {
	t.Parallel()
	out := renderMarkdown(t, "<script>alert(1)</script>\n\nHello <b onclick=\"x()\">bold</b>")
	if strings.Contains(out, "<script") || strings.Contains(out, "<b") {
		t.Errorf("raw HTML rendered as HTML:\n%s", out)
	}
	for _, w := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "<p>Hello &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;</p>"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks the escaped HTML %q:\n%s", w, out)
		}
	}
	for _, e := range elements(t, out) {
		if e.tag != "div" && e.tag != "p" {
			t.Errorf("unexpected element <%s> in %s", e.tag, out)
		}
	}
}

func TestMarkdownAllowsHTMLWhenAsked(t *testing.T) {
	t.Parallel()
	out := renderMarkdown(t, "<aside class=\"note\">\n\nSee *this*.\n\n</aside>\n\nHello <b>bold</b>", components.DangerouslyAllowHTML())
	for _, w := range []string{`<aside class="note">`, "<p>See <em>this</em>.</p>", "</aside>", "<p>Hello <b>bold</b></p>"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestMarkdownNeutralisesUnsafeLinks(t *testing.T) {
	t.Parallel()
	srcs := []string{
		"[click](javascript:alert(1))",
		"[click](JaVaScRiPt:alert(1))",
		"[click](&#106;avascript:alert(1))",
		"[click](&#x6A;avascript&colon;alert(1))",
		"[click](javascript\\:alert(1))",
		"[click](<java\tscript:alert(1)>)",
		"[click](vbscript:msgbox(1))",
		"[click](data:text/html;base64,PHNjcmlwdD4=)",
		"[click][ref]\n\n[ref]: javascript:alert(1)",
		"<javascript:alert(1)>",
		"![click](javascript:alert(1))",
	}
	for _, src := range srcs {
		for _, allow := range []bool{false, true} {
			var opts []components.MarkdownOption
			if allow {
				opts = append(opts, components.DangerouslyAllowHTML())
			}
			out := renderMarkdown(t, src, opts...)
			for _, e := range elements(t, out) {
				if e.tag == "a" || e.tag == "img" {
					t.Errorf("%q (allow HTML %v): rendered <%s %v>", src, allow, e.tag, e.attrs)
				}
			}
			if !strings.Contains(out, "click") && !strings.Contains(out, "javascript:alert(1)") {
				t.Errorf("%q (allow HTML %v): the link's text is lost:\n%s", src, allow, out)
			}
		}
	}
}

func TestMarkdownKeepsSafeLinks(t *testing.T) {
	t.Parallel()
	out := renderMarkdown(t, "[a](https://example.com/x) [b](/reports?q=1:2) [c](#top) [d](mailto:a@example.com) [e](report:1) ![f](/img/logo.png)")
	var got []string
	for _, e := range elements(t, out) {
		switch e.tag {
		case "a":
			got = append(got, e.attrs["href"])
		case "img":
			got = append(got, "img "+e.attrs["src"])
		}
	}
	want := []string{"https://example.com/x", "/reports?q=1:2", "#top", "mailto:a@example.com", "img /img/logo.png"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links = %q, want %q (report:1 is an unknown scheme)\n%s", got, want, out)
	}
}

func TestMarkdownWrapper(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		opts      []components.MarkdownOption
		id, class string
		hasID     bool
	}{
		{"plain", nil, "", "pw-markdown", false},
		{"id and class", []components.MarkdownOption{components.MarkdownID("help"), components.MarkdownClass("prose wide")}, "help", "pw-markdown prose wide", true},
		{"escaped", []components.MarkdownOption{components.MarkdownID(`x" onclick="y`), components.MarkdownClass(`a"><b`)}, `x" onclick="y`, `pw-markdown a"><b`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := renderMarkdown(t, "Hi", tc.opts...)
			els := elements(t, out)
			if len(els) != 2 || els[0].tag != "div" || els[1].tag != "p" {
				t.Fatalf("elements = %v, want a div holding a p:\n%s", els, out)
			}
			div := els[0]
			if div.attrs["class"] != tc.class {
				t.Errorf("class = %q, want %q", div.attrs["class"], tc.class)
			}
			id, ok := div.attrs["id"]
			if ok != tc.hasID || id != tc.id {
				t.Errorf("id = %q (present %v), want %q (present %v)", id, ok, tc.id, tc.hasID)
			}
			if len(div.attrs) != map[bool]int{false: 1, true: 2}[tc.hasID] {
				t.Errorf("attributes = %v", div.attrs)
			}
			if !strings.HasSuffix(out, "</div>") {
				t.Errorf("output does not end with </div>:\n%s", out)
			}
		})
	}
}

func ExampleMarkdown() {
	components.Markdown(`
		## Sales
		Up **12%** this week; see the [report](/reports/weekly).
	`, components.MarkdownID("summary")).Render(context.Background(), os.Stdout)
	// Output:
	// <div class="pw-markdown" id="summary"><h2>Sales</h2>
	// <p>Up <strong>12%</strong> this week; see the <a href="/reports/weekly">report</a>.</p>
	// </div>
}
