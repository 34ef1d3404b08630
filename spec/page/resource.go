package page

import (
	"strings"
)

// extractResource reads a resource page: its name, base type, properties,
// relationships, JSON representation and embedded enum tables.
func (p *Page) extractResource() {
	r := p.Resource
	_, titleName := titleKind(p.Title.Text)
	r.Name = Text{titleName, p.Title.Off}
	// the resource annotation carries the qualified name, base and key
	var annotation *Annotation
	for _, s := range p.Sections {
		for _, b := range s.Blocks {
			if b.Kind != BlockCode || b.Annotation == nil || b.Annotation.BlockType != "resource" {
				continue
			}
			a := b.Annotation
			if t := strings.TrimPrefix(a.ODataType, "#"); t != "" && r.JSON == nil {
				r.Name = Text{t, a.Off}
			}
			if r.JSON == nil {
				r.JSON = b
				r.Abstract, r.OpenType, r.Key = a.Abstract, a.OpenType, a.KeyProperty
				annotation = a
			}
		}
	}
	if r.JSON == nil {
		for _, s := range p.sections(SecJSON) {
			for _, b := range s.Blocks {
				if b.Kind == BlockCode && r.JSON == nil {
					r.JSON = b
				}
			}
		}
	}
	p.readBaseStatements(annotation)
	for _, s := range p.Sections {
		enumName := ""
		for _, b := range s.Blocks {
			switch b.Kind {
			case BlockHeading:
				enumName = enumHeading(b.Text)
			case BlockTable:
				if e := p.enumTable(b.Table, firstNonEmpty(enumName, enumHeading(s.Heading.Text))); e != nil {
					p.Enums = append(p.Enums, e)
					continue
				}
				switch s.Canon {
				case SecProperties:
					r.Properties = append(r.Properties, p.properties(b.Table)...)
				case SecRelationships:
					r.Relationships = append(r.Relationships, p.properties(b.Table)...)
				}
			}
		}
	}
}

// linkFileType returns the file name of a link destination without
// folder, extension and anchor ("../resources/entity.md" -> "entity").
func linkFileType(dest string) string {
	if i := strings.IndexAny(dest, "#?"); i >= 0 {
		dest = dest[:i]
	}
	if i := strings.LastIndexByte(dest, '/'); i >= 0 {
		dest = dest[i+1:]
	}
	dest = strings.TrimSuffix(dest, ".md")
	if isTypeName(dest) {
		return dest
	}
	return ""
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// enumTable reads a members table (|Member|Value|Description|, |Member|,
// |Value|Description| ...) under an enum heading. It returns nil when the
// table is not an enum table.
func (p *Page) enumTable(t *Table, name string) *Enum {
	if len(t.Header) == 0 {
		return nil
	}
	first := LowerASCII(Plain(t.Header[0].Raw))
	if first != "member" && first != "value" && first != "name" && first != "members" && first != "enum value" {
		return nil
	}
	c := headerColumns(t.Header)
	if c.typ >= 0 {
		return nil
	}
	if name == "" {
		return nil
	}
	e := &Enum{Name: Text{name, t.Off}, Off: t.Off}
	if first == "value" && c.value < 0 && len(t.Header) > 1 && strings.EqualFold(Plain(t.Header[1].Raw), "description") {
		c.value = -1
	}
	for _, row := range t.Rows {
		nc := cell(row, 0)
		n := strings.Trim(Plain(nc.Raw), " `*")
		if n == "" {
			continue
		}
		m := Member{Name: Text{n, nc.Off}, Description: Plain(cell(row, c.desc).Raw)}
		if c.value >= 0 {
			m.Value = Plain(cell(row, c.value).Raw)
		}
		p.checkCellPlaceholders(cell(row, c.desc))
		e.Members = append(e.Members, m)
	}
	return e
}

// extractEnumPage reads an enum page: one Members table named by the H1,
// or several `### x values` tables.
func (p *Page) extractEnumPage() {
	_, titleName := titleKind(p.Title.Text)
	for _, s := range p.Sections {
		name := ""
		if s.Canon == SecMembers {
			name = titleName
		} else if n := enumHeading(s.Heading.Text); n != "" {
			name = n
		}
		for _, b := range s.Blocks {
			switch b.Kind {
			case BlockHeading:
				if n := enumHeading(b.Text); n != "" {
					name = n
				}
			case BlockTable:
				n := name
				if n == "" && len(p.Sections) <= 2 {
					n = titleName
				}
				if e := p.enumTable(b.Table, n); e != nil {
					p.Enums = append(p.Enums, e)
				}
			}
		}
	}
}
