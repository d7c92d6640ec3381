package ingest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// requestBundle processes mail of one claim through the pipeline.
type requestBundle struct {
	db    *storage.DB
	blobs blob.Store
	proc  *Processor
	claim storage.Claim
	uid   uint32
}

const requestAdjuster = "janderson@statefarm.example"

func setupRequests(t *testing.T) *requestBundle {
	t.Helper()
	ctx := t.Context()
	db, blobs := openStores(t)
	claim, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: "60-8H77-8H5", Carrier: "State Farm", InsuredName: "Kevin Castillo",
		AdjusterName: "Jennifer Anderson", AdjusterEmail: requestAdjuster}, "", time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), 0)
	if err != nil {
		t.Fatal(err)
	}
	cal := sla.NewCalendar(time.UTC, sla.DefaultHours())
	proc := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Calendar: cal, Location: time.UTC,
		Classify: classify.Config{OfficeDomain: "smrestore.example"}}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return &requestBundle{db: db, blobs: blobs, proc: proc, claim: claim}
}

// deliver stores raw mail in the inbox (direction in) or Sent (out) as
// arrived at at, and processes it.
func (b *requestBundle) deliver(t *testing.T, direction string, at time.Time, raw string) int64 {
	t.Helper()
	id := b.store(t, direction, at, raw)
	if err := b.proc.Process(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	return id
}

// store stores raw mail as deliver does, without processing it.
func (b *requestBundle) store(t *testing.T, direction string, at time.Time, raw string) int64 {
	t.Helper()
	ctx := t.Context()
	raw = strings.ReplaceAll(raw, "\n", "\r\n")
	sum := sha256.Sum256([]byte(raw))
	rawSHA := hex.EncodeToString(sum[:])
	if err := b.blobs.Put(ctx, blob.ContentKey(rawSHA), strings.NewReader(raw), int64(len(raw))); err != nil {
		t.Fatal(err)
	}
	folder, role := "INBOX", storage.RoleInbox
	if direction == "out" {
		folder, role = "Sent", storage.RoleSent
	}
	mb, err := b.db.EnsureMailbox(ctx, "claims@smrestore.example", folder, role)
	if err != nil {
		t.Fatal(err)
	}
	b.uid++
	env := mailparse.ReadEnvelope(strings.NewReader(raw))
	var id int64
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
			MailboxID: mb.ID, UIDValidity: 1, UID: b.uid, Direction: direction, RawSHA256: rawSHA, RawSize: int64(len(raw)),
			MessageID: env.MessageID, InReplyTo: env.InReplyTo, References: env.References, FromAddress: env.FromAddr,
			Subject: env.Subject, Status: storage.StatusNew, InternalDate: at,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *requestBundle) requests(t *testing.T) []storage.Request {
	t.Helper()
	rs, err := b.db.ClaimRequests(t.Context(), b.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// officeMail is a message from the office to the adjuster in reply to
// <ask@statefarm.example>, with attachments named by filename.
func officeMail(id, body string, at time.Time, files ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: Claims <claims@smrestore.example>\nTo: Jennifer Anderson <%s>\nSubject: Re: 60-8H77-8H5 Castillo\nMessage-ID: <%s@smrestore.example>\nIn-Reply-To: <ask@statefarm.example>\nReferences: <ask@statefarm.example>\nDate: %s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n%s\n",
		requestAdjuster, id, at.Format(time.RFC1123Z), body)
	for _, f := range files {
		pdf := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n% " + f + "\n%%EOF\n"))
		fmt.Fprintf(&b, "--b\nContent-Type: application/pdf; name=\"%s\"\nContent-Disposition: attachment; filename=\"%s\"\nContent-Transfer-Encoding: base64\n\n%s\n", f, f, pdf)
	}
	b.WriteString("--b--\n")
	return b.String()
}

// TestRequestsOpenUntilDocumentsSent processes an adjuster's ask for two
// documents: it is recorded with its types and due time, stays open after
// a bare acknowledgment and after a mail carrying one of the two, and is
// done when the other one is sent.
func TestRequestsOpenUntilDocumentsSent(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	asked := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC) // a Tuesday
	b.deliver(t, "in", asked, "From: Jennifer Anderson <"+requestAdjuster+">\nTo: claims@smrestore.example\nSubject: 60-8H77-8H5 Castillo\nMessage-ID: <ask@statefarm.example>\nDate: "+asked.Format(time.RFC1123Z)+
		"\n\nHi,\n\nI need the signed work authorization and the final moisture map before payment can be issued. Please send by Thursday.\n\nThanks,\nJennifer Anderson\nState Farm\n")
	rs := b.requests(t)
	if len(rs) != 1 {
		t.Fatalf("requests %+v, want one", rs)
	}
	r := rs[0]
	if !slices.Equal(r.DocTypes, []string{"atp", "drying_log"}) || r.From != requestAdjuster || r.Status != storage.RequestOpen {
		t.Fatalf("request %+v", r)
	}
	if r.DueAt == nil || !r.DueAt.Equal(time.Date(2026, 11, 5, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("due %v, want Thursday 18:00", r.DueAt)
	}

	b.deliver(t, "out", asked.Add(10*time.Minute), officeMail("ack", "Received, will get back to you shortly.", asked.Add(10*time.Minute)))
	b.deliver(t, "out", asked.Add(time.Hour), officeMail("atp", "Signed ATP attached.", asked.Add(time.Hour), "Signed ATP.pdf"))
	if r := b.requests(t)[0]; r.Status != storage.RequestOpen || !slices.Equal(r.SentTypes, []string{"atp"}) {
		t.Fatalf("after the acknowledgment and the ATP: %s, sent %v; want open with atp sent", r.Status, r.SentTypes)
	}
	done := b.deliver(t, "out", asked.Add(2*time.Hour), officeMail("map", "Moisture map attached.", asked.Add(2*time.Hour), "Moisture Map.pdf"))
	r = b.requests(t)[0]
	if r.Status != storage.RequestDone || r.DoneMessageID == nil || *r.DoneMessageID != done || r.DoneBy != "email" {
		t.Fatalf("after the moisture map: %+v, want done by message %d", r, done)
	}
}

// TestRequestsNotFromOtherRecipients sends the documents to someone other
// than the asker: the request stays open until a person marks it.
func TestRequestsNotFromOtherRecipients(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	asked := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	b.deliver(t, "in", asked, "From: Jennifer Anderson <"+requestAdjuster+">\nTo: claims@smrestore.example\nSubject: 60-8H77-8H5\nMessage-ID: <ask@statefarm.example>\n\nCan you send the COS?\n")
	other := strings.ReplaceAll(officeMail("cos", "COS attached.", asked.Add(time.Hour), "COS signed.pdf"), requestAdjuster, "someone@else.example")
	b.deliver(t, "out", asked.Add(time.Hour), other)
	r := b.requests(t)[0]
	if r.Status != storage.RequestOpen {
		t.Fatalf("request %+v closed by mail to someone else", r)
	}
	got, err := b.db.MarkRequestDone(t.Context(), r.ID, "coordinator@smrestore.example", "handed over at the site", asked.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != storage.RequestDone || got.Note != "handed over at the site" || got.DoneBy != "coordinator@smrestore.example" {
		t.Errorf("marked: %+v", got)
	}
}

// updates counts the claim's recorded daily updates.
func (b *requestBundle) updates(t *testing.T) int {
	t.Helper()
	rows, err := b.db.ClaimUpdateRows(t.Context(), b.claim.ID, time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// TestAcknowledgmentIsNotAnUpdate sends the adjuster the acknowledgment
// template and the update template left unfilled: neither is the claim's
// daily update, though the acknowledgment answers the message. An update
// that says what was done is.
func TestAcknowledgmentIsNotAnUpdate(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	asked := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	question := b.deliver(t, "in", asked, "From: Jennifer Anderson <"+requestAdjuster+">\nTo: claims@smrestore.example\nSubject: 60-8H77-8H5\nMessage-ID: <ask@statefarm.example>\n\nHow is the drying going?\n")
	ack := "Hello Jennifer,\n\nThank you for your message about our job " + b.claim.JobNumber + " (Kevin Castillo), claim 60-8H77-8H5. We have received it and will get back to you shortly.\n\nBest regards,\nMaria"
	b.deliver(t, "out", asked.Add(5*time.Minute), officeMail("ack", ack, asked.Add(5*time.Minute)))
	var acked bool
	if err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		return tx.QueryRow(t.Context(), `SELECT acknowledged_at IS NOT NULL FROM messages WHERE id = $1`, question).Scan(&acked)
	}); err != nil || !acked {
		t.Fatalf("the acknowledgment did not answer the question (%v)", err)
	}
	blank := "Hello Jennifer,\n\nHere is today's update on job " + b.claim.JobNumber + " for Kevin Castillo, claim 60-8H77-8H5:\n\n- Work done today:\n- Drying / readings:\n- Next steps:\n\nPlease let us know if you have any questions.\n\nBest regards,\nMaria"
	b.deliver(t, "out", asked.Add(time.Hour), officeMail("blank", blank, asked.Add(time.Hour)))
	if n := b.updates(t); n != 0 {
		t.Fatalf("%d updates after an acknowledgment and a blank update template, want none", n)
	}
	filled := strings.Replace(blank, "- Work done today:", "- Work done today: removed the wet kitchen drywall, 3 air movers and a dehumidifier running", 1)
	b.deliver(t, "out", asked.Add(2*time.Hour), officeMail("filled", filled, asked.Add(2*time.Hour)))
	if n := b.updates(t); n != 1 {
		t.Fatalf("%d updates after a filled-in update, want 1", n)
	}
}

// TestRequestFiledFromTriage assigns a question that matched no claim to
// the claim by hand: its request is read then, with its due time, and
// moves with the message when it is moved to another claim.
func TestRequestFiledFromTriage(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	asked := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	id := b.deliver(t, "in", asked, "From: Pat Quinn <pquinn@independentadjusters.example>\nTo: claims@smrestore.example\nSubject: Smith file\nMessage-ID: <smith@independentadjusters.example>\n\nHi, could you send me the ESX and the photos within 24 hours?\n\nPat Quinn\n")
	if rs := b.requests(t); len(rs) != 0 {
		t.Fatalf("requests %+v on the claim before the message was filed", rs)
	}
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(b.db, b.blobs, NewQueue(rc), time.UTC, nil).WithCalendar(sla.NewCalendar(time.UTC, sla.DefaultHours()))
	if _, err := filer.Move(ctx, MoveRequest{MessageID: id, ToClaimID: b.claim.ID, Actor: "dana@smrestore.example"}); err != nil {
		t.Fatal(err)
	}
	rs := b.requests(t)
	if len(rs) != 1 || !slices.Equal(rs[0].DocTypes, []string{"estimate", "photo"}) || rs[0].From != "pquinn@independentadjusters.example" ||
		rs[0].DueAt == nil || !rs[0].DueAt.Equal(time.Date(2026, 11, 4, 18, 0, 0, 0, time.UTC)) {
		t.Fatalf("requests after filing from triage: %+v", rs)
	}
	other, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "0683449786", InsuredName: "Patricia Smith"}, "", asked, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := filer.Move(ctx, MoveRequest{MessageID: id, ToClaimID: other.ID, Actor: "dana@smrestore.example"}); err != nil {
		t.Fatal(err)
	}
	moved, err := b.db.ClaimRequests(ctx, other.ID)
	if err != nil || len(moved) != 1 || moved[0].ID != rs[0].ID || len(b.requests(t)) != 0 {
		t.Errorf("after the move: %+v (%v) on the new claim, %d left on the old one", moved, err, len(b.requests(t)))
	}
}

// TestRequestFiledFromTriageOnItsOfficesClock files the same question
// from triage in two offices: each request is due on its own office's
// calendar, not the configured one.
func TestRequestFiledFromTriageOnItsOfficesClock(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	configured := sla.NewCalendar(time.UTC, sla.DefaultHours())
	tokyo, err := b.db.CreateOffice(ctx, storage.Office{Slug: "tokyo", Name: "Tokyo", TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	tokyoClaim, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "TK-1", OfficeID: tokyo.ID}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	offices, err := officerules.Load(ctx, b.db, sla.OfficeRules{Calendar: configured}, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	asked := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	question := func(tag string) int64 {
		return b.deliver(t, "in", asked, "From: Pat Quinn <pquinn@independentadjusters.example>\nTo: claims@smrestore.example\n"+
			"Subject: Smith file\nMessage-ID: <"+tag+"@independentadjusters.example>\n\nCould you send me the ESX within 24 hours?\n")
	}
	here, there := question("here"), question("there")
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.MoveMessageToOffice(ctx, tx, storage.OfficeMove{MessageID: there, FromOfficeID: storage.DefaultOfficeID,
			ToOfficeID: tokyo.ID, Actor: "dana@smrestore.example"})
	}); err != nil {
		t.Fatal(err)
	}
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(b.db, b.blobs, NewQueue(rc), time.UTC, nil).WithCalendar(configured).WithOfficeCalendars(offices)
	for _, mv := range []MoveRequest{{MessageID: here, ToClaimID: b.claim.ID}, {MessageID: there, ToClaimID: tokyoClaim.ID}} {
		mv.Actor = "dana@smrestore.example"
		if _, err := filer.Move(ctx, mv); err != nil {
			t.Fatal(err)
		}
	}
	tokyoRequests, err := b.db.ClaimRequests(ctx, tokyoClaim.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 10:00 UTC is 19:00 in Tokyo, after closing: the day asked for ends
	// at the next day's closing but one there.
	for _, c := range []struct {
		name string
		got  []storage.Request
		want time.Time
	}{
		{"configured office", b.requests(t), time.Date(2026, 11, 4, 18, 0, 0, 0, time.UTC)},
		{"Tokyo office", tokyoRequests, time.Date(2026, 11, 5, 18, 0, 0, 0, offices.For(tokyo.ID).Calendar.Location())},
	} {
		if len(c.got) != 1 || c.got[0].DueAt == nil || !c.got[0].DueAt.Equal(c.want) {
			t.Errorf("%s: requests %+v, want one due %v", c.name, c.got, c.want)
		}
	}
}

// TestRequestAnsweredBeforeItWasRead processes the office's mail with the
// document before the adjuster's ask it answers (the Sent folder was read
// first): the request is done as soon as it is recorded.
func TestRequestAnsweredBeforeItWasRead(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	asked := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	sent := b.deliver(t, "out", asked.Add(time.Hour), officeMail("cos", "Signed COS attached.", asked.Add(time.Hour), "COS signed.pdf"))
	b.deliver(t, "in", asked, "From: Jennifer Anderson <"+requestAdjuster+">\nTo: claims@smrestore.example\nSubject: 60-8H77-8H5\nMessage-ID: <ask@statefarm.example>\n\nCan you send the COS?\n")
	rs := b.requests(t)
	if len(rs) != 1 || rs[0].Status != storage.RequestDone || rs[0].DoneMessageID == nil || *rs[0].DoneMessageID != sent {
		t.Fatalf("requests %+v, want one done by message %d", rs, sent)
	}
}
