package page

import (
	"strings"

	"github.com/graphdoc/graphdoc/spec/diag"
)

// extract reads the sections of a classified page into its typed parts.
func (p *Page) extract() {
	switch p.Kind {
	case KindAPI:
		p.API = &API{}
		p.extractAPI()
	case KindResource:
		p.Resource = &Resource{}
		p.extractResource()
	case KindEnum:
		p.extractEnumPage()
	}
	p.checkPlaceholders()
}

// sections returns the sections with one of the canonical names.
func (p *Page) sections(c ...Canon) []*Section {
	var out []*Section
	for _, s := range p.Sections {
		for _, want := range c {
			if s.Canon == want {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// columns maps a table header to the columns graphdoc reads.
type columns struct {
	name, typ, desc, required, value int
}

// headerColumns finds the name, type, description, required and value
// columns of a table by their header text.
func headerColumns(h []Cell) columns {
	c := columns{name: 0, typ: -1, desc: -1, required: -1, value: -1}
	for i, cell := range h {
		l := LowerASCII(Plain(cell.Raw))
		switch {
		case i == 0:
		case l == "type" || l == "return type" || l == "data type" || l == "type of value":
			if c.typ < 0 {
				c.typ = i
			}
		case strings.HasPrefix(l, "description") || l == "remarks" || l == "notes":
			if c.desc < 0 {
				c.desc = i
			}
		case strings.HasPrefix(l, "required"):
			c.required = i
		case l == "value" || l == "int value" || l == "values":
			c.value = i
		}
	}
	if c.desc < 0 && len(h) > 1 && len(h)-1 != c.typ && len(h)-1 != c.required {
		c.desc = len(h) - 1
	}
	return c
}

// cell returns row[i] or an empty cell.
func cell(row []Cell, i int) Cell {
	if i < 0 || i >= len(row) {
		return Cell{}
	}
	return row[i]
}

// properties reads the rows of a property, parameter or relationship table.
func (p *Page) properties(t *Table) []Property {
	c := headerColumns(t.Header)
	if c.typ < 0 {
		return nil
	}
	out := make([]Property, 0, len(t.Rows))
	for _, row := range t.Rows {
		nameCell := cell(row, c.name)
		name := propertyName(nameCell.Raw, p.Refs)
		typeCell := cell(row, c.typ)
		descCell := cell(row, c.desc)
		if name == "" && Plain(nameCell.Raw) != "" && typeCell.Raw != "" {
			p.addDiag(nameCell.Off, diag.PropertyName, "%q is not a property name (letters, digits, _ - . @ $); the row is skipped", clip(Plain(nameCell.Raw), 60))
			continue
		}
		if name == "" || (typeCell.Raw == "" && descCell.Raw == "") {
			continue // group rows such as |**Device configuration**|
		}
		prop := Property{
			Name:        Text{name, nameCell.Off},
			Type:        ParseType(typeCell.Raw, p.Refs),
			Description: Text{descCell.Raw, descCell.Off},
			Row:         row,
		}
		if typeCell.Raw == "" {
			prop.Type.OK = false
		}
		if !prop.Type.OK {
			off := typeCell.Off
			if off == 0 {
				off = nameCell.Off
			}
			p.addDiag(off, diag.TypeSyntax, "property %s: cannot read type %q; want a primitive (String, Int32...), a type name or `[type](link)`, optionally with `collection`", name, clip(typeCell.Raw, 60))
		}
		d := descCell.Raw
		prop.ReadOnly = IsReadOnly(d)
		prop.Required = IsRequired(d)
		if rc := cell(row, c.required); rc.Raw != "" {
			l := LowerASCII(Plain(rc.Raw))
			prop.Required = strings.HasPrefix(l, "yes") || strings.HasPrefix(l, "true") || l == "required"
		}
		if name, at := inheritedFrom(d, p.Refs); name != "" {
			prop.InheritedFrom = Text{name, descCell.Off + at}
		}
		prop.Values = PossibleValues(d)
		p.checkCellPlaceholders(descCell)
		out = append(out, prop)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// propertyName cleans a name cell: `**album**`, `backupReviewers
// (deprecated)`, `[filesFolder](...)`, backticks. It returns "" when the
// cell is not a name.
func propertyName(raw string, refs map[string]string) string {
	s := strings.TrimSpace(raw)
	if strings.Contains(s, "[") {
		if links := Links(s, refs); len(links) > 0 {
			s = links[0].Text
		}
	}
	s = Plain(s)
	if i := strings.IndexAny(s, " ("); i > 0 {
		s = s[:i]
	}
	s = strings.Trim(s, ".:*")
	if s == "" {
		return ""
	}
	for i, r := range s {
		ok := r == '_' || r == '@' || r == '.' || r == '-' || r == '$' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return ""
		}
	}
	return s
}

// checkCellPlaceholders reports TODO and "Not yet documented" cells.
func (p *Page) checkCellPlaceholders(c Cell) {
	if i := strings.Index(c.Raw, "TODO"); i >= 0 {
		p.addDiag(c.Off+i, diag.TodoPlaceholder, "TODO placeholder in a table cell: %s", clip(Plain(c.Raw), 80))
	} else if containsFold(c.Raw, "not yet documented") {
		p.addDiag(c.Off, diag.NotDocumented, "description is \"Not yet documented\"")
	}
}

// tables returns the tables of the given sections.
func tables(secs []*Section) []*Table {
	var out []*Table
	for _, s := range secs {
		for _, b := range s.Blocks {
			if b.Kind == BlockTable {
				out = append(out, b.Table)
			}
		}
	}
	return out
}

// paragraphs returns the paragraphs of the given sections.
func paragraphs(secs []*Section) []*Block {
	var out []*Block
	for _, s := range secs {
		for _, b := range s.Blocks {
			if b.Kind == BlockParagraph {
				out = append(out, b)
			}
		}
	}
	return out
}

// typeLinks returns the links in s whose text is a type name.
func typeLinks(s string, refs map[string]string) []Link {
	var out []Link
	for _, l := range Links(s, refs) {
		name := strings.TrimSpace(l.Text)
		if isTypeName(name) {
			out = append(out, l)
		}
	}
	return out
}
