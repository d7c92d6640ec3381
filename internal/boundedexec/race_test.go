//go:build race

package boundedexec

// raceEnabled: the race detector maps terabytes of shadow memory, so a
// race-built test binary cannot start under a memory limit.
const raceEnabled = true
