//go:build !race

package impl_test

// raceEnabled is set when the race detector runs, which makes sync.Pool
// drop what it is given at random: allocation counts do not hold.
const raceEnabled = false
