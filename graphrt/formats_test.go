package graphrt

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestParseDateTime(t *testing.T) {
	pst := time.FixedZone("", -8*3600)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2016-12-31T23:58:46.7156189-08:00", time.Date(2016, 12, 31, 23, 58, 46, 715618900, pst), true},
		{"2021-07-01T10:00:00Z", time.Date(2021, 7, 1, 10, 0, 0, 0, time.UTC), true},
		{"2021-07-01T10:00:00.5Z", time.Date(2021, 7, 1, 10, 0, 0, 5e8, time.UTC), true},
		{"2021-07-01T10:00:00.123456789Z", time.Date(2021, 7, 1, 10, 0, 0, 123456789, time.UTC), true},
		{"2021-07-01T10:00:00+05:30", time.Date(2021, 7, 1, 10, 0, 0, 0, time.FixedZone("", 5*3600+1800)), true},
		{"2021-07-01T10:00:00+00:00", time.Date(2021, 7, 1, 10, 0, 0, 0, time.UTC), true},
		{"2020-02-29T00:00:00Z", time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"0000-01-01T00:00:00Z", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"2021-07-01T10:00:00.1234567890Z", time.Time{}, false},
		{"2021-07-01T10:00:00.Z", time.Time{}, false},
		{"2021-07-01T10:00:00", time.Time{}, false},
		{"2021-07-01 10:00:00Z", time.Time{}, false},
		{"2021-07-01t10:00:00z", time.Time{}, false},
		{"2021-07-01T10:00Z", time.Time{}, false},
		{"2021-02-29T10:00:00Z", time.Time{}, false},
		{"2021-13-01T10:00:00Z", time.Time{}, false},
		{"2021-07-01T24:00:00Z", time.Time{}, false},
		{"2021-07-01T10:60:00Z", time.Time{}, false},
		{"2021-07-01T10:00:60Z", time.Time{}, false},
		{"2021-07-01T10:00:00+24:00", time.Time{}, false},
		{"2021-07-01T10:00:00+0530", time.Time{}, false},
		{"2021-07-01T10:00:00ZZ", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDateTime(tt.in)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			continue
		}
		if !tt.ok {
			continue
		}
		_, off := got.Zone()
		_, wantOff := tt.want.Zone()
		if off != wantOff {
			t.Errorf("ParseDateTime(%q) offset %d, want %d", tt.in, off, wantOff)
		}
		if std, err := time.Parse(time.RFC3339Nano, tt.in); err == nil && !std.Equal(got) {
			t.Errorf("ParseDateTime(%q) = %v, time.Parse gives %v", tt.in, got, std)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2006-01-02", Date{2006, time.January, 2}, true},
		{"2024-02-29", Date{2024, time.February, 29}, true},
		{"2000-02-29", Date{2000, time.February, 29}, true},
		{"0000-12-31", Date{0, time.December, 31}, true},
		{"9999-12-31", Date{9999, time.December, 31}, true},
		{"1900-02-29", Date{}, false},
		{"2023-02-29", Date{}, false},
		{"2023-02-30", Date{}, false},
		{"2023-04-31", Date{}, false},
		{"2023-00-10", Date{}, false},
		{"2023-01-00", Date{}, false},
		{"2023-1-01", Date{}, false},
		{"2023-01-01T00:00:00Z", Date{}, false},
		{"20230101", Date{}, false},
		{"", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if !tt.ok {
			continue
		}
		if s := got.String(); s != tt.in {
			t.Errorf("String() = %q, want %q", s, tt.in)
		}
		text, err := got.MarshalText()
		var back Date
		if err != nil || back.UnmarshalText(text) != nil || back != got {
			t.Errorf("text round trip of %v: %q, %v, %v", got, text, err, back)
		}
	}
	if _, err := (Date{}).MarshalText(); err == nil {
		t.Error("MarshalText of the zero Date succeeded")
	}
	var d Date
	if err := d.UnmarshalText([]byte("2023-02-30")); err == nil || err.Error() != `invalid date "2023-02-30", want a calendar date like 2006-01-02` {
		t.Errorf("UnmarshalText error = %v", err)
	}
}

func TestParseTimeOfDay(t *testing.T) {
	tests := []struct {
		in   string
		want TimeOfDay
		str  string // String of the result
		ok   bool
	}{
		{"08:00", TimeOfDay{8, 0, 0, 0}, "08:00:00", true},
		{"08:00:00.0000000", TimeOfDay{8, 0, 0, 0}, "08:00:00", true},
		{"23:59:59", TimeOfDay{23, 59, 59, 0}, "23:59:59", true},
		{"12:34:56.7", TimeOfDay{12, 34, 56, 7e8}, "12:34:56.7", true},
		{"12:34:56.1234567", TimeOfDay{12, 34, 56, 123456700}, "12:34:56.1234567", true},
		{"12:34:56.000000001", TimeOfDay{12, 34, 56, 1}, "12:34:56.000000001", true},
		{"12:34:56.0000000001", TimeOfDay{}, "", false},
		{"12:34:56.", TimeOfDay{}, "", false},
		{"12:34:5", TimeOfDay{}, "", false},
		{"12:34:", TimeOfDay{}, "", false},
		{"12:34.5", TimeOfDay{}, "", false},
		{"24:00", TimeOfDay{}, "", false},
		{"12:60", TimeOfDay{}, "", false},
		{"12:00:60", TimeOfDay{}, "", false},
		{"1:00", TimeOfDay{}, "", false},
		{"12:00Z", TimeOfDay{}, "", false},
		{"", TimeOfDay{}, "", false},
	}
	for _, tt := range tests {
		got, err := ParseTimeOfDay(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if !tt.ok {
			continue
		}
		if s := got.String(); s != tt.str {
			t.Errorf("String() = %q, want %q", s, tt.str)
		}
		text, err := got.MarshalText()
		var back TimeOfDay
		if err != nil || back.UnmarshalText(text) != nil || back != got {
			t.Errorf("text round trip of %v: %q, %v, %v", got, text, err, back)
		}
	}
	if _, err := (TimeOfDay{Hour: 24}).MarshalText(); err == nil {
		t.Error("MarshalText of hour 24 succeeded")
	}
}

func TestValidGUID(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"87d349ed-44d7-43e1-9a83-5f2406dee5bd", true},
		{"87D349ED-44D7-43E1-9A83-5F2406DEE5BD", true},
		{"00000000-0000-0000-0000-000000000000", true},
		{"{87d349ed-44d7-43e1-9a83-5f2406dee5bd}", false},
		{"87d349ed44d743e19a835f2406dee5bd", false},
		{"87d349ed-44d7-43e1-9a83-5f2406dee5b", false},
		{"87d349ed-44d7-43e1-9a83-5f2406dee5bg", false},
		{"87d349ed-44d7-43e1-9a83_5f2406dee5bd", false},
		{"87d349ed-44d7-43e19-a83-5f2406dee5bd", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidGUID(tt.in); got != tt.ok {
			t.Errorf("ValidGUID(%q) = %v", tt.in, got)
		}
	}
}

func TestValidBase64(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"", true},
		{"Zg==", true},
		{"Zm8=", true},
		{"Zm9v", true},
		{"SGVsbG8gV29ybGQ+Lw==", true},
		{"Zh==", true}, // non-zero trailing bits, accepted by StdEncoding
		{"Zg", false},
		{"Zg=", false},
		{"Z===", false},
		{"====", false},
		{"Zg==Zg==", false},
		{"Zm9v\n", false},
		{"Zm9v\r\nZm9v", false},
		{"SGVsbG8gV29ybGQ-_w==", false}, // URL alphabet
		{"Zm 9", false},
	}
	for _, tt := range tests {
		if got := ValidBase64(tt.in); got != tt.ok {
			t.Errorf("ValidBase64(%q) = %v", tt.in, got)
		}
		_, err := base64.StdEncoding.DecodeString(tt.in)
		// StdEncoding ignores line breaks.
		if std := err == nil; std != tt.ok && !strings.ContainsAny(tt.in, "\r\n") {
			t.Errorf("StdEncoding disagrees on %q", tt.in)
		}
	}
}

func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{
		"2016-12-31T23:58:46.7156189-08:00", "2021-07-01T10:00:00Z",
		"2021-07-01T10:00:00+00:00", "0000-02-29T00:00:00.000000001+23:59",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDateTime(s)
		if err != nil {
			return
		}
		out := v.Format(time.RFC3339Nano)
		back, err := ParseDateTime(out)
		if err != nil || !back.Equal(v) {
			t.Fatalf("%q parsed to %v, formatted %q, reparsed %v, %v", s, v, out, back, err)
		}
		_, off1 := v.Zone()
		_, off2 := back.Zone()
		if off1 != off2 {
			t.Fatalf("%q: offset changed from %d to %d", s, off1, off2)
		}
		if std, err := time.Parse(time.RFC3339Nano, s); err != nil || !std.Equal(v) {
			t.Fatalf("%q: time.Parse gives %v, %v; ParseDateTime gives %v", s, std, err, v)
		}
	})
}
