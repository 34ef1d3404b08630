package graphrt

import (
	"errors"
	"strconv"
	"time"
)

// formatError reports a string that is not in the expected Edm format.
type formatError struct {
	what  string // such as "date"
	value string
	want  string // an example of the expected format
}

func (e *formatError) Error() string {
	v := e.value
	if len(v) > 64 {
		v = v[:64] + "..."
	}
	return "invalid " + e.what + " " + strconv.Quote(v) + ", want " + e.want
}

// ParseDateTime parses an Edm.DateTimeOffset: an RFC 3339 date-time with
// optional fractional seconds of up to nine digits and a Z or ±hh:mm offset,
// such as 2016-12-31T23:58:46.7156189-08:00. A zero offset yields a time in
// UTC; any other offset yields a time in a fixed zone.
func ParseDateTime(s string) (time.Time, error) {
	bad := func() (time.Time, error) {
		return time.Time{}, &formatError{"date-time", s, "RFC 3339 like 2016-12-31T23:58:46.7156189-08:00"}
	}
	if len(s) < len("2006-01-02T15:04:05Z") || s[10] != 'T' {
		return bad()
	}
	date, ok := parseDate(s[:10])
	if !ok {
		return bad()
	}
	tod, n, ok := parseClock(s[11:], true)
	if !ok {
		return bad()
	}
	zone := s[11+n:]
	loc := time.UTC
	switch {
	case zone == "Z":
	case len(zone) == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':':
		h, ok1 := atoi2(zone[1:3])
		m, ok2 := atoi2(zone[4:6])
		if !ok1 || !ok2 || h > 23 || m > 59 {
			return bad()
		}
		off := (h*60 + m) * 60
		if zone[0] == '-' {
			off = -off
		}
		if off != 0 {
			loc = time.FixedZone("", off)
		}
	default:
		return bad()
	}
	return time.Date(date.Year, date.Month, date.Day,
		tod.Hour, tod.Minute, tod.Second, tod.Nanosecond, loc), nil
}

// Date is an Edm.Date: a calendar date without a time zone.
type Date struct {
	// Year is the year, from 0 to 9999.
	Year int
	// Month is the month of the year.
	Month time.Month
	// Day is the day of the month, starting at 1.
	Day int
}

// ParseDate parses an Edm.Date such as 2006-01-02, rejecting dates that do
// not exist, such as 2023-02-30.
func ParseDate(s string) (Date, error) {
	d, ok := parseDate(s)
	if !ok {
		return Date{}, &formatError{"date", s, "a calendar date like 2006-01-02"}
	}
	return d, nil
}

func parseDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	y1, ok1 := atoi2(s[0:2])
	y2, ok2 := atoi2(s[2:4])
	m, ok3 := atoi2(s[5:7])
	d := Date{Year: y1*100 + y2, Month: time.Month(m)}
	var ok4 bool
	d.Day, ok4 = atoi2(s[8:10])
	return d, ok1 && ok2 && ok3 && ok4 && d.valid()
}

func (d Date) valid() bool {
	return d.Year >= 0 && d.Year <= 9999 && d.Month >= time.January &&
		d.Month <= time.December && d.Day >= 1 && d.Day <= daysIn(d.Month, d.Year)
}

func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// String returns the date in the form 2006-01-02.
func (d Date) String() string {
	return string(d.appendTo(make([]byte, 0, 10)))
}

func (d Date) appendTo(b []byte) []byte {
	b = appendPadded(b, d.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(d.Month), 2)
	b = append(b, '-')
	return appendPadded(b, d.Day, 2)
}

// MarshalText returns the date in the form 2006-01-02, or an error if the
// date does not exist.
func (d Date) MarshalText() ([]byte, error) {
	if !d.valid() {
		return nil, errors.New("graphrt: invalid Date " + d.String())
	}
	return d.appendTo(make([]byte, 0, 10)), nil
}

// UnmarshalText parses a date in the form 2006-01-02.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// TimeOfDay is an Edm.TimeOfDay: a clock time without a date or time zone.
type TimeOfDay struct {
	// Hour is from 0 to 23.
	Hour int
	// Minute is from 0 to 59.
	Minute int
	// Second is from 0 to 59.
	Second int
	// Nanosecond is from 0 to 999999999.
	Nanosecond int
}

// ParseTimeOfDay parses an Edm.TimeOfDay of the form hh:mm[:ss[.fffffff]],
// with up to nine fractional digits.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	t, n, ok := parseClock(s, false)
	if !ok || n != len(s) {
		return TimeOfDay{}, &formatError{"time of day", s, "hh:mm[:ss[.fffffff]]"}
	}
	return t, nil
}

// parseClock parses hh:mm:ss[.fffffffff] at the start of s, or hh:mm alone
// unless needSeconds, and returns the number of bytes used.
func parseClock(s string, needSeconds bool) (TimeOfDay, int, bool) {
	var t TimeOfDay
	if len(s) < 5 || s[2] != ':' {
		return t, 0, false
	}
	h, ok1 := atoi2(s[0:2])
	m, ok2 := atoi2(s[3:5])
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return t, 0, false
	}
	t.Hour, t.Minute = h, m
	if len(s) == 5 || s[5] != ':' {
		return t, 5, !needSeconds
	}
	sec, ok := 0, false
	if len(s) >= 8 {
		sec, ok = atoi2(s[6:8])
	}
	if !ok || sec > 59 {
		return t, 0, false
	}
	t.Second = sec
	n := 8
	if n < len(s) && s[n] == '.' {
		n++
		scale := int(time.Second)
		for n < len(s) && isDigit(s[n]) {
			if scale == 1 {
				return t, 0, false // more than nine digits
			}
			scale /= 10
			t.Nanosecond += int(s[n]-'0') * scale
			n++
		}
		if n == 9 {
			return t, 0, false // no digits after the point
		}
	}
	return t, n, true
}

func (t TimeOfDay) valid() bool {
	return t.Hour >= 0 && t.Hour <= 23 && t.Minute >= 0 && t.Minute <= 59 &&
		t.Second >= 0 && t.Second <= 59 && t.Nanosecond >= 0 && t.Nanosecond < int(time.Second)
}

// String returns the time in the form 15:04:05, followed by a fraction with
// trailing zeros removed when Nanosecond is not zero.
func (t TimeOfDay) String() string {
	return string(t.appendTo(make([]byte, 0, 18)))
}

func (t TimeOfDay) appendTo(b []byte) []byte {
	b = appendPadded(b, t.Hour, 2)
	b = append(b, ':')
	b = appendPadded(b, t.Minute, 2)
	b = append(b, ':')
	b = appendPadded(b, t.Second, 2)
	if ns := t.Nanosecond; ns != 0 {
		b = append(b, '.')
		digits := 9
		for ns%10 == 0 {
			ns /= 10
			digits--
		}
		b = appendPadded(b, ns, digits)
	}
	return b
}

// MarshalText returns the time as String does, or an error if a field is
// out of range.
func (t TimeOfDay) MarshalText() ([]byte, error) {
	if !t.valid() {
		return nil, errors.New("graphrt: invalid TimeOfDay " + t.String())
	}
	return t.appendTo(make([]byte, 0, 18)), nil
}

// UnmarshalText parses a time of the form hh:mm[:ss[.fffffff]].
func (t *TimeOfDay) UnmarshalText(b []byte) error {
	v, err := ParseTimeOfDay(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// ValidGUID reports whether s is an Edm.Guid: 32 hexadecimal digits of either
// case grouped 8-4-4-4-12 by hyphens, without braces.
func ValidGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// ValidBase64 reports whether s is an Edm.Binary: standard base64 with
// padding, as accepted by encoding/base64.StdEncoding, without line breaks.
func ValidBase64(s string) bool {
	n := len(s)
	if n%4 != 0 {
		return false
	}
	if n > 0 && s[n-1] == '=' {
		n--
		if s[n-1] == '=' {
			n--
		}
	}
	for i := 0; i < n; i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool {
	return '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// atoi2 parses exactly two decimal digits.
func atoi2(s string) (int, bool) {
	if !isDigit(s[0]) || !isDigit(s[1]) {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// appendPadded appends v in decimal, zero-padded to width digits.
func appendPadded(b []byte, v, width int) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = uint64(-v)
	}
	var buf [24]byte
	i := len(buf)
	for (u >= 10 || width > 1) && i > 1 {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		width--
	}
	i--
	buf[i] = byte('0' + u)
	return append(b, buf[i:]...)
}
