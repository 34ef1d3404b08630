package impl

import (
	"testing"
)

func TestFakePath(t *testing.T) {
	for _, tc := range []struct {
		tmpl string
		vals []string
		want string
	}{
		{"/widgets", nil, "/widgets"},
		{"/users/{user-id}/widgets", []string{"42"}, "/users/42/widgets"},
		{"/users/{user-id}/widgets/{widget-id}/parts", []string{"a/b", "c d"}, "/users/a%2Fb/widgets/c%20d/parts"},
		{"/users", []string{"extra"}, "/users"},
	} {
		if got := FakePath(tc.tmpl, tc.vals...); got != tc.want {
			t.Errorf("FakePath(%q, %q) = %q, want %q", tc.tmpl, tc.vals, got, tc.want)
		}
	}
}
