package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
)

// packetClaim is a claim with mail, documents (a stamped estimate among
// them), participants and a note, as the packet tests use it.
type packetClaim struct {
	claimID  int64
	subjects []string
	stamped  []byte // the estimate's stamped copy
	estimate storage.Document
}

// seedPacketClaim files two messages into a claim: an estimate PDF that
// gets stamped and two photos, then a reply from the office.
func (b *apiBundle) seedPacketClaim(t *testing.T) packetClaim {
	t.Helper()
	ctx := context.Background()
	pc := packetClaim{claimID: b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5",
		Carrier: "State Farm", InsuredName: "José Peña", LossAddress: "12 Elm St, Austin TX", LossType: "water"})}
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email, phone) VALUES
		($1, 'foreman', 'Dave Cruz', 'dcruz@smrestore.example', '555-0101'),
		($1, 'adjuster', 'Jennifer Añez', 'janez@statefarm.example', '')`, pc.claimID); err != nil {
		t.Fatal(err)
	}
	original := testPDF(t, "Estimate for 26-1001-WTR")
	pc.subjects = []string{"Estimate and photos for 60-8H77-8H5", "Re: Inspección del sótano"}
	first := b.addMessage(t, testMessage{from: "tech@smrestore.example", subject: pc.subjects[0], arrived: b.at(time.March, 2, 9, 0),
		files: []testFile{
			{"Estimate.pdf", "application/pdf", original, "estimate"},
			{"IMG_1.jpg", "image/jpeg", []byte("\xff\xd8\xff\xe0 photo one"), "photo"},
			{"IMG_2.jpg", "image/jpeg", []byte("\xff\xd8\xff\xe0 photo two"), "photo"},
		}})
	second := b.addMessage(t, testMessage{from: "janez@statefarm.example", subject: pc.subjects[1], arrived: b.at(time.March, 3, 9, 0)})
	for _, id := range []int64{first, second} {
		if resp, body := b.call(t, "POST", fmt.Sprintf("/api/messages/%d/assign", id), map[string]any{"claim_id": pc.claimID}, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("assign: %d %s", resp.StatusCode, body)
		}
	}
	docs, err := b.db.ClaimDocuments(ctx, pc.claimID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Filename == "Estimate.pdf" {
			pc.estimate = d
		}
	}
	var out bytes.Buffer
	if err := stamp.Apply(ctx, bytes.NewReader(original), &out, stamp.Received{At: b.at(time.March, 2, 9, 0), JobNumber: "26-1001-WTR"}, stamp.Options{}); err != nil {
		t.Fatal(err)
	}
	pc.stamped = out.Bytes()
	b.stamp(t, pc.estimate.ID, pc.stamped)
	if err := b.db.AddClaimNote(ctx, pc.claimID, "ana@smrestore.example", "Drying day 2: readings falling", b.at(time.March, 3, 17, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `INSERT INTO equipment (claim_id, kind, count, placed_at, picked_up_at, vendor, note, approval, office_id) VALUES
		($1, 'dehumidifier', 2, $2, $3, 'Sunbelt', '', 'not_needed', 1), ($1, 'dumpster', 1, $2, NULL, 'Metro Roll-Off', '20 yd, driveway', 'requested', 1)`,
		pc.claimID, b.at(time.March, 2, 9, 0), b.at(time.March, 5, 16, 0)); err != nil {
		t.Fatal(err)
	}
	return pc
}

// testPDF is a one-page PDF saying text.
func testPDF(t *testing.T, text string) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "Letter", "")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.Cell(0, 10, text)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unzip reads a zip answer into its files by name, in the zip's order.
func unzip(t *testing.T, body string) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("packet is not a zip: %v", err)
	}
	files, names := map[string][]byte{}, []string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		files[f.Name], names = data, append(names, f.Name)
	}
	return files, names
}

// Names of the seeded claim's packet: each carries the job number and the
// insured's last name.
const (
	packetCover = "26-1001-WTR Peña - summary.pdf"
	packetMail  = "26-1001-WTR Peña - correspondence.pdf"
	packetPhoto = "Photos/26-1001-WTR Peña - 2026-03-02_IMG_1.jpg"
)

// TestAPIClaimPacket: the packet is for the carrier's portal. Its files
// say whose they are once out of the zip; the filed emails' .eml copies
// are left out (the correspondence PDF has them); the job summary prints
// the claim's filled fields, its people, dates, equipment as a table and
// what is enclosed, and none of the office's own: checklist, milestones,
// notes, where the claim came from, the office.
// summaryOf is the job summary among a packet's files: the carrier's, or
// the office's copy.
func summaryOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	for name, data := range files {
		if name == "claim.pdf" || !strings.Contains(name, "/") && strings.HasSuffix(name, " - summary.pdf") {
			return data
		}
	}
	t.Fatalf("packet has no summary: %v", slices.Collect(maps.Keys(files)))
	return nil
}

func TestAPIClaimPacket(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)

	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=carrier", pc.claimID), nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="26-1001-WTR Pe_a packet for the carrier.zip"; filename*=UTF-8''26-1001-WTR%20Pe%C3%B1a%20packet%20for%20the%20carrier.zip` {
		t.Fatalf("packet: %d %v %.200q", resp.StatusCode, resp.Header, body)
	}
	files, names := unzip(t, body)
	est := "Estimates/26-1001-WTR Peña - " + filepath.Base(pc.estimate.BrowseKey)
	want := []string{packetCover, packetMail, est, packetPhoto, "Photos/26-1001-WTR Peña - 2026-03-02_IMG_2.jpg"}
	if !slices.Equal(names, want) {
		t.Errorf("packet holds %q, want %q", names, want)
	}
	if !bytes.Equal(files[est], pc.stamped) {
		t.Errorf("%s is not the stamped copy", est)
	}
	pdftest.CheckedText(t, est, files[est])
	if got := string(files[packetPhoto]); got != "\xff\xd8\xff\xe0 photo one" {
		t.Errorf("photo bytes %q", got)
	}
	for _, n := range names {
		if strings.Contains(n, "..") || strings.HasPrefix(n, "/") || strings.HasSuffix(n, ".eml") {
			t.Errorf("entry %q", n)
		}
	}

	if dir := os.Getenv("CLAIMDESK_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "packet-summary.pdf"), files[packetCover], 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cover := pdftest.CheckedText(t, "summary", files[packetCover])
	for _, want := range []string{"Job 26-1001-WTR - claim 60-8H77-8H5", "Claim number 60-8H77-8H5", "Carrier State Farm", "Insured José Peña",
		"Loss address 12 Elm St, Austin TX", "Foreman Dave Cruz, dcruz@smrestore.example, 555-0101", "Adjuster Jennifer Añez",
		"Job opened 03/02/2026", "Work started 03/02/2026",
		"Equipment Count Vendor Placed Picked up Days Approval",
		"Dehumidifier 2 Sunbelt 03/02/2026 9:00 AM 03/05/2026 4:00 PM 3",
		"Dumpster 1 Metro Roll-Off 03/02/2026 9:00 AM still on the job 2 Requested 20 yd, driveway",
		"Estimates 1 file", "Photos 2 files", "Correspondence " + packetMail + ": the mail between the carrier and the office"} {
		if !strings.Contains(cover, want) {
			t.Errorf("the summary lacks %q:\n%s", want, cover)
		}
	}
	for _, internal := range []string{"Office", "Main office", "Policy number", "Date of loss", "Source", "manual", "Status", "Checklist",
		"Milestones", "Billing packet complete", "missing", "required", "Drying day 2", "from the equipment log", "Correspondence 2 files"} {
		if strings.Contains(cover, internal) {
			t.Errorf("the carrier's summary says %q:\n%s", internal, cover)
		}
	}
	// The adjuster's mail, and not the technician's (see
	// TestAPIClaimPacketCarrierCorrespondence).
	mail := pdftest.CheckedText(t, "correspondence", files[packetMail])
	if !strings.Contains(mail, pc.subjects[1]) || strings.Contains(mail, pc.subjects[0]) || !strings.Contains(mail, "26-1001-WTR") {
		t.Errorf("the carrier's correspondence: want the job number and %q, not %q:\n%s", pc.subjects[1], pc.subjects[0], mail)
	}
}

// TestAPIClaimPacketForTheOffice: the packet asked for nothing else (or
// for=office) is the office's, in the layout job systems and portals take:
// claim.pdf, marked not for the carrier, with the office, checklist,
// milestones and notes; correspondence.pdf; the claim's folders as they
// are, filed emails included, names as in the claim's folders.
func TestAPIClaimPacketForTheOffice(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)

	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip", pc.claimID), nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="26-1001-WTR packet.zip"`) {
		t.Fatalf("office's packet: %d %v", resp.StatusCode, resp.Header)
	}
	files, names := unzip(t, body)
	_, office := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=office", pc.claimID), nil, nil)
	if _, same := unzip(t, office); !slices.Equal(same, names) {
		t.Errorf("for=office holds %q, the packet %q", same, names)
	}
	const name = "claim.pdf"
	est := "Estimates/" + filepath.Base(pc.estimate.BrowseKey)
	for _, want := range []string{name, "correspondence.pdf", est, "Photos/2026-03-02_IMG_1.jpg"} {
		if _, ok := files[want]; !ok {
			t.Errorf("office's packet lacks %s: %v", want, names)
		}
	}
	if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "Correspondence/") && strings.HasSuffix(n, ".eml") }) {
		t.Errorf("office's packet lacks the filed emails: %v", names)
	}
	if dir := os.Getenv("CLAIMDESK_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "packet-summary-office.pdf"), files[name], 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mail := pdftest.CheckedText(t, "office's correspondence", files["correspondence.pdf"])
	last := -1
	for _, s := range append(slices.Clone(pc.subjects), "Estimate.pdf (estimate", "IMG_2.jpg (photo") {
		i := strings.Index(mail, s)
		if i < 0 {
			t.Errorf("correspondence lacks %q:\n%s", s, mail)
		}
		if s == pc.subjects[1] && i < last {
			t.Errorf("messages out of order:\n%s", mail)
		}
		last = i
	}
	cover := pdftest.CheckedText(t, "office's summary", files[name])
	for _, want := range []string{"For the office only", "Not for the carrier", "Office: Main office", "Source manual", "Checklist",
		"Billing packet complete", "Drying day 2: readings falling", "Work started 03/02/2026 from the equipment log"} {
		if !strings.Contains(cover, want) {
			t.Errorf("the office's summary lacks %q:\n%s", want, cover)
		}
	}
	if strings.Contains(cover, "Policy number") {
		t.Errorf("the office's summary prints an empty field:\n%s", cover)
	}
	resp, body = b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=adjuster", pc.claimID), nil, nil)
	wantError(t, "unknown copy", resp, body, http.StatusBadRequest, "for: want carrier or office")
}

// TestAPIClaimPacketVendorInvoices: a vendor's invoice is in a folder of
// its own, apart from the office's invoice the carrier pays, and the
// summary counts each.
func TestAPIClaimPacketVendorInvoices(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)
	ctx := context.Background()
	for _, inv := range []struct {
		name   string
		vendor bool
	}{{"Invoice_10482.pdf", true}, {"SM Restore invoice.pdf", false}} {
		data := testPDF(t, inv.name)
		if _, err := b.sql.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at, vendor, office_id)
			VALUES ($1, $2, $3, $4, 'application/pdf', 'invoice', 'Invoices', 'claims/26-1001-WTR/Invoices/2026-03-04_' || $4, $5, $6, 1)`,
			pc.claimID, b.putBlob(t, data), len(data), inv.name, b.at(time.March, 4, 10, 0), inv.vendor); err != nil {
			t.Fatal(err)
		}
	}
	_, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip", pc.claimID), nil, nil)
	if files, names := unzip(t, body); files["Invoices/2026-03-04_Invoice_10482.pdf"] == nil || files["Invoices/2026-03-04_SM Restore invoice.pdf"] == nil {
		t.Errorf("the office's packet keeps both invoices in Invoices: %v", names)
	}
	for _, path := range []string{"/api/claims/%d/packet.zip?for=carrier", "/api/claims/%d/packet.zip?folder=Invoices&for=carrier"} {
		_, body := b.call(t, "GET", fmt.Sprintf(path, pc.claimID), nil, nil)
		files, names := unzip(t, body)
		for _, want := range []string{"Vendor invoices/26-1001-WTR Peña - 2026-03-04_Invoice_10482.pdf", "Invoices/26-1001-WTR Peña - 2026-03-04_SM Restore invoice.pdf"} {
			if _, ok := files[want]; !ok {
				t.Errorf("%s lacks %s: %v", path, want, names)
			}
		}
		if len(files) != 2 && strings.Contains(path, "folder") {
			t.Errorf("%s holds %v, want the two invoices", path, names)
		}
		if cover, ok := files[packetCover]; ok {
			if text := pdftest.CheckedText(t, "summary", cover); !strings.Contains(text, "Invoices 1 file Vendor invoices 1 file") {
				t.Errorf("the summary does not count the invoices apart:\n%s", text)
			}
		}
	}
}

// TestAPIClaimPacketCorrespondenceFolder: the filed emails' .eml copies
// are in a packet of the Correspondence folder alone: all of them in the
// office's, the adjuster's alone in the carrier's copy.
func TestAPIClaimPacketCorrespondenceFolder(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)
	_, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?folder=correspondence&for=carrier", pc.claimID), nil, nil)
	if _, names := unzip(t, body); len(names) != 1 || !strings.HasPrefix(names[0], "Correspondence/26-1001-WTR Peña - ") || !strings.HasSuffix(names[0], ".eml") {
		t.Errorf("the carrier's correspondence folder: %v, want the adjuster's email", names)
	}
	_, body = b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?folder=correspondence", pc.claimID), nil, nil)
	if _, names := unzip(t, body); len(names) != 2 || !strings.HasSuffix(names[0], ".eml") {
		t.Errorf("the office's correspondence folder: %v, want both emails", names)
	}
}

// TestPacketNames: the packet's names keep the job and the insured's last
// name, and nothing that would leave the zip's folder or that a file
// system refuses.
func TestPacketNames(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ insured, want string }{
		{"José Peña", "Peña"}, {"Peña, José", "Peña"}, {"Robert O'Brien Jr.", "O'Brien"}, {"  ", ""}, {"Cher", "Cher"},
		{"Smith, Jr.", "Smith"},
	} {
		if got := lastName(tt.insured); got != tt.want {
			t.Errorf("lastName(%q) = %q, want %q", tt.insured, got, tt.want)
		}
	}
	prefix := packetPrefix(storage.Claim{JobNumber: "../26/1001:WTR", InsuredName: `Evil\..\Name`})
	name := packet{carrier: true, prefix: prefix}.entryName(storage.Document{ID: 7, Folder: "Photos", Filename: "a<b>.jpg"})
	if name != "Photos/-26-1001_WTR Evil-..-Name - 7_a_b_.jpg" {
		t.Errorf("entry %q", name)
	}
	long := packetFileName(prefix, strings.Repeat("x", 300)+".pdf")
	if len(long) > 200 || !strings.HasSuffix(long, ".pdf") || strings.ContainsAny(long, `/\`) {
		t.Errorf("long name %q (%d bytes)", long, len(long))
	}
}

func TestAPIClaimPacketFolder(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)

	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?folder=photos&for=carrier", pc.claimID), nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="26-1001-WTR Pe_a Photos.zip"`) {
		t.Fatalf("photos: %d %v", resp.StatusCode, resp.Header)
	}
	if _, names := unzip(t, body); !slices.Equal(names, []string{packetPhoto, "Photos/26-1001-WTR Peña - 2026-03-02_IMG_2.jpg"}) {
		t.Errorf("photos only: %v", names)
	}
	resp, body = b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?folder=Pictures", pc.claimID), nil, nil)
	wantError(t, "unknown folder", resp, body, http.StatusBadRequest, "folder")
	resp, body = b.call(t, "GET", "/api/claims/999999/packet.zip", nil, nil)
	wantError(t, "unknown claim", resp, body, http.StatusNotFound, "claim 999999 not found")
}

func TestAPIClaimNotes(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)
	ctx := context.Background()
	path := fmt.Sprintf("/api/claims/%d/notes.txt", pc.claimID)

	// Nobody recorded the start, but the log placed the dehumidifiers.
	_, before := b.call(t, "GET", path, nil, nil)
	if !strings.Contains(before, "Status of our part: Work started 03/02/2026\r\n") {
		t.Errorf("before the start was recorded:\n%s", before)
	}
	if err := b.db.SetJobStage(ctx, pc.claimID, storage.StageWorkStarted, b.at(time.March, 2, 8, 0), "dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	if err := b.db.AddClaimNote(ctx, pc.claimID, "ana@smrestore.example", "Day 3: dry.\nPickup Friday.", b.at(time.March, 4, 9, 30)); err != nil {
		t.Fatal(err)
	}
	resp, body := b.call(t, "GET", path, nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("notes: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	notes := strings.Split(body, "\r\n\r\n")
	if len(notes) != 2 {
		t.Fatalf("%d notes, want 2:\n%s", len(notes), body)
	}
	head := "Job 26-1001-WTR / Claim 60-8H77-8H5 - José Peña\r\nStatus of our part: Work started 03/02/2026\r\nNeeded for payment: "
	if !strings.HasPrefix(notes[0], "03/03/2026 5:00 PM - ana@smrestore.example\r\n"+head) ||
		!strings.HasSuffix(notes[0], "\r\nNote: Drying day 2: readings falling") {
		t.Errorf("first note:\n%q", notes[0])
	}
	if !strings.HasPrefix(notes[1], "03/04/2026 9:30 AM - ana@smrestore.example\r\n"+head) ||
		!strings.HasSuffix(notes[1], "\r\nNote: Day 3: dry.\r\nPickup Friday.\r\n") {
		t.Errorf("second note:\n%q", notes[1])
	}
	// No ATP is on file: the billing packet lacks it.
	if !strings.Contains(notes[0], "Needed for payment: ") || !strings.Contains(strings.SplitN(notes[0], "Needed for payment: ", 2)[1], "ATP") {
		t.Errorf("what is needed for payment does not name the ATP:\n%s", notes[0])
	}

	// The job done, the closing note comes last, in the office's wording.
	if err := b.db.SaveReplyTemplate(ctx, storage.ReplyTemplate{OfficeID: storage.DefaultOfficeID, Kind: outbox.KindClosingNote, Language: "en", Subject: "Closing",
		Body: "Job {{.JobNumber}} done for {{.Insured}}.\n{{.Facts}}\n"}); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetJobStage(ctx, pc.claimID, storage.StageCompleted, b.at(time.March, 5, 15, 0), "dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	_, body = b.call(t, "GET", path, nil, nil)
	notes = strings.Split(body, "\r\n\r\n")
	closing := notes[len(notes)-1]
	if len(notes) != 3 || !strings.Contains(closing, "Note: Job 26-1001-WTR done for José Peña.\r\n- On file: ") ||
		!strings.Contains(closing, "Estimate") || !strings.Contains(closing, "- Still missing: ") || !strings.Contains(closing, "Status of our part: Work started 03/02/2026; Job completed 03/05/2026") {
		t.Errorf("closing note (%d notes):\n%s", len(notes), closing)
	}

	resp, body = b.call(t, "GET", "/api/claims/999999/notes.txt", nil, nil)
	wantError(t, "unknown claim", resp, body, http.StatusNotFound, "claim 999999 not found")
}

// An update mailed to the adjuster is copied with what the office wrote
// in it: not the thread it quotes, the greeting, the sign-off, the
// signature nor the template's bullets left empty.
func TestAPIClaimNotesOfMailedUpdate(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)
	ctx := context.Background()
	at := b.at(time.March, 4, 16, 0)
	sent := b.addMessage(t, testMessage{from: "dana@smrestore.example", subject: "RE: Claim 60-8H77-8H5", arrived: at, out: true, status: "filed"})
	body := "Hello Jennifer,\r\n\r\nHere is today's update on job 26-1001-WTR:\r\n\r\n" +
		"- Work done today: pulled the wet baseboards in the kitchen\r\n- Drying / readings:\r\n- Next steps: estimate Thursday\r\n\r\n" +
		"Best regards,\r\nDana Cruz\r\nClaims coordinator\r\n\r\n" +
		"On Tue, Mar 3, 2026 at 9:00 AM Jennifer Añez <janez@statefarm.example> wrote:\r\n> How is the drying going?\r\n"
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET body_text = $2, claim_id = $3 WHERE id = $1`, sent, body, pc.claimID); err != nil {
		t.Fatal(err)
	}
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.AddClaimUpdate(ctx, tx, storage.ClaimUpdate{ClaimID: pc.claimID, At: at, Source: "email", MessageID: sent, Author: "dana@smrestore.example"})
	}); err != nil {
		t.Fatal(err)
	}
	_, notes := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/notes.txt", pc.claimID), nil, nil)
	_, mailed, ok := strings.Cut(notes, "03/04/2026 4:00 PM - dana@smrestore.example\r\n")
	if !ok {
		t.Fatalf("no mailed update in the notes:\n%s", notes)
	}
	want := "\r\nNote: Here is today's update on job 26-1001-WTR:\r\n\r\n- Work done today: pulled the wet baseboards in the kitchen\r\n- Next steps: estimate Thursday"
	if !strings.HasSuffix(strings.TrimRight(mailed, "\r\n"), want) {
		t.Errorf("mailed update copied as\n%q\nwant it ending\n%q", mailed, want)
	}
	for _, not := range []string{"Hello", "Best regards", "Dana Cruz", "wrote:", "drying going", "Drying / readings"} {
		if strings.Contains(mailed, not) {
			t.Errorf("the copied mail keeps %q:\n%s", not, mailed)
		}
	}
}

// TestAPIClaimPacketCarriesItsOffice: the office's copy of the packet of
// another office's claim names that office on its cover; its files keep the packet's
// layout (folders at the zip's root), which job systems and portals take.
func TestAPIClaimPacketCarriesItsOffice(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)
	ctx := context.Background()
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East Office"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, pc.claimID, east.ID); err != nil {
		t.Fatal(err)
	}
	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=office", pc.claimID), nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("packet: %d %.200q", resp.StatusCode, body)
	}
	files, names := unzip(t, body)
	if _, ok := files["Photos/2026-03-02_IMG_1.jpg"]; !ok {
		t.Errorf("packet lacks East's photo at its folder; has %v", names)
	}
	if cover := pdftest.CheckedText(t, "summary", files["claim.pdf"]); !strings.Contains(cover, "Office: East Office") {
		t.Errorf("the summary does not name East Office:\n%s", cover)
	}
}

// One day's notes of every claim come in one text, by job number, each
// as the claim's own notes.txt writes it; other days' notes stay out.
func TestAPIUpdatesText(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t) // its note: Mar 3, 17:00
	ctx := context.Background()
	other := b.addClaim(t, storage.Claim{JobNumber: "26-0999-WTR", ClaimNumber: "11-2233", InsuredName: "Ann Lee", LossType: "water"})
	for _, n := range []struct {
		claim int64
		text  string
		at    time.Time
	}{{other, "Readings taken, two rooms dry", b.at(time.March, 3, 10, 0)}, {pc.claimID, "Pickup Friday", b.at(time.March, 4, 9, 0)}} {
		if err := b.db.AddClaimNote(ctx, n.claim, "ana@smrestore.example", n.text, n.at); err != nil {
			t.Fatal(err)
		}
	}
	resp, body := b.call(t, "GET", "/api/updates.txt?date=2026-03-03", nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("updates: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	notes := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n\r\n")
	if len(notes) != 2 || !strings.Contains(notes[0], "Job 26-0999-WTR / Claim 11-2233 - Ann Lee\r\n") || !strings.HasSuffix(notes[0], "Note: Readings taken, two rooms dry") ||
		!strings.Contains(notes[1], "Job 26-1001-WTR / Claim 60-8H77-8H5") || !strings.HasSuffix(notes[1], "Note: Drying day 2: readings falling") {
		t.Errorf("the notes of Mar 3:\n%s", body)
	}
	if strings.Contains(body, "Pickup Friday") {
		t.Errorf("another day's note is in:\n%s", body)
	}
	resp, body = b.call(t, "GET", "/api/updates.txt?date=03/03/2026", nil, nil)
	wantError(t, "a date written otherwise", resp, body, http.StatusBadRequest, "YYYY-MM-DD")
}
