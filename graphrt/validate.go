package graphrt

import (
	"fmt"
	"strings"
)

// FieldError describes one invalid part of a request body.
type FieldError struct {
	// Path is a JSON path to the invalid value, such as
	// assignments[2].target.groupId; an empty Path means the body itself.
	Path string
	// Message describes the problem.
	Message string
}

// ValidationError collects the problems found in a request body. The zero
// value is an empty collection ready for use.
type ValidationError struct {
	// Fields holds the problems in the order they were added.
	Fields []FieldError
}

// Add records a problem with the value at path, formatting the message as
// fmt.Sprintf(format, args...) does.
func (e *ValidationError) Add(path, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

// Err returns nil if no problem was recorded, and a copy of e otherwise,
// so that a validation function can end with return errs.Err() and keep
// errs on its stack when all is well.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	c := *e
	return &c
}

// Error lists the problems in the order they were added, such as
// `invalid request body: startDateTime: invalid date-time "x"; id: required`.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid request body")
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		if f.Path != "" {
			b.WriteString(f.Path)
			b.WriteString(": ")
		}
		b.WriteString(f.Message)
	}
	return b.String()
}
