// Package pgcluster runs a private PostgreSQL server from the system's
// PostgreSQL binaries: claimdesk's database when no CLAIMDESK_DATABASE_URL is
// given, and the test harness's database server.
//
// The cluster listens on a unix socket only, in a directory no other user can
// enter, so it can trust local connections without a password and never
// competes for a TCP port.
package pgcluster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Superuser is the role initdb creates; claimdesk connects as it.
const Superuser = "claimdesk"

// Options tune a cluster. The zero value suits production.
type Options struct {
	// NoFsync turns off fsync and synchronous commit: for tests only, where
	// a crash loses nothing of value and speed matters.
	NoFsync bool
	// StartTimeout bounds how long Start waits for the server to accept
	// connections. Default 60s.
	StartTimeout time.Duration
	// DieWithParent stops the server when this process dies, even by
	// SIGKILL: for tests, whose binaries a timeout kills. (claimdesk itself
	// stops it on exit, and restarts an orphan found at start.)
	DieWithParent bool
	// Settings are further server settings, name=value, each passed as
	// postgres -c: the test harness turns statement statistics on with them.
	Settings []string
}

// Cluster is a running private PostgreSQL server.
type Cluster struct {
	dir       string // holds data/, run/ and postgres.log
	socketDir string
	cmd       *exec.Cmd // nil when attached to another process's server
	exited    chan struct{}
	lock      *os.File
}

// attach returns the cluster another process runs in dir.
func attach(ctx context.Context, dir string) (*Cluster, error) {
	c := &Cluster{dir: dir, socketDir: filepath.Join(dir, "run")}
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return nil, fmt.Errorf("database directory %s is in use by another claimdesk process, whose database does not answer: %w", dir, err)
	}
	conn.Close(ctx)
	return c, nil
}

// Start initializes a cluster under dir on first use and starts it. When
// another claimdesk process runs the cluster already (claimdesk serve, while
// an operator runs a command), Start attaches to it instead, and Stop leaves
// it running.
func Start(ctx context.Context, dir string, opts Options) (*Cluster, error) {
	opts.StartTimeout = cmp.Or(opts.StartTimeout, 60*time.Second)
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	owner, err := serverUser()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	lock, err := lockDir(dir)
	if errors.Is(err, errInUse) {
		return attach(ctx, dir)
	}
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, socketDir: filepath.Join(dir, "run"), lock: lock, exited: make(chan struct{})}
	if err := c.start(ctx, bin, owner, opts); err != nil {
		lock.Close()
		return nil, err
	}
	return c, nil
}

// start initializes the cluster's data on first use, starts its server
// and waits until it accepts connections.
func (c *Cluster) start(ctx context.Context, bin string, owner *credential, opts Options) error {
	data := filepath.Join(c.dir, "data")
	if err := c.initData(ctx, bin, owner, data); err != nil {
		return err
	}
	stopOrphan(data)
	logPath := filepath.Join(c.dir, "postgres.log")
	if err := c.launch(bin, owner, serverArgs(data, c.socketDir, opts), logPath, opts.DieWithParent); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.StartTimeout)
	defer cancel()
	if err := c.waitReady(ctx); err != nil {
		_ = c.Stop(context.Background())
		log, _ := os.ReadFile(logPath)
		return fmt.Errorf("postgres did not start: %w: %s", err, lastLines(string(log), 5))
	}
	return nil
}

// initData makes the cluster's directories, owned by owner (nil: this
// process's user), and runs initdb on data unless it holds a cluster.
func (c *Cluster) initData(ctx context.Context, bin string, owner *credential, data string) error {
	for _, d := range []string{data, c.socketDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
	}
	if owner != nil {
		if err := owner.chownTree(c.dir); err != nil {
			return err
		}
		if err := owner.checkReachable(c.dir); err != nil {
			return err
		}
	}
	if _, err := os.Stat(filepath.Join(data, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		out, err := owner.command(ctx, filepath.Join(bin, "initdb"),
			"-D", data, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8").CombinedOutput()
		if err != nil {
			return fmt.Errorf("initdb %s: %w: %s", data, err, lastLines(string(out), 5))
		}
	}
	return nil
}

// serverArgs are the arguments of postgres for data, listening on
// socketDir alone.
func serverArgs(data, socketDir string, opts Options) []string {
	args := []string{"-D", data, "-k", socketDir, "-c", "listen_addresses=", "-c", "unix_socket_permissions=0700",
		// A new office's first backfill fills its tables from nothing in
		// a minute or two: analyzed once a minute, as by default, they keep
		// the plans made while they were empty (whole-table reads, the
		// wrong index) for most of it.
		"-c", "autovacuum_naptime=10s"}
	if opts.NoFsync {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	for _, s := range opts.Settings {
		args = append(args, "-c", s)
	}
	return args
}

// launch starts the server with args as owner, its output appended to
// logPath, and closes c.exited when it exits.
func (c *Cluster) launch(bin string, owner *credential, args []string, logPath string, dieWithParent bool) error {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open postgres log: %w", err)
	}
	if owner != nil {
		_ = os.Chown(logPath, owner.uid, owner.gid)
	}
	// Not CommandContext: the server must outlive the start-up context.
	cmd := owner.command(context.Background(), filepath.Join(bin, "postgres"), args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr.Setpgid = true // a Ctrl-C at the terminal is ours to handle, not the server's
	if dieWithParent {
		cmd.SysProcAttr.Pdeathsig = syscall.SIGINT // a fast shutdown
	}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("start postgres: %w", err)
	}
	c.cmd = cmd
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(c.exited)
	}()
	return nil
}

// waitReady polls until the server accepts a connection, it exits, or ctx ends.
func (c *Cluster) waitReady(ctx context.Context) error {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		conn, err := pgx.Connect(ctx, c.DSN("postgres"))
		if err == nil {
			return conn.Close(ctx)
		}
		select {
		case <-c.exited:
			return errors.New("server exited")
		case <-ctx.Done():
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
		case <-tick.C:
		}
	}
}

// DSN returns a connection string for database name on this cluster.
func (c *Cluster) DSN(name string) string { return SocketDSN(c.dir, name) }

// SocketDSN returns a connection string for database name on the cluster
// kept in dir, running in this process or another.
func SocketDSN(dir, name string) string {
	return fmt.Sprintf("host=%s user=%s dbname=%s sslmode=disable", filepath.Join(dir, "run"), Superuser, name)
}

// Stop shuts the server down (fast shutdown: open transactions roll back)
// and releases the directory.
func (c *Cluster) Stop(ctx context.Context) error {
	if c.cmd == nil {
		return nil // attached: the server is its owner's to stop
	}
	defer c.lock.Close()
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
		return nil
	case <-ctx.Done():
		_ = c.cmd.Process.Kill()
		<-c.exited
		return fmt.Errorf("postgres fast shutdown: %w", ctx.Err())
	}
}

// BinDir finds the PostgreSQL server binaries: initdb on PATH, else the
// newest /usr/lib/postgresql/<version>/bin (Debian keeps them off PATH).
func BinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("PostgreSQL server binaries not found (install the Debian package postgresql, or set CLAIMDESK_DATABASE_URL)")
}

// HasLibrary reports whether the server binaries in binDir come with the
// loadable module name (contrib modules such as pg_stat_statements are
// packaged apart on some systems).
func HasLibrary(binDir, name string) bool {
	// Debian's lib/ sits beside the real bin/, which a PATH entry may link to.
	server, err := filepath.EvalSymlinks(filepath.Join(binDir, "postgres"))
	if err != nil {
		return false
	}
	_, err = os.Stat(filepath.Join(filepath.Dir(filepath.Dir(server)), "lib", name+".so"))
	return err == nil
}

func pgVersion(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// stopOrphan stops a server left running on data by a claimdesk that died
// without stopping it; the directory lock proves no live claimdesk owns it.
func stopOrphan(data string) {
	b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		return
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		return
	}
	// The pid may have been reused since: signal it only if it is a postgres.
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !strings.Contains(string(cmdline), "postgres") {
		return
	}
	p, err := os.FindProcess(pid)
	if err != nil || p.Signal(syscall.SIGINT) != nil {
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && p.Signal(syscall.Signal(0)) == nil {
		time.Sleep(50 * time.Millisecond)
	}
}

// lockDir takes an exclusive lock on dir, held for the cluster's life.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "claimdesk.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, errInUse
	}
	return f, nil
}

var errInUse = errors.New("database directory in use by another process")

// credential is the unprivileged user the server runs as when claimdesk runs
// as root: PostgreSQL refuses to run as root.
type credential struct {
	name     string
	uid, gid int
}

func serverUser() (*credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root needs the system user postgres to run the database (install the Debian package postgresql)")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &credential{name: u.Username, uid: uid, gid: gid}, nil
}

// command builds a command that runs as the credential's user, or as the
// current user when c is nil.
func (c *credential) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	if c != nil {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(c.uid), Gid: uint32(c.gid)}
		cmd.Dir = "/"
	}
	return cmd
}

func (c *credential) chownTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := os.Lchown(p, c.uid, c.gid); err != nil {
			return fmt.Errorf("give %s to user %s: %w", p, c.name, err)
		}
		return nil
	})
}

// checkReachable tells early, and clearly, when the server's user cannot
// enter dir because a parent (such as /root) is closed to other users.
func (c *credential) checkReachable(dir string) error {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		if int(st.Uid) != c.uid && fi.Mode().Perm()&0o001 == 0 && !(int(st.Gid) == c.gid && fi.Mode().Perm()&0o010 != 0) {
			return fmt.Errorf("the database runs as user %s, who cannot enter %s: choose a data directory outside it (for example /var/lib/claimdesk)", c.name, d)
		}
		if d == "/" {
			return nil
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// EnsureDatabase creates database name on the cluster unless it exists.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return fmt.Errorf("connect to private cluster: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("look up database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}
