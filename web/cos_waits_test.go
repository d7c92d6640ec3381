package web

import (
	"context"
	"html"
	"slices"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// While the drying equipment is on the job the COS is not signed yet:
// Next and the morning page do not ask the technician for it, the claim
// page's billing milestone and the claims list's Billing column say it
// waits for the equipment to come off, and
// billing_missing leaves it out, all from the same rule.
func TestCOSNotChasedWhileEquipmentOnTheJob(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	p := seedUnconfirmedPlacement(t, b)
	if _, err := b.srv.equipmentLog().Decide(ctx, p.ID, storage.ProposalConfirmed, "dana@smrestore.example", 0); err != nil {
		t.Fatal(err)
	}
	c, _ := b.signIn(t)
	b.do(t, c, "GET", "/", nil, nil) // the board works the claims' billing out, as the sweep does

	page := html.UnescapeString(b.claimPage(t, c))
	if next := section(t, page, `id="next-h"`, "</section>"); strings.Contains(next, "for the signed COS") {
		t.Errorf("Next with the equipment on the job:\n%s", next)
	}
	billing := section(t, page, "<strong>Billing packet complete", "</li>")
	if strings.Contains(billing, "missing COS") || !strings.Contains(billing, "the COS (certificate of satisfaction) once the equipment comes off") {
		t.Errorf("the billing milestone with the equipment on the job:\n%s", billing)
	}
	if _, body := b.do(t, c, "GET", "/claims", nil, nil); !strings.Contains(html.UnescapeString(body), "COS (certificate of satisfaction): once the equipment comes off") {
		t.Errorf("the claims list's Billing column does not say the COS waits for the equipment")
	}
	if _, body := b.do(t, c, "GET", "/morning", nil, nil); strings.Contains(html.UnescapeString(body), "for the signed COS") {
		t.Errorf("the morning page asks for the COS with the equipment on the job")
	}
	if got := billingMissingOf(t, b); slices.Contains(got, "cos") || !slices.Contains(got, "invoice") {
		t.Errorf("billing_missing %v with the equipment on the job, want the invoice and no COS", got)
	}
}
