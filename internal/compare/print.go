package compare

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// pct formats a ratio as a percentage with one decimal, or n/a.
func pct(n, d int) string {
	if d == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}

// Ratio returns n/d, or 0 when d is 0.
func Ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// Summary is the one-line headline of a report.
func (r *Report) Summary() string {
	t := r.Totals
	types, bases := "n/a (metadata has no property types)", "n/a (metadata has no base types)"
	if t.HasTypes {
		types = fmt.Sprintf("%s (%d/%d)", pct(t.TypesAgree, t.TypedProps), t.TypesAgree, t.TypedProps)
	}
	if t.HasBases {
		bases = fmt.Sprintf("%s (%d/%d)", pct(t.BasesAgree, t.BasesCompared), t.BasesAgree, t.BasesCompared)
	}
	return fmt.Sprintf("types found %s (%d/%d); property names precision %s (%d/%d) recall %s (%d/%d); enum members precision %s (%d/%d) recall %s (%d/%d); enums found %s; property types %s; base types %s",
		pct(t.TypesFound, t.DocTypes), t.TypesFound, t.DocTypes,
		pct(t.DocPropsInMetadata, t.DocProps), t.DocPropsInMetadata, t.DocProps,
		pct(t.MetaPropsDocumented, t.MetaProps), t.MetaPropsDocumented, t.MetaProps,
		pct(t.DocMembersInMetadata, t.DocMembers), t.DocMembersInMetadata, t.DocMembers,
		pct(t.MetaMembersDocumented, t.MetaMembers), t.MetaMembersDocumented, t.MetaMembers,
		pct(t.EnumsFound, t.DocEnums), types, bases)
}

// WriteText prints the disagreements, one block per type or enum, then
// the totals; the last line is the summary.
func (r *Report) WriteText(w io.Writer, all bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# graphdoc compare against %s\n", r.Metadata)
	for _, t := range r.Types {
		switch {
		case t.Metadata == "":
			fmt.Fprintf(&b, "type %s (%s): not in the metadata\n", t.Name, t.Source)
		case all || len(t.NotInMetadata)+len(t.NotDocumented)+len(t.TypeDiffs) > 0 || t.DocBase != t.MetaBase:
			fmt.Fprintf(&b, "type %s (%s) ~ %s\n", t.Name, t.Source, t.Metadata)
			list(&b, "documented, not in the metadata", t.NotInMetadata)
			list(&b, "in the metadata, not documented", t.NotDocumented)
			list(&b, "types differ", t.TypeDiffs)
			if t.DocBase != t.MetaBase {
				fmt.Fprintf(&b, "  base type: doc %q, metadata %q\n", t.DocBase, t.MetaBase)
			}
		}
	}
	for _, e := range r.Enums {
		switch {
		case e.Metadata == "":
			fmt.Fprintf(&b, "enum %s (%s): not in the metadata\n", e.Name, e.Source)
		case all || len(e.NotInMetadata)+len(e.NotDocumented) > 0:
			fmt.Fprintf(&b, "enum %s (%s) ~ %s\n", e.Name, e.Source, e.Metadata)
			list(&b, "documented, not in the metadata", e.NotInMetadata)
			list(&b, "in the metadata, not documented", e.NotDocumented)
		}
	}
	b.WriteString(r.Summary())
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

func list(b *strings.Builder, what string, items []string) {
	if len(items) > 0 {
		fmt.Fprintf(b, "  %s: %s\n", what, strings.Join(items, ", "))
	}
}

// WriteJSON prints the whole report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		*Report
		Summary string
	}{r, r.Summary()})
}
