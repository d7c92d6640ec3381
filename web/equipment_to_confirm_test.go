package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/storage"
)

// seedUnconfirmedPlacement files a drying log on the equipment bundle's
// claim on Wed Feb 25 and mail of Tue Feb 24 saying 4 air movers were
// set, which nobody has confirmed: the claim, opened that morning, is
// past its billing packet's deadline.
func seedUnconfirmedPlacement(t *testing.T, b *equipmentBundle) storage.EquipmentProposal {
	t.Helper()
	ctx := context.Background()
	p := b.recordPickup(t, storage.EquipmentProposal{Action: equipment.ActionPlaced, Kind: equipment.AirMover, Count: 4,
		At: b.at(2, 24, 9, 0), Text: "set 4 air movers in the basement"})
	log := []byte("%PDF drying log")
	sha := b.putBlob(t, log)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, b.claim, b.at(2, 24, 8, 0)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			SELECT id, $2, $4, 'day1.pdf', 'drying_log', 'Drying Logs', 'claims/26-1001-WTR/Drying Logs/day1.pdf', $3, office_id
			FROM claims WHERE id = $1`, b.claim, sha, b.at(2, 25, 9, 0), len(log))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// billingMissingOf is what GET /api/claims says the bundle's claim's
// billing packet lacks.
func billingMissingOf(t *testing.T, b *equipmentBundle) []string {
	t.Helper()
	var list struct {
		Items []struct {
			ID             int64    `json:"id"`
			BillingMissing []string `json:"billing_missing"`
		} `json:"items"`
	}
	b.send(t, "GET", "/api/claims", nil, http.StatusOK, &list)
	for _, it := range list.Items {
		if it.ID == b.claim {
			return it.BillingMissing
		}
	}
	t.Fatalf("no claim %d in the list", b.claim)
	return nil
}

// Equipment from mail nobody confirmed leaves the log, which the invoice
// bills, without it: until a person confirms or dismisses it, it is an
// open item before the invoice on the claim's Next (in the billing
// packet's line, as the morning page says it, with its button), the
// claims list's Billing column, the morning page's billing line, the
// API's billing_missing and the close check.
func TestEquipmentFromMailBeforeTheInvoice(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	p := seedUnconfirmedPlacement(t, b)
	c, _ := b.signIn(t)
	b.do(t, c, "GET", "/", nil, nil) // the board works the claims' billing out, as the sweep does

	const step = "Before the invoice can go: ask Tom for the signed COS (certificate of satisfaction); confirm the equipment from mail (1 line) (overdue since Mon Mar 9, 18:00)"
	button := fmt.Sprintf(`<a class="button primary" href="/claims/%d#proposals-h">Confirm the equipment</a>`, b.claim)
	next := section(t, html.UnescapeString(b.claimPage(t, c)), `id="next-h"`, "</section>")
	if !strings.Contains(next, step) || !strings.Contains(next, button) {
		t.Errorf("Next lacks the equipment to confirm and its button:\n%s", next)
	}
	if n := strings.Count(next, "Before the invoice can go"); n != 1 {
		t.Errorf("Next says %d times what the invoice waits for, want once, in the billing packet's line", n)
	}
	if _, body := b.do(t, c, "GET", "/claims", nil, nil); !strings.Contains(body, "Equipment from mail (1 line): confirm it") {
		t.Errorf("the claims list's Billing column does not name the equipment to confirm")
	}
	if _, body := b.do(t, c, "GET", "/morning", nil, nil); !strings.Contains(html.UnescapeString(body), "; confirm the equipment from mail (1 line)") {
		t.Errorf("the morning page's billing line does not name the equipment to confirm")
	}
	if got := billingMissingOf(t, b); !slices.Contains(got, "equipment_to_confirm") || !slices.Contains(got, "invoice") {
		t.Errorf("billing_missing %v, want the invoice and equipment_to_confirm", got)
	}
	resp, out := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/close", b.claim), map[string]any{"note": "done"}, nil)
	wantError(t, "close over the API", resp, out, http.StatusConflict, "Equipment from mail confirmed or dismissed (1 line from mail waiting)")
	if !strings.Contains(out, `"equipment_to_confirm"`) {
		t.Errorf("close refused without equipment_to_confirm: %s", out)
	}

	if _, err := b.srv.equipmentLog().Decide(ctx, p.ID, storage.ProposalConfirmed, "dana@smrestore.example", 0); err != nil {
		t.Fatal(err)
	}
	b.do(t, c, "GET", "/", nil, nil)
	if next := b.claimPage(t, c); strings.Contains(next, "confirm the equipment from mail") || strings.Contains(next, "Confirm the equipment<") {
		t.Errorf("Next still asks to confirm the equipment once confirmed")
	}
	if got := billingMissingOf(t, b); slices.Contains(got, "equipment_to_confirm") {
		t.Errorf("billing_missing %v once the equipment is confirmed", got)
	}
	if _, out := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/close", b.claim), map[string]any{"note": "done"}, nil); strings.Contains(out, "equipment_to_confirm") {
		t.Errorf("close refused for the equipment once confirmed: %s", out)
	}
}

// While mail says equipment was placed before the first drying log and
// nobody confirmed it, the carrier's packet and the notes for the job
// system say the work's start is not confirmed, with the date mail says,
// rather than give the drying log's; once confirmed, the packet gives the
// placement's date and its Equipment section bills its days, while the
// note recorded before keeps what it said then.
func TestUnconfirmedStartInPacketAndNotes(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	p := seedUnconfirmedPlacement(t, b)
	if err := b.db.AddClaimNote(ctx, b.claim, "dana@smrestore.example", "Readings taken.", b.at(2, 26, 18, 0)); err != nil {
		t.Fatal(err)
	}
	summary := func() string {
		resp, zipped := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=carrier", b.claim), nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("packet: %d", resp.StatusCode)
		}
		files, _ := unzip(t, zipped)
		return strings.Join(strings.Fields(pageFooter.ReplaceAllString(pdftest.CheckedText(t, "summary", summaryOf(t, files)), "")), " ")
	}
	// The claim's notes, and the day's notes of every claim.
	notes := func() string {
		var out string
		for _, path := range []string{fmt.Sprintf("/api/claims/%d/notes.txt", b.claim), "/api/updates.txt?date=2026-02-26"} {
			resp, body := b.call(t, "GET", path, nil, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
			}
			out += body + "\n--\n"
		}
		return out
	}
	const doubt = "not confirmed (mail says placed 02/24/2026)"
	if s := summary(); !strings.Contains(s, "Work started "+doubt) || strings.Contains(s, "Work started 02/25/2026") {
		t.Errorf("the packet's summary gives a start nobody confirmed:\n%s", s)
	}
	if n := notes(); strings.Count(n, "Status of our part: Work started: "+doubt+"\r\n") != 2 {
		t.Errorf("the notes give a start nobody confirmed:\n%s", n)
	}

	if _, err := b.srv.equipmentLog().Decide(ctx, p.ID, storage.ProposalConfirmed, "dana@smrestore.example", 0); err != nil {
		t.Fatal(err)
	}
	s := summary()
	if !strings.Contains(s, "Work started 02/24/2026") || strings.Contains(s, "not confirmed") || !strings.Contains(s, "Equipment") ||
		!strings.Contains(s, "Air mover") {
		t.Errorf("the packet's summary once the placement is confirmed:\n%s", s)
	}
	if n := notes(); strings.Count(n, "Status of our part: Work started: "+doubt+"\r\n") != 2 {
		t.Errorf("the note recorded before the placement was confirmed no longer says what it said:\n%s", n)
	}
}

// TestATPDueWhenMailSaysEquipmentWasPlaced: the ATP is due when work
// started, and work started when mail says the equipment went in, before
// the first drying log, as the packet says: the alert kept for the board
// follows the mail, and the drying log again once the mail is dismissed.
func TestATPDueWhenMailSaysEquipmentWasPlaced(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	p := seedUnconfirmedPlacement(t, b)
	atpDue := func() time.Time {
		t.Helper()
		if err := b.srv.refreshClaimAlerts(ctx); err != nil {
			t.Fatal(err)
		}
		var due time.Time
		if err := b.sql.QueryRow(ctx, `SELECT due_at FROM claim_alerts WHERE claim_id = $1 AND milestone = 'atp_before_work'`,
			b.claim).Scan(&due); err != nil {
			t.Fatalf("the ATP's alert: %v", err)
		}
		return due
	}
	if due := atpDue(); !due.Equal(b.at(2, 24, 9, 0)) {
		t.Errorf("ATP due %s, want when mail says the equipment was placed, %s", due, b.at(2, 24, 9, 0))
	}
	if _, err := b.srv.equipmentLog().Decide(ctx, p.ID, storage.ProposalDismissed, "dana@smrestore.example", 0); err != nil {
		t.Fatal(err)
	}
	if due := atpDue(); !due.Equal(b.at(2, 25, 9, 0)) {
		t.Errorf("ATP due %s once the mail is dismissed, want at the first drying log, %s", due, b.at(2, 25, 9, 0))
	}
}
