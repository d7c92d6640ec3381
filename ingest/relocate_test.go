package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"path"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestRelocateBrowseKeys runs the relocation suite on both blob stores.
func TestRelocateBrowseKeys(t *testing.T) {
	t.Parallel()
	for _, st := range testStores {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			t.Run("Layout", func(t *testing.T) { t.Parallel(); testRelocateLayout(t, st.open) })
			t.Run("StoppedAnywhere", func(t *testing.T) { t.Parallel(); testRelocateStoppedAnywhere(t, st.open) })
			t.Run("HeldDocument", func(t *testing.T) { t.Parallel(); testRelocateHeldDocument(t, st.open) })
			t.Run("HeldThroughout", func(t *testing.T) { t.Parallel(); testRelocateHeldThroughout(t, st.open) })
		})
	}
}

// legacyDoc is a document of a database from before offices had folders.
type legacyDoc struct {
	office, job, key string
	content, stamped []byte // stamped nil: none
	published        bool   // the browse keys hold their copies
	want             string // the key it should end at
}

// relocationBundle is a database and a blob store as claimdesk left them
// before browse keys carried the office.
type relocationBundle struct {
	db    *storage.DB
	sql   *pgxpool.Pool
	blobs blob.Store
	docs  map[int64]legacyDoc
	// retired is a key given up by a move whose deletion never ran.
	retired string
}

// filename is d's name as received: its key's name without the date.
func (d legacyDoc) filename() string {
	_, name, _ := strings.Cut(path.Base(d.key), "_")
	return name
}

// pdf says whether d is a PDF, which its stamped copy's key depends on.
func (d legacyDoc) pdf() bool { return storage.IsPDFFile(d.filename(), "") }

func legacyDocs() []legacyDoc {
	return []legacyDoc{
		{office: "main", job: "26-1001-WTR", key: "claims/26-1001-WTR/Photos/2026-03-02_IMG_1.jpg",
			content: []byte("photo one"), published: true,
			// A photo of the same name filed since the upgrade holds the plain name.
			want: "offices/main/claims/26-1001-WTR/Photos/2026-03-02_IMG_1_2.jpg"},
		{office: "main", job: "26-1001-WTR", key: "claims/26-1001-WTR/Estimates/2026-03-02_Estimate.pdf",
			content: []byte("%PDF estimate"), stamped: []byte("%PDF estimate, stamped"), published: true,
			want: "offices/main/claims/26-1001-WTR/Estimates/2026-03-02_Estimate.pdf"},
		{office: "main", job: "26-1001-WTR", key: "claims/26-1001-WTR/Contracts/2026-03-03_ATP.pdf",
			content: []byte("%PDF atp, its publish job still queued"),
			want:    "offices/main/claims/26-1001-WTR/Contracts/2026-03-03_ATP.pdf"},
		{office: "north", job: "26-2001-WTR", key: "claims/26-2001-WTR/Photos/2026-03-04_IMG_1.jpg",
			content: []byte("north photo"), published: true,
			want: "offices/north/claims/26-2001-WTR/Photos/2026-03-04_IMG_1.jpg"},
		{office: "main", job: "26-1001-WTR", key: "offices/main/claims/26-1001-WTR/Photos/2026-03-02_IMG_1.jpg",
			content: []byte("photo filed since"), published: true,
			want: "offices/main/claims/26-1001-WTR/Photos/2026-03-02_IMG_1.jpg"},
	}
}

func setupRelocation(t *testing.T, open func(t *testing.T) blob.Store) *relocationBundle {
	t.Helper()
	ctx := t.Context()
	db, dsn := openDB(t)
	b := &relocationBundle{db: db, sql: testenv.SQL(t, dsn), blobs: open(t), docs: map[int64]legacyDoc{},
		retired: "claims/26-1001-WTR/Other/2026-03-01_moved away.pdf"}
	if _, err := db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North"}); err != nil {
		t.Fatal(err)
	}
	claims := map[string]int64{}
	for _, d := range legacyDocs() {
		if _, ok := claims[d.job]; !ok {
			var id int64
			err := b.sql.QueryRow(ctx, `INSERT INTO claims (job_number, office_id)
				SELECT $1, id FROM offices WHERE slug = $2 RETURNING id`, d.job, d.office).Scan(&id)
			if err != nil {
				t.Fatal(err)
			}
			claims[d.job] = id
		}
		var stamped *string
		b.put(t, blob.ContentKey(hexSum(d.content)), d.content, d.published, d.key)
		if d.stamped != nil {
			s := hexSum(d.stamped)
			stamped = &s
			b.put(t, blob.ContentKey(s), d.stamped, d.published, storage.StampedBrowseKey(d.key, d.pdf()))
		}
		var id int64
		err := b.sql.QueryRow(ctx, `
			INSERT INTO documents (claim_id, office_id, sha256, size, filename, doc_type, folder, browse_key, stamped_sha256, received_at)
			SELECT $1, office_id, $2, $3, $6, 'other', 'Other', $4, $5, now() FROM claims WHERE id = $1
			RETURNING id`, claims[d.job], hexSum(d.content), len(d.content), d.key, stamped, d.filename()).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		b.docs[id] = d
	}
	b.put(t, b.retired, []byte("moved away"), false, "")
	if _, err := b.sql.Exec(ctx, `INSERT INTO retired_browse_keys (key) VALUES ($1)`, b.retired); err != nil {
		t.Fatal(err)
	}
	return b
}

// put stores content under key, and under browseKey too when published.
func (b *relocationBundle) put(t *testing.T, key string, content []byte, published bool, browseKey string) {
	t.Helper()
	if err := b.blobs.Put(t.Context(), key, bytes.NewReader(content), int64(len(content))); err != nil {
		t.Fatal(err)
	}
	if published {
		if err := b.blobs.Copy(t.Context(), key, browseKey); err != nil {
			t.Fatal(err)
		}
	}
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// check asserts that every document is at its key in its office's folder,
// with the right bytes there and nothing left at its old keys.
func (b *relocationBundle) check(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	for id, d := range b.docs {
		var key string
		if err := b.sql.QueryRow(ctx, `SELECT browse_key FROM documents WHERE id = $1`, id).Scan(&key); err != nil {
			t.Fatal(err)
		}
		if key != d.want {
			t.Errorf("document %d at %q, want %q", id, key, d.want)
			continue
		}
		b.wantBlob(t, key, d.content)
		if d.stamped != nil {
			b.wantBlob(t, storage.StampedBrowseKey(key, d.pdf()), d.stamped)
		}
		if d.key != d.want {
			b.wantGone(t, d.key)
			b.wantGone(t, storage.StampedBrowseKey(d.key, d.pdf()))
		}
		b.wantBlob(t, blob.ContentKey(hexSum(d.content)), d.content)
	}
	b.wantGone(t, b.retired)
	var left int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM retired_browse_keys`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d retired keys left (%v)", left, err)
	}
}

func (b *relocationBundle) wantBlob(t *testing.T, key string, want []byte) {
	t.Helper()
	rc, err := b.blobs.Get(t.Context(), key)
	if err != nil {
		t.Errorf("%s: %v", key, err)
		return
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("%s holds %q (%v), want %q", key, got, err, want)
	}
}

func (b *relocationBundle) wantGone(t *testing.T, key string) {
	t.Helper()
	if _, err := b.blobs.Stat(t.Context(), key); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("%s still there (%v)", key, err)
	}
}

func testRelocateLayout(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupRelocation(t, open)
	// A document whose bytes are nowhere cannot move; it keeps its key
	// and the others move all the same.
	var broken int64
	err := b.sql.QueryRow(t.Context(), `
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, doc_type, folder, browse_key, received_at)
		SELECT claim_id, office_id, $1, 4, 'lost.pdf', 'other', 'Other', 'claims/26-1001-WTR/Other/lost.pdf', now()
		FROM documents LIMIT 1 RETURNING id`, hexSum([]byte("lost"))).Scan(&broken)
	if err != nil {
		t.Fatal(err)
	}
	res, err := RelocateBrowseKeys(t.Context(), b.db, b.blobs, slog.New(slog.DiscardHandler))
	if err == nil || res.Moved != 4 || res.Failed != 1 {
		t.Errorf("relocated %+v, err %v; want 4 moved and 1 failed, with an error", res, err)
	}
	b.check(t)
	var key string
	if err := b.sql.QueryRow(t.Context(), `SELECT browse_key FROM documents WHERE id = $1`, broken).Scan(&key); err != nil ||
		key != "claims/26-1001-WTR/Other/lost.pdf" {
		t.Errorf("document without bytes moved to %q (%v)", key, err)
	}
	// Running again moves nothing more.
	res, _ = RelocateBrowseKeys(t.Context(), b.db, b.blobs, slog.New(slog.DiscardHandler))
	if res.Moved != 0 {
		t.Errorf("second run moved %d", res.Moved)
	}
}

// testRelocateStoppedAnywhere stops a run at each of its blob operations in
// turn, as a crash would, and checks that the next run finishes the job.
func testRelocateStoppedAnywhere(t *testing.T, open func(t *testing.T) blob.Store) {
	log := slog.New(slog.DiscardHandler)
	for after := 0; ; after++ {
		b := setupRelocation(t, open)
		stopping := &stoppingStore{Store: b.blobs, after: after}
		_, err := RelocateBrowseKeys(t.Context(), b.db, stopping, log)
		if !stopping.stopped() {
			if err != nil {
				t.Fatalf("unstopped run: %v", err)
			}
			if after == 0 {
				t.Fatal("a run touched no blob")
			}
			return
		}
		if !errors.Is(err, errStopped) {
			t.Fatalf("run stopped after %d operations returned %v", after, err)
		}
		if _, err := RelocateBrowseKeys(t.Context(), b.db, b.blobs, log); err != nil {
			t.Fatalf("run after a stop after %d operations: %v", after, err)
		}
		t.Run("", b.check)
	}
}

// testRelocateHeldDocument has a filing hold the first document while the
// run passes it, and checks that the run comes back for it.
func testRelocateHeldDocument(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupRelocation(t, open)
	ctx := t.Context()
	held, _ := b.holdFirstDocument(t, "SHARE")
	// The filing commits once the run has gone past: when it deletes the
	// first old keys it moved.
	releasing := &releasingStore{Store: b.blobs, release: func() error { return held.Commit(ctx) }}
	if _, err := RelocateBrowseKeys(ctx, b.db, releasing, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if releasing.err != nil {
		t.Fatal(releasing.err)
	}
	b.check(t)
}

// testRelocateHeldThroughout holds the first document, as stamping holds
// one while it records its stamped copy under the old key, until the run
// has passed every other: the run waits for it at the end rather than
// leave it in the old folder.
func testRelocateHeldThroughout(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupRelocation(t, open)
	ctx := t.Context()
	held, heldPID := b.holdFirstDocument(t, "UPDATE")
	done := make(chan error, 1)
	go func() {
		_, err := RelocateBrowseKeys(ctx, b.db, b.blobs, slog.New(slog.DiscardHandler))
		done <- err
	}()
	testenv.WaitForBlocked(t, b.sql, heldPID, "%FOR UPDATE OF d")
	if err := held.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	b.check(t)
}

// holdFirstDocument locks the first document FOR lock (SHARE as a filing
// holds one, UPDATE as stamping does) in a transaction of its own, rolled
// back when the test ends unless committed, and returns it with its
// backend's pid.
func (b *relocationBundle) holdFirstDocument(t *testing.T, lock string) (pgx.Tx, int) {
	t.Helper()
	held, err := b.sql.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = held.Rollback(context.Background()) })
	var pid int
	if err := held.QueryRow(t.Context(), `SELECT pg_backend_pid() FROM documents
		WHERE id = (SELECT min(id) FROM documents) FOR `+lock).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return held, pid
}

// releasingStore runs release at its first Delete.
type releasingStore struct {
	blob.Store
	once    sync.Once
	release func() error
	err     error
}

func (s *releasingStore) Delete(ctx context.Context, key string) error {
	s.once.Do(func() { s.err = s.release() })
	return s.Store.Delete(ctx, key)
}

var errStopped = errors.New("stopped")

// stoppingStore fails every operation after the first few, as a process
// that dies there would do no more.
type stoppingStore struct {
	blob.Store
	mu    sync.Mutex
	after int
	done  int
}

func (s *stoppingStore) step() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done >= s.after {
		s.done = s.after + 1
		return errStopped
	}
	s.done++
	return nil
}

func (s *stoppingStore) stopped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done > s.after
}

func (s *stoppingStore) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := s.step(); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, key)
}

func (s *stoppingStore) Stat(ctx context.Context, key string) (blob.Info, error) {
	if err := s.step(); err != nil {
		return blob.Info{}, err
	}
	return s.Store.Stat(ctx, key)
}

func (s *stoppingStore) Copy(ctx context.Context, src, dst string) error {
	if err := s.step(); err != nil {
		return err
	}
	return s.Store.Copy(ctx, src, dst)
}

func (s *stoppingStore) Delete(ctx context.Context, key string) error {
	if err := s.step(); err != nil {
		return err
	}
	return s.Store.Delete(ctx, key)
}
