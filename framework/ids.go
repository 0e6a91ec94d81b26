package framework

import (
	"encoding/json"
	"fmt"
	"strings"
)

// ID is a pattern-matching component id, like Dash's dict ids:
// ID{"type": "todo", "index": 3}. Rendered into an id attribute with
// String, it is JSON with sorted keys. In a callback dependency, a value may
// be the wildcard ALL (every component that matches the other keys) or
// MATCH (the one whose keys match the component that triggered the call).
type ID map[string]any

// wildcard is the type of ALL and MATCH.
type wildcard struct{ name string }

// MarshalJSON writes the wildcard as Dash does: ["ALL"] or ["MATCH"].
func (w wildcard) MarshalJSON() ([]byte, error) { return json.Marshal([]string{w.name}) }

// Wildcards for pattern-matching dependencies.
var (
	// ALL matches every value of its key.
	ALL = wildcard{"ALL"}
	// MATCH matches the value of its key in the triggering component.
	MATCH = wildcard{"MATCH"}
)

// String renders the id as JSON with sorted keys, for an id attribute.
func (id ID) String() string {
	b, err := json.Marshal(map[string]any(id)) // encoding/json sorts map keys
	if err != nil {
		return fmt.Sprintf("%v", map[string]any(id))
	}
	return string(b)
}

// isPattern reports whether the id holds a wildcard.
func (id ID) isPattern() bool {
	for _, v := range id {
		if _, ok := v.(wildcard); ok {
			return true
		}
	}
	return false
}

// hasWildcard reports whether the id holds w.
func (id ID) hasWildcard(w wildcard) bool {
	for _, v := range id {
		if v == any(w) {
			return true
		}
	}
	return false
}

// normValue makes a concrete id value comparable with a value decoded from
// JSON: every number becomes a float64.
func normValue(v any) any {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int8:
		return float64(n)
	case int16:
		return float64(n)
	case int32:
		return float64(n)
	case int64:
		return float64(n)
	case uint:
		return float64(n)
	case uint8:
		return float64(n)
	case uint16:
		return float64(n)
	case uint32:
		return float64(n)
	case uint64:
		return float64(n)
	case float32:
		return float64(n)
	}
	return v
}

// matches reports whether the concrete id c matches the pattern p; with
// match set, MATCH keys must equal match's values.
func (p ID) matches(c ID, match ID) bool {
	if len(p) != len(c) {
		return false
	}
	for k, pv := range p {
		cv, ok := c[k]
		if !ok {
			return false
		}
		switch pv {
		case any(ALL):
			continue
		case any(MATCH):
			if match != nil && normValue(match[k]) != normValue(cv) {
				return false
			}
			continue
		}
		if normValue(pv) != normValue(cv) {
			return false
		}
	}
	return true
}

// overlaps reports whether two patterns can match a common id.
func (p ID) overlaps(q ID) bool {
	if len(p) != len(q) {
		return false
	}
	for k, pv := range p {
		qv, ok := q[k]
		if !ok {
			return false
		}
		_, pw := pv.(wildcard)
		_, qw := qv.(wildcard)
		if !pw && !qw && normValue(pv) != normValue(qv) {
			return false
		}
	}
	return true
}

// parseID reads an id attribute: a JSON object is a pattern-matching ID,
// anything else a plain string id. ok is false for a JSON object that is
// not a valid ID.
func parseID(s string) (plain string, id ID, ok bool) {
	if !strings.HasPrefix(s, "{") {
		return s, nil, true
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil || len(m) == 0 {
		return "", nil, false
	}
	for _, v := range m {
		switch v.(type) {
		case string, float64, bool:
		default:
			return "", nil, false
		}
	}
	return "", ID(m), true
}
