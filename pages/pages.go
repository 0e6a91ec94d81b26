// Package pages holds the demo app's pages, one file each; each registers
// itself with the framework in init().
package pages

import (
	"net/url"
	"slices"
)

// sortedKeys returns the query's keys in order, so output never depends on
// map order.
func sortedKeys(q url.Values) []string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
