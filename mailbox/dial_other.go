//go:build !linux

package mailbox

import "syscall"

// setUserTimeout does nothing where TCP_USER_TIMEOUT does not exist:
// keepalive and the watcher's own liveness check remain.
func setUserTimeout(network, address string, rc syscall.RawConn) error { return nil }
