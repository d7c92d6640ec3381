//go:build !unix

package boundedexec

import (
	"os"
	"time"
)

// cpuExceeded reports false: only Unix has CPU time limits.
func cpuExceeded(st *os.ProcessState, limit time.Duration) bool { return false }

// fileSizeExceeded reports false: only Unix has file size limits.
func fileSizeExceeded(st *os.ProcessState) bool { return false }
