// Package blobtest checks that a blob.Store behaves as the interface
// promises, so that every store passes the same tests.
package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage/blob"
)

// LargeSize is the size of the blob streamed by the "Large" subtest.
const LargeSize = 64 << 20

// Run runs the conformance tests against stores made by newStore, which
// gives each subtest a fresh, empty store. The subtests run in parallel,
// except "Large", which measures the heap and runs first, alone among
// them; the test calling Run should not be parallel either.
func Run(t *testing.T, newStore func(t *testing.T) blob.Store) {
	// Subtests without t.Parallel run before the parallel ones start.
	t.Run("Large", func(t *testing.T) { testLarge(t, newStore(t)) })

	tests := []struct {
		name string
		fn   func(t *testing.T, s blob.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"PutIdempotent", testPutIdempotent},
		{"Stat", testStat},
		{"NotFound", testNotFound},
		{"DeleteIdempotent", testDeleteIdempotent},
		{"Copy", testCopy},
		{"ShortReader", testShortReader},
		{"LongReader", testLongReader},
		{"FailingReader", testFailingReader},
		{"InvalidKeys", testInvalidKeys},
		{"ConcurrentPut", testConcurrentPut},
		{"ContextCancel", testContextCancel},
		{"Ping", testPing},
		{"Batch", testBatch},
		{"BatchClose", testBatchClose},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newStore(t))
		})
	}
}

// keys are valid keys of the shapes claimdesk uses.
var keys = []string{
	blob.ContentKey("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
	"claims/26-1001-WTR/Photos/2026-11-02_IMG_1.jpg",
	"claims/26-1001-WTR/Estimates/Smith Residence – Küche (rev 2).pdf",
	"messages/<CAF=abc+def@mail.example.com>.eml",
	"top-level",
}

func testRoundTrip(t *testing.T, s blob.Store) {
	ctx := t.Context()
	for i, key := range keys {
		data := fmt.Appendf(nil, "blob %d under %s\r\n\x00\xff", i, key)
		put(t, s, key, data)
		if got := get(t, s, key); !bytes.Equal(got, data) {
			t.Errorf("Get(%q) = %q, want %q", key, got, data)
		}
	}
	// An empty blob is a blob.
	put(t, s, "claims/empty", nil)
	if got := get(t, s, "claims/empty"); len(got) != 0 {
		t.Errorf("Get(empty) = %q, want nothing", got)
	}
	info, err := s.Stat(ctx, "claims/empty")
	if err != nil || info.Size != 0 {
		t.Errorf("Stat(empty) = %+v, %v; want size 0", info, err)
	}
}

func testPutIdempotent(t *testing.T, s blob.Store) {
	const key = "claims/26-1001-WTR/Contracts/ATP.pdf"
	put(t, s, key, []byte("first"))
	// Keys are written once: a second Put succeeds and changes nothing,
	// even when its reader disagrees.
	for _, data := range []string{"first", "other content", ""} {
		if err := s.Put(t.Context(), key, strings.NewReader(data), int64(len(data))); err != nil {
			t.Fatalf("Put(%q) again: %v", data, err)
		}
	}
	if got := get(t, s, key); string(got) != "first" {
		t.Errorf("Get after second Put = %q, want %q", got, "first")
	}
}

func testStat(t *testing.T, s blob.Store) {
	const key = "claims/26-1001-WTR/Scope/scope.txt"
	data := bytes.Repeat([]byte("moisture 17% "), 1000)
	before := time.Now().Add(-time.Minute) // server clocks may differ a little
	put(t, s, key, data)
	info, err := s.Stat(t.Context(), key)
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if info.Key != key || info.Size != int64(len(data)) {
		t.Errorf("Stat = %+v, want key %q size %d", info, key, len(data))
	}
	if info.ModTime.Before(before) || info.ModTime.After(time.Now().Add(time.Minute)) {
		t.Errorf("Stat ModTime = %v, want about now", info.ModTime)
	}
}

func testNotFound(t *testing.T, s blob.Store) {
	ctx := t.Context()
	put(t, s, "claims/a/present", []byte("x"))
	for _, key := range []string{"claims/a/missing", "missing", "claims/b/missing", "claims/a"} {
		if rc, err := s.Get(ctx, key); !errors.Is(err, blob.ErrNotFound) {
			if err == nil {
				rc.Close()
			}
			t.Errorf("Get(%q) error = %v, want ErrNotFound", key, err)
		}
		if _, err := s.Stat(ctx, key); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("Stat(%q) error = %v, want ErrNotFound", key, err)
		}
		if err := s.Copy(ctx, key, "claims/c/copy"); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("Copy(%q) error = %v, want ErrNotFound", key, err)
		}
	}
	assertMissing(t, s, "claims/c/copy")
}

func testDeleteIdempotent(t *testing.T, s blob.Store) {
	ctx := t.Context()
	const key = "claims/26-1001-WTR/Other/note.txt"
	if err := s.Delete(ctx, key); err != nil {
		t.Fatalf("Delete(missing): %v", err)
	}
	put(t, s, key, []byte("note"))
	for range 2 {
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		assertMissing(t, s, key)
	}
	// A prefix of keys is no blob: deleting it deletes nothing.
	put(t, s, "claims/x/y", []byte("y"))
	if err := s.Delete(ctx, "claims/x"); err != nil {
		t.Fatalf("Delete(prefix): %v", err)
	}
	if got := get(t, s, "claims/x/y"); string(got) != "y" {
		t.Errorf("Get after deleting its prefix = %q", got)
	}
	// After a delete the key can be written again.
	put(t, s, key, []byte("new note"))
	if got := get(t, s, key); string(got) != "new note" {
		t.Errorf("Get after re-Put = %q", got)
	}
}

func testCopy(t *testing.T, s blob.Store) {
	ctx := t.Context()
	src := blob.ContentKey("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
	const dst = "claims/26-1001-WTR/Photos/kitchen.jpg"
	data := []byte("\xff\xd8\xff\xe0 a photo")
	put(t, s, src, data)
	for range 2 { // the second copy finds dst there
		if err := s.Copy(ctx, src, dst); err != nil {
			t.Fatalf("Copy: %v", err)
		}
	}
	if got := get(t, s, dst); !bytes.Equal(got, data) {
		t.Errorf("Get(dst) = %q, want %q", got, data)
	}
	info, err := s.Stat(ctx, dst)
	if err != nil || info.Size != int64(len(data)) || info.Key != dst {
		t.Errorf("Stat(dst) = %+v, %v", info, err)
	}
	// The copy stands on its own.
	if err := s.Delete(ctx, src); err != nil {
		t.Fatal(err)
	}
	if got := get(t, s, dst); !bytes.Equal(got, data) {
		t.Errorf("Get(dst) after deleting src = %q, want %q", got, data)
	}
	// An existing dst is kept, even when src is gone.
	if err := s.Copy(ctx, src, dst); err != nil {
		t.Errorf("Copy onto existing dst with src gone: %v", err)
	}
	put(t, s, "claims/other", []byte("other"))
	if err := s.Copy(ctx, "claims/other", dst); err != nil {
		t.Errorf("Copy onto existing dst: %v", err)
	}
	if got := get(t, s, dst); !bytes.Equal(got, data) {
		t.Errorf("Get(dst) after copying onto it = %q, want %q", got, data)
	}
}

func testShortReader(t *testing.T, s blob.Store) {
	ctx := t.Context()
	for _, tc := range []struct {
		key  string
		data string
		size int64
	}{
		{"claims/short/a", "abc", 5},
		{"claims/short/empty", "", 1},
	} {
		err := s.Put(ctx, tc.key, strings.NewReader(tc.data), tc.size)
		if !errors.Is(err, blob.ErrSize) {
			t.Errorf("Put(%d bytes, size %d) error = %v, want ErrSize", len(tc.data), tc.size, err)
		}
		assertMissing(t, s, tc.key)
	}
}

func testLongReader(t *testing.T, s blob.Store) {
	ctx := t.Context()
	for _, tc := range []struct {
		key  string
		r    io.Reader
		size int64
	}{
		{"claims/long/a", strings.NewReader("abcdef"), 3},
		{"claims/long/zero", strings.NewReader("a"), 0},
		// The data ends on a Read boundary, the extra byte comes later.
		{"claims/long/split", io.MultiReader(strings.NewReader("abc"), strings.NewReader("d")), 3},
		{"claims/long/big", newGenerator(1, 2<<20+1), 2 << 20},
	} {
		err := s.Put(ctx, tc.key, tc.r, tc.size)
		if !errors.Is(err, blob.ErrSize) {
			t.Errorf("Put(%s, size %d) error = %v, want ErrSize", tc.key, tc.size, err)
		}
		assertMissing(t, s, tc.key)
	}
}

func testFailingReader(t *testing.T, s blob.Store) {
	const key = "claims/failing"
	errBroken := errors.New("connection to the mail server lost")
	r := io.MultiReader(newGenerator(2, 1<<20), &errReader{errBroken})
	err := s.Put(t.Context(), key, r, 2<<20)
	if !errors.Is(err, errBroken) {
		t.Errorf("Put error = %v, want the reader's", err)
	}
	assertMissing(t, s, key)
}

func testInvalidKeys(t *testing.T, s blob.Store) {
	ctx := t.Context()
	put(t, s, "claims/valid", []byte("v"))
	invalid := []string{
		"",
		"/etc/passwd",
		"..",
		"../outside",
		"claims/../../outside",
		"claims/./x",
		"claims//x",
		"claims/x/",
		`claims\x`,
		"claims/a\x00b",
		"claims/a\nb",
		".tmp/x",
		".claimdesk/ping",
		"claims/\xff\xfe",
		strings.Repeat("k", 1025),
		"claims/" + strings.Repeat("s", 256),
		// Below sha256/ only content keys: a LocalStore files them by
		// their hash alone.
		"sha256/ab/abcdef",
		"sha256/ab/cd/abcd",
		"sha256/ab/cd/ef" + strings.Repeat("0", 62),
		"sha256/AB/CD/ABCD" + strings.Repeat("0", 60),
	}
	for _, key := range invalid {
		check := func(op string, err error) {
			t.Helper()
			if !errors.Is(err, blob.ErrInvalidKey) {
				t.Errorf("%s(%.40q) error = %v, want ErrInvalidKey", op, key, err)
			}
		}
		check("Put", s.Put(ctx, key, strings.NewReader("x"), 1))
		rc, err := s.Get(ctx, key)
		if err == nil {
			rc.Close()
		}
		check("Get", err)
		_, err = s.Stat(ctx, key)
		check("Stat", err)
		check("Delete", s.Delete(ctx, key))
		check("Copy from", s.Copy(ctx, key, "claims/copy"))
		check("Copy to", s.Copy(ctx, "claims/valid", key))
	}
	// The longest keys are fine.
	seg := strings.Repeat("l", 255)
	long := strings.Join([]string{seg, seg, seg, seg[:254], "x"}, "/")
	if len(long) != 1024 {
		t.Fatalf("long key has %d bytes", len(long))
	}
	put(t, s, long, []byte("long"))
	if got := get(t, s, long); string(got) != "long" {
		t.Errorf("Get(1024-byte key) = %q", got)
	}
}

func testConcurrentPut(t *testing.T, s blob.Store) {
	const key = "claims/26-1001-WTR/Photos/dup.jpg"
	const writers = 8
	data := bytes.Repeat([]byte("same photo from two mailboxes "), 4096)
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for range writers {
		wg.Go(func() {
			errs <- s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)))
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent Put: %v", err)
		}
	}
	if got := get(t, s, key); !bytes.Equal(got, data) {
		t.Errorf("Get after concurrent Puts: %d bytes, want %d", len(got), len(data))
	}
}

func testContextCancel(t *testing.T, s blob.Store) {
	put(t, s, "claims/present", []byte("p"))

	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.Put(cancelled, "claims/before", strings.NewReader("x"), 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with cancelled context: %v, want context.Canceled", err)
	}
	assertMissing(t, s, "claims/before")
	if rc, err := s.Get(cancelled, "claims/present"); !errors.Is(err, context.Canceled) {
		if err == nil {
			rc.Close()
		}
		t.Errorf("Get with cancelled context: %v, want context.Canceled", err)
	}
	if _, err := s.Stat(cancelled, "claims/present"); !errors.Is(err, context.Canceled) {
		t.Errorf("Stat with cancelled context: %v, want context.Canceled", err)
	}

	// Cancelled halfway through the stream: nothing is stored.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	const size = 8 << 20
	r := &cancelReader{r: newGenerator(3, size), after: size / 2, cancel: cancel}
	if err := s.Put(ctx, "claims/midway", r, size); !errors.Is(err, context.Canceled) {
		t.Errorf("Put cancelled midway: %v, want context.Canceled", err)
	}
	assertMissing(t, s, "claims/midway")
}

func testPing(t *testing.T, s blob.Store) {
	for range 2 {
		if err := s.Ping(t.Context()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	}
}

// testLarge streams a blob that is generated as it is read, and checks
// that the store neither holds it in memory nor alters it.
func testLarge(t *testing.T, s blob.Store) {
	ctx := t.Context()
	const key = "claims/26-1001-WTR/Estimates/large.esx"
	want := sha256.New()
	src := io.TeeReader(newGenerator(4, LargeSize), want)

	peak := watchHeap()
	start := time.Now()
	if err := s.Put(ctx, key, src, LargeSize); err != nil {
		t.Fatalf("Put: %v", err)
	}
	elapsed := time.Since(start)
	grown := peak()
	t.Logf("put %d MiB in %v (%.0f MiB/s), heap grew by at most %.1f MiB",
		LargeSize>>20, elapsed.Round(time.Millisecond), float64(LargeSize>>20)/elapsed.Seconds(), float64(grown)/(1<<20))
	if grown > LargeSize/2 {
		t.Errorf("heap grew by %d MiB while putting a %d MiB blob: the store buffers it", grown>>20, LargeSize>>20)
	}

	info, err := s.Stat(ctx, key)
	if err != nil || info.Size != LargeSize {
		t.Fatalf("Stat = %+v, %v; want size %d", info, err, LargeSize)
	}
	rc, err := s.Get(ctx, key)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	defer rc.Close()
	got := sha256.New()
	n, err := io.Copy(got, rc)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if n != LargeSize || !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Errorf("read back %d bytes with sha256 %x, want %d bytes with %x", n, got.Sum(nil), LargeSize, want.Sum(nil))
	}
}

// watchHeap samples the live heap until the returned function is called,
// which reports how far it rose above its level at the start.
func watchHeap() (stop func() uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	done := make(chan struct{})
	result := make(chan uint64)
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var top uint64
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			top = max(top, ms.HeapAlloc)
			select {
			case <-done:
				result <- top - min(top, base)
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-result
	}
}

func put(t *testing.T, s blob.Store, key string, data []byte) {
	t.Helper()
	if err := s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

func get(t *testing.T, s blob.Store, key string) []byte {
	t.Helper()
	rc, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return data
}

func assertMissing(t *testing.T, s blob.Store, key string) {
	t.Helper()
	if info, err := s.Stat(t.Context(), key); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("Stat(%q) = %+v, %v; want ErrNotFound", key, info, err)
	}
}

// newGenerator yields size reproducible pseudo-random bytes without
// holding them.
func newGenerator(seed uint64, size int64) io.Reader {
	var s [32]byte
	s[0] = byte(seed)
	return io.LimitReader(rand.NewChaCha8(s), size)
}

type errReader struct{ err error }

func (r *errReader) Read([]byte) (int, error) { return 0, r.err }

// cancelReader cancels a context once it has passed on after bytes, and
// goes on yielding data, as a slow client would.
type cancelReader struct {
	r      io.Reader
	after  int64
	cancel context.CancelFunc
	n      int64
}

func (r *cancelReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.n += int64(n)
	if r.n >= r.after {
		r.cancel()
	}
	return n, err
}
