package framework

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"
	"github.com/pagewire/pagewire/framework/components"
	"github.com/pagewire/pagewire/framework/internal/dom"
	"github.com/pagewire/pagewire/framework/table"
	bt "github.com/pagewire/pagewire/internal/browsertest"
)

// formatValues are values every column shows: fixed cases, then numbers
// of many magnitudes, many with a 5 where the rounding happens.
func formatValues() []any {
	vals := []any{
		1234.5, -1234.5, 0.0, -0.001, -0.005, 2.675, 1.005, 0.125, 999.995, 1e21, 1.5e21, 123456789.123,
		2.5, -2.5, 0.4, 1e-7, 1.25e-7, 0.0005, 0.1234, 0.285, -0.0004, 0.07, 0.000001, 123456789012345680000.0,
		5e-324, math.MaxFloat64, 0.30000000000000004, 9007199254740993, -42,
		true, false, nil, "12", `<b>"&amp;`, "2024-03-05T23:00:00-05:00", "2024-3-5", "March",
		time.Date(2021, 6, 30, 22, 0, 0, 0, time.FixedZone("", -3*3600)), time.Date(2024, 1, 2, 3, 4, 5, 600, time.UTC),
		map[string]any{"a": 1}, []any{1},
	}
	rng := rand.New(rand.NewPCG(3, 5))
	for range 400 {
		digits := rng.Int64N(1_000_000_000)
		if rng.IntN(2) == 0 {
			digits = digits/10*10 + 5 // a 5 last: a tie at some number of decimals
		}
		v := float64(digits) * math.Pow10(rng.IntN(24)-14)
		if rng.IntN(3) == 0 {
			v = -v
		}
		vals = append(vals, v)
	}
	return vals
}

// TestBrowserDataTableFormats checks that the runtime formats and draws
// rows as the server does: the first paint (Go) and the rows drawn again
// from their JSON by the runtime (a callback sets the same data) give the
// same cell texts, the same tbody, and dom.FormatCell's text, for every
// format over fixed cases and 400 random numbers. It also checks that
// filter_query set by a callback fills the inputs as dom.FilterInputs
// says.
func TestBrowserDataTableFormats(t *testing.T) {
	vals := formatValues()
	rows := make([]map[string]any, len(vals))
	want := make([][]string, len(vals))
	for i, v := range vals {
		rows[i] = map[string]any{}
		for _, c := range formatColumns {
			rows[i][c.ID] = v
			cells, _, err := table.Cells([]map[string]any{{"v": v}}, []string{"v"})
			if err != nil {
				t.Fatal(err)
			}
			f := dom.TableFormat{Type: c.Format.Type, Decimals: c.Format.Decimals, Group: c.Format.Thousands, Symbol: c.Format.Symbol}
			want[i] = append(want[i], dom.FormatCell(cells[0][0], f))
		}
	}
	queries := []string{
		`{plain} contains "a && b" && {num2} > 5`,
		`{plain} contains "say \"hi\" \\o/" && {usd} = 12.5 && {date} datestartswith 2024`,
		`{num0} <= 3 || {plain} contains "x"`,
		`{eur} = "unclosed && {pct1} contains "z"`,
		``,
	}
	reg := NewRegistry()
	reg.RegisterPage(Page{Path: "/", Layout: func(Request) templ.Component {
		return templ.Join(
			components.DataTable(components.DataTableProps{ID: "fmt", Columns: formatColumns, Data: rows, PageCount: 1}),
			components.Button(components.ButtonProps{ID: "again"}),
			components.Button(components.ButtonProps{ID: "query"}),
		)
	}})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("fmt", "data")), Inputs: outputs(Input("again", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error { c.Set("fmt", "data", rows); return nil },
	})
	reg.Callback(CallbackSpec{
		Outputs: outputs(Output("fmt", "filter_query")), Inputs: outputs(Input("query", "n_clicks")), PreventInitialCall: true,
		Func: func(c *Ctx) error {
			c.Set("fmt", "filter_query", queries[(c.Int("query", "n_clicks")-1)%len(queries)])
			return nil
		},
	})
	ctx, _ := openSpied(t, Config{Registry: reg}, "/")
	const cellTexts = `[...document.querySelectorAll("#fmt tbody tr")].map((tr) => [...tr.cells].map((td) => td.textContent))`
	compare := func(who string, got [][]string) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows, want %d", who, len(got), len(want))
		}
		bad := 0
		for i := range want {
			for j := range want[i] {
				if got[i][j] != want[i][j] && bad < 20 {
					bad++
					t.Errorf("%s: %#v in column %s shows %q, want %q", who, vals[i], formatColumns[j].ID, got[i][j], want[i][j])
				}
			}
		}
	}
	compare("first paint", bt.Eval[[][]string](t, ctx, cellTexts))
	first := bt.Eval[string](t, ctx, `document.querySelector("#fmt tbody").innerHTML`)
	bt.Eval[chromedp.Void](t, ctx, `document.querySelector("#fmt tbody").innerHTML = ""; pwWS.recv = []`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("again"), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	bt.WaitFor(t, ctx, `document.querySelectorAll("#fmt tbody tr").length === `+strconv.Itoa(len(vals)), 15*time.Second)
	compare("runtime", bt.Eval[[][]string](t, ctx, cellTexts))
	if again := bt.Eval[string](t, ctx, `document.querySelector("#fmt tbody").innerHTML`); again != first {
		t.Errorf("the runtime's tbody differs from the server's:\nserver  %.600s\nruntime %.600s", first, again)
	}
	t.Logf("%d values × %d formats: the runtime's text is the server's", len(vals), len(formatColumns))

	cols := make([]dom.TableColumn, len(formatColumns))
	for j, c := range formatColumns {
		cols[j] = dom.TableColumn{ID: c.ID, Format: dom.TableFormat{Type: c.Format.Type}}
	}
	for i, q := range queries {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("query"), chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		bt.WaitFor(t, ctx, `JSON.parse(document.getElementById("fmt").getAttribute("data-pw-table")).filter_query === `+strconv.Quote(q), 10*time.Second)
		got := bt.Eval[[]string](t, ctx, `[...document.querySelectorAll("#fmt thead input")].map((i) => i.value)`)
		if w := dom.FilterInputs(q, cols); !slices.Equal(got, w) {
			t.Errorf("query %d %q fills the inputs with %q; the server would with %q", i, q, got, w)
		}
	}
}
