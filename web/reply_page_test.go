package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// replyBundle is a server that can send replies, a signed-in coordinator,
// a claim and two adjuster's messages waiting for an answer.
type replyBundle struct {
	*bundle
	c       *http.Client
	csrf    string
	claim   storage.Claim
	waiting []int64
}

func setupReplies(t *testing.T) *replyBundle {
	t.Helper()
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{now: time.Now().UTC().Truncate(time.Microsecond)}
	srv := New(Options{
		DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clock.Now, OfficeDomain: "office.example",
		Outbox: outbox.NewOutbox(db, rc, outbox.OutboxConfig{
			From: mail.Address{Address: "claims@office.example"}, OfficeDomain: "office.example"}),
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	b := &replyBundle{bundle: &bundle{db: db, sql: testenv.SQL(t, dsn), srv: srv, ts: ts, clock: clock}}
	b.addUser(t, "dana@office.example", "correct horse battery")
	b.c = b.client(t)
	b.csrf = b.login(t, b.c, "dana@office.example", "correct horse battery")
	b.claim, err = db.CreateClaim(ctx, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "0683449786", InsuredName: "Ellen Ripley",
		AdjusterName: "Ann Adjuster", AdjusterEmail: "ann@carrier.example"}, "YY-NNNN-CODE", clock.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := db.EnsureMailbox(ctx, "claims@office.example@imap.example:993", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		err = db.InTx(ctx, func(tx pgx.Tx) error {
			id, _, err := storage.InsertMessage(ctx, tx, storage.NewMessage{
				MailboxID: mb.ID, UIDValidity: 1, UID: uint32(i + 1), Direction: "in", RawSHA256: strings.Repeat(fmt.Sprint(i), 64),
				MessageID: fmt.Sprintf("<ask-%d@carrier.example>", i), FromAddress: "ann@carrier.example", FromName: "Ann Adjuster",
				Subject: fmt.Sprintf("Question %d about 0683449786", i), InternalDate: clock.Now().Add(-time.Hour), Status: storage.StatusNew,
			})
			b.waiting = append(b.waiting, id)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `UPDATE messages SET claim_id = $2, needs_ack = true, status = 'filed',
				ack_due_at = now() + interval '30 minutes' WHERE id = $1`, id, b.claim.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// outboxRows returns the outbox, oldest first, with each row's jobs.
func (b *replyBundle) outboxRows(t *testing.T) []storage.OutboxMessage {
	t.Helper()
	rows, err := b.sql.Query(context.Background(), `SELECT id FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	var out []storage.OutboxMessage
	for _, id := range ids {
		m, err := b.db.GetOutbox(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var jobs int
		if err := b.sql.QueryRow(context.Background(), `SELECT count(*) FROM river_job
			WHERE kind = 'send_reply' AND (args->>'outbox_id')::bigint = $1`, id).Scan(&jobs); err != nil || jobs == 0 {
			t.Errorf("outbox row %d has no sending job (%v)", id, err)
		}
		out = append(out, m)
	}
	return out
}

func TestReplyForm(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	id := b.waiting[0]
	page := fmt.Sprintf("/messages/%d", id)

	resp, body := b.do(t, b.c, "GET", page, nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `action="/messages/`+fmt.Sprint(id)+`/reply"`) || !strings.Contains(body, ">Acknowledge</button>") {
		t.Fatalf("message page %d offers no Acknowledge:\n%s", resp.StatusCode, body)
	}
	resp, body = b.do(t, b.c, "GET", page+"/reply", nil, nil)
	body = html.UnescapeString(body)
	for _, want := range []string{`value="Re: Question 0 about 0683449786"`, "Hello Ann,", "our job 26-1001-WTR", "Test dana@office.example", "ann@carrier.example", "claims+26-1001-WTR@office.example"} {
		if resp.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("reply form %d lacks %q", resp.StatusCode, want)
		}
	}
	_, body = b.do(t, b.c, "GET", page+"/reply?lang=es", nil, nil)
	// The office has no phone on file: the reply offers none.
	if !strings.Contains(body, "Gracias por su mensaje") || strings.Contains(body, "Llámenos") {
		t.Errorf("Spanish reply form:\n%s", body)
	}

	// A form without the session's token is refused, and nothing is sent.
	edited := url.Values{"subject": {"Re: Question 0 about 0683449786"}, "body": {"Hola Ann, mañana a las 9.\nDana"}, "lang": {"es"}}
	resp, _ = b.do(t, b.c, "POST", page+"/reply", edited, nil)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST without CSRF: %d, want 403", resp.StatusCode)
	}
	if rows := b.outboxRows(t); len(rows) != 0 {
		t.Fatalf("a refused form queued %d messages", len(rows))
	}

	edited.Set("csrf_token", b.csrf)
	resp, _ = b.do(t, b.c, "POST", page+"/reply", edited, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
		t.Fatalf("send: %d to %q, want 303 back to the message", resp.StatusCode, resp.Header.Get("Location"))
	}
	rows := b.outboxRows(t)
	if len(rows) != 1 {
		t.Fatalf("%d outbox rows, want 1", len(rows))
	}
	r := rows[0]
	if r.Body != "Hola Ann, mañana a las 9.\nDana\n" || r.Kind != storage.ReplyAck || *r.ReplyTo != id || *r.ClaimID != b.claim.ID ||
		r.Recipients[0] != "ann@carrier.example" || r.CreatedBy != "dana@office.example" || r.State != storage.OutboxQueued {
		t.Errorf("queued reply: %+v", r)
	}
	// A second click sends nothing more.
	resp, _ = b.do(t, b.c, "POST", page+"/reply", url.Values{"csrf_token": {b.csrf}}, nil)
	if resp.StatusCode != http.StatusConflict || len(b.outboxRows(t)) != 1 {
		t.Errorf("second acknowledgment: %d, %d rows; want 409 and still one", resp.StatusCode, len(b.outboxRows(t)))
	}

	// A failure shows on the page with its error, and Retry queues it again.
	if err := b.db.MarkOutboxFailed(context.Background(), r.ID, "RCPT TO ann@carrier.example: the server answered 550 no such user"); err != nil {
		t.Fatal(err)
	}
	_, body = b.do(t, b.c, "GET", page, nil, nil)
	if !strings.Contains(body, "550 no such user") || !strings.Contains(body, fmt.Sprintf(`action="/outbox/%d/retry"`, r.ID)) {
		t.Errorf("message page does not show the failure and its Retry:\n%s", body)
	}
	resp, _ = b.do(t, b.c, "POST", fmt.Sprintf("/outbox/%d/retry", r.ID), url.Values{"csrf_token": {b.csrf}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("retry: %d", resp.StatusCode)
	}
	if again, _ := b.db.GetOutbox(context.Background(), r.ID); again.State != storage.OutboxQueued {
		t.Errorf("after Retry the row is %q, want queued", again.State)
	}
}

func TestBulkAcknowledgeAndUpdate(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	form := url.Values{"csrf_token": {b.csrf}, "id": {fmt.Sprint(b.waiting[0]), fmt.Sprint(b.waiting[1])}, "next": {"/"}}
	resp, _ := b.do(t, b.c, "POST", "/board/acknowledge", form, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk acknowledge: %d", resp.StatusCode)
	}
	rows := b.outboxRows(t)
	if len(rows) != 2 || *rows[0].ReplyTo == *rows[1].ReplyTo || rows[0].MessageID == rows[1].MessageID {
		t.Fatalf("bulk acknowledge queued %+v, want one reply per message", rows)
	}
	// Again: both are on their way, so nothing more is queued.
	b.do(t, b.c, "POST", "/board/acknowledge", form, nil)
	if n := len(b.outboxRows(t)); n != 2 {
		t.Errorf("repeated bulk acknowledge: %d rows, want 2", n)
	}

	claimPage := fmt.Sprintf("/claims/%d", b.claim.ID)
	_, body := b.do(t, b.c, "GET", claimPage, nil, nil)
	if !strings.Contains(body, claimPage+"/update") {
		t.Errorf("claim page offers no Send update")
	}
	resp, body = b.do(t, b.c, "GET", claimPage+"/update", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "Here is today") || !strings.Contains(body, `value="Re: Question 1 about 0683449786"`) {
		t.Errorf("update form %d, want the update template in the latest thread:\n%s", resp.StatusCode, body)
	}
	resp, _ = b.do(t, b.c, "POST", claimPage+"/update", url.Values{"csrf_token": {b.csrf}, "body": {"Drying day 2: readings down."}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send update: %d", resp.StatusCode)
	}
	rows = b.outboxRows(t)
	u := rows[len(rows)-1]
	if u.Kind != storage.ReplyUpdate || u.ReplyTo != nil || *u.ClaimID != b.claim.ID || u.Recipients[0] != "ann@carrier.example" || u.Body != "Drying day 2: readings down.\n" {
		t.Errorf("queued update: %+v", u)
	}
	_, body = b.do(t, b.c, "GET", claimPage, nil, nil)
	if !strings.Contains(body, "Sent from claimdesk") || !strings.Contains(body, fmt.Sprintf(`id="outbox-%d"`, u.ID)) {
		t.Errorf("claim page does not list the update")
	}
}

func TestReplyTemplatesEditor(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	resp, body := b.do(t, b.c, "GET", "/settings/templates", nil, nil)
	// Acknowledgment, daily update, rejected form, approval request, three
	// reminders and the closing note, each in English and Spanish.
	if resp.StatusCode != 200 || strings.Count(body, `class="stack template-form"`) != 16 || !strings.Contains(body, "Hello Ann,") ||
		!strings.Contains(body, "Hello Luis,") || !strings.Contains(body, "Hi Luis,") || !strings.Contains(body, "Rejected form: ask the technician again") {
		t.Fatalf("templates page %d: want 16 templates with previews", resp.StatusCode)
	}
	save := url.Values{"csrf_token": {b.csrf}, "kind": {"ack"}, "language": {"en"}, "subject": {"Got it"}, "body": {"Dear {{.Adjuster}},"}}
	resp, body = b.do(t, b.c, "POST", "/settings/templates", save, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), "can't evaluate field Adjuster") {
		t.Errorf("bad template: %d, want 400 saying why", resp.StatusCode)
	}
	save.Set("body", "Dear {{.AdjusterFirstName}}, job {{.JobNumber}} noted.\n{{.Coordinator}}")
	resp, _ = b.do(t, b.c, "POST", "/settings/templates", save, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	_, body = b.do(t, b.c, "GET", fmt.Sprintf("/messages/%d/reply", b.waiting[0]), nil, nil)
	if !strings.Contains(body, "Dear Ann, job 26-1001-WTR noted.") {
		t.Errorf("the reply form does not use the saved template:\n%s", body)
	}
	_, body = b.do(t, b.c, "GET", "/settings/templates", nil, nil)
	if !strings.Contains(body, "by Test dana@office.example") {
		t.Errorf("the templates page does not say who saved it")
	}
	resp, _ = b.do(t, b.c, "POST", "/settings/templates", url.Values{"csrf_token": {b.csrf}, "kind": {"ack"}, "language": {"en"}, "reset": {"1"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", resp.StatusCode)
	}
	_, body = b.do(t, b.c, "GET", fmt.Sprintf("/messages/%d/reply", b.waiting[0]), nil, nil)
	if !strings.Contains(body, "Hello Ann,") {
		t.Errorf("after reset the reply form does not use the built-in template")
	}
	resp, _ = b.do(t, b.c, "POST", "/settings/templates", url.Values{"kind": {"ack"}, "language": {"en"}, "body": {"x"}}, nil)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("template save without CSRF: %d, want 403", resp.StatusCode)
	}
}

// TestRepliesUseTheirOfficesTemplates writes the acknowledgment of a
// claim's mail in its office's wording: the default office's until the
// claim's office writes its own, and the default office's again once that
// office goes back to the default.
func TestRepliesUseTheirOfficesTemplates(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	ctx := context.Background()
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East Office", Domain: "east.example"})
	if err != nil {
		t.Fatal(err)
	}
	dana, err := b.db.GetUserByEmail(ctx, "dana@office.example")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetOfficeRole(ctx, dana.ID, east.ID, storage.RoleAdministrator); err != nil {
		t.Fatal(err)
	}
	save := func(form url.Values) {
		t.Helper()
		form.Set("csrf_token", b.csrf)
		form.Set("kind", "ack")
		form.Set("language", "en")
		if resp, body := b.do(t, b.c, "POST", "/settings/templates", form, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save %v: %d\n%.300s", form, resp.StatusCode, body)
		}
	}
	reply := func(want string) {
		t.Helper()
		if _, body := b.do(t, b.c, "GET", fmt.Sprintf("/messages/%d/reply", b.waiting[0]), nil, nil); !strings.Contains(body, want) {
			t.Errorf("the reply form lacks %q:\n%s", want, body)
		}
	}
	save(url.Values{"subject": {"Main"}, "body": {"Main office: dear {{.AdjusterFirstName}}."}})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, b.claim.ID, east.ID); err != nil {
		t.Fatal(err)
	}
	reply("Main office: dear Ann.")
	eastID := strconv.FormatInt(east.ID, 10)
	save(url.Values{"office": {eastID}, "subject": {"East"}, "body": {"East office: hi {{.AdjusterFirstName}}."}})
	reply("East office: hi Ann.")
	if _, body := b.do(t, b.c, "GET", "/settings/templates", nil, nil); !strings.Contains(body, "Main office: dear") ||
		strings.Contains(body, "East office: hi") {
		t.Errorf("saving East's wording changed the default office's:\n%s", body)
	}
	save(url.Values{"office": {eastID}, "reset": {"1"}})
	reply("Main office: dear Ann.")
}
