package odata

import (
	"errors"
	"strings"
	"testing"
)

func TestParseFilter(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"displayName eq 'Adele'", "displayName eq 'Adele'"},
		{"displayName eq 'it''s'", "displayName eq 'it''s'"},
		{"a ne 1 and b gt 2.5 or c le -3", "a ne 1 and b gt 2.5 or c le -3"},
		{"a eq 1 or b eq 2 and c eq 3", "a eq 1 or b eq 2 and c eq 3"},
		{"(a eq 1 or b eq 2) and c eq 3", "(a eq 1 or b eq 2) and c eq 3"},
		{"a eq 1 or (b eq 2 or c eq 3)", "a eq 1 or (b eq 2 or c eq 3)"},
		{"((a eq 1))", "a eq 1"},
		{"NOT (a eq 1) AND b Eq true", "not (a eq 1) and b eq true"},
		{"not(isActive)", "not isActive"},
		{"not not isActive", "not not isActive"},
		{"providerName in ('p1','p2')", "providerName in ('p1', 'p2')"},
		{"startswith(displayName,'A')", "startswith(displayName, 'A')"},
		{"startsWith(displayName, 'A')", "startswith(displayName, 'A')"},
		{"endswith(mail,'@x.com') and contains(tolower(displayName),'ad')", "endswith(mail, '@x.com') and contains(tolower(displayName), 'ad')"},
		{"toupper(a) eq 'X'", "toupper(a) eq 'X'"},
		{"tags/any(t: t eq 'x')", "tags/any(t: t eq 'x')"},
		{"tags/any(t:t eq 'x' or t eq 'y')", "tags/any(t: t eq 'x' or t eq 'y')"},
		{"tags/ANY()", "tags/any()"},
		{"tags/all(t: startswith(t, 'a'))", "tags/all(t: startswith(t, 'a'))"},
		{"emails/any(e: e/address eq 'a@b')", "emails/any(e: e/address eq 'a@b')"},
		{"address/city eq 'Paris'", "address/city eq 'Paris'"},
		{"a/any", "a/any"},
		{"x eq true or y eq FALSE or z eq Null", "x eq true or y eq false or z eq null"},
		{"id eq 0123abcd-89ab-cdef-0123-456789ABCDEF", "id eq 0123abcd-89ab-cdef-0123-456789ABCDEF"},
		{"id eq abcdef01-89ab-cdef-0123-456789abcdef", "id eq abcdef01-89ab-cdef-0123-456789abcdef"},
		{"createdDateTime ge 2024-03-01T00:00:00Z", "createdDateTime ge 2024-03-01T00:00:00Z"},
		{"t lt 2024-03-01T10:20:30.1234567+01:00", "t lt 2024-03-01T10:20:30.1234567+01:00"},
		{"d eq 2024-02-29", "d eq 2024-02-29"},
		{"t eq 13:20:00", "t eq 13:20:00"},
		{"x eq duration'PT1H'", "x eq duration'PT1H'"},
		{"x eq microsoft.graph.bodyType'html'", "x eq microsoft.graph.bodyType'html'"},
		{"n eq 1e3 or n eq 12345678901234567890", "n eq 1e3 or n eq 12345678901234567890"},
		{"a eq b", "a eq b"},
		{"isActive", "isActive"},
		{"a in ('x') eq true", "a in ('x') eq true"},
		{"a eq (b in (1, 2))", "a eq (b in (1, 2))"},
		{" \ta  eq\t'x' ", "a eq 'x'"},
		{"a eq'x'", "a eq 'x'"},
	} {
		e, err := ParseFilter(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := e.String(); got != c.want {
			t.Errorf("%q: got %s, want %s", c.in, got, c.want)
		}
	}
}

func TestParseFilterErrors(t *testing.T) {
	for _, c := range []struct {
		in   string
		pos  int
		want string
	}{
		{"displayName eq", 14, "expected a value after 'eq'"},
		{"", 0, "expected a value after the start"},
		{"a eq 1 and", 10, "expected a value after 'and'"},
		{"a eq 1 or (b eq 2", 17, "expected ')' to close the '(' at 10"},
		{"a eq 1)", 6, "unbalanced ')'"},
		{"a eq 1 b", 7, "expected an operator after \"1\", found 'b'"},
		{"a eq 'x", 5, "unterminated string"},
		{"a has 'x'", 2, "the has operator is not supported"},
		{"a add 1 eq 2", 2, "the add operator is not supported"},
		{"substring(a, 1) eq 'x'", 0, "unknown function \"substring\""},
		{"startswith(a) eq true", 0, "startswith takes 2 arguments, not 1"},
		{"a eq 2024-02-30", 5, "invalid date \"2024-02-30\""},
		{"a eq 2024-03-01T25:00:00Z", 5, "invalid date-time"},
		{"a eq duration'P1X'", 5, "invalid duration"},
		{"a eq 1.", 7, "expected a digit after the decimal point"},
		{"a eq 1x", 6, "unexpected \"x\" after integer"},
		{"a eq 'x'y", 8, "unexpected \"y\" after string"},
		{"a in 'x'", 5, "expected '(' after 'in'"},
		{"a in ('x' 'y')", 10, "expected ',' or ')'"},
		{"tags/all()", 9, "all needs a condition"},
		{"tags/any(t t eq 1)", 11, "expected ':' after 't'"},
		{"tags/any(and: true)", 9, "and cannot name a variable"},
		{"microsoft.graph.user/displayName eq 'x'", 0, "type casts (microsoft.graph.user) are not supported"},
		{"a eq binary'AA=='", 5, "binary literals are not supported"},
		{"a eq #", 5, "unexpected character \"#\""},
		{"a/ eq 1", 3, "expected a property name after '/'"},
		{"eq eq 1", 0, "expected a value after the start"},
		{"a eq 99999999999999999999e999", 5, "out of range"},
		{strings.Repeat("(", 101) + "a" + strings.Repeat(")", 101), 100, "nested more than 100 deep"},
		{strings.Repeat("not ", 200) + "a", 400, "nested more than 100 deep"},
		{strings.Repeat("a", MaxLength+1), MaxLength, "longer than 8192 bytes"},
	} {
		_, err := ParseFilter(c.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%.40q: got %v, want a *SyntaxError", c.in, err)
			continue
		}
		if se.Pos != c.pos || !strings.Contains(se.Msg, c.want) {
			t.Errorf("%.40q: got %v, want at %d: %s", c.in, err, c.pos, c.want)
		}
	}
	_, err := ParseFilter("displayName eq")
	if err == nil || err.Error() != "$filter: at 14: expected a value after 'eq'" {
		t.Errorf("Error(): %v", err)
	}
}

func TestParseOrderBy(t *testing.T) {
	keys, err := ParseOrderBy("displayName desc, address/city,createdDateTime ASC")
	if err != nil {
		t.Fatal(err)
	}
	want := []OrderKey{{[]string{"displayName"}, true, 0}, {[]string{"address", "city"}, false, 18}, {[]string{"createdDateTime"}, false, 31}}
	if len(keys) != len(want) {
		t.Fatalf("got %v", keys)
	}
	for i := range want {
		if strings.Join(keys[i].Path, "/") != strings.Join(want[i].Path, "/") || keys[i].Desc != want[i].Desc || keys[i].Pos != want[i].Pos {
			t.Errorf("key %d: got %+v, want %+v", i, keys[i], want[i])
		}
	}
	for _, c := range []struct {
		in   string
		want string
	}{
		{"", "$orderby: at 0: expected a property name after the start, found the end"},
		{"a desc b", "$orderby: at 7: expected asc, desc or ',' after 'desc', found 'b'"},
		{"a,", "$orderby: at 2: expected a property name after ',', found the end"},
		{"a/", "$orderby: at 2: expected a property name after '/', found the end"},
	} {
		if _, err := ParseOrderBy(c.in); err == nil || err.Error() != c.want {
			t.Errorf("%q: got %v, want %s", c.in, err, c.want)
		}
	}
}

func TestParseSelect(t *testing.T) {
	got, err := ParseSelect("id, displayName,mail")
	if err != nil || strings.Join(got, "|") != "id|displayName|mail" {
		t.Errorf("got %q %v", got, err)
	}
	for _, c := range []struct{ in, want string }{
		{"", "$select: at 0: expected a property name after the start, found the end"},
		{"a,,b", "$select: at 2: expected a property name after ',', found ','"},
		{"a/b", "$select: at 1: selecting a nested property is not supported"},
		{"a b", "$select: at 2: expected ',' after 'a', found 'b'"},
	} {
		if _, err := ParseSelect(c.in); err == nil || err.Error() != c.want {
			t.Errorf("%q: got %v, want %s", c.in, err, c.want)
		}
	}
}

func TestParseSearch(t *testing.T) {
	s, err := ParseSearch(`"displayName:ad" AND "mail:x" OR "Hi \"there\"" "b"`)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Any) != 2 || len(s.Any[0]) != 2 || len(s.Any[1]) != 2 ||
		s.Any[0][0] != (SearchTerm{"displayName", "ad", 0}) || s.Any[1][0] != (SearchTerm{"", `Hi "there"`, 33}) {
		t.Errorf("got %+v", s)
	}
	for _, c := range []struct{ in, want string }{
		{`foo`, `$search: at 0: expected a term in double quotes, as in "displayName:foo"`},
		{`"foo`, `$search: at 0: unterminated term`},
		{`"a" NEAR "b"`, `$search: at 4: expected AND, OR or a term in double quotes, found "NEAR"`},
		{`"a" OR`, `$search: at 6: expected a term in double quotes, as in "displayName:foo"`},
		{`"x:"`, `$search: at 0: empty search term`},
	} {
		if _, err := ParseSearch(c.in); err == nil || err.Error() != c.want {
			t.Errorf("%q: got %v, want %s", c.in, err, c.want)
		}
	}
}

func FuzzFilter(f *testing.F) {
	for _, s := range []string{
		"displayName eq 'Adele'", "a eq 1 or (b eq 2 and not c)", "tags/any(t: t eq 'x')", "tags/any()",
		"providerName in ('p1','p2')", "startswith(displayName,'a''b')", "d ge 2024-03-01T00:00:00Z",
		"id eq 01234567-89ab-cdef-0123-456789abcdef", "x eq duration'PT1H'", "x eq ns.t'm'",
		"a/b eq -1.5e3", "a in ('x') eq true", "a eq (b in (1))", "not a eq true", "t eq 13:20:00",
		"d eq 2024-02-29", "emails/all(e: e/address ne null)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseFilter(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 0 || se.Pos > len(s) {
				t.Fatalf("%q: error %v is not a *SyntaxError within the input", s, err)
			}
			return
		}
		s1 := e.String()
		e2, err := ParseFilter(s1)
		if err != nil {
			t.Fatalf("%q: String() %q does not parse: %v", s, s1, err)
		}
		if s2 := e2.String(); s2 != s1 {
			t.Fatalf("%q: String() %q re-parses to %q", s, s1, s2)
		}
		// binding to an empty schema must not panic either
		Bind(e, Schema{"a": {Kind: String}, "tags": {Kind: String, Collection: true}})
	})
}
