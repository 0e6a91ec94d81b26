package components

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/a-h/templ"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MarkdownOption configures a Markdown component.
type MarkdownOption func(*markdownConfig)

type markdownConfig struct {
	id, class string
	allowHTML bool
}

// MarkdownID sets the id of the Markdown wrapper, by which callbacks
// address it (for instance to replace its children with another
// Markdown).
func MarkdownID(id string) MarkdownOption {
	return func(c *markdownConfig) { c.id = id }
}

// MarkdownClass gives the Markdown wrapper more classes, written after
// "pw-markdown"; the last MarkdownClass given counts.
func MarkdownClass(class string) MarkdownOption {
	return func(c *markdownConfig) { c.class = class }
}

// DangerouslyAllowHTML makes Markdown render the raw HTML of its source as
// HTML, like Dash's dangerously_allow_html. Use it only for trusted text:
// the HTML is not sanitised, so a script in it runs. Links written in
// Markdown syntax keep their guard even then: a javascript: or other
// unsafe URL is never rendered as a live link.
func DangerouslyAllowHTML() MarkdownOption {
	return func(c *markdownConfig) { c.allowHTML = true }
}

// Markdown renders Markdown text as HTML on the server (Dash's
// dcc.Markdown), inside <div class="pw-markdown">. It follows CommonMark
// with the GitHub extensions: tables, strikethrough, autolinks and task
// lists.
//
// Raw HTML in the source is shown as text, escaped, unless
// DangerouslyAllowHTML is given. Link and image URLs are kept only when
// they are relative or use http, https, mailto or tel; any other, such as
// javascript: or data:, leaves the link's text without a link (an image's
// alt text without the image), whatever the options. Table alignment is
// rendered as align attributes, not inline styles, so a strict CSP holds.
//
// Like Dash's dedent, the whitespace that every non-blank line of src
// starts with is removed first, so a Go raw string may be indented with
// the code around it.
func Markdown(src string, opts ...MarkdownOption) templ.Component {
	var cfg markdownConfig
	for _, o := range opts {
		o(&cfg)
	}
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		var b strings.Builder
		b.WriteString(`<div class="pw-markdown`)
		if cfg.class != "" {
			b.WriteByte(' ')
			b.WriteString(templ.EscapeString(cfg.class))
		}
		b.WriteByte('"')
		if cfg.id != "" {
			b.WriteString(` id="`)
			b.WriteString(templ.EscapeString(cfg.id))
			b.WriteByte('"')
		}
		b.WriteByte('>')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		md := markdownSafe
		if cfg.allowHTML {
			md = markdownUnsafe
		}
		if err := md.Convert([]byte(dedent(src)), w); err != nil {
			return err
		}
		_, err := io.WriteString(w, "</div>")
		return err
	})
}

// markdownSafe and markdownUnsafe are built once; goldmark's converters
// are safe for concurrent use.
var (
	markdownSafe   = newMarkdown(false)
	markdownUnsafe = newMarkdown(true)
)

func newMarkdown(allowHTML bool) goldmark.Markdown {
	ropts := []renderer.Option{}
	if allowHTML {
		ropts = append(ropts, html.WithUnsafe())
	} else {
		ropts = append(ropts, renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100)))
	}
	return goldmark.New(
		goldmark.WithExtensions(
			extension.Linkify,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.TaskList,
		),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(linkGuard{}, 100))),
		goldmark.WithRendererOptions(ropts...),
	)
}

// escapedHTML renders raw HTML, inline or as a block, as escaped text.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := range segs.Len() {
				seg := segs.At(i)
				_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	r.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		b := n.(*ast.HTMLBlock)
		if entering {
			lines := b.Lines()
			for i := range lines.Len() {
				line := lines.At(i)
				_, _ = w.Write(util.EscapeHTML(line.Value(src)))
			}
		} else if b.HasClosure() {
			_, _ = w.Write(util.EscapeHTML(b.ClosureLine.Value(src)))
		}
		return ast.WalkContinue, nil
	})
}

// linkGuard replaces links and images whose URL is not safe by their
// content, so that no javascript: (or similar) URL is ever rendered live.
// It checks each URL as the renderer will write it, after character
// references are resolved (&#106;avascript: is javascript:).
type linkGuard struct{}

func (linkGuard) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var bad []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !safeURL(util.URLEscape(n.Destination, true)) {
				bad = append(bad, n)
			}
		case *ast.Image:
			if !safeURL(util.URLEscape(n.Destination, true)) {
				bad = append(bad, n)
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && !safeURL(n.URL(src)) {
				bad = append(bad, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range bad {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, a, ast.NewString(a.Label(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// safeURL reports whether u is relative or uses an allowed scheme, the
// rule of react-markdown, which Dash's dcc.Markdown uses.
func safeURL(u []byte) bool {
	colon := bytes.IndexByte(u, ':')
	if colon < 0 {
		return true
	}
	if i := bytes.IndexAny(u, "/?#"); i >= 0 && i < colon {
		return true
	}
	switch strings.ToLower(string(u[:colon])) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// dedent removes the leading whitespace common to all non-blank lines, as
// Python's textwrap.dedent does; whitespace-only lines become empty.
func dedent(s string) string {
	prefix, found := "", false
	for line := range strings.Lines(s) {
		body := strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimLeft(body, " \t")
		if trimmed == "" {
			continue
		}
		ws := body[:len(body)-len(trimmed)]
		if !found {
			prefix, found = ws, true
		}
		n := 0
		for n < len(prefix) && n < len(ws) && prefix[n] == ws[n] {
			n++
		}
		if prefix = prefix[:n]; prefix == "" {
			return s
		}
	}
	if prefix == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for line := range strings.Lines(s) {
		if rest := strings.TrimLeft(line, " \t"); strings.TrimRight(rest, "\r\n") == "" {
			b.WriteString(rest)
		} else {
			b.WriteString(line[len(prefix):])
		}
	}
	return b.String()
}
