package graphrt

import "testing"

func TestKindString(t *testing.T) {
	tests := []struct {
		k    Kind
		want string
	}{
		{Invalid, "invalid"}, {Null, "null"}, {Bool, "boolean"}, {Number, "number"},
		{String, "string"}, {Array, "array"}, {Object, "object"}, {Kind(99), "Kind(99)"},
	}
	for _, tt := range tests {
		if got := tt.k.String(); got != tt.want {
			t.Errorf("Kind(%d).String() = %q, want %q", tt.k, got, tt.want)
		}
	}
}
