package testenv

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

const (
	versitygwPkg = "github.com/versity/versitygw/cmd/versitygw"
	// VersitygwVersion is the versitygw release the tests run against.
	VersitygwVersion = "v1.8.0"

	// A cold build downloads and compiles the AWS and Azure SDKs.
	versitygwBuildTimeout = 10 * time.Minute
	versitygwStartTimeout = 30 * time.Second
	versitygwStopTimeout  = 10 * time.Second
)

// S3Server is an S3 server for one test, with a bucket of its own.
type S3Server struct {
	// Endpoint is the server's host:port; it speaks plain HTTP.
	Endpoint string
	// AccessKey and SecretKey are the server's root credentials.
	AccessKey string
	SecretKey string
	// Bucket exists and is used by this test alone.
	Bucket string
	// URL names Bucket as a CLAIMDESK_BLOB_URL.
	URL string
}

var s3server struct {
	once    sync.Once
	gw      *versitygw
	err     error
	buckets atomic.Int64
}

// S3 returns an S3 server with a fresh, empty bucket. The first call of a
// test binary builds versitygw when needed and starts it; the server stops
// when the binary exits (see Main).
//
// The first call also sets AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in
// the process environment to the server's credentials, and unsets
// AWS_SESSION_TOKEN, so that blob.Open(URL) works in the test binary as it
// does in claimdesk.
func S3(t testing.TB) S3Server {
	t.Helper()
	s3server.once.Do(func() {
		s3server.gw, s3server.err = startVersitygw()
	})
	if s3server.err != nil {
		unavailable(t, "S3 server (versitygw)", s3server.err)
	}
	gw := s3server.gw
	bucket := s3BucketName(t.Name(), s3server.buckets.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), versitygwStartTimeout)
	defer cancel()
	if err := gw.client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("create bucket %s: %v\n%s", bucket, err, versitygwLogTail(gw.logPath))
	}
	return S3Server{
		Endpoint:  gw.endpoint,
		AccessKey: gw.accessKey,
		SecretKey: gw.secretKey,
		Bucket:    bucket,
		URL:       fmt.Sprintf("s3://%s?endpoint=%s&secure=false", bucket, gw.endpoint),
	}
}

// s3BucketName makes a valid bucket name (3–63 characters of a–z, 0–9 and
// "-") that says which test it belongs to, for reading the server's log.
func s3BucketName(test string, n int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "t%d-", n)
	dash := true
	for _, r := range strings.ToLower(test) {
		if b.Len() >= 63 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimRight(b.String(), "-")
	if len(name) < 3 {
		name += "-s3"
	}
	return name
}

// versitygw is a running server process.
type versitygw struct {
	endpoint  string
	accessKey string
	secretKey string
	dir       string
	logPath   string
	cmd       *exec.Cmd
	exited    chan struct{} // closed when the process has exited
	client    *minio.Client
}

func startVersitygw() (*versitygw, error) {
	ctx, cancel := context.WithTimeout(context.Background(), versitygwBuildTimeout)
	defer cancel()
	bin, err := BuildVersitygw(ctx)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "claimdesk-s3-")
	if err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	gw := &versitygw{
		accessKey: "claimdesk-" + versitygwSecret(4),
		secretKey: versitygwSecret(20),
		dir:       dir,
		logPath:   filepath.Join(dir, "versitygw.log"),
	}
	// The free port found may be taken by someone else before versitygw
	// binds it; a second port is very unlikely to be.
	for attempt := 1; ; attempt++ {
		var port int
		if port, err = versitygwPort(); err != nil {
			break
		}
		err = gw.start(bin, data, fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil || !errors.Is(err, errVersitygwExited) || attempt == 3 {
			break
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	atExit(gw.stop)
	os.Setenv("AWS_ACCESS_KEY_ID", gw.accessKey)
	os.Setenv("AWS_SECRET_ACCESS_KEY", gw.secretKey)
	os.Unsetenv("AWS_SESSION_TOKEN")
	return gw, nil
}

var errVersitygwExited = errors.New("versitygw exited")

// start runs versitygw on endpoint (host:port) with its data in data, and
// waits until it answers.
func (gw *versitygw) start(bin, data, endpoint string) error {
	gw.endpoint = endpoint
	// Appending keeps the log of an earlier run of a restarted server.
	logf, err := os.OpenFile(gw.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close() // the child has its own descriptor
	cmd := exec.Command(bin, "--port", gw.endpoint, "posix", data)
	// versitygw reads ROOT_ACCESS_KEY_ID before ROOT_ACCESS_KEY, and many
	// VGW_ settings: none from the developer's environment may apply.
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "ROOT_") || strings.HasPrefix(kv, "VGW_")
	})
	cmd.Env = append(env,
		"ROOT_ACCESS_KEY="+gw.accessKey,
		"ROOT_SECRET_KEY="+gw.secretKey,
	)
	cmd.Stdout = logf
	cmd.Stderr = logf
	cmd.SysProcAttr = &syscall.SysProcAttr{
		// Its own process group, so that stop reaches any children.
		Setpgid: true,
		// A test binary killed by its timeout does not run atExit.
		Pdeathsig: syscall.SIGKILL,
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start versitygw: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	gw.cmd, gw.exited = cmd, exited

	client, err := minio.New(gw.endpoint, &minio.Options{
		Creds: credentials.NewStaticV4(gw.accessKey, gw.secretKey, ""),
		// Probes must fail fast while the server starts.
		MaxRetries: 1,
	})
	if err != nil {
		gw.kill()
		return err
	}
	if err := gw.waitReady(client); err != nil {
		gw.kill()
		return err
	}
	// Later requests may retry as usual.
	gw.client, err = minio.New(gw.endpoint, &minio.Options{
		Creds: credentials.NewStaticV4(gw.accessKey, gw.secretKey, ""),
	})
	return err
}

// waitReady polls the server until it answers an authenticated request.
func (gw *versitygw) waitReady(client *minio.Client) error {
	deadline := time.NewTimer(versitygwStartTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var lastErr error
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, lastErr = client.ListBuckets(ctx)
		cancel()
		if lastErr == nil {
			return nil
		}
		select {
		case <-gw.exited:
			return fmt.Errorf("%w: %s\n%s", errVersitygwExited, gw.cmd.ProcessState, versitygwLogTail(gw.logPath))
		case <-deadline.C:
			return fmt.Errorf("versitygw not ready after %s: %w\n%s", versitygwStartTimeout, lastErr, versitygwLogTail(gw.logPath))
		case <-tick.C:
		}
	}
}

// stop ends the server and removes its files.
func (gw *versitygw) stop() {
	gw.kill()
	os.RemoveAll(gw.dir)
}

// kill ends the server's process group: politely, then not.
func (gw *versitygw) kill() {
	pgid := -gw.cmd.Process.Pid
	syscall.Kill(pgid, syscall.SIGTERM)
	select {
	case <-gw.exited:
	case <-time.After(versitygwStopTimeout):
		syscall.Kill(pgid, syscall.SIGKILL)
		<-gw.exited
	}
}

func versitygwPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func versitygwSecret(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// versitygwLogTail returns the end of a log file, to quote in an error.
func versitygwLogTail(path string) string {
	const max = 2048
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	if len(b) > max {
		b = b[len(b)-max:]
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	// Not the path: the directory is gone once the server has stopped.
	return fmt.Sprintf("versitygw log:\n%s", bytes.TrimSpace(b))
}

// BuildVersitygw returns the path of the versitygw binary, building it
// with "go install" into the tools cache when missing:
// $CLAIMDESK_TOOLS_DIR, else the user cache directory ($XDG_CACHE_HOME or
// ~/.cache) under claimdesk/tools. Test binaries of several packages may
// call it at once: a file lock lets one build while the others wait.
func BuildVersitygw(ctx context.Context) (string, error) {
	bin, err := buildVersitygw(ctx)
	if err != nil {
		return "", fmt.Errorf("build versitygw %s: %w", VersitygwVersion, err)
	}
	return bin, nil
}

func buildVersitygw(ctx context.Context) (string, error) {
	tools, err := toolsDir()
	if err != nil {
		return "", err
	}
	name := "versitygw-" + VersitygwVersion
	final := filepath.Join(tools, name)
	bin := filepath.Join(final, "versitygw")
	if isExecutableFile(bin) {
		return bin, nil
	}
	if err := os.MkdirAll(tools, 0o755); err != nil {
		return "", err
	}
	unlock, err := flockWait(ctx, filepath.Join(tools, name+".lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if isExecutableFile(bin) {
		return bin, nil // built by whoever held the lock
	}

	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	// Build into a scratch directory and rename it into place, so that an
	// interrupted build never leaves a half-written binary at bin.
	gobin, err := os.MkdirTemp(tools, name+".build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(gobin)
	cmd := exec.CommandContext(ctx, goCmd, "install",
		// Its banner and --version then say which release runs.
		"-ldflags=-X main.Version="+VersitygwVersion,
		versitygwPkg+"@"+VersitygwVersion)
	cmd.Dir = gobin // outside any module or workspace
	cmd.Env = append(os.Environ(),
		"GOBIN="+gobin,
		"GOWORK=off",
		"GOFLAGS=",
		// No C toolchain needed, and the binary runs anywhere.
		"CGO_ENABLED=0",
	)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go install: %w\n%s", err, outputTail(out, 2048))
	}
	// MkdirTemp made it private; the binary is for every user.
	if err := os.Chmod(gobin, 0o755); err != nil {
		return "", err
	}
	os.RemoveAll(final) // a leftover without a binary
	if err := os.Rename(gobin, final); err != nil {
		return "", err
	}
	if !isExecutableFile(bin) {
		return "", fmt.Errorf("go install made no binary at %s", bin)
	}
	return bin, nil
}

func toolsDir() (string, error) {
	if dir := os.Getenv("CLAIMDESK_TOOLS_DIR"); dir != "" {
		if !filepath.IsAbs(dir) {
			// Each package's tests run in their own directory.
			return "", fmt.Errorf("CLAIMDESK_TOOLS_DIR %q: want an absolute path", dir)
		}
		return dir, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("tools directory: %w (set CLAIMDESK_TOOLS_DIR)", err)
	}
	return filepath.Join(cache, "claimdesk", "tools"), nil
}

func isExecutableFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0
}

// flockWait takes an exclusive flock on path, polling so that ctx can end
// the wait. The lock goes with the process, so a crashed holder frees it.
func flockWait(ctx context.Context, path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, ctx.Err())
		case <-tick.C:
		}
	}
}

func outputTail(b []byte, n int) []byte {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return bytes.TrimSpace(b)
}
