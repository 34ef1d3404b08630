// Package apidiff compares two OpenAPI documents graphdoc built: which
// operations and schemas were added, removed or changed, and which changes
// break clients according to oasdiff's checker under a severity policy fit
// for Microsoft Graph (graph-severity.txt).
//
// `graphdoc diff` prints a Report as text, Markdown or JSON; `graphdoc
// review --base` puts its Markdown into the pull-request report.
package apidiff

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// Report is how a revision of an API differs from its base.
type Report struct {
	// Base and Revision name the two inputs, for headings.
	Base     string `json:"base"`
	Revision string `json:"revision"`
	// Operations are keyed "METHOD /path"; schemas by their component
	// name.
	Operations Section `json:"operations"`
	Schemas    Section `json:"schemas"`
	// Findings are oasdiff's checker results at every level (error,
	// warning, info), most severe first.
	Findings []Finding `json:"findings"`
}

// Section lists what was added, removed and changed in one kind of
// element, each list sorted by name.
type Section struct {
	Added   []string  `json:"added"`
	Removed []string  `json:"removed"`
	Changed []Changed `json:"changed"`
}

// Empty reports whether nothing was added, removed or changed.
func (s Section) Empty() bool {
	return len(s.Added) == 0 && len(s.Removed) == 0 && len(s.Changed) == 0
}

// Changed is one element present on both sides that differs.
type Changed struct {
	Name string `json:"name"`
	// Details say what changed, one short phrase each, in a fixed order.
	Details []string `json:"details"`
}

// Level is a finding's severity: LevelError is a breaking change.
type Level string

// The levels, from oasdiff's ERR, WARN and INFO.
const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelInfo    Level = "info"
)

// rank orders levels; higher is more severe.
func (l Level) rank() int {
	switch l {
	case LevelError:
		return 2
	case LevelWarning:
		return 1
	}
	return 0
}

// ParseLevel reads a --fail-on value: "breaking" or "error", "warning".
func ParseLevel(s string) (Level, error) {
	switch s {
	case "breaking", "error", "err":
		return LevelError, nil
	case "warning", "warn":
		return LevelWarning, nil
	case "info":
		return LevelInfo, nil
	}
	return "", fmt.Errorf("unknown level %q; want breaking or warning", s)
}

// Finding is one change oasdiff's checker reports.
type Finding struct {
	Level Level `json:"level"`
	// Default is oasdiff's own level for the rule, when Graph's policy
	// changed it.
	Default Level `json:"default,omitempty"`
	// Rule is oasdiff's rule ID, such as response-property-type-changed.
	Rule      string `json:"rule"`
	Method    string `json:"method,omitempty"`
	Path      string `json:"path,omitempty"`
	Operation string `json:"operationId,omitempty"`
	// Section is where the change is: "paths" or "components".
	Section string `json:"section,omitempty"`
	Text    string `json:"text"`
}

// Where names the operation a finding is about ("GET /x"), or its section.
func (f Finding) Where() string {
	if f.Method != "" {
		return f.Method + " " + f.Path
	}
	if f.Path != "" {
		return f.Path
	}
	return f.Section
}

// Count returns how many findings have at least level l.
func (r *Report) Count(l Level) int {
	n := 0
	for _, f := range r.Findings {
		if f.Level.rank() >= l.rank() {
			n++
		}
	}
	return n
}

// Empty reports whether the two documents agree in everything the report
// looks at.
func (r *Report) Empty() bool {
	return r.Operations.Empty() && r.Schemas.Empty() && len(r.Findings) == 0
}

// Compare compares two documents. Both are first put through the
// canonical JSON form and reloaded with kin-openapi (with origins, as
// oasdiff expects), so that a spec built from pages in memory and one read
// from a file compare alike.
func Compare(base, revision *openapi3.T) (*Report, error) {
	b, err := reload(base)
	if err != nil {
		return nil, fmt.Errorf("apidiff: base: %w", err)
	}
	r, err := reload(revision)
	if err != nil {
		return nil, fmt.Errorf("apidiff: revision: %w", err)
	}
	rep := &Report{
		Operations: compareOperations(b, r),
		Schemas:    compareSchemas(b, r),
	}
	if rep.Findings, err = breaking(b, r); err != nil {
		return nil, fmt.Errorf("apidiff: %w", err)
	}
	return rep, nil
}

// reload marshals a document and loads it back, resolving every $ref.
func reload(doc *openapi3.T) (*openapi3.T, error) {
	if doc == nil {
		return nil, fmt.Errorf("no document")
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	l := openapi3.NewLoader()
	l.IsExternalRefsAllowed = false
	l.IncludeOrigin = true
	out, err := l.LoadFromData(b.Bytes())
	if err != nil {
		return nil, err
	}
	if out.Paths == nil {
		out.Paths = openapi3.NewPaths()
	}
	if out.Components == nil {
		out.Components = &openapi3.Components{}
	}
	return out, nil
}
