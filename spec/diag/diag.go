// Package diag holds graphdoc's diagnostics: one problem found in one page,
// with its position, a severity, a stable code and a message.
//
// Diagnostics are data. Stages collect them in a List; the edge (the CLI,
// a test) sorts them and prints them as text, JSON or GitHub annotations.
package diag

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/graphdoc/graphdoc/spec/source"
)

// Severity orders diagnostics by how much they matter.
type Severity uint8

// The severities. Error means the output is likely wrong for that page;
// Warning means the page is probably wrong but the output follows it;
// Info is a note.
const (
	Info Severity = iota
	Warning
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// ParseSeverity is the inverse of String.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning":
		return Warning, true
	case "info":
		return Info, true
	}
	return Info, false
}

// Diagnostic is one problem at one place.
type Diagnostic struct {
	Pos      source.Position
	Severity Severity
	Code     Code
	Message  string
}

// String formats the diagnostic as path:line:col: severity: code: message.
func (d Diagnostic) String() string {
	return d.Pos.String() + ": " + d.Severity.String() + ": " + string(d.Code) + ": " + d.Message
}

// New returns a diagnostic with the code's default severity.
func New(pos source.Position, code Code, format string, args ...any) Diagnostic {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return Diagnostic{Pos: pos, Severity: code.Severity(), Code: code, Message: msg}
}

// List is a set of diagnostics.
type List []Diagnostic

// Add appends a diagnostic with the code's default severity.
func (l *List) Add(pos source.Position, code Code, format string, args ...any) {
	*l = append(*l, New(pos, code, format, args...))
}

// Sort orders the list by path, line, column, code and message and removes
// exact duplicates, so that output never depends on the order in which
// pages were processed.
func (l *List) Sort() {
	slices.SortFunc(*l, compare)
	*l = slices.CompactFunc(*l, func(a, b Diagnostic) bool { return a == b })
}

func compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Pos.Path, b.Pos.Path),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Severity, b.Severity),
	)
}

// Count returns how many diagnostics have at least severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity >= s {
			n++
		}
	}
	return n
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool { return l.Count(Error) > 0 }

// CodeCount is how often one code occurs in a list.
type CodeCount struct {
	Code     Code
	Severity Severity
	Count    int
}

// Summary counts diagnostics per code, most frequent first, then by code.
func (l List) Summary() []CodeCount {
	m := map[Code]*CodeCount{}
	for _, d := range l {
		c := m[d.Code]
		if c == nil {
			c = &CodeCount{Code: d.Code, Severity: d.Severity}
			m[d.Code] = c
		}
		c.Count++
		c.Severity = max(c.Severity, d.Severity)
	}
	out := make([]CodeCount, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b CodeCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Code, b.Code))
	})
	return out
}
