package apidiff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// OasdiffVersion is the oasdiff release whose checker and rule IDs the
// findings come from.
const OasdiffVersion = "v1.37.0"

// WriteText prints the report for a terminal: the sections with +, - and
// ~ lines, then the checker's findings, most severe first.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s\n", r.Base, r.Revision)
	if r.Empty() {
		b.WriteString("no changes\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	for _, sec := range []struct {
		name string
		s    Section
	}{{"operations", r.Operations}, {"schemas", r.Schemas}} {
		fmt.Fprintf(&b, "\n%s: %d added, %d removed, %d changed\n", sec.name, len(sec.s.Added), len(sec.s.Removed), len(sec.s.Changed))
		for _, n := range sec.s.Added {
			fmt.Fprintf(&b, "  + %s\n", n)
		}
		for _, n := range sec.s.Removed {
			fmt.Fprintf(&b, "  - %s\n", n)
		}
		for _, c := range sec.s.Changed {
			fmt.Fprintf(&b, "  ~ %s\n", c.Name)
			for _, d := range c.Details {
				fmt.Fprintf(&b, "      %s\n", d)
			}
		}
	}
	fmt.Fprintf(&b, "\nbreaking changes (oasdiff %s, Graph severity policy): %s\n", OasdiffVersion, r.tally())
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "  %-8s %s  %s: %s%s\n", f.Level, f.Rule, f.Where(), f.Text, f.policyNote())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// tally is "1 breaking, 2 warnings, 3 info".
func (r *Report) tally() string {
	e, w := r.Count(LevelError), r.Count(LevelWarning)
	return fmt.Sprintf("%d breaking, %d %s, %d info", e, w-e, plural(w-e, "warning", "warnings"), len(r.Findings)-w)
}

func (f Finding) policyNote() string {
	if f.Default == "" {
		return ""
	}
	return fmt.Sprintf(" (Graph policy: %s; oasdiff says %s)", f.Level, f.Default)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// WriteJSON prints the report as one JSON object (the Report's fields).
func (r *Report) WriteJSON(w io.Writer) error {
	out := *r
	for _, l := range []*[]string{&out.Operations.Added, &out.Operations.Removed, &out.Schemas.Added, &out.Schemas.Removed} {
		if *l == nil {
			*l = []string{}
		}
	}
	for _, c := range []*[]Changed{&out.Operations.Changed, &out.Schemas.Changed} {
		if *c == nil {
			*c = []Changed{}
		}
	}
	if out.Findings == nil {
		out.Findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// WriteMarkdown prints the report as Markdown for a pull request, its top
// heading at the given level (2 for "##").
func (r *Report) WriteMarkdown(w io.Writer, level int) error {
	var b strings.Builder
	h := func(extra int, format string, args ...any) {
		fmt.Fprintf(&b, "%s %s\n\n", strings.Repeat("#", level+extra), fmt.Sprintf(format, args...))
	}
	h(0, "Changes since %s", code(r.Base))
	if r.Empty() {
		b.WriteString("No operation or schema was added, removed or changed, and no breaking changes were found.\n\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("| | added | removed | changed |\n|---|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| operations | %d | %d | %d |\n", len(r.Operations.Added), len(r.Operations.Removed), len(r.Operations.Changed))
	fmt.Fprintf(&b, "| schemas | %d | %d | %d |\n\n", len(r.Schemas.Added), len(r.Schemas.Removed), len(r.Schemas.Changed))

	h(1, "Breaking changes")
	e, wn := r.Count(LevelError), r.Count(LevelWarning)
	switch {
	case e > 0:
		fmt.Fprintf(&b, "**%d breaking %s**", e, plural(e, "change", "changes"))
	default:
		b.WriteString("No breaking changes")
	}
	fmt.Fprintf(&b, ", %d %s and %d other %s, found by [oasdiff](https://github.com/oasdiff/oasdiff) %s under graphdoc's severity policy for Graph (a new member of an evolvable enum is not breaking).\n\n",
		wn-e, plural(wn-e, "warning", "warnings"), len(r.Findings)-wn, plural(len(r.Findings)-wn, "change", "changes"), OasdiffVersion)
	var major, minor []Finding
	for _, f := range r.Findings {
		if f.Level == LevelInfo {
			minor = append(minor, f)
		} else {
			major = append(major, f)
		}
	}
	if len(major) > 0 {
		findingTable(&b, major)
	}
	if len(minor) > 0 {
		fmt.Fprintf(&b, "<details><summary>%d non-breaking %s</summary>\n\n", len(minor), plural(len(minor), "change", "changes"))
		findingTable(&b, minor)
		b.WriteString("</details>\n\n")
	}
	for _, sec := range []struct {
		name string
		s    Section
	}{{"Operations", r.Operations}, {"Schemas", r.Schemas}} {
		if sec.s.Empty() {
			continue
		}
		h(1, "%s", sec.name)
		list := func(title string, names []string) {
			if len(names) == 0 {
				return
			}
			fmt.Fprintf(&b, "%s:\n\n", title)
			for _, n := range names {
				fmt.Fprintf(&b, "- %s\n", code(n))
			}
			b.WriteString("\n")
		}
		list("Added", sec.s.Added)
		list("Removed", sec.s.Removed)
		if len(sec.s.Changed) > 0 {
			b.WriteString("Changed:\n\n")
			for _, c := range sec.s.Changed {
				fmt.Fprintf(&b, "- %s\n", code(c.Name))
				for _, d := range c.Details {
					fmt.Fprintf(&b, "  - %s\n", Escape(d))
				}
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func findingTable(b *strings.Builder, fs []Finding) {
	b.WriteString("| severity | rule | where | change |\n|---|---|---|---|\n")
	for _, f := range fs {
		sev := string(f.Level)
		if f.Level == LevelError {
			sev = "**breaking**"
		}
		if f.Default != "" {
			sev += fmt.Sprintf(" (oasdiff: %s)", f.Default)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", sev, code(f.Rule), code(f.Where()), Cell(f.Text))
	}
	b.WriteString("\n")
}

// code formats s as a Markdown code span.
func code(s string) string {
	if s == "" {
		return ""
	}
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// Escape makes text safe in Markdown prose: outside `code spans`,
// characters that would start markup are escaped; code spans are kept.
func Escape(s string) string {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // an unpaired backtick: escape it too
		return escapeProse(s)
	}
	for i := 0; i < len(parts); i += 2 {
		parts[i] = escapeProse(parts[i])
	}
	return strings.Join(parts, "`")
}

var prose = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "`", "\\`")

func escapeProse(s string) string { return prose.Replace(s) }

// Cell makes text safe in a Markdown table cell: Escape, on one line, with
// pipes escaped (GitHub reads \| as a pipe inside code spans in tables too).
func Cell(s string) string {
	return strings.ReplaceAll(Escape(strings.Join(strings.Fields(s), " ")), "|", `\|`)
}
