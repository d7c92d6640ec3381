package outbox

import (
	"context"
	"io"
	"mime/quotedprintable"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// The morning digest goes once a business day, at the office's digest
// hour, to each person who chose it and to nobody else, however many
// processes look at once; it names the open requests and what is overdue,
// and reaches the SMTP server through the outbox's send job.
func TestMorningDigestOnceToOptedIn(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t)
	ctx := t.Context()
	user := func(email string, digest bool) storage.User {
		t.Helper()
		u, err := b.db.CreateUser(ctx, storage.User{Email: email, Name: strings.Split(email, "@")[0], PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.db.SetUserDigest(ctx, u.ID, digest); err != nil {
			t.Fatal(err)
		}
		return u
	}
	ana := user("ana@office.example", true)
	user("ben@office.example", false)
	due := time.Date(2026, 3, 6, 18, 0, 0, 0, time.UTC) // last Friday: overdue
	if _, err := b.sql.Exec(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'ann@carrier.example', '{drying_log}', 'Send the moisture map', $3, $4, 1)`,
		b.claim.ID, b.waiting, due.Add(-24*time.Hour), due); err != nil {
		t.Fatal(err)
	}
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu  sync.Mutex
		now time.Time
	)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	at := func(t time.Time) { mu.Lock(); defer mu.Unlock(); now = t }
	w := NewDigestWorker(b.db, rc, DigestConfig{
		Calendar: sla.NewCalendar(time.UTC, sla.DefaultHours()), Hour: 7,
		From: mail.Address{Name: "Claims Desk", Address: "claims@office.example"}, Now: clock,
	}, testenv.Logger(t))
	work := func() {
		t.Helper()
		if err := w.Work(ctx, &river.Job[DigestArgs]{JobRow: &rivertype.JobRow{}}); err != nil {
			t.Fatal(err)
		}
	}
	digests := func() []storage.OutboxMessage {
		t.Helper()
		var out []storage.OutboxMessage
		rows, err := b.sql.Query(ctx, `SELECT id FROM outbox WHERE kind = 'digest' ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			m, err := b.db.GetOutbox(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
		}
		return out
	}

	// Monday 06:59: not yet.
	at(time.Date(2026, 3, 9, 6, 59, 0, 0, time.UTC))
	work()
	if n := len(digests()); n != 0 {
		t.Fatalf("%d digests before the digest hour", n)
	}
	// 07:03, four processes at once: one digest, to Ana alone.
	at(time.Date(2026, 3, 9, 7, 3, 0, 0, time.UTC))
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- w.Work(context.WithoutCancel(ctx), &river.Job[DigestArgs]{JobRow: &rivertype.JobRow{}})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	work()
	got := digests()
	if len(got) != 1 || strings.Join(got[0].Recipients, ",") != ana.Email {
		t.Fatalf("digests %+v, want one to %s", got, ana.Email)
	}
	for _, want := range []string{"26-1001-WTR: ann@carrier.example asked for drying log (overdue since Fri Mar 6 18:00)", "Open requests (1)"} {
		if !strings.Contains(got[0].Body, want) {
			t.Errorf("digest without %q:\n%s", want, got[0].Body)
		}
	}

	if err := b.worker(t, false).deliver(ctx, got[0].ID); err != nil {
		t.Fatal(err)
	}
	sent := b.smtp.Received()
	if len(sent) != 1 || strings.Join(sent[0].To, ",") != ana.Email {
		t.Fatalf("the SMTP server received %+v, want one message to %s", sent, ana.Email)
	}
	if body, err := decodedBody(sent[0].Raw); err != nil || !strings.Contains(body, "asked for drying log") {
		t.Errorf("the mail as sent lacks the request:\n%s", body)
	}
	if n := b.sent(t, got[0].MessageID); n != 0 {
		t.Errorf("the digest is in Sent %d times, want none", n)
	}

	// Saturday the office is closed: no digest; Monday next, the next one.
	at(time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC))
	work()
	at(time.Date(2026, 3, 16, 7, 0, 0, 0, time.UTC))
	work()
	if n := len(digests()); n != 2 {
		t.Errorf("%d digests after Saturday and the next Monday, want 2", n)
	}
}

// decodedBody is a received message's quoted-printable body, decoded.
func decodedBody(raw []byte) (string, error) {
	_, body, _ := strings.Cut(string(raw), "\r\n\r\n")
	out, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
	return string(out), err
}

// Each person's digest names what needs their own offices: a request of
// another office is in its people's digest and in nobody else's.
func TestMorningDigestOfRecipientsOffices(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t)
	ctx := t.Context()
	user := func(email string) storage.User {
		t.Helper()
		u, err := b.db.CreateUser(ctx, storage.User{Email: email, Name: strings.Split(email, "@")[0], PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.db.SetUserDigest(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		return u
	}
	ana := user("ana@office.example") // the only office's, as the first
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East"})
	if err != nil {
		t.Fatal(err)
	}
	eve := user("eve@east.example")
	if err := b.db.SetOfficeRole(ctx, eve.ID, east.ID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	other, err := b.db.CreateClaim(ctx, storage.Claim{JobNumber: "26-2002-EST", ClaimNumber: "EAST-77", InsuredName: "Eastman"},
		"", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, office_id)
		VALUES ($1, $2, 'east@carrier.example', '{photo}', 'Send the photos', now(), 1)`, other.ID, b.waiting); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, other.ID, east.ID); err != nil {
		t.Fatal(err)
	}
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := NewDigestWorker(b.db, rc, DigestConfig{
		Calendar: sla.NewCalendar(time.UTC, sla.DefaultHours()), Hour: 7,
		From: mail.Address{Address: "claims@office.example"},
		Now:  func() time.Time { return time.Date(2026, 3, 9, 7, 3, 0, 0, time.UTC) },
	}, testenv.Logger(t))
	if err := w.Work(ctx, &river.Job[DigestArgs]{JobRow: &rivertype.JobRow{}}); err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	rows, err := b.sql.Query(ctx, `SELECT recipients[1], body FROM outbox WHERE kind = 'digest'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var to, body string
		if err := rows.Scan(&to, &body); err != nil {
			t.Fatal(err)
		}
		bodies[to] = body
	}
	rows.Close()
	if body := bodies[ana.Email]; strings.Contains(body, "26-2002-EST") || !strings.Contains(body, "Open requests (0)") {
		t.Errorf("the main office's digest shows the east office's request:\n%s", body)
	}
	if body := bodies[eve.Email]; !strings.Contains(body, "26-2002-EST: east@carrier.example asked for photo") ||
		strings.Contains(body, "26-1001-WTR") {
		t.Errorf("the east office's digest lacks its request or shows the main office's claim:\n%s", body)
	}
}

// officeCalendars gives each office the rules it is mapped to.
type officeCalendars map[int64]sla.OfficeRules

func (c officeCalendars) For(office int64) sla.OfficeRules { return c[office] }

// Each office's digest goes at its own hour in its own zone, on its own
// business days: Chicago's at 07:00 Central, Los Angeles' at 07:00
// Pacific, and none on a day Los Angeles is closed and Chicago works.
func TestMorningDigestAtEachOfficesHour(t *testing.T) {
	t.Parallel()
	b := setupOutbox(t)
	ctx := t.Context()
	west, err := b.db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West"})
	if err != nil {
		t.Fatal(err)
	}
	member := func(email string, office int64) {
		t.Helper()
		u, err := b.db.CreateUser(ctx, storage.User{Email: email, Name: email, PasswordHash: "x"})
		if err == nil {
			err = b.db.SetUserDigest(ctx, u.ID, true)
		}
		if err == nil {
			err = b.db.SetOfficeRole(ctx, u.ID, office, storage.RoleCoordinator)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	member("cal@office.example", storage.DefaultOfficeID)
	member("wes@west.example", west.ID)
	if _, err := b.sql.Exec(ctx, `DELETE FROM user_offices WHERE office_id = $1 AND user_id =
		(SELECT id FROM users WHERE email = 'wes@west.example')`, storage.DefaultOfficeID); err != nil {
		t.Fatal(err)
	}
	calendar := func(zone, holidays string) *sla.Calendar {
		t.Helper()
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		cal, err := sla.New(sla.Config{Location: loc, Holidays: holidays})
		if err != nil {
			t.Fatal(err)
		}
		return cal
	}
	offices := officeCalendars{
		storage.DefaultOfficeID: {Calendar: calendar("America/Chicago", "")},
		west.ID:                 {Calendar: calendar("America/Los_Angeles", "2026-04-06")},
	}
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	var now time.Time
	w := NewDigestWorker(b.db, rc, DigestConfig{Calendar: sla.NewCalendar(time.UTC, sla.DefaultHours()), Offices: offices,
		Hour: 7, From: mail.Address{Address: "claims@office.example"}, Now: func() time.Time { return now }}, testenv.Logger(t))
	sentTo := func(at time.Time) string {
		t.Helper()
		now = at
		if err := w.Work(ctx, &river.Job[DigestArgs]{JobRow: &rivertype.JobRow{}}); err != nil {
			t.Fatal(err)
		}
		var to []string
		if err := b.sql.QueryRow(ctx, `SELECT coalesce(array_agg(recipients[1] || ' ' || subject ORDER BY id), '{}')
			FROM outbox WHERE kind = 'digest'`).Scan(&to); err != nil {
			t.Fatal(err)
		}
		return strings.Join(to, "; ")
	}
	for _, step := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 4, 6, 11, 59, 0, 0, time.UTC), ""}, // 06:59 in Chicago
		{time.Date(2026, 4, 6, 12, 3, 0, 0, time.UTC), "cal@office.example Morning digest, Mon Apr 6, Main office"},
		{time.Date(2026, 4, 6, 14, 3, 0, 0, time.UTC), "cal@office.example Morning digest, Mon Apr 6, Main office"}, // west closed
		{time.Date(2026, 4, 7, 13, 59, 0, 0, time.UTC), "cal@office.example Morning digest, Mon Apr 6, Main office; " +
			"cal@office.example Morning digest, Tue Apr 7, Main office"}, // 06:59 in Los Angeles
		{time.Date(2026, 4, 7, 14, 3, 0, 0, time.UTC), "cal@office.example Morning digest, Mon Apr 6, Main office; " +
			"cal@office.example Morning digest, Tue Apr 7, Main office; wes@west.example Morning digest, Tue Apr 7, West"},
	} {
		if got := sentTo(step.at); got != step.want {
			t.Errorf("at %s: digests %q, want %q", step.at, got, step.want)
		}
	}
}
