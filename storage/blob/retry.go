package blob

import (
	"cmp"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/minio/minio-go/v7"
)

// RetryPolicy says how long a Retrying store keeps trying; zero values
// take the defaults.
type RetryPolicy struct {
	// FirstDelay is the wait before the first retry; default 250ms.
	FirstDelay time.Duration
	// MaxDelay caps the wait between tries, so that work resumes within
	// seconds of the store coming back; default 5s.
	MaxDelay time.Duration
	// MaxWait is how long an operation keeps trying before it returns its
	// error; default 5m.
	MaxWait time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	p.FirstDelay = cmp.Or(p.FirstDelay, 250*time.Millisecond)
	p.MaxDelay = cmp.Or(p.MaxDelay, 5*time.Second)
	p.MaxWait = cmp.Or(p.MaxWait, 5*time.Minute)
	return p
}

// Retrying is a Store that tries an operation again when it fails for a
// reason that passes: the server unreachable, restarting or overloaded.
// The pipeline's work then waits out an outage of the blob store and goes
// on within seconds of its return, instead of failing into backoffs that
// grow to minutes. Errors that will not pass (a missing blob, a bad key,
// a refused credential) return at once. Ping is never retried: a health
// check must say what it sees.
type Retrying struct {
	Store
	policy RetryPolicy
	log    *slog.Logger
}

var _ Store = (*Retrying)(nil)

// WithRetry wraps s so that its operations retry passing failures.
func WithRetry(s Store, policy RetryPolicy, log *slog.Logger) *Retrying {
	return &Retrying{Store: s, policy: policy.withDefaults(), log: log}
}

// Put implements Store. A reader that can seek is rewound for each try;
// one that cannot is tried once.
func (s *Retrying) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	seeker, ok := r.(io.Seeker)
	if !ok {
		return s.Store.Put(ctx, key, r, size)
	}
	start, err := seeker.Seek(0, io.SeekCurrent)
	if err != nil {
		return s.Store.Put(ctx, key, r, size)
	}
	return s.retry(ctx, "put", key, func() error {
		if _, err := seeker.Seek(start, io.SeekStart); err != nil {
			return err
		}
		return s.Store.Put(ctx, key, r, size)
	})
}

// PutFile implements FileLinker for the store it wraps, retrying it.
func (s *Retrying) PutFile(ctx context.Context, key string, f *os.File, size int64) error {
	return s.retry(ctx, "put", key, func() error { return PutFile(ctx, s.Store, key, f, size) })
}

// Get implements Store; only opening the blob is retried.
func (s *Retrying) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	var rc io.ReadCloser
	err := s.retry(ctx, "get", key, func() error {
		var err error
		rc, err = s.Store.Get(ctx, key)
		return err
	})
	return rc, err
}

// Stat implements Store.
func (s *Retrying) Stat(ctx context.Context, key string) (Info, error) {
	var info Info
	err := s.retry(ctx, "stat", key, func() error {
		var err error
		info, err = s.Store.Stat(ctx, key)
		return err
	})
	return info, err
}

// Delete implements Store.
func (s *Retrying) Delete(ctx context.Context, key string) error {
	return s.retry(ctx, "delete", key, func() error { return s.Store.Delete(ctx, key) })
}

// Copy implements Store.
func (s *Retrying) Copy(ctx context.Context, src, dst string) error {
	return s.retry(ctx, "copy", dst, func() error { return s.Store.Copy(ctx, src, dst) })
}

// retry runs fn until it succeeds, fails for good, ctx ends, or the
// policy's MaxWait is spent; it returns fn's last error.
func (s *Retrying) retry(ctx context.Context, op, key string, fn func() error) error {
	giveUp := time.Now().Add(s.policy.MaxWait)
	delay := s.policy.FirstDelay
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil || !Transient(err) || ctx.Err() != nil {
			return err
		}
		wait := delay/2 + rand.N(delay/2+1) // jitter: many waiters spread out
		if time.Now().Add(wait).After(giveUp) {
			return err
		}
		// One line per operation: during an outage every operation
		// waits, and the first failure says why.
		level := slog.LevelDebug
		if attempt == 1 {
			level = slog.LevelWarn
		}
		s.log.Log(ctx, level, "blob store unavailable; retrying", "op", op, "key", key, "attempt", attempt,
			"err", err, "give_up_in", time.Until(giveUp).Round(time.Second))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		delay = min(delay*2, s.policy.MaxDelay)
	}
}

// Transient reports whether a store's error may pass if the operation is
// tried again: the server did not answer, cut the connection, or said it
// was unavailable or overloaded. A cancelled operation is not transient.
func Transient(err error) bool {
	switch {
	case err == nil,
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, ErrNotFound), errors.Is(err, ErrInvalidKey), errors.Is(err, ErrSize):
		return false
	}
	var resp minio.ErrorResponse
	if errors.As(err, &resp) && resp.StatusCode != 0 {
		switch resp.Code {
		case "SlowDown", "RequestTimeout", "ServiceUnavailable", "InternalError":
			return true
		}
		return resp.StatusCode >= http.StatusInternalServerError ||
			resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode == http.StatusTooManyRequests
	}
	var netErr net.Error
	return errors.As(err, &netErr) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}
