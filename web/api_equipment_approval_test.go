package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// TestAPIEquipmentApproval marks a pod as needing the carrier's approval,
// sends the request to the adjuster from the template, and confirms the
// adjuster's answer the pipeline proposed: the line is approved, linked
// to the answer.
func TestAPIEquipmentApproval(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	pod := b.add(t, map[string]any{"kind": "pod", "vendor": "Rollaway", "note": "for the contents", "approval": "requested"})

	var res approvalRequestResult
	b.send(t, "POST", fmt.Sprintf("/api/equipment/%d/approval-request", pod.ID), map[string]any{}, http.StatusCreated, &res)
	if res.Equipment.Approval != equipment.ApprovalRequested || res.Equipment.ApprovalBy != "ana-script" {
		t.Errorf("line after the request: %+v", res.Equipment)
	}
	m, err := b.db.GetOutbox(ctx, res.OutboxID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != outbox.KindApprovalRequest || len(m.Recipients) != 1 || m.Recipients[0] != "janderson@statefarm.example" ||
		m.Subject != "Approval request: job 26-1001-WTR, claim 60-8H77-8H5 (Ellen Ripley)" ||
		!strings.Contains(m.Body, "- 1 × pod (Rollaway), for the contents") || m.ClaimID == nil || *m.ClaimID != b.claim {
		t.Fatalf("approval request %+v", m)
	}
	line, err := b.db.GetEquipment(ctx, pod.ID)
	if err != nil || line.ApprovalOutboxID == nil || *line.ApprovalOutboxID != res.OutboxID {
		t.Fatalf("line %+v not linked to request %d (%v)", line, res.OutboxID, err)
	}

	// Spanish, with the coordinator's own words.
	b.send(t, "POST", fmt.Sprintf("/api/equipment/%d/approval-request", pod.ID), map[string]any{"language": "es", "body": "¿Aprueba el pod?"}, http.StatusCreated, &res)
	if m, err := b.db.GetOutbox(ctx, res.OutboxID); err != nil || !strings.HasPrefix(m.Subject, "Solicitud de aprobación") || m.Body != "¿Aprueba el pod?\n" {
		t.Errorf("spanish request %+v (%v)", m, err)
	}

	// The adjuster's answer, as the pipeline proposes it, confirmed.
	answer := b.addMessage(t, testMessage{from: "janderson@statefarm.example", subject: "Re: Approval request", arrived: b.at(3, 4, 16, 0), status: storage.StatusFiled})
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordEquipmentProposals(ctx, tx, b.claim, answer, []storage.EquipmentProposal{{Action: equipment.ApprovalApproved,
			Kind: equipment.Pod, Count: 1, At: b.at(3, 4, 16, 0), Text: "Approved.", EquipmentID: &pod.ID}})
	})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := b.db.ClaimEquipmentProposals(ctx, b.claim)
	if err != nil || len(ps) != 1 {
		t.Fatalf("proposals %+v (%v)", ps, err)
	}
	c, csrf := b.signIn(t)
	_, page := b.do(t, c, "GET", fmt.Sprintf("/claims/%d", b.claim), nil, nil)
	if !strings.Contains(page, "The adjuster approved it") || !strings.Contains(page, "waiting for the answer") {
		t.Errorf("claim page lacks the answer to confirm or the waiting request")
	}
	resp, body := b.do(t, c, "POST", fmt.Sprintf("/equipment-proposals/%d", ps[0].ID), url.Values{"csrf_token": {csrf}, "decision": {"confirm"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", resp.StatusCode, body)
	}
	var got listResponse[equipmentItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment", b.claim), &got)
	if e := got.Items[0]; e.Approval != equipment.ApprovalApproved || e.ApprovalMessageID == nil || *e.ApprovalMessageID != answer ||
		e.ApprovalBy != "dana@smrestore.example" {
		t.Errorf("approved line %+v", e)
	}

	// A vendor's document needing approval is a line that names it.
	var doc int64
	if err := b.sql.QueryRow(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		VALUES ($1, $2, 1, 'Rollaway invoice 4471.pdf', 'invoice', 'Invoices', 'claims/x/inv', $3, 1) RETURNING id`,
		b.claim, strings.Repeat("c", 64), b.at(3, 4, 12, 0)).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	vendor := b.add(t, map[string]any{"kind": "other", "document_id": doc, "note": "extra haul", "placed_at": nil, "approval": "requested"})
	if vendor.DocumentID == nil || *vendor.DocumentID != doc {
		t.Fatalf("vendor document line %+v", vendor)
	}
	b.send(t, "POST", fmt.Sprintf("/api/equipment/%d/approval-request", vendor.ID), map[string]any{}, http.StatusCreated, &res)
	if m, err := b.db.GetOutbox(ctx, res.OutboxID); err != nil || !strings.Contains(m.Body, "- the vendor's document Rollaway invoice 4471.pdf, extra haul") {
		t.Errorf("vendor document request %+v (%v)", m, err)
	}
	_, page = b.do(t, c, "GET", fmt.Sprintf("/claims/%d", b.claim), nil, nil)
	if !strings.Contains(page, fmt.Sprintf(`<a href="/documents/%d/original">Rollaway invoice 4471.pdf</a>`, doc)) {
		t.Errorf("claim page does not link the vendor's document of its line")
	}

	resp, body = b.call(t, "POST", "/api/equipment/999999/approval-request", map[string]any{}, nil)
	wantError(t, "unknown line", resp, body, http.StatusNotFound, "equipment 999999 not found")
	resp, body = b.call(t, "POST", fmt.Sprintf("/api/equipment/%d/approval-request", pod.ID), map[string]any{"language": "fr"}, nil)
	wantError(t, "unknown language", resp, body, http.StatusBadRequest, "language: want en or es")
	other := b.addClaim(t, storage.Claim{JobNumber: "26-1002-WTR", ClaimNumber: "0683449786"})
	var lone equipmentItem
	b.send(t, "POST", fmt.Sprintf("/api/claims/%d/equipment", other), map[string]any{"kind": "dumpster"}, http.StatusCreated, &lone)
	resp, body = b.call(t, "POST", fmt.Sprintf("/api/equipment/%d/approval-request", lone.ID), map[string]any{}, nil)
	wantError(t, "claim without adjuster", resp, body, http.StatusConflict, "no adjuster email")
	resp, body = b.call(t, "PATCH", fmt.Sprintf("/api/equipment/%d", lone.ID), map[string]any{"document_id": doc}, nil)
	wantError(t, "another claim's document", resp, body, http.StatusBadRequest, fmt.Sprintf("document %d is not filed on claim %d", doc, other))
}

// TestApprovalRequestWithoutSending: an office without mail sending set
// up (no CLAIMDESK_SMTP_URL) still writes the approval request: the line
// offers it in the mail program, written to the adjuster, and the request's
// page shows its text with that link instead of a refusal.
func TestApprovalRequestWithoutSending(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	b.srv.opts.Outbox = nil
	c, _ := b.signIn(t)
	box := b.add(t, map[string]any{"kind": "dumpster", "vendor": "Metro Roll-Off", "note": "20 yd", "approval": "requested"})
	_, body := b.do(t, c, "GET", fmt.Sprintf("/claims/%d", b.claim), nil, nil)
	card := body[strings.Index(body, fmt.Sprintf(`id="equipment-%d"`, box.ID)):]
	card = card[:strings.Index(card, "</li>")]
	if !strings.Contains(card, `href="mailto:janderson@statefarm.example?subject=Approval%20request%3A%20job%2026-1001-WTR`) ||
		!strings.Contains(card, "Email the adjuster for approval") || strings.Contains(card, "Write the approval request") {
		t.Errorf("the dumpster waiting for approval offers no mail-program request:\n%s", card)
	}
	resp, body := b.do(t, c, "GET", fmt.Sprintf("/equipment/%d/approval-request", box.ID), nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Open in my mail program") ||
		!strings.Contains(body, `href="mailto:janderson@statefarm.example?subject=`) || !strings.Contains(body, "- 1 × dumpster (Metro Roll-Off), 20 yd") ||
		strings.Contains(body, fmt.Sprintf(`action="/equipment/%d/approval-request"`, box.ID)) {
		t.Errorf("the approval request's page without sending: %d\n%s", resp.StatusCode, body)
	}
}
