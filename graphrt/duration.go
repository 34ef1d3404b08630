package graphrt

import (
	"errors"
	"math"
	"strconv"
)

// Duration is an Edm.Duration: an ISO 8601 duration such as P1DT2H or
// -PT1.5S. The fields keep the components as written; they are not
// normalized, because months and years have no fixed length.
type Duration struct {
	// Negative reports a leading minus sign.
	Negative bool
	// Years is the number of years.
	Years int
	// Months is the number of months.
	Months int
	// Days is the number of days.
	Days int
	// Hours is the number of hours.
	Hours int
	// Minutes is the number of minutes.
	Minutes int
	// Seconds is the number of seconds, which may have a fraction.
	Seconds float64
}

// ParseDuration parses an ISO 8601 duration of the form
// [-]PnYnMnDTnHnMnS. Each component is optional, but at least one must be
// present, and a T must be followed by at least one time component. Only
// the seconds may have a fraction, as in PT1.5S. Weeks are not accepted.
func ParseDuration(s string) (Duration, error) {
	d, ok := parseDuration(s)
	if !ok {
		return Duration{}, &formatError{"duration", s, "ISO 8601 like P1DT2H30M or PT1.5S"}
	}
	return d, nil
}

func parseDuration(s string) (Duration, bool) {
	var d Duration
	i := 0
	if i < len(s) && s[i] == '-' {
		d.Negative = true
		i++
	}
	if i >= len(s) || s[i] != 'P' {
		return d, false
	}
	i++
	if i == len(s) {
		return d, false
	}
	inTime := false
	last := byte(0) // the previous designator, to enforce order
	for i < len(s) {
		if s[i] == 'T' {
			if inTime || i+1 == len(s) {
				return d, false
			}
			inTime = true
			last = 0
			i++
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start || i == len(s) {
			return d, false
		}
		frac := s[i] == '.'
		if frac {
			i++
			fracStart := i
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			if i == fracStart || i == len(s) || !inTime || s[i] != 'S' {
				return d, false
			}
		}
		num, unit := s[start:i], s[i]
		i++
		if !inTime {
			if !designatorAfter("YMD", last, unit) {
				return d, false
			}
		} else if !designatorAfter("HMS", last, unit) {
			return d, false
		}
		last = unit
		if inTime && unit == 'S' {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return d, false
			}
			d.Seconds = v
			continue
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return d, false
		}
		switch {
		case !inTime && unit == 'Y':
			d.Years = v
		case !inTime && unit == 'M':
			d.Months = v
		case !inTime:
			d.Days = v
		case unit == 'H':
			d.Hours = v
		default:
			d.Minutes = v
		}
	}
	return d, true
}

// designatorAfter reports whether unit is one of order and comes after last,
// which is zero at the start of the date or time part.
func designatorAfter(order string, last, unit byte) bool {
	u := -1
	l := -1
	for k := 0; k < len(order); k++ {
		if order[k] == unit {
			u = k
		}
		if order[k] == last {
			l = k
		}
	}
	return u > l
}

// String returns the duration in ISO 8601 form, omitting zero components;
// the zero duration is PT0S.
func (d Duration) String() string {
	b := make([]byte, 0, 32)
	if d.Negative {
		b = append(b, '-')
	}
	b = append(b, 'P')
	empty := true
	add := func(v int, unit byte) {
		if v != 0 {
			b = strconv.AppendInt(b, int64(v), 10)
			b = append(b, unit)
			empty = false
		}
	}
	add(d.Years, 'Y')
	add(d.Months, 'M')
	add(d.Days, 'D')
	if d.Hours != 0 || d.Minutes != 0 || d.Seconds != 0 {
		b = append(b, 'T')
		add(d.Hours, 'H')
		add(d.Minutes, 'M')
		if d.Seconds != 0 {
			b = strconv.AppendFloat(b, d.Seconds, 'f', -1, 64)
			b = append(b, 'S')
		}
	}
	if empty && d.Seconds == 0 {
		b = append(b, "T0S"...)
	}
	return string(b)
}

// MarshalText returns the duration as String does, or an error if a
// component is negative or the seconds are not finite.
func (d Duration) MarshalText() ([]byte, error) {
	if d.Years < 0 || d.Months < 0 || d.Days < 0 || d.Hours < 0 || d.Minutes < 0 ||
		d.Seconds < 0 || math.IsInf(d.Seconds, 0) || math.IsNaN(d.Seconds) {
		return nil, errors.New("graphrt: invalid Duration " + d.String())
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses an ISO 8601 duration as ParseDuration does.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
