package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/migrations"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	return openDSN(t, testenv.Postgres(t))
}

func openDSN(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openDBAt opens a fresh database migrated down to version, as a database
// of that time would be.
func openDBAt(t *testing.T, version int64) *sql.DB {
	t.Helper()
	return openDSN(t, dsnAt(t, version))
}

// dsnAt returns the address of a fresh database migrated down to version.
func dsnAt(t testing.TB, version int64) string {
	t.Helper()
	dsn := testenv.Postgres(t)
	p, err := migrations.NewProvider(openDSN(t, dsn))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(context.Background(), version); err != nil {
		t.Fatalf("down to %d: %v", version, err)
	}
	return dsn
}

func TestUpTwiceIsNoOp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	// The harness's database is already migrated: Up must find nothing to do.
	res, err := migrations.Up(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 0 {
		t.Fatalf("second Up applied %d migrations, want 0", len(res))
	}
	st, err := migrations.Status(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) == 0 {
		t.Fatal("no migrations embedded")
	}
	for _, s := range st {
		if s.State != goose.StateApplied {
			t.Errorf("migration %s: state %s, want applied", s.Source.Path, s.State)
		}
	}
}

func TestDownAndUpAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	p, err := migrations.NewProvider(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'messages'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatal("messages table still exists after migrating down")
	}
	res, err := migrations.Up(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) == 0 {
		t.Fatal("Up after Down applied nothing")
	}
}

// TestExactlyOnceConstraints checks the unique keys ingest relies on to turn
// a repeated step into a conflict instead of a duplicate row.
func TestExactlyOnceConstraints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	wantUnique := func(what, q string, args ...any) {
		t.Helper()
		_, err := db.ExecContext(ctx, q, args...)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "23505" {
			t.Errorf("%s: got %v, want a unique violation", what, err)
		}
	}
	mustExec(`INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('claims@office.example', 'INBOX', 'inbox', 1)`)
	wantUnique("same mailbox folder twice",
		`INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('claims@office.example', 'INBOX', 'inbox', 1)`)

	sha1 := "0000000000000000000000000000000000000000000000000000000000000001"
	sha2 := "0000000000000000000000000000000000000000000000000000000000000002"
	insertMsg := `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id)
	              VALUES ((SELECT id FROM mailboxes LIMIT 1), $1, $2, 'in', $3, 10, 1)`
	mustExec(insertMsg, 7, 1, sha1)
	wantUnique("same UID twice", insertMsg, 7, 1, sha2)
	wantUnique("same raw message under a new UIDVALIDITY", insertMsg, 8, 1, sha1)
	mustExec(insertMsg, 7, 2, sha2)

	mustExec(`INSERT INTO claims (job_number, claim_number, claim_number_norm, office_id) VALUES ('26-1001-WTR', '60-8H77-8H5', '608H778H5', 1)`)
	wantUnique("same job number twice", `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1)`)
	wantUnique("same normalized claim number twice",
		`INSERT INTO claims (job_number, claim_number, claim_number_norm, office_id) VALUES ('26-1002-WTR', '60 8h77 8h5', '608H778H5', 1)`)

	insertDoc := `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
	              VALUES ((SELECT id FROM claims LIMIT 1), $1, 1, 'a.pdf', 'cos', 'Contracts', $2, now(), 1)`
	mustExec(insertDoc, sha1, "claims/26-1001-WTR/Contracts/2026-11-02_a.pdf")
	wantUnique("same file twice for one claim", insertDoc, sha1, "claims/26-1001-WTR/Contracts/2026-11-02_a-2.pdf")
	wantUnique("same browse key twice", insertDoc, sha2, "claims/26-1001-WTR/Contracts/2026-11-02_a.pdf")

	mustExec(`INSERT INTO equipment (claim_id, office_id, kind, count, placed_at) SELECT id, 1, 'dumpster', 1, now() FROM claims LIMIT 1`)
	insertHaul := `INSERT INTO equipment_hauls (equipment_id, hauled_at, request_key) SELECT id, now(), $1 FROM equipment LIMIT 1`
	mustExec(insertHaul, "form-1")
	wantUnique("same haul submitted twice", insertHaul, "form-1")
	mustExec(insertHaul, nil)
	mustExec(insertHaul, nil)

	insertMark := `INSERT INTO claim_reminders (claim_id, kind, recipient, occasion, marked_sent_at, marked_sent_by)
	               SELECT id, 'chase_upload', 'luis@field.example', $1, now(), 'dana' FROM claims LIMIT 1`
	mustExec(insertMark, "manual:10:00")
	mustExec(insertMark, "manual:10:06")
	insertMarkKey := `INSERT INTO claim_reminder_keys (claim_id, request_key, request_digest, reminder_id)
	                  SELECT claim_id, $1, '', id FROM claim_reminders WHERE occasion = $2`
	mustExec(insertMarkKey, "form-1", "manual:10:00")
	wantUnique("same reminder mark's key twice", insertMarkKey, "form-1", "manual:10:06")
	mustExec(insertMarkKey, "form-2", "manual:10:00")

	if _, err := db.ExecContext(ctx, insertDoc, sha2, "x"); err != nil {
		t.Fatal(err)
	}
	_, err := db.ExecContext(ctx, `UPDATE documents SET doc_type = 'inline' WHERE browse_key = 'x'`)
	if err == nil {
		t.Error("inline body images must not become documents")
	}
}
