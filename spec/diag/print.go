package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText prints one diagnostic per line in the
// path:line:col: severity: code: message form.
func (l List) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonDiagnostic is the stable JSON shape of a diagnostic.
type jsonDiagnostic struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// WriteJSON prints the list as a JSON array of objects with the members
// path, line, col, severity, code and message.
func (l List) WriteJSON(w io.Writer) error {
	out := make([]jsonDiagnostic, len(l))
	for i, d := range l {
		out[i] = jsonDiagnostic{d.Pos.Path, d.Pos.Line, d.Pos.Col, d.Severity.String(), string(d.Code), d.Message}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteGitHub prints the list as GitHub Actions workflow commands
// (::error file=...,line=...,col=...,title=...::message), which GitHub shows
// as annotations on the pull request.
func (l List) WriteGitHub(w io.Writer) error {
	var b strings.Builder
	for _, d := range l {
		level := "notice"
		switch d.Severity {
		case Error:
			level = "error"
		case Warning:
			level = "warning"
		}
		fmt.Fprintf(&b, "::%s file=%s", level, escapeProperty(d.Pos.Path))
		if d.Pos.Line > 0 {
			fmt.Fprintf(&b, ",line=%d,col=%d", d.Pos.Line, d.Pos.Col)
		}
		fmt.Fprintf(&b, ",title=%s::%s\n", escapeProperty("graphdoc "+string(d.Code)), escapeData(d.Message))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WriteSummary prints how many diagnostics each code produced, most
// frequent first, followed by a total line.
func (l List) WriteSummary(w io.Writer) error {
	var b strings.Builder
	for _, c := range l.Summary() {
		fmt.Fprintf(&b, "%7d  %-8s %s\n", c.Count, c.Severity, c.Code)
	}
	fmt.Fprintf(&b, "%7d  total (errors: %d, warnings: %d)\n", len(l), l.Count(Error), l.Count(Warning)-l.Count(Error))
	_, err := io.WriteString(w, b.String())
	return err
}
