package components_test

import (
	"context"
	"os"

	"github.com/pagewire/pagewire/framework/components"
)

func ExampleInput() {
	components.Input(components.InputProps{ID: "city", Label: "City", Value: "Oslo"}).Render(context.Background(), os.Stdout)
	// Output: <label for="city">City</label> <input id="city" name="city" type="text" value="Oslo">
}

func ExampleChecklist() {
	components.Checklist(components.ChoiceProps{
		ID: "days", Label: "Days",
		Options: []components.Option{{Label: "Mon", Value: "mon"}, {Label: "Tue", Value: "tue"}},
		Value:   []string{"tue"},
	}).Render(context.Background(), os.Stdout)
	// Output: <fieldset id="days" data-pw-group><legend>Days</legend> <label><input type="checkbox" name="days" value="mon"> Mon</label><label><input type="checkbox" name="days" value="tue" checked> Tue</label></fieldset>
}

func ExampleInterval() {
	components.Interval(components.IntervalProps{ID: "tick", MaxIntervals: 3}).Render(context.Background(), os.Stdout)
	// Output: <div id="tick" data-pw-interval="1000" data-pw-max-intervals="3" data-pw-n-intervals="0" hidden></div>
}
