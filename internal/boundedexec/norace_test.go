//go:build !race

package boundedexec

const raceEnabled = false
