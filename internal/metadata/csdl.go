package metadata

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// ParseCSDL reads a CSDL/EDMX document: its schemas' entity types, complex
// types and enum types, with base types, property types and keys. Aliases
// (Alias="graph") are expanded to namespaces.
func ParseCSDL(src string, data []byte) (*Metadata, error) {
	md := newMetadata(src)
	md.HasBaseTypes, md.HasPropertyTypes = true, true
	dec := xml.NewDecoder(bytes.NewReader(data))
	aliases := map[string]string{}
	var ns string
	var cur *Type
	var curEnum *Enum
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("metadata: %s: not CSDL XML: %w", src, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			a := attrs(t)
			switch t.Name.Local {
			case "Schema":
				ns = a["Namespace"]
				if al := a["Alias"]; al != "" {
					aliases[al] = ns
				}
			case "EntityType", "ComplexType":
				cur = &Type{Name: ns + "." + a["Name"], Entity: t.Name.Local == "EntityType", Base: a["BaseType"], Props: map[string]string{}, Nav: map[string]bool{}}
				md.Types[cur.Name] = cur
			case "Property", "NavigationProperty":
				if cur != nil {
					cur.Props[a["Name"]] = a["Type"]
					if t.Name.Local == "NavigationProperty" {
						cur.Nav[a["Name"]] = true
					}
				}
			case "EnumType":
				curEnum = &Enum{Name: ns + "." + a["Name"], Flags: a["IsFlags"] == "true"}
				md.Enums[curEnum.Name] = curEnum
			case "Member":
				if curEnum != nil {
					curEnum.Members = append(curEnum.Members, a["Name"])
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "EntityType", "ComplexType":
				cur = nil
			case "EnumType":
				curEnum = nil
			}
		}
	}
	if len(md.Types) == 0 && len(md.Enums) == 0 {
		return nil, fmt.Errorf("metadata: %s holds no EntityType, ComplexType or EnumType; is it CSDL?", src)
	}
	expand := func(s string) string {
		coll := strings.HasPrefix(s, "Collection(") && strings.HasSuffix(s, ")")
		if coll {
			s = s[len("Collection(") : len(s)-1]
		}
		if i := strings.LastIndexByte(s, '.'); i > 0 {
			if full, ok := aliases[s[:i]]; ok {
				s = full + s[i:]
			}
		}
		if coll {
			return "Collection(" + s + ")"
		}
		return s
	}
	for _, t := range md.Types {
		t.Base = expand(t.Base)
		for p, ty := range t.Props {
			t.Props[p] = expand(ty)
		}
	}
	return md, nil
}

func attrs(t xml.StartElement) map[string]string {
	m := make(map[string]string, len(t.Attr))
	for _, a := range t.Attr {
		m[a.Name.Local] = a.Value
	}
	return m
}
