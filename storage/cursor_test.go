package storage_test

import (
	"math"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 2, 9, 30, 15, 123456789, time.UTC)
	s := storage.NewCursor().Float32(-0.25).Time(at).Byte('m').Int64(-42).Int64(math.MaxInt64).String()
	r := storage.ReadCursor(s)
	rank, gotAt, kind, a, b := r.Float32(), r.Time(), r.Byte(), r.Int64(), r.Int64()
	if !r.Valid() {
		t.Fatalf("cursor %q: not valid after reading every field", s)
	}
	if rank != -0.25 || !gotAt.Equal(at.Truncate(time.Microsecond)) || kind != 'm' || a != -42 || b != math.MaxInt64 {
		t.Fatalf("read %v %v %q %d %d from %q", rank, gotAt, kind, a, b, s)
	}
}

// TestCursorEncoding pins the strings clients hold: pages a client is
// reading must still open after an upgrade: an id list's, a message
// list's and a search's.
func TestCursorEncoding(t *testing.T) {
	t.Parallel()
	at := time.UnixMicro(1_700_000_000_000_000)
	for _, tc := range []struct{ got, want string }{
		{storage.NewCursor().Int64(7).String(), "AAAAAAAAAAc"},
		{storage.NewCursor().Time(at).Int64(7).String(), "AAYKJBgeQAAAAAAAAAAABw"},
		{storage.NewCursor().Float32(1).Time(at).Byte('d').Int64(7).String(), "P4AAAAAGCiQYHkAAZAAAAAAAAAAH"},
	} {
		if tc.got != tc.want {
			t.Errorf("cursor %q, want %q", tc.got, tc.want)
		}
	}
}

func TestCursorInvalid(t *testing.T) {
	t.Parallel()
	full := storage.NewCursor().Time(time.Now()).Int64(1).String()
	for _, s := range []string{
		"", "not a cursor!", "garbage",
		storage.NewCursor().Int64(1).String(), // cut short
		full + "AA",                           // padded
		storage.NewCursor().Time(time.Now()).Int64(1).Byte(0).String(), // a longer list's
	} {
		r := storage.ReadCursor(s)
		r.Time()
		r.Int64()
		if r.Valid() {
			t.Errorf("cursor %q: valid, want refused", s)
		}
	}
	if r := storage.ReadCursor(full); r.Time().IsZero() || r.Int64() != 1 || !r.Valid() {
		t.Errorf("cursor %q: refused, want valid", full)
	}
}
