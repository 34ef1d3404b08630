package graphrt

import (
	"math"
	"testing"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want Duration
		str  string // String of the result
		ok   bool
	}{
		{"PT0S", Duration{}, "PT0S", true},
		{"P0D", Duration{}, "PT0S", true},
		{"P1D", Duration{Days: 1}, "P1D", true},
		{"PT1.5S", Duration{Seconds: 1.5}, "PT1.5S", true},
		{"PT0.0000001S", Duration{Seconds: 1e-7}, "PT0.0000001S", true},
		{"-PT30M", Duration{Negative: true, Minutes: 30}, "-PT30M", true},
		{"-PT0S", Duration{Negative: true}, "-PT0S", true},
		{"P1Y2M3DT4H5M6.75S", Duration{false, 1, 2, 3, 4, 5, 6.75}, "P1Y2M3DT4H5M6.75S", true},
		{"P1M", Duration{Months: 1}, "P1M", true},
		{"PT1M", Duration{Minutes: 1}, "PT1M", true},
		{"P2YT12H", Duration{Years: 2, Hours: 12}, "P2YT12H", true},
		{"P007D", Duration{Days: 7}, "P7D", true},
		{"PT36H", Duration{Hours: 36}, "PT36H", true},
		{"PT100000000000000000000S", Duration{Seconds: 1e20}, "PT100000000000000000000S", true},
		{"P", Duration{}, "", false},
		{"PT", Duration{}, "", false},
		{"-P", Duration{}, "", false},
		{"P1DT", Duration{}, "", false},
		{"", Duration{}, "", false},
		{"1D", Duration{}, "", false},
		{"+P1D", Duration{}, "", false},
		{"P1W", Duration{}, "", false},
		{"P1.5D", Duration{}, "", false},
		{"PT1.5H", Duration{}, "", false},
		{"PT.5S", Duration{}, "", false},
		{"PT1.S", Duration{}, "", false},
		{"PT1,5S", Duration{}, "", false},
		{"P1D1Y", Duration{}, "", false},
		{"PT1S1M", Duration{}, "", false},
		{"P1Y1Y", Duration{}, "", false},
		{"P1H", Duration{}, "", false},
		{"PT1D", Duration{}, "", false},
		{"PT1H2", Duration{}, "", false},
		{"PTT1H", Duration{}, "", false},
		{"P1DTT1H", Duration{}, "", false},
		{"PD", Duration{}, "", false},
		{"P-1D", Duration{}, "", false},
		{"p1d", Duration{}, "", false},
		{"P99999999999999999999D", Duration{}, "", false},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDuration(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if !tt.ok {
			continue
		}
		if s := got.String(); s != tt.str {
			t.Errorf("String() = %q, want %q", s, tt.str)
		}
		text, err := got.MarshalText()
		var back Duration
		if err != nil || back.UnmarshalText(text) != nil || back != got {
			t.Errorf("text round trip of %+v: %q, %v, %+v", got, text, err, back)
		}
	}
	var d Duration
	if err := d.UnmarshalText([]byte("P")); err == nil || err.Error() != `invalid duration "P", want ISO 8601 like P1DT2H30M or PT1.5S` {
		t.Errorf("UnmarshalText error = %v", err)
	}
}

func TestDurationMarshalTextRejects(t *testing.T) {
	tests := []Duration{
		{Days: -1},
		{Seconds: -0.5},
		{Seconds: math.Inf(1)},
		{Seconds: math.NaN()},
	}
	for _, d := range tests {
		if text, err := d.MarshalText(); err == nil {
			t.Errorf("MarshalText(%+v) = %q, want an error", d, text)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{
		"PT0S", "P1D", "PT1.5S", "-P1Y2M3DT4H5M6.789S", "P", "PT", "PT1e5S",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		out := d.String()
		back, err := ParseDuration(out)
		if err != nil || back != d {
			t.Fatalf("%q parsed to %+v, formatted %q, reparsed %+v, %v", s, d, out, back, err)
		}
		if text, err := d.MarshalText(); err != nil || string(text) != out {
			t.Fatalf("MarshalText(%+v) = %q, %v; String gives %q", d, text, err, out)
		}
	})
}
