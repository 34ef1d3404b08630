package impl

import "strconv"

// Join returns the path of member name within the value at path base:
// Join("", "a") is "a" and Join("a", "b") is "a.b".
func Join(base, name string) string {
	if base == "" {
		return name
	}
	return base + "." + name
}

// Index returns the path of element i within the array at path base:
// Index("a", 2) is "a[2]".
func Index(base string, i int) string {
	return base + "[" + strconv.Itoa(i) + "]"
}
