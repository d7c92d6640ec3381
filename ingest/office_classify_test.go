package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// twoOffices is a database with two offices, each with its mailbox, whose
// claims share a carrier claim number, a job number and a loss address.
type twoOffices struct {
	db           *storage.DB
	sql          *pgx.Conn
	blobs        blob.Store
	p            *Processor
	main, north  storage.Office
	mainClaim    storage.Claim
	northClaim   storage.Claim
	uid          uint32
	mainMailbox  string
	northMailbox string
}

func setupTwoOffices(t *testing.T) *twoOffices {
	t.Helper()
	ctx := t.Context()
	db, dsn := openDB(t)
	blobs := localBlobs(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	b := &twoOffices{db: db, sql: conn, blobs: blobs, mainMailbox: "claims@main.example", northMailbox: "claims@north.example"}
	b.main, err = db.OfficeBySlug(ctx, "main")
	if err != nil {
		t.Fatal(err)
	}
	b.main.Domain = "main.example"
	if b.main, err = db.UpdateOffice(ctx, b.main); err != nil {
		t.Fatal(err)
	}
	b.north, err = db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North", Domain: "north.example", JobSequenceStart: 1001})
	if err != nil {
		t.Fatal(err)
	}
	for account, office := range map[string]int64{b.mainMailbox: b.main.ID, b.northMailbox: b.north.ID} {
		mb, err := db.EnsureMailbox(ctx, account, "INBOX", storage.RoleInbox)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `UPDATE mailboxes SET office_id = $2 WHERE id = $1`, mb.ID, office); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	shared := storage.Claim{JobNumber: "26-0001-WTR", ClaimNumber: "60-8H77-8H5", Carrier: "State Farm",
		InsuredName: "Wendell Ostrowski", LossAddress: "4410 Preston Rd, Dallas, TX 75225", LossType: "Water"}
	for _, c := range []struct {
		into   *storage.Claim
		office int64
	}{{&b.mainClaim, b.main.ID}, {&b.northClaim, b.north.ID}} {
		shared.OfficeID = c.office
		if *c.into, err = db.CreateClaim(ctx, shared, "", at, 0); err != nil {
			t.Fatal(err)
		}
	}
	// The configured domain is the default office's, as claimdesk serve
	// copies it in.
	b.p = NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Classify: classify.Config{OfficeDomain: "main.example"}},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	return b
}

// receive stores raw as received by the mailbox account and processes it;
// it returns the message's row.
func (b *twoOffices) receive(t *testing.T, account, raw string) messageRow {
	t.Helper()
	return b.receiveAt(t, account, raw, time.Time{})
}

// receiveAt is receive of mail that arrived at at (zero: now).
func (b *twoOffices) receiveAt(t *testing.T, account, raw string, at time.Time) messageRow {
	t.Helper()
	id := b.store(t, account, raw, at)
	if err := b.p.Process(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	return b.row(t, id)
}

// store stores raw as received by the mailbox account at at (zero: now),
// and returns its message's id.
func (b *twoOffices) store(t *testing.T, account, raw string, at time.Time) int64 {
	t.Helper()
	ctx := t.Context()
	sum := sha256.Sum256([]byte(raw))
	rawSHA := hex.EncodeToString(sum[:])
	if err := b.blobs.Put(ctx, blob.ContentKey(rawSHA), strings.NewReader(raw), int64(len(raw))); err != nil {
		t.Fatal(err)
	}
	mb, err := b.db.EnsureMailbox(ctx, account, "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	env := mailparse.ReadEnvelope(strings.NewReader(raw))
	b.uid++
	var id int64
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
			MailboxID: mb.ID, UIDValidity: 1, UID: b.uid, Direction: "in", RawSHA256: rawSHA, RawSize: int64(len(raw)),
			MessageID: env.MessageID, InReplyTo: env.InReplyTo, FromAddress: env.FromAddr, Subject: env.Subject,
			Status: storage.StatusNew, InternalDate: at,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// messageRow is where a processed message stands.
type messageRow struct {
	id       int64
	status   string
	claimID  int64
	officeID int64
}

func (b *twoOffices) row(t *testing.T, id int64) messageRow {
	t.Helper()
	r := messageRow{id: id}
	err := b.sql.QueryRow(t.Context(), `SELECT status, coalesce(claim_id, 0), office_id FROM messages WHERE id = $1`, id).
		Scan(&r.status, &r.claimID, &r.officeID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// adjusterMail is a message from an adjuster outside both offices.
func adjusterMail(id, to, subject, body string, extra ...string) string {
	return "From: Dana Reyes <dreyes@statefarm.example>\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n" +
		"Message-ID: <" + id + "@statefarm.example>\r\nDate: Mon, 02 Mar 2026 10:00:00 -0600\r\n" +
		strings.Join(extra, "") + "\r\n" + body + "\r\n"
}

// TestClassifyMatchesOnlyTheReceivingOfficesClaims sends mail naming a
// carrier claim number, a job number, and a loss address with its insured,
// that claims of both offices share: each office's mailbox files it into
// its own office's claim, never the other's, and never finds it ambiguous.
func TestClassifyMatchesOnlyTheReceivingOfficesClaims(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	for _, tc := range []struct{ name, subject, body string }{
		{"claim number", "Photos for claim 60-8H77-8H5", "Attached are the photos."},
		{"job number", "Your job 26-0001-WTR", "Please send the drying logs."},
		{"address and insured", "Drying logs", "For Wendell Ostrowski at 4410 Preston Rd, Dallas, TX 75225: please send the drying logs."},
	} {
		for _, in := range []struct {
			mailbox string
			office  storage.Office
			claim   storage.Claim
		}{{b.mainMailbox, b.main, b.mainClaim}, {b.northMailbox, b.north, b.northClaim}} {
			id := strings.ReplaceAll(tc.name, " ", "-") + "-" + in.office.Slug
			got := b.receive(t, in.mailbox, adjusterMail(id, in.mailbox, tc.subject, tc.body))
			if got.status != storage.StatusFiled || got.claimID != in.claim.ID || got.officeID != in.office.ID {
				t.Errorf("%s, received by %s: %s into claim %d of office %d; want filed into claim %d of office %d",
					tc.name, in.office.Slug, got.status, got.claimID, got.officeID, in.claim.ID, in.office.ID)
			}
		}
	}
}

// TestClassifyFollowsAForwardAddressToItsOffice sends mail to the main
// office's mailbox addressed to the north office's forward address of the
// job number both offices have: it is the north office's mail, filed into
// the north claim, and the pipeline's move is recorded.
func TestClassifyFollowsAForwardAddressToItsOffice(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	got := b.receive(t, b.mainMailbox, adjusterMail("fwd", "claims+26-0001-WTR@north.example", "Moisture map", "See attached."))
	if got.status != storage.StatusFiled || got.claimID != b.northClaim.ID || got.officeID != b.north.ID {
		t.Fatalf("forwarded to north: %s into claim %d of office %d; want filed into claim %d of office %d",
			got.status, got.claimID, got.officeID, b.northClaim.ID, b.north.ID)
	}
	moves, err := b.db.MessageOfficeMoves(t.Context(), got.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(moves) != 1 || moves[0].FromOfficeID != b.main.ID || moves[0].ToOfficeID != b.north.ID || moves[0].Actor != ActorPipeline {
		t.Errorf("office moves: %+v; want one from main to north by %s", moves, ActorPipeline)
	}

	// Forward addresses of both offices name no one office: the mailbox's
	// decides.
	got = b.receive(t, b.mainMailbox, adjusterMail("fwd-both", "claims+26-0001-WTR@north.example, claims+26-0001-WTR@main.example",
		"Moisture map", "See attached."))
	if got.officeID != b.main.ID || got.claimID != b.mainClaim.ID {
		t.Errorf("forwarded to both offices: claim %d of office %d; want claim %d of the receiving office %d",
			got.claimID, got.officeID, b.mainClaim.ID, b.main.ID)
	}
}

// TestClassifyThreadStaysInItsOffice files a message into the north
// claim, then receives replies to it in both mailboxes: the north one
// follows its thread into the north claim, while the main office, which
// has no claim in that thread, leaves its copy to a person.
func TestClassifyThreadStaysInItsOffice(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	first := b.receive(t, b.northMailbox, adjusterMail("thread-start", b.northMailbox, "Claim 60-8H77-8H5", "Estimate attached."))
	if first.claimID != b.northClaim.ID {
		t.Fatalf("first message: claim %d, want the north claim %d", first.claimID, b.northClaim.ID)
	}
	reply := func(mailbox string) messageRow {
		id := "reply-" + strings.SplitN(mailbox, "@", 2)[1]
		return b.receive(t, mailbox, adjusterMail(id, mailbox, "Re: the estimate", "Approved, go ahead.",
			"In-Reply-To: <thread-start@statefarm.example>\r\n"))
	}
	if got := reply(b.northMailbox); got.status != storage.StatusFiled || got.claimID != b.northClaim.ID {
		t.Errorf("reply in north: %s into claim %d; want filed into %d", got.status, got.claimID, b.northClaim.ID)
	}
	if got := reply(b.mainMailbox); got.status != storage.StatusTriage || got.claimID != 0 || got.officeID != b.main.ID {
		t.Errorf("reply in main: %s into claim %d of office %d; want triage in office %d", got.status, got.claimID, got.officeID, b.main.ID)
	}
}

// TestAssignmentsNumberClaimsPerOffice sends the same new assignment to
// both offices: each creates its own claim with its own next job number
// (the north office's sequence starts at 1001), and a repeat fills in its
// office's claim rather than the other's.
func TestAssignmentsNumberClaimsPerOffice(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	assignment := func(id, to string) string {
		return adjusterMail(id, to, "New assignment 0683449786", "Please accept this new mitigation assignment.\r\n\r\n"+
			"Claim Number: 0683449786\r\nInsured: Maria Gomez\r\nLoss Address: 12 Elm St, Plano, TX 75024\r\n"+
			"Type of Loss: Water\r\n")
	}
	want := map[string]string{b.mainMailbox: "26-0002-WTR", b.northMailbox: "26-1001-WTR"}
	claims := map[string]int64{}
	for _, mailbox := range []string{b.mainMailbox, b.northMailbox} {
		got := b.receive(t, mailbox, assignment("assign-"+mailbox, mailbox))
		c, err := b.db.GetClaim(t.Context(), got.claimID)
		if err != nil {
			t.Fatalf("assignment to %s: %s, claim %d: %v", mailbox, got.status, got.claimID, err)
		}
		if c.JobNumber != want[mailbox] || c.OfficeID != got.officeID {
			t.Errorf("assignment to %s: job %s in office %d; want %s in the message's office %d",
				mailbox, c.JobNumber, c.OfficeID, want[mailbox], got.officeID)
		}
		claims[mailbox] = c.ID
	}
	again := b.receive(t, b.northMailbox, assignment("assign-again", b.northMailbox))
	if again.claimID != claims[b.northMailbox] {
		t.Errorf("repeated assignment in north: claim %d; want north's %d", again.claimID, claims[b.northMailbox])
	}
}

// TestMovedMessageIsMatchedInItsNewOffice receives, in the main office's
// mailbox, mail naming a claim only the north office has: it waits in
// triage. Moved to the north office, its matching again files it there.
func TestMovedMessageIsMatchedInItsNewOffice(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	ctx := t.Context()
	only, err := b.db.CreateClaim(ctx, storage.Claim{OfficeID: b.north.ID, ClaimNumber: "LA123-456789-01", LossType: "Water"},
		"", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 0)
	if err != nil {
		t.Fatal(err)
	}
	got := b.receive(t, b.mainMailbox, adjusterMail("moved", b.mainMailbox, "Claim LA123-456789-01", "Supplement attached."))
	if got.status != storage.StatusTriage || got.officeID != b.main.ID {
		t.Fatalf("in main: %s in office %d; want triage in main", got.status, got.officeID)
	}
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.MoveMessageToOffice(ctx, tx, storage.OfficeMove{
			MessageID: got.id, FromOfficeID: b.main.ID, ToOfficeID: b.north.ID, Actor: "dana@main.example"})
	})
	if err != nil {
		t.Fatal(err)
	}
	job := &river.Job[ProcessArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 10}, Args: ProcessArgs{MessageID: got.id, Rematch: true}}
	if err := b.p.Work(ctx, job); err != nil {
		t.Fatal(err)
	}
	if got = b.row(t, got.id); got.status != storage.StatusFiled || got.claimID != only.ID || got.officeID != b.north.ID {
		t.Errorf("matched again in north: %s into claim %d of office %d; want filed into %d of north %d",
			got.status, got.claimID, got.officeID, only.ID, b.north.ID)
	}
}
