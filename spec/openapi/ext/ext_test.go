package ext

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// nameConstants returns the Name constants' values in declaration order,
// read from the source, so that a new constant cannot be left out of the
// Catalog unnoticed.
func nameConstants(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "ext.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if !strings.HasPrefix(n.Name, "Name") {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a string literal", n.Name)
				}
				v, _ := strconv.Unquote(lit.Value)
				out = append(out, v)
			}
		}
	}
	return out
}

func TestCatalogListsEveryNameOnce(t *testing.T) {
	names := nameConstants(t)
	if len(names) == 0 {
		t.Fatal("no Name constants found")
	}
	count := map[string]int{}
	for _, in := range Catalog {
		count[in.Name]++
	}
	for _, n := range names {
		if count[n] != 1 {
			t.Errorf("%s is in the Catalog %d times, want 1", n, count[n])
		}
		delete(count, n)
	}
	for n := range count {
		t.Errorf("the Catalog lists %s, which is no Name constant", n)
	}
	if len(Catalog) == len(names) {
		for i, in := range Catalog {
			if in.Name != names[i] {
				t.Errorf("Catalog[%d] is %s, want %s (the constants' order)", i, in.Name, names[i])
			}
		}
	}
}

func TestCatalogEntries(t *testing.T) {
	places := map[string]bool{"document": true, "schema": true, "operation": true, "request body": true}
	for _, in := range Catalog {
		if !strings.HasPrefix(in.Name, "x-") {
			t.Errorf("%s: an extension's name starts with x-", in.Name)
		}
		for _, p := range strings.Split(in.On, ", ") {
			if !places[p] {
				t.Errorf("%s: On %q: want document, schema, operation or request body", in.Name, in.On)
			}
		}
		if in.Type == "" || in.Doc == "" {
			t.Errorf("%s: Type and Doc must be set", in.Name)
		}
	}
}

func TestZeroDeletes(t *testing.T) {
	var x map[string]any
	SetKey(&x, "")
	if x != nil {
		t.Fatal("setting a zero value on a nil map made the map")
	}
	SetKey(&x, "id")
	SetAbstract(&x, true)
	SetRequired(&x, []string{"a"})
	if len(x) != 3 || Key(x) != "id" || !Abstract(x) || Required(x)[0] != "a" {
		t.Fatalf("setters did not store: %v", x)
	}
	SetKey(&x, "")
	SetAbstract(&x, false)
	SetRequired(&x, nil)
	if len(x) != 0 {
		t.Fatalf("zero values left %v", x)
	}
}

func TestMalformedReadsAsZero(t *testing.T) {
	x := map[string]any{
		NameSource:      42.0,
		NameAbstract:    "true",
		NameKind:        []any{"list"},
		NameRequired:    []any{"a", 1.0, nil, "b"},
		NamePermissions: []any{"row", map[string]any{"kind": "application", "leastPrivileged": "x"}},
		NamePageable:    "yes",
		NameEnumFlags:   true,
	}
	if Source(x) != "" || Abstract(x) || Kind(x) != "" || Pageable(x) != (Paging{}) || EnumFlags(x) {
		t.Error("a malformed value did not read as zero")
	}
	if r := Required(x); strings.Join(r, ",") != "a,b" {
		t.Errorf("Required = %q, want the strings only", r)
	}
	if p := Permissions(x); len(p) != 1 || p[0].Kind != "application" || p[0].LeastPrivileged != nil {
		t.Errorf("Permissions = %+v", p)
	}
	if Source(nil) != "" || Permissions(nil) != nil || Enum(nil).Name != "" {
		t.Error("a nil map did not read as zero")
	}
}
