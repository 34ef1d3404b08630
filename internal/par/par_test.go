package par

import (
	"runtime"
	"testing"
)

func TestForCallsEachIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 7, 1000} {
			got := make([]int, n)
			For(n, func(i int) { got[i]++ })
			for i, c := range got {
				if c != 1 {
					t.Fatalf("GOMAXPROCS=%d n=%d: index %d called %d times", procs, n, i, c)
				}
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}
