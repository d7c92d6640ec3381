// Package blob keeps claimdesk's immutable blobs: raw messages, attachments
// and stamped PDFs. A blob is written once under a key, such as
// "sha256/ab/cd/abcd…" for content-addressed data (ContentKey) or
// "offices/main/claims/26-1001-WTR/Photos/2026-11-02_IMG_1.jpg", and never
// changes.
//
// Two stores implement Store: LocalStore, a directory on the local
// filesystem (the default), and S3Store, a bucket on any S3 server. Open
// picks one from CLAIMDESK_BLOB_URL.
package blob

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Store keeps immutable blobs under string keys.
type Store interface {
	// Put stores size bytes read from r under key. When key already exists
	// Put returns nil without reading r: blobs are immutable, and their keys
	// are content hashes or names written once. A reader that yields fewer
	// or more than size bytes fails with ErrSize and leaves nothing under key.
	Put(ctx context.Context, key string, r io.Reader, size int64) error
	// Get opens the blob under key, or returns ErrNotFound.
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	// Stat describes the blob under key, or returns ErrNotFound.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the blob under key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// Copy makes the blob under src also available under dst. It returns
	// nil when dst already exists, and ErrNotFound when src is missing.
	Copy(ctx context.Context, src, dst string) error
	// Ping checks that the store can be written and read, for /healthz.
	Ping(ctx context.Context) error
}

// Info describes a stored blob.
type Info struct {
	Key     string
	Size    int64
	ModTime time.Time
}

var (
	// ErrNotFound reports that no blob exists under a key.
	ErrNotFound = errors.New("blob not found")
	// ErrInvalidKey reports a key that no store accepts.
	ErrInvalidKey = errors.New("invalid blob key")
	// ErrSize reports a reader that yielded fewer or more bytes than Put was told.
	ErrSize = errors.New("blob size mismatch")
)

const (
	// maxKeyLen is S3's limit on object names, so that a key valid on one
	// store is valid on every store.
	maxKeyLen = 1024
	// maxSegmentLen is NAME_MAX on the filesystems a LocalStore lives on.
	maxSegmentLen = 255
)

// Open opens the store named by rawURL, the value of CLAIMDESK_BLOB_URL:
//
//	file:///abs/path
//	s3://bucket?endpoint=host:port&secure=false&region=us-east-1
//
// An S3 store takes its credentials from AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and, when set, AWS_SESSION_TOKEN, and creates its
// bucket when missing. Errors are one line, for the caller to prefix with
// the variable's name.
func Open(ctx context.Context, rawURL string) (Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error repeats the whole URL; the reason alone is enough.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("parse URL: %w", err)
	}
	switch u.Scheme {
	case "file":
		dir, err := parseFileURL(u)
		if err != nil {
			return nil, err
		}
		s, err := NewLocalStore(dir)
		if err != nil {
			return nil, err // not a nil *LocalStore in a non-nil Store
		}
		return s, nil
	case "s3":
		cfg, err := parseS3URL(u)
		if err != nil {
			return nil, err
		}
		cfg.AccessKey = os.Getenv("AWS_ACCESS_KEY_ID")
		cfg.SecretKey = os.Getenv("AWS_SECRET_ACCESS_KEY")
		cfg.SessionToken = os.Getenv("AWS_SESSION_TOKEN")
		if cfg.AccessKey == "" || cfg.SecretKey == "" {
			return nil, errors.New("missing credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
		}
		s, err := NewS3Store(ctx, cfg)
		if err != nil {
			return nil, err
		}
		return s, nil
	default:
		return nil, fmt.Errorf("unsupported scheme %q: want file:///absolute/path or s3://bucket?endpoint=host:port", u.Scheme)
	}
}

func parseFileURL(u *url.URL) (string, error) {
	// "file:data/blobs" and "file://data/blobs" are how a relative path
	// looks once parsed: in Opaque, or with its first segment as the host.
	if u.Opaque != "" {
		return "", fmt.Errorf("relative path %q: want file:///absolute/path", u.Opaque)
	}
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("relative path %q: want file:///absolute/path", u.Host+u.Path)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("file URL takes no query or fragment")
	}
	if u.Path == "" {
		return "", errors.New("missing path: want file:///absolute/path")
	}
	return u.Path, nil
}

func parseS3URL(u *url.URL) (S3Config, error) {
	if u.Opaque != "" || u.Host == "" {
		return S3Config{}, errors.New("missing bucket: want s3://bucket?endpoint=host:port")
	}
	if u.Path != "" && u.Path != "/" {
		return S3Config{}, fmt.Errorf("unexpected path %q: want s3://bucket?endpoint=host:port", u.Path)
	}
	if u.User != nil {
		// Credentials in a URL end up in logs and process listings.
		return S3Config{}, errors.New("credentials in URL: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead")
	}
	cfg := S3Config{Bucket: u.Host, Secure: true}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return S3Config{}, fmt.Errorf("parse query: %w", err)
	}
	for name, values := range q {
		v := values[len(values)-1]
		switch name {
		case "endpoint":
			cfg.Endpoint = v
		case "region":
			cfg.Region = v
		case "secure":
			cfg.Secure, err = strconv.ParseBool(v)
			if err != nil {
				return S3Config{}, fmt.Errorf("secure=%q: want true or false", v)
			}
		default:
			// A misspelt parameter would otherwise be ignored silently.
			return S3Config{}, fmt.Errorf("unknown parameter %q: want endpoint, secure or region", name)
		}
	}
	if err := cfg.validate(); err != nil {
		return S3Config{}, err
	}
	return cfg, nil
}

// ContentKey returns the key of a content-addressed blob, given the
// lowercase hex SHA-256 of its content: "sha256/ab/cd/abcd…". The key is a
// name; where a store keeps it is the store's own business (a LocalStore
// files it one directory deep, see contentPath). S3 keeps the keys as
// they are: an object name costs nothing whatever its shape, and a new
// shape would need a second look-up for every object stored before.
func ContentKey(sha256Hex string) string {
	if len(sha256Hex) < 4 {
		return "sha256/" + sha256Hex
	}
	return "sha256/" + sha256Hex[:2] + "/" + sha256Hex[2:4] + "/" + sha256Hex
}

// validateKey accepts keys that are safe as a relative path on any
// filesystem and as an S3 object name. A first segment starting with "."
// is reserved for the stores' own files (temporary files, health checks).
func validateKey(key string) error {
	switch {
	case key == "":
		return invalidKey(key, "empty")
	case len(key) > maxKeyLen:
		return invalidKey(key, fmt.Sprintf("longer than %d bytes", maxKeyLen))
	case !utf8.ValidString(key):
		return invalidKey(key, "not UTF-8")
	case key[0] == '/':
		return invalidKey(key, "leading slash")
	case key[0] == '.':
		return invalidKey(key, "leading dot is reserved")
	case strings.ContainsRune(key, '\\'):
		return invalidKey(key, "backslash")
	}
	for _, r := range key {
		if r < 0x20 || r == 0x7f {
			return invalidKey(key, "control character")
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		switch {
		case seg == "":
			return invalidKey(key, "empty segment")
		case seg == "." || seg == "..":
			return invalidKey(key, "dot segment")
		case len(seg) > maxSegmentLen:
			return invalidKey(key, fmt.Sprintf("segment longer than %d bytes", maxSegmentLen))
		}
	}
	if strings.HasPrefix(key, contentPrefix) {
		// A LocalStore files content keys by their hash alone: any other
		// name in here could be the same file as one of them.
		if _, ok := contentSum(key); !ok {
			return invalidKey(key, "not a content key (sha256/ab/cd/ and 64 hex digits starting abcd)")
		}
	}
	return nil
}

// contentPrefix starts every content key, and no other key.
const contentPrefix = "sha256/"

// contentSum returns the hash a content key names, and whether key is one:
// ContentKey of a lowercase hex SHA-256.
func contentSum(key string) (string, bool) {
	sum, ok := strings.CutPrefix(key, contentPrefix)
	if !ok || len(sum) != len("ab/cd/")+sha256.Size*2 {
		return "", false
	}
	sum = sum[len("ab/cd/"):]
	for _, c := range []byte(sum) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return "", false
		}
	}
	return sum, key == ContentKey(sum)
}

func invalidKey(key, reason string) error {
	const show = 80
	if len(key) > show {
		key = key[:show] + "…"
	}
	return fmt.Errorf("%w %q: %s", ErrInvalidKey, key, reason)
}

// exactReader passes on exactly size bytes of r. It fails when r holds
// fewer or more, and in the second case before handing over the last byte:
// a store commits a blob only once it has received size bytes, so a wrong
// reader never leaves a blob behind. It also stops at ctx's cancellation,
// which a copy between files would not notice otherwise.
type exactReader struct {
	ctx  context.Context
	r    io.Reader
	size int64
	left int64
	done bool // r was checked to be exhausted
	err  error
}

func newExactReader(ctx context.Context, r io.Reader, size int64) *exactReader {
	return &exactReader{ctx: ctx, r: r, size: size, left: size}
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if err := e.ctx.Err(); err != nil {
		e.err = err
		return 0, err
	}
	if e.left == 0 {
		if !e.done {
			if err := e.checkEnd(); err != nil {
				return 0, err
			}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	switch {
	case e.left == 0 && err == nil:
		// Withhold the last bytes until r is known to end here.
		if err := e.checkEnd(); err != nil {
			return 0, err
		}
	case e.left == 0 && err == io.EOF:
		e.done = true
		err = nil
	case err == io.EOF:
		e.err = fmt.Errorf("%w: reader ended after %d of %d bytes", ErrSize, e.size-e.left, e.size)
		return n, e.err
	case err != nil:
		e.err = err
		return n, err
	}
	return n, nil
}

func (e *exactReader) checkEnd() error {
	var one [1]byte
	_, err := io.ReadFull(e.r, one[:])
	switch err {
	case io.EOF:
		e.done = true
		return nil
	case nil:
		e.err = fmt.Errorf("%w: reader holds more than %d bytes", ErrSize, e.size)
	default:
		e.err = err
	}
	return e.err
}
