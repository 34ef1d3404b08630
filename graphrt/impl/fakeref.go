package impl

import (
	"context"
	"encoding/json"
	"io"
)

// FakeRef returns the target of a $ref request body for fake.Store.AddRef
// and SetRef: its "@odata.id", as Graph reads it. The generated body type
// (often the referenced entity, such as directoryObject) seldom has that
// member, so it is read from the body as sent when ctx carries the request
// (served by NewRouter, whose ReadRefBody keeps it), else from body encoded;
// without one, the body's "id" (a generated client's &DirectoryObject{Id:
// ...}) names the object. "" when there is neither: the store refuses it.
func FakeRef(ctx context.Context, body any) string {
	pick := func(data []byte) string {
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) != nil {
			return ""
		}
		for _, k := range [...]string{"@odata.id", "id"} {
			var s string
			if json.Unmarshal(m[k], &s) == nil && s != "" {
				return s
			}
		}
		return ""
	}
	if r := RequestFrom(ctx); r != nil && r.GetBody != nil {
		if rc, err := r.GetBody(); err == nil {
			data, err := io.ReadAll(rc)
			rc.Close()
			if t := pick(data); err == nil && t != "" {
				return t
			}
		}
	}
	if body == nil {
		return ""
	}
	data, err := json.Marshal(body)
	if err != nil {
		return ""
	}
	return pick(data)
}
