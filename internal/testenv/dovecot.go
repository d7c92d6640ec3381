package testenv

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// DovecotServer is one test's mailbox account on the shared Dovecot
// instance. Every account has its own INBOX, Sent, Drafts, Trash and Archive.
type DovecotServer struct {
	Addr     string // host:port of the plain-text IMAP listener
	User     string
	Password string
}

// URL returns the account's address in claimdesk's CLAIMDESK_IMAP_URL form,
// watching folder (INBOX when empty) without TLS, with Sent as the sent folder.
func (s DovecotServer) URL(folder string) string {
	if folder == "" {
		folder = "INBOX"
	}
	u := url.URL{
		Scheme:   "imap",
		User:     url.UserPassword(s.User, s.Password),
		Host:     s.Addr,
		Path:     "/" + folder,
		RawQuery: "tls=none&sent=Sent",
	}
	return u.String()
}

// Dovecot returns a new account on a real Dovecot server. The server starts
// on the first call in a test binary and stops when the binary exits (see
// Main); each call adds a fresh user, so tests never see each other's mail.
func Dovecot(t testing.TB) DovecotServer {
	t.Helper()
	d, err := sharedDovecot()
	if err != nil {
		unavailable(t, "Dovecot", err)
	}
	s, err := d.addUser()
	if err != nil {
		t.Fatalf("dovecot: add user: %v", err)
	}
	return s
}

// sharedDovecot starts the binary's Dovecot once; a failure is remembered so
// later tests stop at once instead of waiting for another start to fail.
var sharedDovecot = sync.OnceValues(startDovecot)

// dovecotStartTimeout bounds how long a start may take before the server
// counts as unavailable; a cold start on a busy CI runner takes a few seconds.
const dovecotStartTimeout = 30 * time.Second

type dovecotInstance struct {
	dir       string // everything Dovecot writes lives here
	addr      string
	passwdDir string // one passwd-file per user, serving as passdb and userdb
	uid       int    // owner of the mail processes and of the mail directory
	gid       int

	mu    sync.Mutex
	users int // accounts handed out so far
}

// dovecotUsers says which system accounts the Dovecot processes run as.
type dovecotUsers struct {
	Internal, InternalGroup string // auth, stats and other helpers
	Login                   string // the unauthenticated imap-login processes
	mailUID, mailGID        int    // the mail processes and their files
}

func startDovecot() (*dovecotInstance, error) {
	bin, major, minor, err := findDovecot()
	if err != nil {
		return nil, err
	}
	return runDovecot("claimdesk-dovecot-", func() {}, func(d *dovecotInstance, users dovecotUsers) (*dovecotProcess, error) {
		return d.start(bin, major, minor, users)
	})
}

// runDovecot makes an instance in a new temp dir named after pattern and
// starts it with start. The dir is removed, and release called, when the
// instance stops at exit or does not start.
func runDovecot(pattern string, release func(), start func(*dovecotInstance, dovecotUsers) (*dovecotProcess, error)) (*dovecotInstance, error) {
	users, err := chooseDovecotUsers()
	if err != nil {
		release()
		return nil, err
	}
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		release()
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	d := &dovecotInstance{dir: dir, passwdDir: filepath.Join(dir, "passwd"), uid: users.mailUID, gid: users.mailGID}
	if err := d.prepareDir(); err != nil {
		os.RemoveAll(dir)
		release()
		return nil, err
	}

	// The port is picked by binding and releasing it, so another process may
	// take it before Dovecot binds; a retry with a new port covers that race.
	var lastErr error
	for range 3 {
		proc, err := start(d, users)
		if err == nil {
			atExit(func() {
				proc.stop()
				release()
				os.RemoveAll(dir)
			})
			return d, nil
		}
		lastErr = err
		if !errors.Is(err, errDovecotPortInUse) {
			break
		}
	}
	release()
	os.RemoveAll(dir)
	return nil, lastErr
}

var errDovecotPortInUse = errors.New("port in use")

// findDovecot returns the installed Dovecot and its version.
func findDovecot() (bin string, major, minor int, err error) {
	if bin, err = dovecotBinary(); err != nil {
		return "", 0, 0, err
	}
	major, minor, err = dovecotVersion(bin)
	return bin, major, minor, err
}

// dovecotBinary finds dovecot, which lives in /usr/sbin: not on the PATH of
// every unprivileged user.
func dovecotBinary() (string, error) {
	if p, err := exec.LookPath("dovecot"); err == nil {
		return p, nil
	}
	for _, p := range []string{"/usr/sbin/dovecot", "/usr/local/sbin/dovecot"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("dovecot not found (Debian: apt-get install dovecot-imapd)")
}

var dovecotVersionRE = regexp.MustCompile(`^(\d+)\.(\d+)`)

// dovecotVersion reads the version because 2.4 rewrote the configuration
// syntax: a 2.3 file does not load on 2.4, nor the other way round.
func dovecotVersion(bin string) (major, minor int, err error) {
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return 0, 0, fmt.Errorf("dovecot --version: %w", err)
	}
	m := dovecotVersionRE.FindStringSubmatch(strings.TrimSpace(string(out)))
	if m == nil {
		return 0, 0, fmt.Errorf("dovecot --version: unexpected output %q", out)
	}
	major, _ = strconv.Atoi(m[1])
	minor, _ = strconv.Atoi(m[2])
	return major, minor, nil
}

// chooseDovecotUsers picks the accounts Dovecot's processes run as. Dovecot
// refuses to give mail processes UID 0, so as root the mail belongs to an
// unprivileged account (nobody, which also passes the default
// first_valid_uid of 500) and the helpers use the accounts the Debian
// package creates. Without root Dovecot cannot switch users at all, so
// everything runs as the current user.
func chooseDovecotUsers() (dovecotUsers, error) {
	if os.Geteuid() != 0 {
		me, err := user.Current()
		if err != nil {
			return dovecotUsers{}, fmt.Errorf("current user: %w", err)
		}
		g, err := user.LookupGroupId(me.Gid)
		if err != nil {
			return dovecotUsers{}, fmt.Errorf("group of current user: %w", err)
		}
		uid, _ := strconv.Atoi(me.Uid)
		gid, _ := strconv.Atoi(me.Gid)
		return dovecotUsers{Internal: me.Username, InternalGroup: g.Name, Login: me.Username, mailUID: uid, mailGID: gid}, nil
	}
	mail, err := user.Lookup("nobody")
	if err != nil {
		return dovecotUsers{}, fmt.Errorf("user nobody: %w", err)
	}
	u := dovecotUsers{Internal: "dovecot", Login: "dovenull"}
	u.mailUID, _ = strconv.Atoi(mail.Uid)
	u.mailGID, _ = strconv.Atoi(mail.Gid)
	internal, err := user.Lookup(u.Internal)
	if err != nil {
		// A Dovecot built by hand may lack its accounts; nobody serves for both.
		u.Internal, u.Login, internal = "nobody", "nobody", mail
	} else if _, err := user.Lookup(u.Login); err != nil {
		u.Login = "nobody"
	}
	g, err := user.LookupGroupId(internal.Gid)
	if err != nil {
		return dovecotUsers{}, fmt.Errorf("group of %s: %w", u.Internal, err)
	}
	u.InternalGroup = g.Name
	return u, nil
}

// prepareDir lays out the temp dir. As root, the unprivileged mail and auth
// processes must reach the passwd-file and the mail directory, so the tree
// is opened up and the mail directory handed to the mail user.
func (d *dovecotInstance) prepareDir() error {
	if err := os.Mkdir(filepath.Join(d.dir, "mail"), 0o755); err != nil {
		return fmt.Errorf("mail dir: %w", err)
	}
	if err := os.Mkdir(d.passwdDir, 0o755); err != nil {
		return fmt.Errorf("passwd dir: %w", err)
	}
	if os.Geteuid() != 0 {
		return nil
	}
	if err := os.Chmod(d.dir, 0o755); err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	if err := os.Chown(filepath.Join(d.dir, "mail"), d.uid, d.gid); err != nil {
		return fmt.Errorf("mail dir: %w", err)
	}
	// A TMPDIR inside a private directory (say /root/tmp) would leave the mail
	// processes unable to open their own mail, failing later with a puzzling log.
	for p := filepath.Dir(d.dir); ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("temp dir parent: %w", err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("%s is not searchable by other users; Dovecot's mail processes could not reach %s (set TMPDIR to a directory like /tmp)", p, d.dir)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// dovecotProcess is a running Dovecot master.
type dovecotProcess struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once Wait has returned (it may be called only once)
	err  error         // Wait's result, valid after done
}

func (d *dovecotInstance) start(bin string, major, minor int, users dovecotUsers) (*dovecotProcess, error) {
	port, err := dovecotFreePort()
	if err != nil {
		return nil, err
	}
	d.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	tmpl := dovecot23Config
	if major > 2 || (major == 2 && minor >= 4) {
		tmpl = dovecot24Config
	}
	var conf bytes.Buffer
	err = tmpl.Execute(&conf, struct {
		dovecotUsers
		Dir, PasswdDir string
		Port           int
	}{users, d.dir, d.passwdDir, port})
	if err != nil {
		return nil, fmt.Errorf("dovecot config: %w", err)
	}
	return d.run(bin, conf.Bytes())
}

// run writes conf as the instance's configuration and starts Dovecot on it,
// returning once it greets IMAP clients on d.addr. A port taken meanwhile is
// errDovecotPortInUse, so the caller can try another.
func (d *dovecotInstance) run(bin string, conf []byte) (*dovecotProcess, error) {
	confPath := filepath.Join(d.dir, "dovecot.conf")
	if err := os.WriteFile(confPath, conf, 0o644); err != nil {
		return nil, fmt.Errorf("dovecot config: %w", err)
	}
	logPath := filepath.Join(d.dir, "dovecot.log")
	// Dovecot reports configuration errors on stderr before log_path is open.
	out, err := os.Create(filepath.Join(d.dir, "stderr.log"))
	if err != nil {
		return nil, fmt.Errorf("dovecot output: %w", err)
	}
	defer out.Close()

	cmd := exec.Command(bin, "-F", "-c", confPath)
	cmd.Stdout, cmd.Stderr = out, out
	// Its own process group lets the stop reach helpers the master left behind.
	// Dies with the test binary, even when it is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start dovecot: %w", err)
	}
	proc := &dovecotProcess{cmd: cmd, done: make(chan struct{})}
	go func() {
		proc.err = cmd.Wait()
		close(proc.done)
	}()

	err = waitIMAPGreeting(d.addr, proc, dovecotStartTimeout)
	if err == nil {
		return proc, nil
	}
	proc.stop()
	logs := dovecotTail(logPath, 20) + dovecotTail(out.Name(), 20)
	if strings.Contains(logs, "Address already in use") {
		return nil, fmt.Errorf("%w: %s", errDovecotPortInUse, d.addr)
	}
	return nil, fmt.Errorf("%w\n%s", err, logs)
}

// waitIMAPGreeting waits until addr answers with an IMAP greeting. Dovecot's
// login process holds the greeting back until its auth process is ready, so a
// greeting (unlike an accepted connection) means LOGIN will work.
func waitIMAPGreeting(addr string, proc *dovecotProcess, timeout time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var lastErr error
	for {
		if lastErr = readIMAPGreeting(addr); lastErr == nil {
			return nil
		}
		select {
		case <-proc.done:
			return fmt.Errorf("dovecot exited during start: %w", dovecotExitErr(proc.err))
		case <-deadline.C:
			return fmt.Errorf("dovecot not ready after %s: %w", timeout, lastErr)
		case <-tick.C:
		}
	}
}

func dovecotExitErr(err error) error {
	if err == nil {
		return errors.New("exit status 0")
	}
	return err
}

func readIMAPGreeting(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(2 * time.Second)); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return fmt.Errorf("read greeting: %w", err)
	}
	if !strings.HasPrefix(line, "* OK") {
		return fmt.Errorf("unexpected greeting %q", strings.TrimSpace(line))
	}
	return nil
}

// stop asks the master to shut down (it stops its children), and kills the
// process group it leads only if it does not finish in time.
func (p *dovecotProcess) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	t := time.NewTimer(10 * time.Second)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

func dovecotFreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func dovecotTail(path string, lines int) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return ""
	}
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return filepath.Base(path) + ":\n" + strings.Join(all, "\n") + "\n"
}

// addUser adds an account with a random password. Each account has its own
// passwd-file, which Dovecot opens on the first login: rewriting one shared
// file would not do, because Dovecot looks at a changed passwd-file at most
// once a second and would turn away a user added within that second.
func (d *dovecotInstance) addUser() (DovecotServer, error) {
	secret := make([]byte, 12)
	if _, err := rand.Read(secret); err != nil {
		return DovecotServer{}, err
	}
	password := hex.EncodeToString(secret)

	d.mu.Lock()
	d.users++
	name := fmt.Sprintf("user%d", d.users)
	d.mu.Unlock()

	home := filepath.Join(d.dir, "mail", name)
	line := fmt.Sprintf("%s:{PLAIN}%s:%d:%d::%s::\n", name, password, d.uid, d.gid, home)
	// World-readable because Dovecot's auth process runs as an unprivileged
	// user; the passwords guard throwaway test mail. The rename makes sure the
	// auth process never reads half a file.
	path := filepath.Join(d.passwdDir, name)
	tmp := filepath.Join(d.passwdDir, "."+name+".tmp")
	if err := os.WriteFile(tmp, []byte(line), 0o644); err != nil {
		return DovecotServer{}, fmt.Errorf("write passwd-file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return DovecotServer{}, fmt.Errorf("write passwd-file: %w", err)
	}
	return DovecotServer{Addr: d.addr, User: name, Password: password}, nil
}

// dovecotMailboxes are created for every user with their special-use
// attributes, as most providers do, so the Sent-folder watcher and the
// move-after-filing option have somewhere to look.
const dovecotMailboxes = `namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \Drafts
    auto = subscribe
  }
  mailbox Trash {
    special_use = \Trash
    auto = subscribe
  }
  mailbox Archive {
    special_use = \Archive
    auto = subscribe
  }
}
`

// Chroot is off because an unprivileged Dovecot cannot chroot, and the
// imaps listener is off because the tests speak plain IMAP only. The default
// imap_capability already offers IDLE, MOVE and UIDPLUS.
//
// Tests that try a wrong password must not slow down the rest: Dovecot
// otherwise delays every login from an address that failed recently (up to
// 15 s), and login_trusted_networks does not lift that in 2.3. Without its
// anvil-auth-penalty socket (mode 0 leaves it uncreated) the auth process
// turns the penalty off; auth_failure_delay = 0 drops the fixed delay.
//
// IDLE hears of new mail through inotify, one instance per IDLEing
// connection, and the kernel allows a user 128 instances by default
// (fs.inotify.max_user_instances), shared by every Dovecot on the machine.
// Past that Dovecot looks at the folder every mailbox_idle_check_interval
// instead, 30 s by default: a test or benchmark with hundreds of mailboxes
// would time that, not claimdesk. One second keeps the fallback close to
// what inotify gives.
const dovecotCommon = `base_dir = {{.Dir}}/run
state_dir = {{.Dir}}/state
log_path = {{.Dir}}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
auth_mechanisms = plain login
auth_failure_delay = 0
mailbox_idle_check_interval = 1 secs
default_internal_user = {{.Internal}}
default_internal_group = {{.InternalGroup}}
default_login_user = {{.Login}}
service imap-login {
  chroot =
  inet_listener imap {
    port = {{.Port}}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
` + dovecotMailboxes

// dovecot23Config is for Dovecot 2.3 (Debian 12, Ubuntu 24.04).
var dovecot23Config = template.Must(template.New("2.3").Parse(`# claimdesk test server (Dovecot 2.3)
disable_plaintext_auth = no
auth_verbose = yes
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {{.PasswdDir}}/%u
}
userdb {
  driver = passwd-file
  args = username_format=%u {{.PasswdDir}}/%u
}
` + dovecotCommon))

// dovecot24Config is for Dovecot 2.4 (Debian 13), whose first setting must
// name the configuration version.
var dovecot24Config = template.Must(template.New("2.4").Parse(`dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
auth_allow_cleartext = yes
mail_driver = maildir
mail_path = ~/Maildir
passdb passwd-file {
  passwd_file_path = {{.PasswdDir}}/%{user}
}
userdb passwd-file {
  passwd_file_path = {{.PasswdDir}}/%{user}
}
` + dovecotCommon))

// AppendMessage is one message for AppendFiles.
type AppendMessage struct {
	Raw          []byte    // the message as it would arrive, CRLF line endings preferred
	InternalDate time.Time // when the server received it; zero means now
	Flags        []imap.Flag
}

// AppendFiles fills mailbox (created when missing) on any IMAP server that
// accepts plain-text login, in the order given, so that UIDs follow arrival
// order. It fails the test on any error.
func AppendFiles(t testing.TB, addr, user, pass, mailbox string, msgs []AppendMessage) {
	t.Helper()
	if err := appendMessages(addr, user, pass, mailbox, msgs); err != nil {
		t.Fatalf("append to %s as %s: %v", mailbox, user, err)
	}
}

func appendMessages(addr, user, pass, mailbox string, msgs []AppendMessage) error {
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer c.Close()
	if err := c.Login(user, pass).Wait(); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	if !strings.EqualFold(mailbox, "INBOX") {
		var imapErr *imap.Error
		if err := c.Create(mailbox, nil).Wait(); err != nil &&
			!(errors.As(err, &imapErr) && imapErr.Code == imap.ResponseCodeAlreadyExists) {
			return fmt.Errorf("create: %w", err)
		}
	}
	for i, m := range msgs {
		cmd := c.Append(mailbox, int64(len(m.Raw)), &imap.AppendOptions{Flags: m.Flags, Time: m.InternalDate})
		if _, err := cmd.Write(m.Raw); err != nil {
			cmd.Close()
			return fmt.Errorf("message %d: %w", i, err)
		}
		if err := cmd.Close(); err != nil {
			return fmt.Errorf("message %d: %w", i, err)
		}
		if _, err := cmd.Wait(); err != nil {
			return fmt.Errorf("message %d: %w", i, err)
		}
	}
	if err := c.Logout().Wait(); err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}
