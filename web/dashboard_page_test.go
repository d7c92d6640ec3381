package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// pageBundle is an office's server with a calendar open around the clock
// (business minutes are plain minutes) and a coordinator signed in.
type pageBundle struct {
	*office
	c     *http.Client // signed in as email
	csrf  string
	email string
	uid   int
}

func setupPages(t *testing.T) *pageBundle {
	t.Helper()
	return setupPagesAt(t, time.Now().Truncate(time.Microsecond))
}

// setupPagesAt is setupPages with the clock at now: a test of what
// happened "today" sets it to midday, so that hours before and after it
// are the same day whenever the test runs.
func setupPagesAt(t *testing.T, now time.Time) *pageBundle {
	t.Helper()
	b := &pageBundle{
		office: setupOffice(t, time.UTC, sla.AlwaysOpen(), "office.example", now),
		email:  "dana@office.example",
	}
	b.addUser(t, b.email, "correct horse battery")
	b.c = b.client(t)
	b.csrf = b.login(t, b.c, b.email, "correct horse battery")
	return b
}

// get fetches path signed in and fails the test on a status other than
// want.
func (b *pageBundle) get(t *testing.T, path string, want int) string {
	t.Helper()
	resp, body := b.do(t, b.c, "GET", path, nil, nil)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	return body
}

// post submits a form signed in, with the session's CSRF token unless the
// form has a csrf_token of its own (empty: none at all).
func (b *pageBundle) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf_token"]; !ok {
		form.Set("csrf_token", b.csrf)
	} else if form.Get("csrf_token") == "" {
		form.Del("csrf_token")
	}
	return b.do(t, b.c, "POST", path, form, nil)
}

// claimSeed is a claim a test stores.
type claimSeed struct {
	Job, Number, Carrier, Insured, Address, LossType, Adjuster, AdjusterEmail, Status string
	// Opened moves the claim's creation into the past; a claim without it
	// is opened at the test's clock, not at the database's.
	Opened time.Time
}

func (b *pageBundle) addClaim(t *testing.T, c claimSeed) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	if c.Opened.IsZero() {
		c.Opened = b.clock.Now()
	}
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		saved, _, err := storage.SaveClaim(ctx, tx, storage.Claim{
			JobNumber: c.Job, ClaimNumber: c.Number, Carrier: c.Carrier, InsuredName: c.Insured, LossAddress: c.Address,
			LossType: c.LossType, AdjusterName: c.Adjuster, AdjusterEmail: c.AdjusterEmail, Status: c.Status,
		})
		id = saved.ID
		if err == nil {
			_, err = tx.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, id, c.Opened)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// msgSeed is a message a test stores, parsed (or as Status says).
type msgSeed struct {
	Subject, From, FromName, Status, Direction string
	Arrived                                    time.Time
	ClaimID                                    int64
	NeedsAck                                   bool
	Due                                        *time.Time
	Acked                                      *time.Time
	AckSource                                  string
	AckMinutes                                 *int
	BodyText, BodyHTML                         string
	Decision                                   any // marshalled to the decision column
	Error                                      string
}

func (b *pageBundle) addMessage(t *testing.T, m msgSeed) int64 {
	t.Helper()
	b.uid++
	mailbox, dir := b.inbox, "in"
	if m.Direction == "out" {
		mailbox, dir = b.sent, "out"
	}
	if m.Status == "" {
		m.Status = storage.StatusParsed
	}
	if m.Arrived.IsZero() {
		m.Arrived = b.clock.Now()
	}
	if m.From == "" {
		m.From = "adjuster@carrier.example"
	}
	var claim *int64
	if m.ClaimID != 0 {
		claim = &m.ClaimID
	}
	var decision []byte
	if m.Decision != nil {
		var err error
		if decision, err = json.Marshal(m.Decision); err != nil {
			t.Fatal(err)
		}
	}
	// The raw message is in the store, as ingest leaves it: filing files
	// it as correspondence.
	eml := []byte(fmt.Sprintf("Message-ID: <m%d@carrier.example>\r\nSubject: %s\r\n\r\n%s", b.uid, m.Subject, m.BodyText))
	sum := sha256.Sum256(eml)
	raw := hex.EncodeToString(sum[:])
	if err := b.store.Put(context.Background(), blob.ContentKey(raw), bytes.NewReader(eml), int64(len(eml))); err != nil {
		t.Fatal(err)
	}
	var id int64
	err := b.sql.QueryRow(context.Background(), `
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, message_id, from_address,
		                      from_name, subject, status, claim_id, received_at, internal_date, needs_ack, ack_due_at,
		                      acknowledged_at, ack_source, ack_business_minutes, body_text, body_html, decision, error,
		                      to_addresses, office_id)
		VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
		        '{claims@office.example}', 1)
		RETURNING id`,
		mailbox, b.uid, dir, raw, len(eml), fmt.Sprintf("<m%d@carrier.example>", b.uid), m.From, m.FromName,
		m.Subject, m.Status, claim, m.Arrived, m.NeedsAck, m.Due, m.Acked, m.AckSource, m.AckMinutes,
		m.BodyText, m.BodyHTML, decision, m.Error).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// partSeed is a stored MIME part of a message.
type partSeed struct {
	Path, ContentType, Filename, ContentID, DocType string
	Attachment, Inline                              bool
	Data                                            []byte
}

func (b *pageBundle) addPart(t *testing.T, messageID int64, p partSeed) {
	t.Helper()
	sum := sha256.Sum256(p.Data)
	sha := hex.EncodeToString(sum[:])
	if err := b.store.Put(context.Background(), blob.ContentKey(sha), bytes.NewReader(p.Data), int64(len(p.Data))); err != nil {
		t.Fatal(err)
	}
	_, err := b.sql.Exec(context.Background(), `
		INSERT INTO message_parts (message_id, part_path, content_type, filename, content_id, is_attachment, is_inline,
		                           sha256, size, doc_type)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		messageID, p.Path, p.ContentType, p.Filename, p.ContentID, p.Attachment, p.Inline, sha, len(p.Data), p.DocType)
	if err != nil {
		t.Fatal(err)
	}
}

// docSeed is a document filed straight into a claim.
type docSeed struct {
	Filename, ContentType, DocType, Folder string
	Data                                   []byte
	Stamped                                bool
	Received                               time.Time
}

func (b *pageBundle) addDocument(t *testing.T, claimID int64, d docSeed) int64 {
	t.Helper()
	sum := sha256.Sum256(d.Data)
	sha := hex.EncodeToString(sum[:])
	if err := b.store.Put(context.Background(), blob.ContentKey(sha), bytes.NewReader(d.Data), int64(len(d.Data))); err != nil {
		t.Fatal(err)
	}
	if d.Received.IsZero() {
		d.Received = b.clock.Now()
	}
	var stamped *string
	if d.Stamped {
		stamped = &sha // the same bytes stand in for the stamped copy
	}
	var id int64
	err := b.sql.QueryRow(context.Background(), `
		INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key,
		                       stamped_sha256, received_at, office_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) RETURNING id`,
		claimID, sha, len(d.Data), d.Filename, d.ContentType, d.DocType, d.Folder,
		fmt.Sprintf("claims/%d/%s/%s_%s", claimID, d.Folder, sha[:8], d.Filename), stamped, d.Received).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// addEquipment logs lines on their claims in one transaction and returns
// them as saved.
func (b *pageBundle) addEquipment(t *testing.T, lines ...storage.Equipment) []storage.Equipment {
	t.Helper()
	saved := make([]storage.Equipment, len(lines))
	err := b.db.InTx(context.Background(), func(tx pgx.Tx) error {
		for i, e := range lines {
			var err error
			if saved[i], err = storage.AddEquipment(context.Background(), tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

// addAlert shows a paperwork alert of milestone on claim from from on,
// due at due, with its first deadline beside it, as the refresh keeps
// them: the claim's only alert, showing until further notice.
func (b *pageBundle) addAlert(t *testing.T, claim int64, milestone, message string, from, due time.Time) {
	t.Helper()
	ctx := context.Background()
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_alerts (claim_id, office_id, milestone, rank, shows_from, due_at, message)
		VALUES ($1, (SELECT office_id FROM claims WHERE id = $1), $2, 1, $3, $4, $5)`, claim, milestone, from, due, message); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_alert_firsts (claim_id, office_id, shows_from, shows_until, first_due, alerts)
		VALUES ($1, (SELECT office_id FROM claims WHERE id = $1), $2, 'infinity', $3, 1)`, claim, from, due); err != nil {
		t.Fatal(err)
	}
}

// query reads one row of SQL into dest.
func (b *office) query(t *testing.T, sql string, args []any, dest ...any) {
	t.Helper()
	if err := b.sql.QueryRow(context.Background(), sql, args...).Scan(dest...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// inOrder reports whether each of subs occurs in s after the one before.
func inOrder(s string, subs ...string) bool {
	at := 0
	for _, sub := range subs {
		i := strings.Index(s[at:], sub)
		if i < 0 {
			return false
		}
		at += i + len(sub)
	}
	return true
}

// readUntil reads an event stream until a line equal to want, and fails
// the test when the stream ends first.
func readUntil(t *testing.T, r io.Reader, want string) {
	t.Helper()
	buf := make([]byte, 0, 4096)
	tmp := make([]byte, 512)
	for {
		for _, line := range strings.Split(string(buf), "\n") {
			if line == want {
				return
			}
		}
		n, err := r.Read(tmp)
		buf = append(buf, tmp[:n]...)
		if err != nil {
			t.Fatalf("stream ended before %q: %v\n%s", want, err, buf)
		}
	}
}
