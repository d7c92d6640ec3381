package ingest

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestRunWaitingOnAnotherReplacesItsParts runs a message again while
// another transaction holds it, as a second run of the same message does,
// and saves its parts again before committing: the waiting run, once let
// through, replaces those parts rather than failing on their names.
func TestRunWaitingOnAnotherReplacesItsParts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, dsn := openDB(t)
	blobs := localBlobs(t)
	p := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir()}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	raw := "From: someone@elsewhere.example\r\nTo: claims@office.example\r\nSubject: photos\r\n" +
		"Message-ID: <rerun@elsewhere.example>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n" +
		"--b\r\nContent-Type: text/plain; name=notes.txt\r\nContent-Disposition: attachment; filename=notes.txt\r\n\r\nnotes\r\n--b--\r\n"
	id := storeRawMessage(t, db, blobs, []byte(raw))
	if err := p.Process(ctx, id); err != nil {
		t.Fatal(err)
	}
	want := countParts(t, db, id)
	if err := db.SetMessageStatus(ctx, id, storage.StatusFailed, "run again"); err != nil {
		t.Fatal(err)
	}

	other, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(context.Background())
	first, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback(context.Background())
	if _, err := first.Exec(ctx, `SELECT FROM messages WHERE id = $1 FOR NO KEY UPDATE`, id); err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() { second <- p.Process(ctx, id) }()
	waitForLockWait(t, other)
	// The first run saves the message's parts again, under the names the
	// second will give them.
	if _, err := first.Exec(ctx, `WITH old AS (DELETE FROM message_parts WHERE message_id = $1 RETURNING *)
		INSERT INTO message_parts OVERRIDING SYSTEM VALUE SELECT * FROM old`, id); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatalf("second run: %v", err)
	}
	if m, err := db.GetMessage(ctx, id); err != nil || m.Status != storage.StatusTriage {
		t.Fatalf("after the second run: status %q (%v), want triage", m.Status, err)
	}
	if got := countParts(t, db, id); want == 0 || got != want {
		t.Errorf("after the second run: %d parts, want the %d of the first", got, want)
	}
}

// countParts is how many parts of message id are stored.
func countParts(t *testing.T, db *storage.DB, id int64) int {
	t.Helper()
	var n int
	err := db.InTx(t.Context(), func(tx pgx.Tx) error {
		return tx.QueryRow(t.Context(), `SELECT count(*) FROM message_parts WHERE message_id = $1`, id).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitForLockWait returns once a session of conn's database other than
// conn's own waits for a lock.
func waitForLockWait(t *testing.T, conn *pgx.Conn) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var waiting bool
		if err := conn.QueryRow(t.Context(), `SELECT EXISTS (SELECT FROM pg_locks l JOIN pg_stat_activity a USING (pid)
			WHERE NOT l.granted AND a.datname = current_database() AND a.pid <> pg_backend_pid())`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no run waited for the message's lock")
		}
	}
}
