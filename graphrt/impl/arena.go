package impl

import (
	"time"
	"unsafe"

	"github.com/graphdoc/graphdoc/graphrt"
)

// arena holds the values that decoded optional fields point to, a chunk
// of each type at a time: a struct with ten optional strings costs one
// allocation for their storage instead of ten. Pointers stay valid when a
// chunk fills up: the next value starts a new chunk, and the old one lives
// on as long as something points into it.
type arena struct {
	strs  []string
	times []time.Time
	bools []bool
	i32s  []int32
	i64s  []int64
	f64s  []float64
	bytes [][]byte
}

const chunk = 16

// slot appends v to a chunked slice and returns a pointer to it.
func slot[T any](s *[]T, v T) *T {
	if len(*s) == cap(*s) {
		*s = make([]T, 0, chunk)
	}
	*s = append(*s, v)
	return &(*s)[len(*s)-1]
}

// StrPtr reads an optional string member; see Ptr.
func StrPtr(d *Decoder, errs *graphrt.ValidationError, path string) (*string, error) {
	if d.Null() {
		return nil, nil
	}
	n := len(errs.Fields)
	v, err := Value(d, errs, path, (*Decoder).Str)
	if err != nil || len(errs.Fields) > n {
		return nil, err
	}
	return slot(&d.arena.strs, v), nil
}

// EnumPtr reads an optional enum member (a string type); see Ptr.
func EnumPtr[T ~string](d *Decoder, errs *graphrt.ValidationError, path string) (*T, error) {
	p, err := StrPtr(d, errs, path)
	return (*T)(unsafe.Pointer(p)), err
}

// DateTimePtr reads an optional Edm.DateTimeOffset member; see Ptr.
func DateTimePtr(d *Decoder, errs *graphrt.ValidationError, path string) (*time.Time, error) {
	return arenaPtr(d, errs, path, ReadDateTime, &d.arena.times)
}

// BoolPtr reads an optional boolean member; see Ptr.
func BoolPtr(d *Decoder, errs *graphrt.ValidationError, path string) (*bool, error) {
	return arenaPtr(d, errs, path, (*Decoder).Bool, &d.arena.bools)
}

// Int32Ptr reads an optional Int32 member; see Ptr.
func Int32Ptr(d *Decoder, errs *graphrt.ValidationError, path string) (*int32, error) {
	return arenaPtr(d, errs, path, (*Decoder).Int32, &d.arena.i32s)
}

// Int64Ptr reads an optional Int64 member; see Ptr.
func Int64Ptr(d *Decoder, errs *graphrt.ValidationError, path string) (*int64, error) {
	return arenaPtr(d, errs, path, (*Decoder).Int64, &d.arena.i64s)
}

// Float64Ptr reads an optional Double member; see Ptr.
func Float64Ptr(d *Decoder, errs *graphrt.ValidationError, path string) (*float64, error) {
	return arenaPtr(d, errs, path, (*Decoder).Float64, &d.arena.f64s)
}

// BytesPtr reads an optional Edm.Binary member; see Ptr.
func BytesPtr(d *Decoder, errs *graphrt.ValidationError, path string) (*[]byte, error) {
	return arenaPtr(d, errs, path, ReadBytes, &d.arena.bytes)
}

// arenaPtr is Ptr with the value stored in the decoder's arena.
func arenaPtr[T any](d *Decoder, errs *graphrt.ValidationError, path string, read func(*Decoder) (T, error), s *[]T) (*T, error) {
	if d.Null() {
		return nil, nil
	}
	n := len(errs.Fields)
	v, err := Value(d, errs, path, read)
	if err != nil || len(errs.Fields) > n {
		return nil, err
	}
	return slot(s, v), nil
}
