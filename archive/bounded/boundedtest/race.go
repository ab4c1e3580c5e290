//go:build race

package boundedtest

const raceEnabled = true
