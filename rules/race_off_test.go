//go:build !race

package rules

// raceEnabled says the tests run with the race detector, under which
// sync.Pool drops objects at random: allocation counts vary.
const raceEnabled = false
