//go:build unix

package boundedexec

import (
	"os"
	"syscall"
	"time"
)

// cpuExceeded reports whether the kernel ended the program for its CPU
// time: SIGXCPU at the soft limit, or SIGKILL at the hard one a second
// later for a program that catches SIGXCPU.
func cpuExceeded(st *os.ProcessState, limit time.Duration) bool {
	ws, ok := st.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return false
	}
	return ws.Signal() == syscall.SIGXCPU || (ws.Signal() == syscall.SIGKILL && st.UserTime()+st.SystemTime() >= limit)
}

// fileSizeExceeded reports whether the kernel ended the program for
// writing a file past its size limit (SIGXFSZ).
func fileSizeExceeded(st *os.ProcessState) bool {
	ws, ok := st.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGXFSZ
}
