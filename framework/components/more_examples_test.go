package components_test

import (
	"context"
	"os"
	"time"

	"github.com/a-h/templ"
	"github.com/pagewire/pagewire/framework/components"
)

func ExampleLink() {
	components.Link("/reports").Render(templ.WithChildren(context.Background(), templ.Raw("Reports")), os.Stdout)
	// Output: <a href="/reports">Reports</a>
}

func ExampleLocation() {
	components.Location("url").Render(context.Background(), os.Stdout)
	// Output: <div id="url" data-pw-location hidden></div>
}

func ExampleTextarea() {
	components.Textarea(components.TextareaProps{ID: "notes", Label: "Notes", Value: "Hi"}).Render(context.Background(), os.Stdout)
	// Output: <label for="notes">Notes</label> <textarea id="notes" name="notes" rows="3">Hi</textarea>
}

func ExampleDropdown() {
	components.Dropdown(components.DropdownProps{ID: "colour", Label: "Colour", Options: []components.Option{{Label: "Red", Value: "r"}, {Label: "Blue", Value: "b"}}, Value: []string{"b"}}).Render(context.Background(), os.Stdout)
	// Output: <label for="colour">Colour</label> <select id="colour" name="colour"><option value="r">Red</option><option value="b" selected>Blue</option></select>
}

func ExampleRadioItems() {
	components.RadioItems(components.ChoiceProps{ID: "size", Label: "Size", Options: []components.Option{{Label: "Red", Value: "r"}, {Label: "Blue", Value: "b"}}, Value: []string{"r"}}).Render(context.Background(), os.Stdout)
	// Output: <fieldset id="size" data-pw-group><legend>Size</legend> <label><input type="radio" name="size" value="r" checked> Red</label><label><input type="radio" name="size" value="b"> Blue</label></fieldset>
}

func ExampleSlider() {
	components.Slider(components.SliderProps{ID: "zoom", Label: "Zoom", Min: 1, Max: 5, Value: 2}).Render(context.Background(), os.Stdout)
	// Output: <label for="zoom">Zoom</label> <input id="zoom" name="zoom" type="range" min="1" max="5" step="1" value="2">
}

func ExampleButton() {
	components.Button(components.ButtonProps{ID: "save"}).Render(templ.WithChildren(context.Background(), templ.Raw("Save")), os.Stdout)
	// Output: <button id="save" type="button" data-pw-n-clicks="0">Save</button>
}

func ExampleStore() {
	components.Store(components.StoreProps{ID: "prefs", Storage: "local", Data: map[string]string{"theme": "dark"}}).Render(context.Background(), os.Stdout)
	// Output: <div id="prefs" data-pw-store="local" data-pw-data="{&#34;theme&#34;:&#34;dark&#34;}" hidden></div>
}

func ExampleLoading() {
	components.Loading(components.LoadingProps{Delay: 200 * time.Millisecond}).Render(templ.WithChildren(context.Background(), templ.Raw("<div id=\"chart\"></div>")), os.Stdout)
	// Output: <div class="pw-loading" data-pw-loading data-pw-delay="200"><div id="chart"></div><span class="pw-loading-indicator" role="status">Loading…</span></div>
}
