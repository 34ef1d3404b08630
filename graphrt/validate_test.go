package graphrt

import (
	"errors"
	"testing"
)

func TestValidationError(t *testing.T) {
	tests := []struct {
		name   string
		fields [][2]string // path, message
		want   string      // "" means Err returns nil
	}{
		{"none", nil, ""},
		{"body", [][2]string{{"", "request body is required"}},
			"invalid request body: request body is required"},
		{"ordered", [][2]string{
			{"intendedPurpose", `unknown value "x"; want one of unassigned, smimeEncryption`},
			{"startDateTime", `invalid date-time "y"`},
			{"assignments[2].target.groupId", "required"},
		}, `invalid request body: intendedPurpose: unknown value "x"; want one of unassigned, smimeEncryption; ` +
			`startDateTime: invalid date-time "y"; assignments[2].target.groupId: required`},
	}
	for _, tt := range tests {
		var errs ValidationError
		for _, f := range tt.fields {
			errs.Add(f[0], "%s", f[1])
		}
		err := errs.Err()
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: Err() = %v, want nil", tt.name, err)
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Fields) != len(tt.fields) {
			t.Fatalf("%s: Err() = %#v", tt.name, err)
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
	var nilErrs *ValidationError
	if nilErrs.Err() != nil {
		t.Error("Err() on a nil *ValidationError is not nil")
	}
	var errs ValidationError
	errs.Add("a", "want %d, got %q", 3, "x")
	if got := errs.Fields[0]; got != (FieldError{Path: "a", Message: `want 3, got "x"`}) {
		t.Errorf("Add formatted %+v", got)
	}
}
