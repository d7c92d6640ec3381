package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// formBundle is the API bundle with the office's mail: a Dovecot mailbox
// whose Sent folder keeps what is sent, an SMTP server, and the outbox.
type formBundle struct {
	*apiBundle
	mbox  testenv.DovecotServer
	smtp  *testenv.SMTPServer
	acct  mailbox.Account
	boxes *outbox.SentFolders
	inbox int64 // the Dovecot account's INBOX mailbox id
}

func setupFormDrafts(t *testing.T) *formBundle {
	t.Helper()
	ctx := context.Background()
	// The real time, not the API tests' fixed day: the cookie jar of the
	// claim page's session judges expiry by it.
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	api := &apiBundle{office: setupOffice(t, loc, sla.DefaultHours(), "smrestore.example", time.Now())}
	token, hash := NewAPIToken()
	if _, err := api.db.CreateAPIToken(ctx, "ana-script", hash, 0, api.clock.Now()); err != nil {
		t.Fatal(err)
	}
	api.token = token
	b := &formBundle{apiBundle: api, mbox: testenv.Dovecot(t), smtp: testenv.SMTP(t), boxes: &outbox.SentFolders{}}
	b.acct = mailbox.Account{Host: b.mbox.Addr, User: b.mbox.User, Password: b.mbox.Password, TLS: "none", Inbox: "INBOX", Sent: "Sent"}
	b.boxes.Add(b.acct)
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Outbox = outbox.NewOutbox(b.db, rc, outbox.OutboxConfig{
		From: mail.Address{Name: "Claims Desk", Address: "claims@smrestore.example"}, OfficeDomain: "smrestore.example",
		Now: b.clock.Now,
	})
	mb, err := b.db.EnsureMailbox(ctx, b.acct.Name(), "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	b.inbox = mb.ID
	return b
}

// deliverForm stores a message from the field carrying one signed form of
// docType, filed to claim, and returns the document's id.
func (b *formBundle) deliverForm(t *testing.T, claim int64, msg storage.NewMessage, body, docType, filename string) (msgID, docID int64) {
	t.Helper()
	ctx := context.Background()
	msg.MailboxID, msg.UIDValidity, msg.Direction, msg.Status = b.inbox, 1, "in", storage.StatusNew
	msg.RawSHA256, msg.RawSize, msg.InternalDate = fmt.Sprintf("%064x", msg.UID), 100, b.clock.Now().Add(-time.Hour)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if msgID, _, err = storage.InsertMessage(ctx, tx, msg); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE messages SET claim_id = $2, status = 'filed', body_text = $3 WHERE id = $1`,
			msgID, claim, body); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			VALUES ($1, $2, 1, $3, $4, 'Contracts', $5, $6, 1) RETURNING id`,
			claim, fmt.Sprintf("%064x", 1000+msg.UID), filename, docType, fmt.Sprintf("claims/x/Contracts/%d_%s", msg.UID, filename),
			msg.InternalDate).Scan(&docID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO document_messages (document_id, message_id) VALUES ($1, $2)`, docID, msgID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return msgID, docID
}

// drafts lists claim's waiting drafts over the API.
func (b *formBundle) drafts(t *testing.T, claim int64) []draftItem {
	t.Helper()
	var got listResponse[draftItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/drafts", claim), &got)
	return got.Items
}

// TestRejectedFormDraftsTheTechnicianEmail rejects a technician's ATR over
// the API: a draft waits on the claim, to the claim's technician, in the
// thread that brought the form and in Spanish as the technician wrote,
// naming the form, the reason and the claim; nothing is sent until a
// person sends it, and then the SMTP server gets exactly one message,
// threaded, which the claim records as sent.
func TestRejectedFormDraftsTheTechnicianEmail(t *testing.T) {
	t.Parallel()
	b := setupFormDrafts(t)
	ctx := context.Background()
	claim := b.addClaim(t, storage.Claim{JobNumber: "26-3110-WTR", ClaimNumber: "CL-3110", InsuredName: "Rosa Díaz",
		LossAddress: "12 Elm St, Plano TX", LossType: "Water"})
	people := map[string]any{"participants": []map[string]string{
		{"role": "foreman", "name": "Frank Foreman", "email": "frank@smrestore.example"},
		{"role": "technician", "name": "Luis Ortega", "email": "Luis@Field.example"},
	}}
	if resp, body := b.call(t, "PATCH", fmt.Sprintf("/api/claims/%d", claim), people, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("participants: %d %s", resp.StatusCode, body)
	}
	msg, doc := b.deliverForm(t, claim, storage.NewMessage{UID: 1, MessageID: "<atr-1@field.example>",
		References: []string{"<start@field.example>"}, FromAddress: "luis@field.example", FromName: "Luis Ortega",
		Subject: "ATR firmado 26-3110"}, "Hola, aquí está el ATR firmado por la propietaria. Saludos, Luis", "atr", "ATR.pdf")

	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", doc),
		map[string]any{"ok": false, "reason": "the ATP was signed instead."}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("reject: %d %s", resp.StatusCode, body)
	}
	drafts := b.drafts(t, claim)
	if len(drafts) != 1 {
		t.Fatalf("%d drafts after the rejection, want 1", len(drafts))
	}
	d := drafts[0]
	if len(d.To) != 1 || !strings.EqualFold(d.To[0], "luis@field.example") || d.Language != "es" || d.Kind != storage.ReplyFormRejected ||
		d.ReplyTo == nil || *d.ReplyTo != msg || d.DocumentID == nil || *d.DocumentID != doc {
		t.Errorf("draft %+v: want Spanish, to the technician, answering message %d about document %d", d, msg, doc)
	}
	if d.Subject != "Re: ATR firmado 26-3110" {
		t.Errorf("subject %q, want a reply in the technician's thread", d.Subject)
	}
	// The reason's own full stop is not doubled by the template's.
	for _, want := range []string{"Hola Luis:", "ATR (autorización de reparación)", ": the ATP was signed instead.\n", "26-3110-WTR",
		"Rosa Díaz", "12 Elm St, Plano TX", "CL-3110"} {
		if !strings.Contains(d.Body, want) {
			t.Errorf("draft body lacks %q:\n%s", want, d.Body)
		}
	}
	if n := len(b.smtp.Received()); n != 0 {
		t.Fatalf("the rejection sent %d messages: a draft waits for a person", n)
	}
	var queued int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM outbox`).Scan(&queued); err != nil || queued != 0 {
		t.Fatalf("%d outbox rows before sending (%v), want none", queued, err)
	}

	// The claim page shows the draft with its Send button and edit form.
	b.addUser(t, "dana@smrestore.example", "correct horse battery")
	c := b.client(t)
	b.login(t, c, "dana@smrestore.example", "correct horse battery")
	_, page := b.do(t, c, "GET", fmt.Sprintf("/claims/%d", claim), nil, nil)
	page = html.UnescapeString(page)
	for _, want := range []string{"Emails to send", "ATR (authorization to repair) to sign again", fmt.Sprintf(`action="/drafts/%d/send"`, d.ID),
		"Send as edited"} {
		if !strings.Contains(page, want) {
			t.Errorf("claim page lacks %q", want)
		}
	}

	resp, body := b.call(t, "POST", fmt.Sprintf("/api/drafts/%d/send", d.ID), map[string]any{}, nil)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("send: %d %s", resp.StatusCode, body)
	}
	var sent struct {
		OutboxID int64 `json:"outbox_id"`
	}
	if err := json.Unmarshal([]byte(body), &sent); err != nil || sent.OutboxID == 0 {
		t.Fatalf("send answered %s (%v)", body, err)
	}
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/drafts/%d/send", d.ID), map[string]any{}, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("second send: %d %s, want 409", resp.StatusCode, body)
	}
	w := outbox.NewSendWorker(b.db, outbox.SMTPConfig{Addr: b.smtp.Addr, TLS: "none", User: b.smtp.User, Password: b.smtp.Password,
		Auth: outbox.SMTPAuthPlain}, b.boxes, testenv.Logger(t))
	if err := w.Work(ctx, &river.Job[outbox.SendArgs]{JobRow: &rivertype.JobRow{Attempt: 1}, Args: outbox.SendArgs{OutboxID: sent.OutboxID}}); err != nil {
		t.Fatal(err)
	}
	got := b.smtp.Received()
	if len(got) != 1 {
		t.Fatalf("the server received %d messages, want 1", len(got))
	}
	if len(got[0].To) != 1 || !strings.EqualFold(got[0].To[0], "luis@field.example") {
		t.Errorf("envelope to %q, want the technician", got[0].To)
	}
	h, text := readSentMail(t, got[0].Raw)
	if h.Get("In-Reply-To") != "<atr-1@field.example>" || h.Get("References") != "<start@field.example> <atr-1@field.example>" {
		t.Errorf("In-Reply-To %q References %q: want the technician's thread", h.Get("In-Reply-To"), h.Get("References"))
	}
	if !strings.Contains(text, "ATR (autorización de reparación)") {
		t.Errorf("sent body lacks the form:\n%s", text)
	}
	if left := b.drafts(t, claim); len(left) != 0 {
		t.Errorf("%d drafts wait after sending, want none", len(left))
	}
	rows, err := b.db.OutboxForClaim(ctx, claim)
	if err != nil || len(rows) != 1 || rows[0].State != storage.OutboxSent || rows[0].Kind != storage.ReplyFormRejected {
		t.Fatalf("claim's outbox %+v (%v), want the one request, sent", rows, err)
	}
	n := 0
	for _, m := range testenv.ListMailbox(t, b.mbox.Addr, b.mbox.User, b.mbox.Password, "Sent") {
		if "<"+m.MessageID+">" == rows[0].MessageID {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d copies in Sent, want 1", n)
	}
	_, page = b.do(t, c, "GET", fmt.Sprintf("/claims/%d", claim), nil, nil)
	if !strings.Contains(page, "form request") || strings.Contains(page, "Emails to send") {
		t.Errorf("claim page after sending: want the request among the sent, no draft waiting")
	}
}

// TestRejectedFormDraftFallsBackToTheSender: a claim without a technician
// or foreman sends the request to whoever sent the form, in English as
// they wrote; editing the draft on the claim page sends the edit, and a
// form then checked right leaves no draft behind.
func TestRejectedFormDraftFallsBackToTheSender(t *testing.T) {
	t.Parallel()
	b := setupFormDrafts(t)
	claim := b.addClaim(t, storage.Claim{JobNumber: "26-3111-WTR", InsuredName: "Ann Lee"})
	_, cos := b.deliverForm(t, claim, storage.NewMessage{UID: 2, MessageID: "<cos-1@crew.example>", FromAddress: "crew@crew.example",
		FromName: "Sam Crew", Subject: "COS for Lee"}, "Hi, here is the signed COS. Thanks, Sam", "cos", "COS.pdf")
	_, waiver := b.deliverForm(t, claim, storage.NewMessage{UID: 3, MessageID: "<w-1@crew.example>", FromAddress: "crew@crew.example",
		FromName: "Sam Crew", Subject: "Waiver"}, "Attached is the waiver.", "waiver", "Waiver.pdf")
	for _, doc := range []int64{cos, waiver} {
		if resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", doc),
			map[string]any{"ok": false, "reason": "signature missing"}, nil); resp.StatusCode != http.StatusNoContent {
			t.Fatalf("reject: %d %s", resp.StatusCode, body)
		}
	}
	drafts := b.drafts(t, claim)
	if len(drafts) != 2 {
		t.Fatalf("%d drafts, want one per rejected form", len(drafts))
	}
	d := drafts[0]
	if len(d.To) != 1 || d.To[0] != "crew@crew.example" || d.Language != "en" || !strings.Contains(d.Body, "Hello Sam,") ||
		!strings.Contains(d.Body, "COS (certificate of satisfaction)") || !strings.Contains(d.Body, "signature missing") {
		t.Errorf("draft %+v: want English to the sender, naming the COS and the reason", d)
	}
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", waiver), map[string]any{"ok": true}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("verify: %d %s", resp.StatusCode, body)
	}
	if left := b.drafts(t, claim); len(left) != 1 || left[0].ID != d.ID {
		t.Fatalf("drafts %+v after the waiver was checked right, want only the COS's", left)
	}

	b.addUser(t, "dana@smrestore.example", "correct horse battery")
	c := b.client(t)
	csrf := b.login(t, c, "dana@smrestore.example", "correct horse battery")
	edited := url.Values{"csrf_token": {csrf}, "to": {"crew@crew.example"}, "subject": {"COS for Lee: please resign"},
		"body": {"Sam, the homeowner did not sign the COS. Please get it signed today.\nDana"}}
	resp, _ := b.do(t, c, "POST", fmt.Sprintf("/drafts/%d/send", d.ID), edited, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/claims/%d", claim) {
		t.Fatalf("send from the claim page: %d to %q, want 303 back to the claim", resp.StatusCode, resp.Header.Get("Location"))
	}
	rows, err := b.db.OutboxForClaim(context.Background(), claim)
	if err != nil || len(rows) != 1 || !strings.Contains(rows[0].Body, "did not sign the COS") || rows[0].Subject != "COS for Lee: please resign" {
		t.Fatalf("outbox %+v (%v), want the edited request queued", rows, err)
	}

	// Sam reads Spanish, says the people list: his next draft is in it.
	if _, err := b.db.SavePerson(context.Background(), storage.Person{OfficeID: storage.DefaultOfficeID, Role: "technician", Name: "Sam Crew", Email: "crew@crew.example", Language: "es"}); err != nil {
		t.Fatal(err)
	}
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", waiver),
		map[string]any{"ok": false, "reason": "falta la firma"}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("reject: %d %s", resp.StatusCode, body)
	}
	if left := b.drafts(t, claim); len(left) != 1 || left[0].Language != "es" || !strings.Contains(left[0].Body, "Hola Sam") {
		t.Errorf("drafts %+v, want the waiver's in Spanish for a Spanish reader", left)
	}
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", waiver), map[string]any{"ok": true}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("verify: %d %s", resp.StatusCode, body)
	}
	if _, err := b.sql.Exec(context.Background(), `UPDATE people SET language = 'en' WHERE email = 'crew@crew.example'`); err != nil {
		t.Fatal(err)
	}

	// The office's own wording replaces the built-in one.
	if err := b.db.SaveReplyTemplate(context.Background(), storage.ReplyTemplate{OfficeID: storage.DefaultOfficeID, Kind: storage.ReplyFormRejected, Language: "en",
		Subject: "Form", Body: "{{.RecipientFirstName}}: the {{.Form}} for {{.JobNumber}} is wrong ({{.Reason}}).\n"}); err != nil {
		t.Fatal(err)
	}
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", waiver),
		map[string]any{"ok": false, "reason": "wrong page"}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("reject: %d %s", resp.StatusCode, body)
	}
	if left := b.drafts(t, claim); len(left) != 1 || left[0].Body != "Sam: the waiver for 26-3111-WTR is wrong (wrong page).\n" {
		t.Errorf("drafts %+v, want the waiver's in the office's wording", left)
	}
}

// readSentMail parses raw and returns its header and decoded text body.
func readSentMail(t *testing.T, raw []byte) (mail.Header, string) {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	return r.Header, string(body)
}

// TestAPIDocumentsMarkVendorInvoices: the documents list says which
// invoices are a vendor's, and the claim's checklist lists them apart from
// the office's own.
func TestAPIDocumentsMarkVendorInvoices(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	claim := b.addClaim(t, storage.Claim{JobNumber: "26-3120-WTR", InsuredName: "Ann Lee"})
	ids := map[bool]int64{}
	for i, vendor := range []bool{true, false} {
		var id int64
		if err := b.sql.QueryRow(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, vendor, office_id)
			VALUES ($1, $2, 1, $3, 'invoice', 'Invoices', $4, now(), $5, 1) RETURNING id`,
			claim, fmt.Sprintf("%064x", 500+i), fmt.Sprintf("INV-%d.pdf", i), fmt.Sprintf("claims/26-3120-WTR/Invoices/x_%d.pdf", i), vendor).
			Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[vendor] = id
	}
	var docs listResponse[documentItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/documents", claim), &docs)
	got := map[int64]bool{}
	for _, d := range docs.Items {
		got[d.ID] = d.Vendor
	}
	if len(got) != 2 || !got[ids[true]] || got[ids[false]] {
		t.Errorf("documents say vendor %v, want only document %d", got, ids[true])
	}
	facts, err := b.db.ClaimFacts(ctx, claim)
	if err != nil {
		t.Fatal(err)
	}
	types := map[sla.DocType]int{}
	for _, d := range facts.Documents {
		types[d.Type]++
	}
	if types[sla.DocInvoice] != 1 || types[sla.DocVendorInvoice] != 1 {
		t.Errorf("claim facts count %v, want one office and one vendor invoice", types)
	}
	many, err := b.db.ClaimsFacts(ctx, []int64{claim})
	if err != nil {
		t.Fatal(err)
	}
	types = map[sla.DocType]int{}
	for _, d := range many[claim].Documents {
		types[d.Type]++
	}
	if types[sla.DocInvoice] != 1 || types[sla.DocVendorInvoice] != 1 {
		t.Errorf("claims' facts count %v, want one office and one vendor invoice", types)
	}
}
