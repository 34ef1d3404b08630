package impl

import "testing"

func TestPaths(t *testing.T) {
	tests := []struct{ got, want string }{
		{Join("", "a"), "a"},
		{Join("a", "b"), "a.b"},
		{Join("a[1]", "b"), "a[1].b"},
		{Index("a", 2), "a[2]"},
		{Index("", 0), "[0]"},
		{Join(Index(Join("", "assignments"), 2), "target"), "assignments[2].target"},
		{Index(Index("m", 0), 10), "m[0][10]"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
