package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
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
	if _, err := b.sql.Exec(ctx, `INSERT INTO equipment (claim_id, kind, count, placed_at, picked_up_at, vendor, approval, office_id) VALUES
		($1, 'dehumidifier', 2, $2, $3, 'Sunbelt', 'not_needed', 1), ($1, 'dumpster', 1, $2, NULL, '', 'requested', 1)`,
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

func TestAPIClaimPacket(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)

	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip", pc.claimID), nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="26-1001-WTR packet.zip"` {
		t.Fatalf("packet: %d %v %.200q", resp.StatusCode, resp.Header, body)
	}
	files, names := unzip(t, body)
	est := "Estimates/" + filepath.Base(pc.estimate.BrowseKey)
	for _, want := range []string{"claim.pdf", "correspondence.pdf", est, "Photos/2026-03-02_IMG_1.jpg", "Photos/2026-03-02_IMG_2.jpg"} {
		if _, ok := files[want]; !ok {
			t.Errorf("packet lacks %s; has %v", want, names)
		}
	}
	if !bytes.Equal(files[est], pc.stamped) {
		t.Errorf("%s is not the stamped copy", est)
	}
	pdftest.CheckedText(t, est, files[est])
	if got := string(files["Photos/2026-03-02_IMG_1.jpg"]); got != "\xff\xd8\xff\xe0 photo one" {
		t.Errorf("photo bytes %q", got)
	}
	for _, n := range names {
		if strings.Contains(n, "..") || strings.HasPrefix(n, "/") {
			t.Errorf("unsafe entry %q", n)
		}
	}

	cover := pdftest.CheckedText(t, "claim.pdf", files["claim.pdf"])
	for _, want := range []string{"26-1001-WTR", "Office: Main office", "60-8H77-8H5", "José Peña", "Foreman", "Dave Cruz", "555-0101",
		"Jennifer Añez", "Estimate", "Billing packet complete", "Drying day 2: readings falling",
		"2 × dehumidifier (Sunbelt)", "picked up 03/05/2026", "3 days", "1 × dumpster", "still on the job", "approval requested"} {
		if !strings.Contains(cover, want) {
			t.Errorf("claim.pdf lacks %q:\n%s", want, cover)
		}
	}
	mail := pdftest.CheckedText(t, "correspondence.pdf", files["correspondence.pdf"])
	last := -1
	for _, s := range append(slices.Clone(pc.subjects), "Estimate.pdf (estimate", "IMG_2.jpg (photo") {
		i := strings.Index(mail, s)
		if i < 0 {
			t.Errorf("correspondence.pdf lacks %q:\n%s", s, mail)
		}
		if s == pc.subjects[1] && i < last {
			t.Errorf("messages out of order:\n%s", mail)
		}
		last = i
	}
	if !strings.Contains(mail, "26-1001-WTR") {
		t.Errorf("correspondence.pdf lacks the job number")
	}
}

func TestAPIClaimPacketFolder(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)

	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?folder=photos", pc.claimID), nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") != `attachment; filename="26-1001-WTR Photos.zip"` {
		t.Fatalf("photos: %d %v", resp.StatusCode, resp.Header)
	}
	if _, names := unzip(t, body); !slices.Equal(names, []string{"Photos/2026-03-02_IMG_1.jpg", "Photos/2026-03-02_IMG_2.jpg"}) {
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

// TestAPIClaimPacketCarriesItsOffice: the packet of another office's
// claim names that office on its cover; its files keep the packet's
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
	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip", pc.claimID), nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("packet: %d %.200q", resp.StatusCode, body)
	}
	files, names := unzip(t, body)
	if _, ok := files["Photos/2026-03-02_IMG_1.jpg"]; !ok {
		t.Errorf("packet lacks East's photo at its folder; has %v", names)
	}
	if cover := pdftest.CheckedText(t, "claim.pdf", files["claim.pdf"]); !strings.Contains(cover, "Office: East Office") {
		t.Errorf("claim.pdf does not name East Office:\n%s", cover)
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
