package ingest

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestImportKeepsSmallMailInMemory checks that the import stores mail that
// fits in memory without a temporary file (its spool directory cannot
// even be written here) with the same hash and bytes as fetched, while a
// message too large for memory still goes through the spool directory.
func TestImportKeepsSmallMailInMemory(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	var msgs []testenv.AppendMessage
	for i := 1; i <= 3; i++ {
		msgs = append(msgs, testenv.AppendMessage{Raw: sampleMessage(i)})
	}
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX", msgs)
	cfg := WatcherConfig{TempDir: filepath.Join(t.TempDir(), "missing")}
	w := NewWatcher(b.acct, "INBOX", storage.RoleInbox, b.db, b.blobs, b.queue, cfg, testenv.Logger(t))
	ctx := context.Background()
	stored, err := w.Backfill(ctx, time.Time{}, func(Progress) {})
	if err != nil || stored != 3 {
		t.Fatalf("backfill stored %d, err %v; want 3 and no error", stored, err)
	}
	rows, err := b.sql.Query(ctx, `SELECT uid, raw_sha256, raw_size FROM messages ORDER BY uid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var uid int
		var sum string
		var size int64
		if err := rows.Scan(&uid, &sum, &size); err != nil {
			t.Fatal(err)
		}
		want := sampleMessage(uid)
		if got := blobBytes(t, b.blobs, blob.ContentKey(sum)); !bytes.Equal(got, want) || size != int64(len(want)) || sha256Hex(string(got)) != sum {
			t.Errorf("uid %d: stored %d bytes (row says %d, hash %s), want the %d bytes appended", uid, len(got), size, sum, len(want))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	big := "Subject: scan\r\n\r\n" + strings.Repeat("Moisture readings for the hallway.\r\n", rawInMemory/36+1)
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX", []testenv.AppendMessage{{Raw: []byte(big)}})
	if _, err := w.Backfill(ctx, time.Time{}, func(Progress) {}); err == nil || !strings.Contains(err.Error(), "spool message") {
		t.Errorf("backfill of a message over %d bytes: %v, want it spooled (and failing here)", rawInMemory, err)
	}
}

// BenchmarkReadIntoMemory reads fetched messages of 64 to 160 kB into
// fresh buffers, as after the garbage collector has emptied the pool: each
// should cost one buffer of about the message's size.
func BenchmarkReadIntoMemory(b *testing.B) {
	line := []byte("Claim 60-8H77-8H5, water loss at 12 Main St.\r\n")
	raw := bytes.Repeat(line, 160_000/len(line))
	var sizes []int
	for size := 64_000; size < len(raw); size += 1531 {
		sizes = append(sizes, size)
	}
	i := 0
	for b.Loop() {
		msg := raw[:sizes[i%len(sizes)]]
		i++
		var m spooled
		if _, err := m.readIntoMemory(bytes.NewReader(msg), int64(len(msg)), 1<<20); err != nil {
			b.Fatal(err)
		}
	}
}
