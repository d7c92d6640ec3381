package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// billedJob adds a claim opened six days ago whose job sent everything
// but the COS (its billing packet lacks the COS and the invoice), with
// the technician of tech (role, name, email) when given.
func billedJob(t *testing.T, b *pageBundle, job string, tech ...string) int64 {
	t.Helper()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: job, Insured: "Naomi Fairbanks", LossType: "Fire", Opened: now.Add(-6 * 24 * time.Hour)})
	if len(tech) == 3 {
		if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email)
			VALUES ($1, $2, $3, $4)`, claim, tech[0], tech[1], tech[2]); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []docSeed{
		{Filename: "IMG_1.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos", Data: []byte("jpeg")},
		{Filename: "scope.pdf", ContentType: "application/pdf", DocType: "scope", Folder: "Scope", Data: []byte("%PDF scope")},
		{Filename: "estimate.pdf", ContentType: "application/pdf", DocType: "estimate", Folder: "Estimate", Data: []byte("%PDF estimate")},
		{Filename: "sketch.pdf", ContentType: "application/pdf", DocType: "sketch", Folder: "Sketch", Data: []byte("%PDF sketch")},
		{Filename: "ATP.pdf", ContentType: "application/pdf", DocType: "atp", Folder: "Contracts", Data: []byte("%PDF atp")},
	} {
		d.Received = now.Add(-5 * 24 * time.Hour)
		b.addDocument(t, claim, d)
	}
	return claim
}

// sendMail has the pages' server send mail from claims@office.example.
func (b *pageBundle) sendMail(t *testing.T) {
	t.Helper()
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Outbox = outbox.NewOutbox(b.db, rc, outbox.OutboxConfig{
		From: mail.Address{Address: "claims@office.example"}, OfficeDomain: "office.example", Now: b.clock.Now,
	})
}

// TestBillingLineAsksTheTechnician: the billing packet's line "ask Luis
// for the signed COS" has "Email Luis" beside it, which writes him for the
// COS, and the reminders card and the morning page offer the same; the
// card's hint about its mail links shows only where it has one.
func TestBillingLineAsksTheTechnician(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := billedJob(t, b, "26-2105-WTR", "technician", "Luis Ortega", "luis@field.example")
	page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK)
	next := between(t, page, `id="next-h"`, "</section>")
	line := between(t, next, "Before the invoice can go: ask Luis for the signed COS", "</li>")
	luis, ok := mailLinks(t, line)["Email Luis"]
	if !ok || luis.to != "luis@field.example" || !strings.Contains(luis.body, "We still need the signed COS on job 26-2105-WTR") {
		t.Errorf("the billing line does not ask Luis for the COS: %+v\n%s", luis, line)
	}
	card := between(t, page, `id="reminders-h"`, "</section>")
	if _, ok := mailLinks(t, card)["Email Luis: send the signed COS"]; !ok || !strings.Contains(card, "until then Write a reminder opens") {
		t.Errorf("the reminders card does not offer to ask Luis for the COS:\n%s", card)
	}

	morning := between(t, b.get(t, "/morning", http.StatusOK), fmt.Sprintf(`id="claim-%d"`, claim), "</ul>")
	line = between(t, morning, "Before the invoice can go: ask Luis for the signed COS", "</li>")
	if luis, ok := mailLinks(t, line)["Email Luis"]; !ok || !strings.Contains(luis.body, "We still need the signed COS on job 26-2105-WTR") ||
		!strings.Contains(line, "I sent it") {
		t.Errorf("the morning page's billing line does not ask Luis for the COS: %+v\n%s", luis, line)
	}

	done := billedJob(t, b, "26-2102-WTR", "technician", "Jake Halvorsen", "jake@field.example")
	b.addDocument(t, done, docSeed{Filename: "COS.pdf", ContentType: "application/pdf", DocType: "cos", Folder: "Contracts",
		Data: []byte("%PDF cos"), Received: b.clock.Now().Add(-time.Hour)})
	card = between(t, b.get(t, fmt.Sprintf("/claims/%d", done), http.StatusOK), `id="reminders-h"`, "</section>")
	if strings.Contains(card, "<summary>Write a reminder</summary>") {
		t.Errorf("the card offers a reminder on a job that sent everything:\n%s", card)
	}
	if strings.Contains(card, "until then Write a reminder opens") {
		t.Errorf("the card's hint tells of a Write a reminder it does not have:\n%s", card)
	}
}

// TestAskLineOffersTheListedTechnicians: a claim with no technician asks
// to add one, and offers the technicians of the office's people list to
// pick from, on the claim page and the morning page; the one picked is
// added and the line then asks them.
func TestAskLineOffersTheListedTechnicians(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	for _, p := range []storage.Person{{Name: "Jake Halvorsen", Email: "jake@field.example", Role: "technician"},
		{Name: "Luis Ortega", Email: "luis@field.example", Role: "technician"}, {Name: "Sam Whitaker", Email: "sam@office.example", Role: "estimator"}} {
		p.OfficeID = storage.DefaultOfficeID
		if _, err := b.db.SavePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	claim := billedJob(t, b, "26-2107-WTR")
	next := between(t, b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK), `id="next-h"`, "</section>")
	line := between(t, next, "Before the invoice can go: add the technician to the claim", "</li>")
	if !strings.Contains(line, `<option value="Jake Halvorsen">`) || !strings.Contains(line, `<option value="Luis Ortega">`) ||
		strings.Contains(line, "Sam Whitaker") || !strings.Contains(line, ">Add to the claim</button>") {
		t.Fatalf("the line does not offer the listed technicians alone:\n%s", line)
	}
	morning := between(t, b.get(t, "/morning", http.StatusOK), fmt.Sprintf(`id="claim-%d"`, claim), "</ul>")
	if !strings.Contains(morning, `<option value="Luis Ortega">`) || !strings.Contains(morning, ">Add to the claim</button>") {
		t.Errorf("the morning page's line does not offer the listed technicians:\n%s", morning)
	}
	pick := url.Values{"role": {"technician"}, "name": {"Luis Ortega"}, "back": {"next"}}
	resp, body := b.post(t, fmt.Sprintf("/claims/%d/participants", claim), pick)
	if want := fmt.Sprintf("/claims/%d#next-h", claim); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Fatalf("adding Luis: %d to %q, want 303 to %s:\n%s", resp.StatusCode, resp.Header.Get("Location"), want, body)
	}
	next = html.UnescapeString(between(t, b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK), `id="next-h"`, "</section>"))
	if !strings.Contains(next, "Before the invoice can go: ask Luis for the signed COS") || !strings.Contains(next, ">Email Luis<") {
		t.Errorf("once added, the line does not ask Luis:\n%s", next)
	}
}

// TestRemindOfWhatTheLineAsks: where claimdesk sends mail, the billing
// line's "Remind Marcus", on the claim page and the morning page, asks him
// for the COS the packet lacks, which the checklist does not call for
// before pickup; the API asks the same when given the documents.
func TestRemindOfWhatTheLineAsks(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.sendMail(t)
	claim := billedJob(t, b, "26-2103-FIR", "technician", "Marcus Lee", "marcus@field.example")
	next := between(t, b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK), `id="next-h"`, "</section>")
	line := between(t, next, "Before the invoice can go: ask Marcus for the signed COS", "</li>")
	if !strings.Contains(line, `<input type="hidden" name="doc" value="cos">`) || !strings.Contains(line, ">Remind Marcus</button>") {
		t.Fatalf("the billing line offers no reminder for the COS:\n%s", line)
	}
	morning := between(t, b.get(t, "/morning", http.StatusOK), fmt.Sprintf(`id="claim-%d"`, claim), "</ul>")
	if !strings.Contains(morning, `<input type="hidden" name="back" value="/morning">`) || !strings.Contains(morning, ">Remind Marcus</button>") {
		t.Errorf("the morning page's billing line offers no reminder:\n%s", morning)
	}
	click := url.Values{"kind": {storage.ReminderChaseUpload}, "to": {"marcus@field.example"}, "doc": {"cos"}}
	if resp, body := b.post(t, fmt.Sprintf("/claims/%d/remind", claim), click); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remind Marcus of the COS: %d:\n%s", resp.StatusCode, body)
	}
	rs, err := b.db.ClaimReminders(context.Background(), claim)
	if err != nil || len(rs) != 1 {
		t.Fatalf("%d reminders recorded (%v), want 1", len(rs), err)
	}
	m, err := b.db.GetOutbox(context.Background(), *rs[0].OutboxID)
	if err != nil || !strings.Contains(m.Body, "We still need the signed COS on job 26-2103-FIR") {
		t.Errorf("queued reminder %q (%v): want it to ask for the signed COS", m.Body, err)
	}

	// The API asks the same with docs; without, the checklist lacks
	// nothing of Marcus's.
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(context.Background(), "test", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(time.Minute)
	for _, c := range []struct {
		body string
		want int
	}{
		{`{"kind": "chase_upload", "to": "marcus@field.example"}`, http.StatusConflict},
		{`{"kind": "chase_upload", "to": "marcus@field.example", "docs": ["cos"]}`, http.StatusCreated},
	} {
		body, want := c.body, c.want
		req, err := http.NewRequest("POST", b.ts.URL+fmt.Sprintf("/api/claims/%d/reminders", claim), strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		if resp, got := send(t, b.client(t), req); resp.StatusCode != want {
			t.Errorf("POST %s: %d %s, want %d", body, resp.StatusCode, got, want)
		}
	}
}

// TestMorningAsksAsTheClaimPageDoes: a person asked on the morning page is
// written the mail the claim page writes them, asking for all they owe
// (the photos of the first documents' line with the billing packet's
// COS), whichever line's button is pressed.
func TestMorningAsksAsTheClaimPageDoes(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := billedJob(t, b, "26-2107-WTR", "technician", "Luis Ortega", "luis@field.example")
	if _, err := b.sql.Exec(context.Background(), `DELETE FROM documents WHERE claim_id = $1 AND doc_type = 'photo'`, claim); err != nil {
		t.Fatal(err)
	}
	next := between(t, b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK), `id="next-h"`, "</section>")
	want, ok := mailLinks(t, between(t, next, "Before the invoice can go", "</li>"))["Email Luis"]
	if !ok || !strings.Contains(want.body, "photos") || !strings.Contains(want.body, "COS") {
		t.Fatalf("the claim page's billing line does not ask Luis for the photos and the COS: %+v", want)
	}
	morning := between(t, b.get(t, "/morning", http.StatusOK), fmt.Sprintf(`id="claim-%d"`, claim), "</ul>")
	lines := strings.Split(morning, "<li")
	asked := 0
	for _, line := range lines {
		if got, ok := mailLinks(t, line)["Email Luis"]; ok {
			asked++
			if got.body != want.body {
				t.Errorf("the morning page writes Luis:\n%s\nwhere the claim page writes:\n%s", got.body, want.body)
			}
		}
	}
	if asked == 0 {
		t.Errorf("the morning page does not ask Luis:\n%s", morning)
	}
}

// TestMorningRemindsAsTheClaimPageDoes: where claimdesk sends mail, each
// "Remind Marcus" of the morning page is the claim page's billing line's
// button, asking for all he owes (the photos and the COS), but for where
// it leads back to.
func TestMorningRemindsAsTheClaimPageDoes(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.sendMail(t)
	claim := billedJob(t, b, "26-2108-FIR", "technician", "Marcus Lee", "marcus@field.example")
	if _, err := b.sql.Exec(context.Background(), `DELETE FROM documents WHERE claim_id = $1 AND doc_type = 'photo'`, claim); err != nil {
		t.Fatal(err)
	}
	// remindForms are the fields and label of each reminder button in
	// page, without its CSRF token and where it leads back to.
	remindForms := func(page string) []string {
		var out []string
		for _, f := range strings.Split(page, `<input type="hidden" name="kind"`)[1:] {
			f = f[:strings.Index(f, "</form>")]
			for _, leads := range []string{`<input type="hidden" name="back"`, `<input type="hidden" name="next"`} {
				if i := strings.Index(f, leads); i >= 0 {
					f = f[:i] + f[i+strings.Index(f[i:], ">")+1:]
				}
			}
			out = append(out, strings.Join(strings.Fields(f), " "))
		}
		return out
	}
	next := between(t, b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK), `id="next-h"`, "</section>")
	want := remindForms(between(t, next, "Before the invoice can go", "</li>"))
	if len(want) != 1 || !strings.Contains(want[0], `value="photo"`) || !strings.Contains(want[0], `value="cos"`) {
		t.Fatalf("the claim page's billing line does not remind Marcus of the photos and the COS: %q", want)
	}
	morning := between(t, b.get(t, "/morning", http.StatusOK), fmt.Sprintf(`id="claim-%d"`, claim), "</ul>")
	got := remindForms(morning)
	if len(got) == 0 {
		t.Fatalf("the morning page does not remind Marcus:\n%s", morning)
	}
	for _, g := range got {
		if g != want[0] {
			t.Errorf("the morning page's button:\n%s\nwhere the claim page's is:\n%s", g, want[0])
		}
	}
}
