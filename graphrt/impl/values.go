package impl

import (
	"math"
	"strconv"

	"github.com/graphdoc/graphdoc/graphrt"
)

// Bool decodes the next value, which must be true or false.
func (d *Decoder) Bool() (bool, error) {
	d.skipWS()
	rest := d.data[d.pos:]
	switch {
	case hasLiteral(rest, "true"):
		d.pos += 4
		return true, nil
	case hasLiteral(rest, "false"):
		d.pos += 5
		return false, nil
	}
	return false, d.kindError(graphrt.Bool)
}

// Str decodes the next value, which must be a string. It resolves escape
// sequences, including UTF-16 surrogate pairs; a lone surrogate becomes
// U+FFFD, as in encoding/json. The result is the only allocation.
func (d *Decoder) Str() (string, error) {
	d.skipWS()
	if d.pos >= len(d.data) || d.data[d.pos] != '"' {
		return "", d.kindError(graphrt.String)
	}
	start := d.pos
	end, esc, err := d.scanString(start)
	if err != nil {
		return "", err
	}
	d.pos = end
	raw := d.data[start+1 : end-1]
	if !esc {
		if d.owned != "" {
			return d.owned[start+1 : end-1], nil
		}
		return string(raw), nil
	}
	d.buf = appendUnescaped(d.buf[:0], raw)
	return string(d.buf), nil
}

// Int64 decodes the next value, which must be a number with an integral
// value in the range of int64. Integral values written with a fraction or an
// exponent, such as 1.0 or 1e3, are accepted.
func (d *Decoder) Int64() (int64, error) {
	return d.integer(math.MinInt64, math.MaxInt64, "int64")
}

// Int32 decodes the next value, which must be a number with an integral
// value in the range of int32.
func (d *Decoder) Int32() (int32, error) {
	v, err := d.integer(math.MinInt32, math.MaxInt32, "int32")
	return int32(v), err
}

// Int16 decodes the next value, which must be a number with an integral
// value in the range of int16.
func (d *Decoder) Int16() (int16, error) {
	v, err := d.integer(math.MinInt16, math.MaxInt16, "int16")
	return int16(v), err
}

// Int8 decodes the next value, which must be a number with an integral
// value in the range of int8 (Edm.SByte).
func (d *Decoder) Int8() (int8, error) {
	v, err := d.integer(math.MinInt8, math.MaxInt8, "int8")
	return int8(v), err
}

// Uint8 decodes the next value, which must be a number with an integral
// value from 0 to 255. It is the Go type of Graph's Edm.Byte.
func (d *Decoder) Uint8() (uint8, error) {
	v, err := d.integer(0, math.MaxUint8, "uint8")
	return uint8(v), err
}

// Float64 decodes the next value, which must be a number within the range
// of float64.
func (d *Decoder) Float64() (float64, error) {
	return d.float(64, "float64")
}

// Float32 decodes the next value, which must be a number within the range
// of float32.
func (d *Decoder) Float32() (float32, error) {
	v, err := d.float(32, "float32")
	return float32(v), err
}

// number validates the next value as a number and returns its bytes without
// consuming them.
func (d *Decoder) number() ([]byte, error) {
	d.skipWS()
	if d.pos >= len(d.data) || kindOf[d.data[d.pos]] != graphrt.Number {
		return nil, d.kindError(graphrt.Number)
	}
	end, err := d.scanNumber(d.pos)
	if err != nil {
		return nil, err
	}
	return d.data[d.pos:end], nil
}

func (d *Decoder) integer(lo, hi int64, name string) (int64, error) {
	tok, err := d.number()
	if err != nil {
		return 0, err
	}
	v, ok := parseInt(tok)
	if !ok || v < lo || v > hi {
		return 0, &graphrt.NumberError{Offset: d.pos, Num: string(tok), Want: name}
	}
	d.pos += len(tok)
	return v, nil
}

func (d *Decoder) float(bits int, name string) (float64, error) {
	tok, err := d.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseFloat(string(tok), bits)
	if err != nil {
		return 0, &graphrt.NumberError{Offset: d.pos, Num: string(tok), Want: name}
	}
	d.pos += len(tok)
	return v, nil
}

// parseInt returns the value of tok, a valid JSON number, if it is an
// integer in the range of int64.
func parseInt(tok []byte) (int64, bool) {
	neg := tok[0] == '-'
	digits := tok
	if neg {
		digits = tok[1:]
	}
	if len(digits) <= 18 {
		var v int64
		for _, c := range digits {
			if !isDigit(c) {
				return parseIntSlow(digits, neg)
			}
			v = v*10 + int64(c-'0')
		}
		if neg {
			v = -v
		}
		return v, true
	}
	return parseIntSlow(digits, neg)
}

// parseIntSlow handles long numbers and those with a fraction or an exponent
// using exact decimal arithmetic.
func parseIntSlow(num []byte, neg bool) (int64, bool) {
	i := 0
	for i < len(num) && isDigit(num[i]) {
		i++
	}
	ip, rest := num[:i], num[i:]
	var fp []byte
	if len(rest) > 0 && rest[0] == '.' {
		j := 1
		for j < len(rest) && isDigit(rest[j]) {
			j++
		}
		fp, rest = rest[1:j], rest[j:]
	}
	exp := 0
	if len(rest) > 0 { // exponent: e or E, optional sign, digits
		rest = rest[1:]
		expNeg := rest[0] == '-'
		if rest[0] == '-' || rest[0] == '+' {
			rest = rest[1:]
		}
		for _, c := range rest {
			if exp < 1e6 { // larger exponents overflow or leave a fraction anyway
				exp = exp*10 + int(c-'0')
			}
		}
		if expNeg {
			exp = -exp
		}
	}
	// The value is the digits of ip and fp times 10^(exp-len(fp)).
	n := len(ip) + len(fp)
	digit := func(k int) byte {
		if k < len(ip) {
			return ip[k] - '0'
		}
		return fp[k-len(ip)] - '0'
	}
	exp -= len(fp)
	lo, hi := 0, n
	for lo < hi && digit(lo) == 0 {
		lo++
	}
	for hi > lo && digit(hi-1) == 0 {
		hi--
		exp++
	}
	if lo == hi {
		return 0, true
	}
	if exp < 0 || hi-lo+exp > 19 {
		return 0, false
	}
	var u uint64
	for k := lo; k < hi; k++ {
		u = u*10 + uint64(digit(k))
	}
	for ; exp > 0; exp-- {
		if u > math.MaxUint64/10 {
			return 0, false
		}
		u *= 10
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u-1) - 1, true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}
