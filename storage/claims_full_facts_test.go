package storage_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimsFullFactsHoldEveryDocument: the facts of a set of claims read
// together hold every document of each, the latest drying log too, and
// the latest check of each form and when each document was checked, as
// each claim's own facts do; a claim that does not exist is left out.
func TestClaimsFullFactsHoldEveryDocument(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	mon := time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return mon.AddDate(0, 0, n) }
	for i, d := range []struct {
		claim    int64
		docType  string
		received time.Time
		verified *time.Time
		ok       bool
		reason   string
	}{
		{b.claimA, "drying_log", day(2), nil, false, ""},
		{b.claimA, "photo", day(0), nil, false, ""},
		{b.claimA, "drying_log", day(1), nil, false, ""},
		{b.claimA, "correspondence", day(1), nil, false, ""},
		{b.claimB, "cos", day(0), new(day(1)), false, "not signed"},
		{b.claimB, "cos", day(2), new(day(3)), true, ""},
	} {
		if _, err := storage.PoolOf(b.db).Exec(ctx, `
			INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at,
			                       verified_at, verify_ok, verify_reason, office_id)
			SELECT $1, $2, 1, 'f.pdf', $3, 'Other', $2, $4, $5, $6, $7, office_id FROM claims WHERE id = $1`,
			d.claim, sha("doc", i), d.docType, d.received, d.verified, d.ok, d.reason); err != nil {
			t.Fatal(err)
		}
	}
	facts, err := b.db.ClaimsFullFacts(ctx, []int64{b.claimA, b.claimB, b.claimB + 1000})
	if err != nil || len(facts) != 2 {
		t.Fatalf("facts of %d claims, want 2: %v", len(facts), err)
	}
	wantA := []sla.Document{{Type: sla.DocPhoto, ReceivedAt: day(0)}, {Type: sla.DocDryingLog, ReceivedAt: day(1)},
		{Type: sla.DocDryingLog, ReceivedAt: day(2)}}
	if got := facts[b.claimA].Documents; !sameDocuments(got, wantA) {
		t.Errorf("claim A's documents: %v, want %v", got, wantA)
	}
	fb := facts[b.claimB]
	if !fb.Verified[sla.DocCOS].Equal(day(3)) || fb.Rejected[sla.DocCOS].Reason != "not signed" || len(fb.Documents) != 2 {
		t.Errorf("claim B's facts: %+v", fb)
	}
	if d := fb.Documents; len(d) == 2 && (d[0].CheckedAt == nil || !d[0].CheckedAt.Equal(day(1)) || d[1].CheckedAt == nil || !d[1].CheckedAt.Equal(day(3))) {
		t.Errorf("claim B's COS checked at %v and %v, want %v and %v", d[0].CheckedAt, d[1].CheckedAt, day(1), day(3))
	}
	// Read in bulk, a type's one document is checked once all of it is.
	bulk, err := b.db.ClaimsFacts(ctx, []int64{b.claimA, b.claimB})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range bulk[b.claimB].Documents {
		if d.CheckedAt == nil || !d.CheckedAt.Equal(day(3)) {
			t.Errorf("claim B's COS read in bulk checked at %v, want %v", d.CheckedAt, day(3))
		}
	}
	for _, d := range bulk[b.claimA].Documents {
		if d.CheckedAt != nil {
			t.Errorf("claim A's %s read in bulk checked at %v, want never", d.Type, d.CheckedAt)
		}
	}
	for _, id := range []int64{b.claimA, b.claimB} {
		one, err := b.db.ClaimFacts(ctx, id)
		if err != nil || !reflect.DeepEqual(one, *facts[id]) {
			t.Errorf("claim %d's own facts %+v (%v), read together %+v", id, one, err, *facts[id])
		}
	}
	if _, err := b.db.ClaimFacts(ctx, b.claimB+1000); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("facts of no claim: %v, want not found", err)
	}
}

func sameDocuments(a, b []sla.Document) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Type != b[i].Type || !a[i].ReceivedAt.Equal(b[i].ReceivedAt) {
			return false
		}
	}
	return true
}
