package web

import (
	"context"
	"html"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Once the office's invoice is on file the billing packet's checklist is
// over: no page says what the invoice waits for, the claims list's
// Billing column and the API's billing_missing say nothing is due before
// billing, and the claim page's milestone says what the packet went
// without is what the carrier may still ask for.
func TestInvoiceOnFileEndsBeforeTheInvoice(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	seedUnconfirmedPlacement(t, b)
	invoice := []byte("%PDF invoice NR-1001")
	sha := b.putBlob(t, invoice)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			SELECT id, $2, $4, 'NR-1001.pdf', 'invoice', 'Invoices', 'claims/26-1001-WTR/Invoices/NR-1001.pdf', $3, office_id
			FROM claims WHERE id = $1`, b.claim, sha, b.at(3, 6, 9, 0), len(invoice))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := b.signIn(t)
	b.do(t, c, "GET", "/", nil, nil) // the board works the claims' billing out, as the sweep does

	page := html.UnescapeString(b.claimPage(t, c))
	if next := section(t, page, `id="next-h"`, "</section>"); strings.Contains(next, "Before the invoice can go") || strings.Contains(next, "Billing packet") {
		t.Errorf("Next still speaks of the billing packet once the invoice is on file:\n%s", next)
	}
	if ms := section(t, page, "<h3>Milestones", "</ol>"); !strings.Contains(ms, "· the carrier may still ask for the ") || !strings.Contains(ms, "COS (certificate of satisfaction) · due") {
		t.Errorf("the billing milestone does not say what the invoice went without:\n%s", ms)
	}
	if _, body := b.do(t, c, "GET", "/claims", nil, nil); strings.Contains(body, "Equipment from mail (1 line): confirm it") ||
		!strings.Contains(body, `<span class="muted">invoiced</span>`) {
		t.Errorf("the claims list's Billing column does not say the claim is invoiced")
	}
	if _, body := b.do(t, c, "GET", "/morning", nil, nil); strings.Contains(html.UnescapeString(body), "confirm the equipment from mail") {
		t.Errorf("the morning page still asks for the equipment before the invoice")
	}
	if got := billingMissingOf(t, b); len(got) != 0 {
		t.Errorf("billing_missing %v once the invoice is on file, want none", got)
	}
}
