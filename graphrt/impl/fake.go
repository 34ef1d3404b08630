package impl

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
)

// FakePath substitutes values, path-escaped, for the placeholders of a
// path template in order: FakePath("/users/{user-id}/messages", "42") is
// "/users/42/messages".
func FakePath(template string, values ...string) string {
	var b strings.Builder
	for _, v := range values {
		i := strings.IndexByte(template, '{')
		j := strings.IndexByte(template[i+1:], '}')
		if i < 0 || j < 0 {
			break
		}
		b.WriteString(template[:i])
		b.WriteString(url.PathEscape(v))
		template = template[i+1+j+1:]
	}
	b.WriteString(template)
	return b.String()
}

// FakeNotImplemented is the error a fake answers an operation with when
// it only stores entities: actions, functions, and reads or writes of
// anything but a collection or one of its members: 501 NotImplemented.
func FakeNotImplemented(method, path, kind string) *graphrt.Error {
	return &graphrt.Error{StatusCode: http.StatusNotImplemented, Code: "NotImplemented", Message: fmt.Sprintf("the fake Graph does not implement %s %s (%s)", method, path, kind)}
}
