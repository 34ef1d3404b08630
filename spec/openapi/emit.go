package openapi

import (
	"bytes"
	"slices"
	"strings"
)

// jsonEmitter writes JSON indented by two spaces, as
// json.Encoder.SetIndent("", "  ") does.
type jsonEmitter struct {
	b     []byte
	depth int
	// first is set right after an opening bracket: the next element needs
	// no comma.
	first bool
	// afterKey is set after a key: the next value goes on the same line.
	afterKey bool
	// skipEnd records, per open container, whether it was written whole
	// ({} or []) when it began.
	skipEnd []bool
}

func (j *jsonEmitter) newline() {
	j.b = append(j.b, '\n')
	for range j.depth {
		j.b = append(j.b, ' ', ' ')
	}
}

// element starts a value: after a key it follows on the same line, in an
// array it goes on a new line after a comma.
func (j *jsonEmitter) element() {
	if j.afterKey {
		j.afterKey = false
		return
	}
	if j.depth > 0 {
		if !j.first {
			j.b = append(j.b, ',')
		}
		j.newline()
	}
	j.first = false
}

func (j *jsonEmitter) beginObject(empty bool) {
	j.element()
	if empty {
		j.b = append(j.b, '{', '}')
		j.skipEnd = append(j.skipEnd, true)
		return
	}
	j.b = append(j.b, '{')
	j.depth++
	j.first = true
	j.skipEnd = append(j.skipEnd, false)
}

func (j *jsonEmitter) key(k string) {
	if !j.first {
		j.b = append(j.b, ',')
	}
	j.first = false
	j.newline()
	j.b = quote(j.b, k)
	j.b = append(j.b, ':', ' ')
	j.afterKey = true
}

func (j *jsonEmitter) end(c byte) {
	if j.skipEnd[len(j.skipEnd)-1] {
		j.skipEnd = j.skipEnd[:len(j.skipEnd)-1]
		return
	}
	j.skipEnd = j.skipEnd[:len(j.skipEnd)-1]
	j.depth--
	j.newline()
	j.b = append(j.b, c)
	j.first = false
}

func (j *jsonEmitter) endObject() { j.end('}') }

func (j *jsonEmitter) beginArray(empty bool) {
	j.element()
	if empty {
		j.b = append(j.b, '[', ']')
		j.skipEnd = append(j.skipEnd, true)
		return
	}
	j.b = append(j.b, '[')
	j.depth++
	j.first = true
	j.skipEnd = append(j.skipEnd, false)
}

func (j *jsonEmitter) endArray() { j.end(']') }

func (j *jsonEmitter) str(s string) { j.element(); j.b = quote(j.b, s) }

func (j *jsonEmitter) num(f float64) { j.element(); j.b = formatNumber(j.b, f) }

func (j *jsonEmitter) boolean(v bool) {
	j.element()
	if v {
		j.b = append(j.b, "true"...)
	} else {
		j.b = append(j.b, "false"...)
	}
}

func (j *jsonEmitter) null() { j.element(); j.b = append(j.b, "null"...) }

func (j *jsonEmitter) bytes() []byte { return append(j.b, '\n') }

func (j *jsonEmitter) sub(buf []byte) emitter {
	return &jsonEmitter{b: buf, depth: j.depth, afterKey: true}
}

func (j *jsonEmitter) body() []byte { return j.b }

func (j *jsonEmitter) grow(n int) { j.b = slices.Grow(j.b, n) }

func (j *jsonEmitter) raw(b []byte) {
	j.afterKey = false
	j.first = false
	j.b = append(j.b, b...)
}

// yamlEmitter writes block YAML: mappings and sequences indented by two
// spaces, sequence items under their key as "  - ", scalars plain where
// that cannot be misread and JSON-quoted (valid YAML) otherwise.
type yamlEmitter struct {
	b      []byte
	frames []yamlFrame
	// afterKey is set after "key:": the value follows.
	afterKey bool
	// inline is set after "- ": the next entry or item goes on that line.
	inline bool
}

type yamlFrame struct {
	seq    bool
	empty  bool
	indent int // indentation of the frame's entries or items
}

func (y *yamlEmitter) pad(n int) {
	for range n {
		y.b = append(y.b, ' ')
	}
}

// top returns the innermost frame, or nil at the top level.
func (y *yamlEmitter) top() *yamlFrame {
	if len(y.frames) == 0 {
		return nil
	}
	return &y.frames[len(y.frames)-1]
}

// start places a value: after a key, as a sequence item ("- "), or at the
// top. It returns the indentation a nested container's entries take.
func (y *yamlEmitter) start() (childIndent int, sameLine bool) {
	f := y.top()
	switch {
	case y.afterKey:
		y.afterKey = false
		return f.indent + 2, false
	case f != nil && f.seq:
		if y.inline {
			y.inline = false
		} else {
			y.pad(f.indent)
		}
		y.b = append(y.b, '-', ' ')
		return f.indent + 2, true
	}
	return 0, false
}

// scalar writes a scalar value and ends its line.
func (y *yamlEmitter) scalar(s string) {
	y.scalarStart()
	y.b = append(y.b, s...)
	y.b = append(y.b, '\n')
}

// scalarStart writes what goes before a scalar: a space after a key, or a
// sequence item's "- ".
func (y *yamlEmitter) scalarStart() {
	f := y.top()
	if y.afterKey {
		y.afterKey = false
		y.b = append(y.b, ' ')
	} else if f != nil && f.seq {
		if y.inline {
			y.inline = false
		} else {
			y.pad(f.indent)
		}
		y.b = append(y.b, '-', ' ')
	}
}

func (y *yamlEmitter) open(seq, empty bool) {
	if empty {
		if seq {
			y.scalar("[]")
		} else {
			y.scalar("{}")
		}
		y.frames = append(y.frames, yamlFrame{empty: true})
		return
	}
	wasKey := y.afterKey
	indent, sameLine := y.start()
	if wasKey {
		y.b = append(y.b, '\n')
	}
	y.frames = append(y.frames, yamlFrame{seq: seq, indent: indent})
	y.inline = sameLine
}

func (y *yamlEmitter) beginObject(empty bool) { y.open(false, empty) }
func (y *yamlEmitter) beginArray(empty bool)  { y.open(true, empty) }
func (y *yamlEmitter) endObject()             { y.close() }
func (y *yamlEmitter) endArray()              { y.close() }

func (y *yamlEmitter) close() {
	y.frames = y.frames[:len(y.frames)-1]
	y.inline = false
}

func (y *yamlEmitter) key(k string) {
	f := y.top()
	if y.inline {
		y.inline = false
	} else {
		y.pad(f.indent)
	}
	y.b = appendYAMLScalar(y.b, k)
	y.b = append(y.b, ':')
	y.afterKey = true
}

func (y *yamlEmitter) str(s string) {
	y.scalarStart()
	y.b = appendYAMLScalar(y.b, s)
	y.b = append(y.b, '\n')
}

func (y *yamlEmitter) num(f float64) {
	y.scalarStart()
	y.b = formatNumber(y.b, f)
	y.b = append(y.b, '\n')
}
func (y *yamlEmitter) null()         { y.scalar("null") }
func (y *yamlEmitter) bytes() []byte { return y.b }
func (y *yamlEmitter) body() []byte  { return y.b }
func (y *yamlEmitter) grow(n int)    { y.b = slices.Grow(y.b, n) }

func (y *yamlEmitter) sub(buf []byte) emitter {
	return &yamlEmitter{b: buf, frames: []yamlFrame{*y.top()}, afterKey: true}
}

func (y *yamlEmitter) raw(b []byte) {
	y.afterKey = false
	y.inline = false
	y.b = append(y.b, b...)
}
func (y *yamlEmitter) boolean(v bool) {
	if v {
		y.scalar("true")
	} else {
		y.scalar("false")
	}
}

// appendYAMLScalar appends s plain when YAML reads it back as the same
// string, and as a JSON string (valid YAML) otherwise.
func appendYAMLScalar(b []byte, s string) []byte {
	if plainYAML(s) {
		return append(b, s...)
	}
	return quote(b, s)
}

// yamlWords are the plain scalars YAML 1.1 reads as booleans, null or
// numbers, in any case.
var yamlWords = []string{"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"}

// plainByte marks the bytes a plain scalar may hold: letters, digits and
// _ / . - space $ ( ) ,
var plainByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
	}
	for _, c := range []byte("_/.- $(),") {
		t[c] = true
	}
	return t
}()

// plainYAML reports whether s can be written as a plain YAML scalar:
// letters, digits and a few safe marks, not starting with an indicator,
// and not a word YAML reads as a boolean, null or number.
func plainYAML(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	c := s[0]
	if !(c == '_' || c == '/' || (c|0x20 >= 'a' && c|0x20 <= 'z')) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !plainByte[s[i]] {
			return false
		}
	}
	if len(s) <= 5 {
		for _, w := range yamlWords {
			if strings.EqualFold(s, w) {
				return false
			}
		}
	}
	return true
}

// newEmitter returns the emitter of a format.
func newEmitter(f Format) emitter {
	if f == JSON {
		return &jsonEmitter{}
	}
	return &yamlEmitter{b: bytes.Clone([]byte(YAMLHeader + "\n"))}
}
