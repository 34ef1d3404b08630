package page

import (
	"regexp"
	"slices"
	"testing"
)

// scopeRe is what isScope matches.
var scopeRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)+\*?$`)

func TestIsScopeMatchesRegexp(t *testing.T) {
	for _, tok := range []string{
		"", "*", "User.Read", "User.ReadWrite.All", "Sites.*", "a.b*", "a.b**", "a..b", "a.b.", ".a.b",
		"1a.b", "a-b.c-d", "a.b-", "a_b.c", "User", "User.", "Mail.Send*", "x.y*z", "É.a", "a.é",
	} {
		if got, want := isScope(tok), scopeRe.MatchString(tok); got != want {
			t.Errorf("isScope(%q) = %v, the regexp says %v", tok, got, want)
		}
	}
}

func FuzzIsScope(f *testing.F) {
	for _, s := range []string{"User.Read", "a..b", "a.b*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		if got, want := isScope(tok), scopeRe.MatchString(tok); got != want {
			t.Errorf("isScope(%q) = %v, the regexp says %v", tok, got, want)
		}
	})
}

func TestScopesNote(t *testing.T) {
	for _, c := range []struct {
		cell string
		want []string
	}{
		{"Gadget.ReadWrite.All <br><br> Note: Widget.AccessAsUser.All cannot be used.", []string{"Gadget.ReadWrite.All"}},
		{"Gadget.Read.All **Note**: Widget.Read.All is not supported", []string{"Gadget.Read.All"}},
		{"Notes.Create, Notes.ReadWrite", []string{"Notes.Create", "Notes.ReadWrite"}},
		{"Gadget.Read.All Gadget.ReadWrite.All", []string{"Gadget.Read.All", "Gadget.ReadWrite.All"}},
	} {
		got, _ := Scopes(c.cell)
		if !slices.Equal(got, c.want) {
			t.Errorf("Scopes(%q) = %v, want %v", c.cell, got, c.want)
		}
	}
}
