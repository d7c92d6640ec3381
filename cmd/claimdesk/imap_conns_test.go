package main

import (
	"bufio"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// imapConns counts the established TCP connections process pid holds to
// the IMAP servers of boxes, from /proc: its sockets' inodes, matched to
// the kernel's table of TCP connections by inode and remote port.
func imapConns(t testing.TB, pid int, boxes []testenv.DovecotServer) int {
	t.Helper()
	ports := map[uint64]bool{}
	for _, b := range boxes {
		_, port, err := net.SplitHostPort(b.Addr)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := strconv.ParseUint(port, 10, 16)
		ports[p] = true
	}
	proc := filepath.Join("/proc", strconv.Itoa(pid))
	fds, err := os.ReadDir(filepath.Join(proc, "fd"))
	if err != nil {
		t.Fatal(err)
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join(proc, "fd", fd.Name()))
		if inode, ok := strings.CutPrefix(link, "socket:["); err == nil && ok {
			inodes[strings.TrimSuffix(inode, "]")] = true
		}
	}
	n := 0
	for _, table := range []string{"tcp", "tcp6"} {
		f, err := os.Open(filepath.Join(proc, "net", table))
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[3] != "01" || !inodes[fields[9]] {
				continue
			}
			_, port, ok := strings.Cut(fields[2], ":")
			if p, err := strconv.ParseUint(port, 16, 16); ok && err == nil && ports[p] {
				n++
			}
		}
		f.Close()
	}
	return n
}
