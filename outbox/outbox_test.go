package outbox

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// outboxBundle is a real Postgres, Dovecot mailbox and SMTP server, an
// adjuster's message waiting in the inbox, and the outbox and its worker.
type outboxBundle struct {
	db      *storage.DB
	sql     *pgxpool.Pool // for the tests' own fixtures and checks
	mbox    testenv.DovecotServer
	smtp    *testenv.SMTPServer
	acct    mailbox.Account
	outbox  *Outbox
	boxes   *SentFolders
	claim   storage.Claim
	waiting int64 // the adjuster's message
	now     time.Time
}

func setupOutbox(t *testing.T) *outboxBundle {
	t.Helper()
	ctx := t.Context()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	mbox := testenv.Dovecot(t)
	b := &outboxBundle{
		db: db, sql: testenv.SQL(t, dsn), mbox: mbox, smtp: testenv.SMTP(t),
		acct: mailbox.Account{Host: mbox.Addr, User: mbox.User, Password: mbox.Password, TLS: "none", Inbox: "INBOX", Sent: "Sent"},
		now:  time.Date(2026, 3, 9, 15, 4, 5, 0, time.UTC),
	}
	b.boxes = &SentFolders{}
	b.boxes.Add(b.acct)
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.outbox = NewOutbox(db, rc, OutboxConfig{
		From: mail.Address{Name: "Claims Desk", Address: "claims@office.example"}, OfficeDomain: "office.example",
		Now: func() time.Time { return b.now },
	})
	b.claim, err = db.CreateClaim(ctx, storage.Claim{
		JobNumber: "26-1001-WTR", ClaimNumber: "0683449786", InsuredName: "José Peña", AdjusterName: "Ann Adjuster",
		AdjusterEmail: "ann@carrier.example",
	}, "YY-NNNN-CODE", b.now, 0)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := db.EnsureMailbox(ctx, b.acct.Name(), "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		id, _, err := storage.InsertMessage(ctx, tx, storage.NewMessage{
			MailboxID: mb.ID, UIDValidity: 1, UID: 1, Direction: "in", RawSHA256: strings.Repeat("a", 64), RawSize: 100,
			MessageID: "<ask-1@carrier.example>", References: []string{"<start@carrier.example>"},
			FromAddress: "ann@carrier.example", FromName: "Ann Adjuster", Subject: "RE: Claim 0683449786: when can you inspect?",
			InternalDate: b.now.Add(-time.Hour), Status: storage.StatusNew,
		})
		b.waiting = id
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE messages SET claim_id = $2, needs_ack = true, status = 'filed' WHERE id = $1`, id, b.claim.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// worker is a fresh worker, as a newly started process has.
func (b *outboxBundle) worker(t *testing.T, saveSent bool) *SendWorker {
	w := NewSendWorker(b.db, SMTPConfig{Addr: b.smtp.Addr, TLS: "none", User: b.smtp.User, Password: b.smtp.Password,
		Auth: SMTPAuthPlain, SaveSent: saveSent}, b.boxes, testenv.Logger(t))
	w.now = func() time.Time { return b.now }
	return w
}

// sent returns the copies of messageID in the Sent folder.
func (b *outboxBundle) sent(t *testing.T, messageID string) int {
	n := 0
	for _, m := range testenv.ListMailbox(t, b.mbox.Addr, b.mbox.User, b.mbox.Password, "Sent") {
		if "<"+m.MessageID+">" == messageID {
			n++
		}
	}
	return n
}

func (b *outboxBundle) queueAck(t *testing.T, lang string) storage.OutboxMessage {
	t.Helper()
	d, err := b.outbox.DraftAck(t.Context(), b.waiting, lang, "Dana Coordinator")
	if err != nil {
		t.Fatal(err)
	}
	id, err := b.outbox.Send(t.Context(), d, "dana@office.example")
	if err != nil {
		t.Fatal(err)
	}
	m, err := b.db.GetOutbox(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSendAckIsThreadedAndFiledInSent(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t)
	ctx := t.Context()
	row := b.queueAck(t, LangEnglish)
	if row.State != storage.OutboxQueued || row.Subject != "Re: Claim 0683449786: when can you inspect?" {
		t.Fatalf("queued row: state %q subject %q", row.State, row.Subject)
	}
	var jobs int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'send_reply' AND (args->>'outbox_id')::bigint = $1`, row.ID).Scan(&jobs); err != nil || jobs != 1 {
		t.Fatalf("%d sending jobs for the outbox row (%v), want 1 queued with it", jobs, err)
	}

	if err := b.worker(t, false).deliver(ctx, row.ID); err != nil {
		t.Fatal(err)
	}
	got := b.smtp.Received()
	if len(got) != 1 {
		t.Fatalf("the server received %d messages, want 1", len(got))
	}
	if got[0].From != "claims@office.example" || len(got[0].To) != 1 || got[0].To[0] != "ann@carrier.example" {
		t.Errorf("envelope from %q to %q, want claims@office.example to ann@carrier.example", got[0].From, got[0].To)
	}
	h, body := readMail(t, got[0].Raw)
	want := map[string]string{
		"Message-Id":  row.MessageID,
		"In-Reply-To": "<ask-1@carrier.example>",
		"References":  "<start@carrier.example> <ask-1@carrier.example>",
		"From":        `"Claims Desk" <claims@office.example>`,
		"To":          "<ann@carrier.example>",
	}
	for k, v := range want {
		if g := h.Get(k); g != v {
			t.Errorf("%s: %q, want %q", k, g, v)
		}
	}
	if s, _ := h.Subject(); s != "Re: Claim 0683449786: when can you inspect?" {
		t.Errorf("subject %q: want one Re: and the thread's subject", s)
	}
	if h.Has("Auto-Submitted") {
		t.Errorf("Auto-Submitted %q: a person's reply must not carry it", h.Get("Auto-Submitted"))
	}
	if !strings.HasSuffix(row.MessageID, "@office.example>") {
		t.Errorf("Message-ID %q is not ours", row.MessageID)
	}
	if !strings.Contains(body, "Hello Ann,") || !strings.Contains(body, "26-1001-WTR") || !strings.Contains(body, "Dana Coordinator") {
		t.Errorf("body does not fill the template in:\n%s", body)
	}
	if n := b.sent(t, row.MessageID); n != 1 {
		t.Errorf("%d copies in Sent, want 1", n)
	}
	done, err := b.db.GetOutbox(ctx, row.ID)
	if err != nil || done.State != storage.OutboxSent || done.SentAt == nil || done.Attempts != 1 {
		t.Errorf("outbox row after sending: %+v (%v), want sent after 1 attempt", done, err)
	}
}

// TestSendCrashNeverSendsTwice stops an attempt dead at each step after the
// server accepted the message, as a killed process would, then runs a new
// worker on the same row: the server gets the message once, and Sent holds
// one copy.
func TestSendCrashNeverSendsTwice(t *testing.T) {
	t.Parallel()
	cases := []struct {
		step     string
		saveSent bool // the provider files sent mail itself
	}{
		// The server took it and nothing was recorded: only the Sent
		// folder knows, where the provider filed it.
		{"accepted", true},
		// Recorded as submitted, not yet in Sent.
		{"submitted", false},
		// In Sent, not yet recorded as sent.
		{"appended", false},
	}
	for _, c := range cases {
		t.Run(c.step, func(t *testing.T) {
			t.Parallel()
			b := setupOutbox(t)
			ctx := t.Context()
			if c.saveSent {
				b.smtp.OnData(func(m testenv.SMTPMessage) {
					testenv.AppendFiles(t, b.mbox.Addr, b.mbox.User, b.mbox.Password, "Sent", []testenv.AppendMessage{{Raw: m.Raw}})
				})
			}
			row := b.queueAck(t, LangEnglish)
			crashing := b.worker(t, c.saveSent)
			crashing.crashAt = func(step string) bool { return step == c.step }
			if err := crashing.deliver(ctx, row.ID); !errors.Is(err, errCrashed) {
				t.Fatalf("crashing attempt: %v, want it stopped at %s", err, c.step)
			}
			if n := len(b.smtp.Received()); n != 1 {
				t.Fatalf("after the crash the server has %d messages, want 1", n)
			}
			// The restarted process's queue runs the job again.
			if err := b.worker(t, c.saveSent).Work(ctx, &river.Job[SendArgs]{JobRow: &rivertype.JobRow{Attempt: 2}, Args: SendArgs{OutboxID: row.ID}}); err != nil {
				t.Fatal(err)
			}
			if n := len(b.smtp.Received()); n != 1 {
				t.Errorf("after the restart the server has %d messages, want 1: sent twice", n)
			}
			if n := b.sent(t, row.MessageID); n != 1 {
				t.Errorf("%d copies in Sent, want 1", n)
			}
			done, err := b.db.GetOutbox(ctx, row.ID)
			if err != nil || done.State != storage.OutboxSent {
				t.Errorf("outbox row %+v (%v), want sent", done, err)
			}
		})
	}
}

// TestSendSpanishKeepsAccents sends the Spanish daily update, in a new
// thread (the adjuster has not written yet), and reads it back from the
// bytes the server received.
func TestSendSpanishKeepsAccents(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t)
	ctx := t.Context()
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET claim_id = NULL WHERE id = $1`, b.waiting); err != nil {
		t.Fatal(err)
	}
	d, err := b.outbox.DraftUpdate(ctx, b.claim.ID, LangSpanish, "Dana Coordinator", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Thread != nil {
		t.Fatalf("update drafted into thread %+v, want a new thread", d.Thread)
	}
	// The coordinator fills in the bullet: an update is never sent empty.
	d.Body = strings.Replace(d.Body, "hoy:", "hoy: retiramos el piso de la cocina; la humedad bajó al 19 %", 1)
	id, err := b.outbox.Send(ctx, d, "dana@office.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.worker(t, false).deliver(ctx, id); err != nil {
		t.Fatal(err)
	}
	got := b.smtp.Received()
	if len(got) != 1 {
		t.Fatalf("the server received %d messages, want 1", len(got))
	}
	raw := got[0].Raw
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, c := range head {
		if c >= 0x80 {
			t.Fatalf("raw header has 8-bit bytes: non-ASCII must be RFC 2047 encoded:\n%s", head)
		}
	}
	h, body := readMail(t, raw)
	wantSubject := "Actualización diaria: trabajo 26-1001-WTR, reclamación 0683449786 (José Peña)"
	if s, err := h.Subject(); s != wantSubject || err != nil {
		t.Errorf("subject %q (%v), want %q", s, err, wantSubject)
	}
	if h.Get("In-Reply-To") != "" {
		t.Errorf("In-Reply-To %q in a new thread", h.Get("In-Reply-To"))
	}
	for _, w := range []string{"Hola Ann:", "actualización de hoy", "de José Peña", "la humedad bajó al 19 %", "¿Tiene alguna pregunta?"} {
		if !strings.Contains(body, w) {
			t.Errorf("decoded body lacks %q:\n%s", w, body)
		}
	}
	if ct := h.Get("Content-Type"); !strings.Contains(ct, "charset=utf-8") {
		t.Errorf("Content-Type %q, want UTF-8", ct)
	}
}

// TestSendFailureIsShownAndRetried: a refused message stays failed with the
// server's answer (the queue does not retry a refusal on its own), and a
// person's retry sends it.
func TestSendFailureIsShownAndRetried(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t)
	ctx := t.Context()
	row := b.queueAck(t, LangEnglish)
	b.smtp.Refuse(&smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "relay denied"})
	err := b.worker(t, false).Work(ctx, &river.Job[SendArgs]{JobRow: &rivertype.JobRow{Attempt: 1}, Args: SendArgs{OutboxID: row.ID}})
	var cancel *river.JobCancelError
	if !errors.As(err, &cancel) {
		t.Fatalf("refused send: %v, want the job cancelled (a person retries)", err)
	}
	failed, err := b.db.GetOutbox(ctx, row.ID)
	if err != nil || failed.State != storage.OutboxFailed || !strings.Contains(failed.Error, "554") {
		t.Fatalf("after a refusal the row is %q with error %q (%v), want failed with the server's answer", failed.State, failed.Error, err)
	}
	if err := b.outbox.Retry(ctx, row.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.outbox.Retry(ctx, row.ID); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("second retry of a queued row: %v, want ErrConflict", err)
	}
	b.smtp.Refuse(nil)
	if err := b.worker(t, false).deliver(ctx, row.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(b.smtp.Received()); n != 1 {
		t.Errorf("after the retry the server has %d messages, want 1", n)
	}
	done, _ := b.db.GetOutbox(ctx, row.ID)
	if done.State != storage.OutboxSent || done.Error != "" || done.Attempts != 2 {
		t.Errorf("retried row: state %q error %q attempts %d, want sent, no error, 2 attempts", done.State, done.Error, done.Attempts)
	}
}

func TestReplySubject(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Claim 1":              "Re: Claim 1",
		"RE: Claim 1":          "Re: Claim 1",
		"Re: re: Re : Claim 1": "Re: Claim 1",
		"":                     "Re:",
		"Reunion":              "Re: Reunion",
	} {
		if got := ReplySubject(in); got != want {
			t.Errorf("ReplySubject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReplyTemplateCheck(t *testing.T) {
	t.Parallel()
	for _, tmpl := range OfficeReplyTemplates(nil) {
		if err := tmpl.Check(); err != nil {
			t.Errorf("default %s/%s: %v", tmpl.Kind, tmpl.Language, err)
		}
	}
	bad := []ReplyTemplate{
		{Kind: "ack", Language: "en", Subject: "x", Body: "Hello {{.Adjuster}}"},
		{Kind: "ack", Language: "en", Subject: "x", Body: "Hello {{.Insured"},
		{Kind: "ack", Language: "fr", Subject: "x", Body: "Bonjour"},
		{Kind: "ack", Language: "en", Subject: "x", Body: "  "},
	}
	for _, tmpl := range bad {
		if err := tmpl.Check(); !errors.Is(err, ErrBadTemplate) {
			t.Errorf("%+v: %v, want ErrBadTemplate", tmpl, err)
		}
	}
}

// readMail parses raw and returns its header and decoded text body.
func readMail(t *testing.T, raw []byte) (mail.Header, string) {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	return r.Header, string(body)
}

// TestUpdateTemplateNamingOnePart drafts the daily update from an office's
// own templates that name only one part of the facts: the part left out
// still reaches the adjuster, where the job stands above the bullets and
// what is ahead below them.
func TestUpdateTemplateNamingOnePart(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t)
	ctx := t.Context()
	facts := &UpdateFacts{Location: time.UTC, Now: time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC),
		Stage: JobStage{Completed: time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)},
		Next:  &NextMilestone{Name: sla.MilestoneBilling, Due: time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)}}
	standing, ahead := facts.Standing(LangEnglish), facts.Ahead(LangEnglish)
	if standing == "" || ahead == "" {
		t.Fatalf("the facts have no parts: %q, %q", standing, ahead)
	}
	for _, c := range []struct{ body, first, second string }{
		{"Hi {{.AdjusterFirstName}},\n\n{{.Standing}}\n\n- Work done today:\n\nDana\n", standing, ahead},
		{"Hi {{.AdjusterFirstName}},\n\n- Work done today:\n\n{{.Ahead}}\n\nDana\n", standing, ahead},
	} {
		if err := b.db.SaveReplyTemplate(ctx, storage.ReplyTemplate{OfficeID: storage.DefaultOfficeID, Kind: storage.ReplyUpdate,
			Language: LangEnglish, Subject: "Update {{.JobNumber}}", Body: c.body, UpdatedBy: "dana@office.example"}); err != nil {
			t.Fatal(err)
		}
		d, err := b.outbox.DraftUpdate(ctx, b.claim.ID, LangEnglish, "Dana Coordinator", facts)
		if err != nil {
			t.Fatal(err)
		}
		first, bullet, second := strings.Index(d.Body, c.first), strings.Index(d.Body, "- Work done today:"), strings.Index(d.Body, c.second)
		if first < 0 || second < 0 || !(first < bullet && bullet < second) {
			t.Errorf("template %q drafted:\n%s\nwant where the job stands above the bullet and what is ahead below it", c.body, d.Body)
		}
	}
}
