package outbox

import (
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// A technician who writes the estimate too is one person to remind, asked
// for each of their documents: the field's and the estimator's, as the
// claim's pages ask them of that person. A foreman is asked the field's.
func TestAskOfAPersonOfTwoRoles(t *testing.T) {
	t.Parallel()
	opened := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	parts := []storage.ClaimParticipant{
		{Role: "technician", Name: "Jake Halvorsen", Email: "jake@field.example"},
		{Role: "foreman", Name: "Marcus Field", Email: "marcus@field.example"},
		{Role: "estimator", Name: "Jake Halvorsen", Email: "Jake@field.example"},
	}
	f := sla.ClaimFacts{OpenedAt: opened, Documents: []sla.Document{
		{Type: sla.DocPhoto, ReceivedAt: opened.Add(time.Hour)},
	}}
	now := opened.Add(48 * time.Hour)
	rs := AskRecipients(parts, nil)
	if len(rs) != 2 || rs[0].Email != "jake@field.example" || rs[1].Email != "marcus@field.example" {
		t.Fatalf("recipients %+v, want Jake once, then Marcus", rs)
	}
	want := map[string][]sla.DocType{
		"jake@field.example":   {sla.DocScope, sla.DocATP, sla.DocEstimate, sla.DocSketch},
		"marcus@field.example": {sla.DocScope, sla.DocATP},
	}
	for _, r := range rs {
		if got := AskOf(storage.ReminderChaseUpload, r, f, now).Docs; !slices.Equal(got, want[r.Email]) {
			t.Errorf("%s is asked for %v, want %v", r.Email, got, want[r.Email])
		}
	}
}
