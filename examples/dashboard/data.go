package main

// region is one row of the dashboard's data.
type region struct {
	Name  string `json:"name"`
	Sales int    `json:"sales"`
}

// regions is the dashboard's (fixed) data, in display order.
var regions = []region{{"north", 120}, {"south", 75}, {"east", 98}}

func findRegion(name string) (region, bool) {
	for _, r := range regions {
		if r.Name == name {
			return r, true
		}
	}
	return region{}, false
}
