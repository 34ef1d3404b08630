package fake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/graphdoc/graphdoc/graphrt"
)

// ETag is the @odata.etag the store writes on version n of an object:
// W/"n". An object has an etag when its type (the value given to Create,
// Update or Replace) has an @odata.etag member (a field tagged
// json:"@odata.etag"); its first version is 1, and every update or
// replace adds one.
//
// UpdateIf, ReplaceIf and DeleteIf check a request's If-Match against
// it, as Graph does: "*" matches any object, otherwise one of the
// header's comma-separated etags must be the object's (W/ prefixes are
// ignored on both sides, and so are quotes around the value), or the
// request fails with 412 PreconditionFailed. Without If-Match, or with no
// request (a fake called in process), or for an object without an etag,
// nothing is checked.
func ETag(n uint64) string {
	return `W/"` + strconv.FormatUint(n, 10) + `"`
}

// CodePreconditionFailed is the error code of a 412.
const CodePreconditionFailed = "PreconditionFailed"

// hasETag reports whether a value's type has an @odata.etag member.
func hasETag(t reflect.Type) bool {
	if t == nil {
		return false
	}
	_, ok := schemaOf(t)["@odata.etag"]
	return ok
}

// bump gives the object with the id its next version when it has an
// etag or typed says its type has one; c's store's mu is held.
func (c *entitySet) bump(id string, obj map[string]json.RawMessage, typed bool) {
	n, tracked := c.ver[id]
	if !tracked && !typed {
		return
	}
	if c.ver == nil {
		c.ver = map[string]uint64{}
	}
	n++
	c.ver[id] = n
	obj["@odata.etag"], _ = json.Marshal(ETag(n))
}

// ifMatch checks r's If-Match against a stored object's @odata.etag.
func ifMatch(r *http.Request, obj map[string]json.RawMessage, collection, id string) error {
	if r == nil {
		return nil
	}
	header := r.Header.Values("If-Match")
	if len(header) == 0 {
		return nil
	}
	etag := stringMember(obj, "@odata.etag")
	if etag == "" {
		return nil
	}
	want := bareETag(etag)
	for _, h := range header {
		for t := range strings.SplitSeq(h, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || bareETag(t) == want {
				return nil
			}
		}
	}
	return &graphrt.Error{StatusCode: http.StatusPreconditionFailed, Code: CodePreconditionFailed,
		Message: fmt.Sprintf("the object with id %q in %s has changed: its @odata.etag is %s, If-Match asks for %s", id, collection, etag, strings.Join(header, ", "))}
}

// bareETag strips an etag's W/ and quotes: W/"3" is 3.
func bareETag(t string) string {
	t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
	return strings.Trim(t, `"`)
}
