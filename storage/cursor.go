package storage

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"time"
)

// Cursors are the positions of keyset-paginated lists, handed to clients
// as opaque strings: fixed-width big-endian fields, in base64url without
// padding. Every list encodes them the same way, so every list refuses
// alike a string that is not exactly the fields it reads.

// CursorWriter builds a cursor field by field.
type CursorWriter struct{ b []byte }

// NewCursor starts an empty cursor.
func NewCursor() *CursorWriter { return &CursorWriter{} }

// Int64 appends v in 8 bytes.
func (w *CursorWriter) Int64(v int64) *CursorWriter {
	w.b = binary.BigEndian.AppendUint64(w.b, uint64(v))
	return w
}

// Time appends t to the microsecond, as Postgres keeps it: a finer cursor
// would skip the row it was cut at.
func (w *CursorWriter) Time(t time.Time) *CursorWriter { return w.Int64(t.UnixMicro()) }

// Float32 appends f's bits in 4 bytes.
func (w *CursorWriter) Float32(f float32) *CursorWriter {
	w.b = binary.BigEndian.AppendUint32(w.b, math.Float32bits(f))
	return w
}

// Byte appends c.
func (w *CursorWriter) Byte(c byte) *CursorWriter {
	w.b = append(w.b, c)
	return w
}

// String returns the cursor as clients see it.
func (w *CursorWriter) String() string { return base64.RawURLEncoding.EncodeToString(w.b) }

// CursorReader reads a cursor's fields back in the order they were
// written. A field past the end reads as zero and makes the cursor invalid.
type CursorReader struct {
	b   []byte
	bad bool
}

// ReadCursor starts reading the cursor s.
func ReadCursor(s string) *CursorReader {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return &CursorReader{b: b, bad: err != nil}
}

func (r *CursorReader) next(n int) []byte {
	if r.bad || len(r.b) < n {
		r.bad = true
		return make([]byte, n)
	}
	f := r.b[:n]
	r.b = r.b[n:]
	return f
}

// Int64 reads a field written by CursorWriter.Int64.
func (r *CursorReader) Int64() int64 { return int64(binary.BigEndian.Uint64(r.next(8))) }

// Time reads a field written by CursorWriter.Time.
func (r *CursorReader) Time() time.Time { return time.UnixMicro(r.Int64()) }

// Float32 reads a field written by CursorWriter.Float32.
func (r *CursorReader) Float32() float32 {
	return math.Float32frombits(binary.BigEndian.Uint32(r.next(4)))
}

// Byte reads a field written by CursorWriter.Byte.
func (r *CursorReader) Byte() byte { return r.next(1)[0] }

// Valid reports whether the cursor decoded and held exactly the fields
// read: one cut short, padded or made for another list is not.
func (r *CursorReader) Valid() bool { return !r.bad && len(r.b) == 0 }
