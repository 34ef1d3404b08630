// Package goast reads the Go code oapi-codegen generated, so that
// graphdoc's own generators (decoders, validators) use the exact type and
// field names oapi-codegen chose instead of re-deriving its naming rules.
package goast

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Package is what graphdoc needs to know about one generated file.
type Package struct {
	Structs map[string]*Struct
	// Named are the defined non-struct types: name -> underlying type
	// expression ("string" for enums).
	Named map[string]string
	// Aliases are `type A = B` declarations: A -> B.
	Aliases map[string]string
	// Methods lists the method names declared per receiver type.
	Methods map[string]map[string]bool
}

// Struct is one generated struct type.
type Struct struct {
	Name   string
	Fields []Field // the fields with a JSON tag
	All    []Field // every named field, JSON "" for untagged ones
}

// Field is one struct field with a JSON tag.
type Field struct {
	Name string // Go field name
	JSON string // JSON member name, from the tag
	Type Type
}

// Type is a field type, reduced to what code generation needs.
type Type struct {
	Pointer bool
	Slice   bool   // []Elem (after the pointer)
	Map     bool   // map[string]Elem
	Elem    string // element type as Go source: string, time.Time, UserPFXCertificate, []byte ...
	// ElemPointer is set for []*T.
	ElemPointer bool
}

// String renders the type as Go source.
func (t Type) String() string {
	s := t.Elem
	if t.ElemPointer {
		s = "*" + s
	}
	if t.Slice {
		s = "[]" + s
	}
	if t.Map {
		s = "map[string]" + s
	}
	if t.Pointer {
		s = "*" + s
	}
	return s
}

// Parse reads one Go source file.
func Parse(src string) (*Package, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("goast: parse generated code: %w", err)
	}
	p := &Package{Structs: map[string]*Struct{}, Named: map[string]string{}, Aliases: map[string]string{}, Methods: map[string]map[string]bool{}}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok {
					continue
				}
				p.typeSpec(ts)
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) == 0 {
				continue
			}
			recv := exprString(d.Recv.List[0].Type)
			recv = strings.TrimPrefix(recv, "*")
			if p.Methods[recv] == nil {
				p.Methods[recv] = map[string]bool{}
			}
			p.Methods[recv][d.Name.Name] = true
		}
	}
	return p, nil
}

func (p *Package) typeSpec(ts *ast.TypeSpec) {
	name := ts.Name.Name
	if ts.Assign.IsValid() {
		p.Aliases[name] = exprString(ts.Type)
		return
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		p.Named[name] = exprString(ts.Type)
		return
	}
	s := &Struct{Name: name}
	for _, fl := range st.Fields.List {
		for _, n := range fl.Names {
			s.All = append(s.All, Field{Name: n.Name, Type: fieldType(fl.Type)})
		}
		if fl.Tag == nil || len(fl.Names) == 0 {
			continue
		}
		tag, err := strconv.Unquote(fl.Tag.Value)
		if err != nil {
			continue
		}
		j := reflect.StructTag(tag).Get("json")
		j, _, _ = strings.Cut(j, ",")
		if j == "" || j == "-" {
			continue
		}
		s.Fields = append(s.Fields, Field{Name: fl.Names[0].Name, JSON: j, Type: fieldType(fl.Type)})
	}
	p.Structs[name] = s
}

// fieldType reduces a field type expression.
func fieldType(e ast.Expr) Type {
	var t Type
	if st, ok := e.(*ast.StarExpr); ok {
		t.Pointer = true
		e = st.X
	}
	switch x := e.(type) {
	case *ast.ArrayType:
		if x.Len == nil {
			if id, ok := x.Elt.(*ast.Ident); ok && id.Name == "byte" {
				t.Elem = "[]byte"
				return t
			}
			t.Slice = true
			e = x.Elt
			if st, ok := e.(*ast.StarExpr); ok {
				t.ElemPointer = true
				e = st.X
			}
		}
	case *ast.MapType:
		t.Map = true
		e = x.Value
	}
	t.Elem = exprString(e)
	return t
}

// exprString renders a type expression as Go source.
func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.StarExpr:
		return "*" + exprString(x.X)
	case *ast.ArrayType:
		if x.Len == nil {
			return "[]" + exprString(x.Elt)
		}
		return "[N]" + exprString(x.Elt)
	case *ast.MapType:
		return "map[" + exprString(x.Key) + "]" + exprString(x.Value)
	case *ast.InterfaceType:
		return "interface{}"
	case *ast.StructType:
		return "struct{}"
	case *ast.IndexExpr:
		return exprString(x.X) + "[" + exprString(x.Index) + "]"
	}
	return fmt.Sprintf("%T", e)
}

// Resolve follows aliases to a defined type name.
func (p *Package) Resolve(name string) string {
	for range 16 {
		next, ok := p.Aliases[name]
		if !ok {
			return name
		}
		name = next
	}
	return name
}

// IsEnum reports whether name is a string type with a Valid method (an
// oapi-codegen enum).
func (p *Package) IsEnum(name string) bool {
	name = p.Resolve(name)
	return p.Named[name] == "string" && p.Methods[name]["Valid"]
}

// StructNames returns the struct names, sorted.
func (p *Package) StructNames() []string {
	out := make([]string, 0, len(p.Structs))
	for n := range p.Structs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
