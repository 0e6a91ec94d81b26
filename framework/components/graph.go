package components

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/a-h/templ"
)

// DefaultGraphHeight is a Graph's height when GraphProps.Height is empty,
// as in Dash.
const DefaultGraphHeight = "450px"

// GraphProps configures a Graph. Properties: figure (an output, and
// readable as state); clickData, hoverData, selectedData and relayoutData
// (inputs, null until the user clicks, hovers, selects or zooms).
type GraphProps struct {
	// ID addresses the graph in callbacks.
	ID string
	// Figure is the plotly figure, {"data": [...], "layout": {...}}: a
	// map[string]any, a json.Marshaler (json.RawMessage for JSON text) or
	// any value that encoding/json marshals to an object, such as
	// go-plotly's figure types. Default: no data, no layout.
	Figure any
	// Config is plotly.js's config (modebar, scroll zoom, ...), marshalled
	// like Figure. "responsive" is true unless Config sets it.
	Config any
	// Class is added to the graph's class, pw-graph.
	Class string
	// Height is the graph's CSS height, rendered by the server so the
	// first paint keeps the room the chart will take. Default
	// DefaultGraphHeight.
	Height string
	// Style is more CSS for the graph's style attribute, after the
	// height (so a height there wins).
	Style string
}

// Graph is a chart drawn by plotly.js (Dash's dcc.Graph). The server
// renders an empty container of the graph's size with its figure and config
// as JSON attributes; the runtime loads plotly.js once a shown page has a
// Graph and draws it with Plotly.react, and again whenever a callback or
// push sets its figure. A figure or config that does not marshal to a JSON
// object is a render error.
func Graph(p GraphProps) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		fig, err := graphFigure(p.Figure)
		if err != nil {
			return fmt.Errorf("components.Graph %q: figure: %w", p.ID, err)
		}
		cfg, err := graphConfig(p.Config)
		if err != nil {
			return fmt.Errorf("components.Graph %q: config: %w", p.ID, err)
		}
		var b bytes.Buffer
		b.WriteString("<div")
		if p.ID != "" {
			writeAttr(&b, "id", p.ID)
		}
		class := "pw-graph"
		if p.Class != "" {
			class += " " + p.Class
		}
		writeAttr(&b, "class", class)
		b.WriteString(" data-pw-graph")
		writeAttr(&b, "data-pw-figure", string(fig))
		writeAttr(&b, "data-pw-config", string(cfg))
		writeAttr(&b, "style", "height:"+orDefault(p.Height, DefaultGraphHeight)+";"+p.Style)
		b.WriteString("></div>")
		_, err = w.Write(b.Bytes())
		return err
	})
}

// graphAttr writes ` name="value"`, the value escaped.
// writeAttr writes ` name="value"`, the value escaped; Graph and
// DataTable build their opening tags with it.
func writeAttr(b *bytes.Buffer, name, value string) {
	b.WriteString(" " + name + `="`)
	b.WriteString(templ.EscapeString(value))
	b.WriteString(`"`)
}

// graphFigure is a figure's JSON; nil (or what marshals to null) is Dash's
// empty figure.
func graphFigure(v any) ([]byte, error) {
	b, err := graphJSON(v)
	if b == nil && err == nil {
		return []byte(`{"data":[],"layout":{}}`), nil
	}
	return b, err
}

// graphConfig is a config's JSON, "responsive" true unless it says.
func graphConfig(v any) ([]byte, error) {
	b, err := graphJSON(v)
	if b == nil || err != nil {
		return []byte(`{"responsive":true}`), err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return nil, err
	}
	if _, ok := keys["responsive"]; ok {
		return b, nil
	}
	if len(keys) == 0 {
		return []byte(`{"responsive":true}`), nil
	}
	return append([]byte(`{"responsive":true,`), b[1:]...), nil
}

// graphJSON marshals v, which must be a JSON object, or null: then it
// returns nil.
func graphJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return nil, err
	}
	if len(b) == 0 || b[0] != '{' {
		return nil, errors.New("want a JSON object, got " + graphClip(string(b), 40))
	}
	return b, nil
}

// graphClip shortens s to n bytes for an error message.
func graphClip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
