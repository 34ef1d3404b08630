package impl

import (
	"slices"
	"strings"
	"testing"
)

// FuzzRouter matches arbitrary escaped paths against the test routes.
// Matching must not panic; a match's arguments, put back into its
// template as they are, must give the decoded path (with the closing ':'
// of a spanning placeholder that ends the template added when the path
// left it out); and, escaped as Call escapes them, they must route to the
// same template with the same arguments (unless a decoded segment holds a
// '/', which a spanning placeholder's value cannot tell from a segment
// boundary).
func FuzzRouter(f *testing.F) {
	for _, tc := range rtCases {
		f.Add(tc.path)
	}
	for _, s := range []string{"", "/", "//", "%", "/%zz", "/users/%2F", "/me/drive/root:/%2Fa:", "/me/drive/root:/a%3A/b", "/users/x/findRooms(RoomList=''''''')"} {
		f.Add(s)
	}
	rt := NewRouter(&rtHandler{}, rtTestRoutes(false)).(*router[*rtHandler])
	f.Fuzz(func(t *testing.T, path string) {
		n, args := rt.lookup(path)
		if n == nil {
			return
		}
		if len(n.routes) == 0 {
			t.Fatalf("%q: matched a node without routes", path)
		}
		segs, _ := splitPath(path)
		decoded := "/" + strings.Join(segs, "/")
		for _, route := range n.routes {
			raw, err := expandPath(route.Path, args, false)
			if err != nil {
				t.Fatalf("%q: %s %q: %v", path, route.Path, args, err)
			}
			if raw != decoded && !(strings.HasSuffix(route.Path, "}:") && raw == decoded+":") {
				t.Fatalf("%q matched %s with %q, which gives %q, not %q", path, route.Path, args, raw, decoded)
			}
		}
		for _, s := range segs {
			if strings.Contains(s, "/") {
				return
			}
		}
		route := n.routes[0]
		esc, err := expandPath(route.Path, args, true)
		if err != nil {
			t.Fatalf("%q: %s %q: %v", path, route.Path, args, err)
		}
		n2, args2 := rt.lookup(esc)
		if n2 != n || !slices.Equal(args, args2) {
			r2 := "nothing"
			if n2 != nil {
				r2 = n2.routes[0].Path
			}
			t.Fatalf("%q matched %s with %q; escaped as %q it matches %s with %q", path, route.Path, args, esc, r2, args2)
		}
	})
}
