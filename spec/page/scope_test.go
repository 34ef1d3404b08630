package page

import (
	"regexp"
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
