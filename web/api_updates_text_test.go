package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/storage"
)

// Each office's notes are those of its own day: a West Coast note at
// 10:30 PM Pacific on Mar 3, already Mar 4 on the configured clock
// (Chicago), is in Mar 3's text and neither in Mar 4's nor in today's
// (Mar 4); the offices' claims come together by job number.
func TestAPIUpdatesTextOnEachOfficesDay(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	west, err := b.db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West", TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := officerules.Load(ctx, b.db, b.srv.configuredRules(), b.srv.log)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Offices = rules
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []struct {
		office int64
		job    string
		text   string
		at     time.Time
	}{
		{storage.DefaultOfficeID, "26-1001-WTR", "Main: readings taken", b.at(time.March, 3, 10, 0)},
		{west.ID, "26-0500-WTR", "West: late visit, pump reset", time.Date(2026, 3, 3, 22, 30, 0, 0, la)},
	} {
		id := b.addClaim(t, storage.Claim{JobNumber: n.job, ClaimNumber: "C" + n.job, Status: "open"})
		if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, id, n.office); err != nil {
			t.Fatal(err)
		}
		if err := b.db.AddClaimNote(ctx, id, "ana@smrestore.example", n.text, n.at); err != nil {
			t.Fatal(err)
		}
	}
	_, body := b.call(t, "GET", "/api/updates.txt?date=2026-03-03", nil, nil)
	notes := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n\r\n")
	if len(notes) != 2 || !strings.HasPrefix(notes[0], "03/03/2026 10:30 PM - ana@smrestore.example\r\nJob 26-0500-WTR /") ||
		!strings.HasSuffix(notes[0], "Note: West: late visit, pump reset") ||
		!strings.HasPrefix(notes[1], "03/03/2026 10:00 AM - ana@smrestore.example\r\nJob 26-1001-WTR /") {
		t.Errorf("the notes of Mar 3: want West's of 10:30 PM Pacific, then the main office's, by job number:\n%s", body)
	}
	for _, path := range []string{"/api/updates.txt?date=2026-03-04", "/api/updates.txt"} {
		if _, body := b.call(t, "GET", path, nil, nil); strings.Contains(body, "West: late visit") {
			t.Errorf("%s: West's note of Mar 3 is in:\n%s", path, body)
		}
	}
}

// A day with notes on more claims than the text holds says where it
// stops, after the first updatesTextClaims by job number.
func TestAPIUpdatesTextSaysWhereItStops(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	if _, err := b.sql.Exec(ctx, `
		WITH c AS (
			INSERT INTO claims (job_number, claim_number, status, office_id)
			SELECT '26-' || lpad(i::text, 4, '0') || '-WTR', 'C-' || i, 'open', 1 FROM generate_series(1, $1::int) i
			RETURNING id)
		INSERT INTO claim_updates (claim_id, at, source, author, note)
		SELECT id, $2, 'note', 'ana@smrestore.example', 'Readings taken' FROM c`,
		updatesTextClaims+1, b.at(time.March, 4, 10, 0)); err != nil {
		t.Fatal(err)
	}
	_, body := b.call(t, "GET", "/api/updates.txt", nil, nil)
	if n := strings.Count(body, "Note: Readings taken"); n != updatesTextClaims {
		t.Errorf("%d notes, want %d", n, updatesTextClaims)
	}
	want := "\r\n\r\nMore claims have notes this day than one text holds: these are the first 1000 by job number, through job 26-1000-WTR. " +
		"Copy the later claims' notes from each claim's page.\r\n"
	if !strings.HasSuffix(body, want) {
		t.Errorf("the text does not end saying where it stops:\n%s", body[max(0, len(body)-600):])
	}
}
