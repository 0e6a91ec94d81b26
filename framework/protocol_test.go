package framework

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pagewire/pagewire/internal/wire"
)

// protocolV is the protocol version tests speak.
const protocolV = wire.Version

// message is any client message, as tests write them.
type message struct {
	V       int         `json:"v"`
	Ref     int64       `json:"ref"`
	Type    string      `json:"type"`
	URL     string      `json:"url,omitempty"`
	Kind    string      `json:"kind,omitempty"`
	Trigger []wire.Key  `json:"trigger,omitempty"`
	Props   []wire.Prop `json:"props,omitempty"`
	IDs     []string    `json:"ids,omitempty"`
	Topics  string      `json:"topics,omitempty"`
	Token   string      `json:"token,omitempty"`
	From    string      `json:"from,omitempty"`
}

// reply is any server message, as tests read them: the union of the
// fields of the wire package's replies.
type reply struct {
	wire.Header
	URL        string          `json:"url"`
	Status     int             `json:"status"`
	Title      string          `json:"title"`
	Meta       string          `json:"meta"`
	HTML       string          `json:"html"`
	Topics     string          `json:"topics"`
	Nav        string          `json:"nav"`
	Reload     bool            `json:"reload"`
	Updates    []wire.Prop     `json:"updates"`
	Error      string          `json:"error"`
	Superseded bool            `json:"superseded"`
	Fired      bool            `json:"fired"`
	Retry      bool            `json:"retry"`
	Tab        string          `json:"tab"`
	Cbs        json.RawMessage `json:"cbs"`
	Debug      bool            `json:"debug"`
}

// jsTable returns the entries of a constants table of the runtime: the
// object literal assigned to name, like `const T = { NAV: "nav", ... };`.
func jsTable(t *testing.T, name string) map[string]string {
	t.Helper()
	src := string(runtimeSource)
	start := strings.Index(src, "const "+name+" = {")
	if start < 0 {
		t.Fatalf("the runtime has no table %s", name)
	}
	end := strings.Index(src[start:], "};")
	body := src[start : start+end]
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`([A-Z_]+): "([^"]*)"`).FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func values(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// TestRuntimeSpeaksTheWireContract checks the runtime (runtime/*.js) against package wire:
// its protocol version, message types and data-pw-* attributes are the
// same, and it names no data-pw-* attribute outside its table.
func TestRuntimeSpeaksTheWireContract(t *testing.T) {
	t.Parallel()
	src := string(runtimeSource)
	if m := regexp.MustCompile(`PROTOCOL: (\d+),`).FindStringSubmatch(src); m == nil || m[1] != "1" || wire.Version != 1 {
		t.Errorf("the runtime PROTOCOL %v, wire.Version %d", m, wire.Version)
	}
	if !strings.Contains(src, `CONTAINER_ID: "`+wire.ContainerID+`"`) {
		t.Errorf("the runtime CONTAINER_ID is not %q", wire.ContainerID)
	}
	types := values(jsTable(t, "T"))
	want := slices.Sorted(slices.Values(wire.Types))
	if !slices.Equal(types, want) {
		t.Errorf("the runtime message types %v, package wire %v", types, want)
	}
	attrs := values(jsTable(t, "A"))
	want = slices.Sorted(slices.Values(wire.Attrs))
	if !slices.Equal(attrs, want) {
		t.Errorf("the runtime attributes %v, package wire %v", attrs, want)
	}
	// Outside the tables, no attribute is spelled out or reached through
	// dataset (which would hide its name from this check).
	tables := regexp.MustCompile(`(?s)const [TA] = \{.*?\};`).ReplaceAllString(src, "")
	if m := regexp.MustCompile(`data-pw-[a-z-]+|dataset\.pw\w+`).FindAllString(tables, -1); len(m) > 0 {
		t.Errorf("the runtime names attributes outside its table A: %v", m)
	}
	// Every type string the runtime sends or compares is a table entry.
	if m := regexp.MustCompile(`type: "|type [!=]== "(`+strings.Join(wire.Types, "|")+`)"`).FindAllString(tables, -1); len(m) > 0 {
		t.Errorf("the runtime spells message types outside its table T: %q", m)
	}
}

// TestTemplatesUseWireAttributes checks that every data-pw-* attribute the
// server renders is one of package wire's.
func TestTemplatesUseWireAttributes(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"shell.go", "pagelinks.go", "components/components.templ", "components/components.go", "internal/dom/dom.go", "internal/dom/props.go", "components/datatable.go", "internal/dom/table.go", "internal/dom/components.go", "components/props.go", "internal/dom/format.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range regexp.MustCompile(`data-pw-[a-z-]+`).FindAllString(string(src), -1) {
			if !slices.Contains(wire.Attrs, a) {
				t.Errorf("%s: %s is not in wire.Attrs", name, a)
			}
		}
	}
}

// Limits and answers under the names the tests use.
const (
	maxTriggers    = wire.MaxTriggers
	maxURLLen      = wire.MaxURLLen
	maxMessageSize = wire.MaxMessageSize
	maxFrameSize   = wire.MaxFrameSize
)

type ackResult = wire.AckReply
