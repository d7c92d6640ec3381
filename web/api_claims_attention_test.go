package web

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// GET /api/claims?sort=attention lists claims in the claims page's order
// (overdue, then due soon, then the rest, newest first within each), pages
// through them without skipping or repeating one, and orders every page of
// one listing at the time of its first page. A daily update still owed is
// due soon only in the last hours before closing.
func TestAPIClaimsSortAttention(t *testing.T) {
	t.Parallel()
	b := setupAPI(t) // Wednesday 15:00; the office closes at 18:00
	ctx := context.Background()
	long := b.at(time.February, 2, 9, 0)
	claim := func(job string) int64 {
		id := b.addClaim(t, storage.Claim{JobNumber: job, ClaimNumber: "C" + job, Status: "open", AdjusterName: "Ann Adjuster"})
		if _, err := b.sql.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, id, long); err != nil {
			t.Fatal(err)
		}
		return id
	}
	request := func(claim int64, due time.Time) {
		m := b.addMessage(t, testMessage{from: "adjuster@carrier.example", subject: "need the drying log", arrived: b.at(time.March, 4, 9, 0)})
		if _, err := b.sql.Exec(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
			VALUES ($1, $2, 'adjuster@carrier.example', '{drying_log}', 'Send the drying log', $3, $4, 1)`,
			claim, m, b.at(time.March, 4, 9, 0), due); err != nil {
			t.Fatal(err)
		}
	}
	update := func(id int64) {
		if err := b.db.AddClaimNote(ctx, id, "ana@smrestore.example", "called the adjuster", b.at(time.March, 4, 10, 0)); err != nil {
			t.Fatal(err)
		}
	}
	late := claim("26-1001-WTR")
	request(late, b.at(time.March, 4, 12, 0))
	owed := claim("26-1002-WTR") // no update yet today
	soon := claim("26-1003-WTR")
	request(soon, b.at(time.March, 5, 12, 0))
	fine := claim("26-1004-WTR")
	update(fine)
	update(late)
	update(soon)

	at15 := []int64{late, soon, fine, owed}
	for _, limit := range []int{1, 3, 10} {
		if got := b.walkPages(t, "/api/claims?sort=attention", limit); !slices.Equal(got, at15) {
			t.Errorf("15:00, limit %d: %v, want %v (late %d, owed %d, soon %d, fine %d)", limit, got, at15, late, owed, soon, fine)
		}
	}

	// A listing begun at 15:00 goes on in 15:00's order after 16:30, when
	// the owed update has become due soon.
	var first struct {
		Items      []claimItem `json:"items"`
		NextCursor string      `json:"next_cursor"`
	}
	b.get(t, "/api/claims?sort=attention&limit=2", &first)
	b.clock.Advance(90 * time.Minute)
	var rest struct {
		Items []claimItem `json:"items"`
	}
	b.get(t, "/api/claims?sort=attention&limit=10&cursor="+first.NextCursor, &rest)
	var got []int64
	for _, it := range append(first.Items, rest.Items...) {
		got = append(got, it.ID)
	}
	if !slices.Equal(got, at15) {
		t.Errorf("listing begun at 15:00, continued at 16:30: %v, want %v", got, at15)
	}

	at1630 := []int64{late, soon, owed, fine}
	if got := b.walkPages(t, "/api/claims?sort=attention", 1); !slices.Equal(got, at1630) {
		t.Errorf("16:30: %v, want %v", got, at1630)
	}
	// After closing the update still owed is overdue.
	b.clock.Advance(2 * time.Hour)
	at1830 := []int64{owed, late, soon, fine}
	if got := b.walkPages(t, "/api/claims?sort=attention", 2); !slices.Equal(got, at1830) {
		t.Errorf("18:30: %v, want %v", got, at1830)
	}

	for _, q := range []string{"sort=oldest", "sort=attention&cursor=AAAAAAAAAAA", "sort=attention&cursor=" + idCursor(late).encode()} {
		resp, body := b.call(t, "GET", "/api/claims?"+q, nil, nil)
		wantError(t, q, resp, body, http.StatusBadRequest, "")
	}
}

// A claim's daily update still owed today makes it due soon only in the
// last hours before closing, and overdue once the office has closed.
func TestStateOfOwedUpdate(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	today := &storage.UpdateDay{
		Open: day.Add(8 * time.Hour), Start: day, End: day.Add(24 * time.Hour),
		SoonFrom: day.Add(16 * time.Hour), Close: day.Add(18 * time.Hour),
	}
	c := storage.Claim{Status: "open", CreatedAt: day.Add(-48 * time.Hour), AdjusterName: "Ann Adjuster"}
	for _, tc := range []struct {
		hour  int
		label string
	}{{9, "On track"}, {15, "On track"}, {16, "Due soon"}, {17, "Due soon"}, {18, "Overdue"}} {
		st := stateOf(c, storage.ClaimCounts{}, today, day.Add(time.Duration(tc.hour)*time.Hour))
		if st.Label != tc.label {
			t.Errorf("%02d:00: %s (%s), want %s", tc.hour, st.Label, st.Why, tc.label)
		}
	}
}
