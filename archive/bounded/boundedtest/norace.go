//go:build !race

package boundedtest

const raceEnabled = false
