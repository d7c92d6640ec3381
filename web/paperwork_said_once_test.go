package web

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Where the morning page and the board show every paperwork line of a
// claim, the billing packet's line does not name the signatures that the
// line beside it asks to verify: the thing is said once.
func TestShownPaperworkLinesSayTheSignaturesOnce(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2103-FIR", Number: "482019337-215", Insured: "Denise Okafor", LossType: "Fire",
		Opened: now.Add(-6 * 24 * time.Hour)})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email, phone)
		VALUES ($1, 'technician', 'Luis Ortega', 'luis@office.example', '')`, claim); err != nil {
		t.Fatal(err)
	}
	for _, d := range []docSeed{
		{Filename: "IMG_1.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos", Data: []byte("jpeg")},
		{Filename: "scope.pdf", ContentType: "application/pdf", DocType: "scope", Folder: "Scope", Data: []byte("%PDF scope")},
		{Filename: "estimate.pdf", ContentType: "application/pdf", DocType: "estimate", Folder: "Estimate", Data: []byte("%PDF estimate")},
		{Filename: "sketch.pdf", ContentType: "application/pdf", DocType: "sketch", Folder: "Sketch", Data: []byte("%PDF sketch")},
		{Filename: "ATP - Okafor.pdf", ContentType: "application/pdf", DocType: "atp", Folder: "Contracts", Data: []byte("%PDF atp")},
	} {
		d.Received = now.Add(-5 * 24 * time.Hour)
		b.addDocument(t, claim, d)
	}
	row := boardRow(t, b, claim)
	morning := html.UnescapeString(b.get(t, "/morning", http.StatusOK))
	for page, text := range map[string]string{"board row": row, "morning page": morning} {
		if !strings.Contains(text, "Before the invoice can go: ask Luis for the signed COS") ||
			!strings.Contains(text, "Verify the signatures on the signed ATP (work authorization)") {
			t.Errorf("the %s lacks the billing or the signatures' line:\n%s", page, text)
		}
		if strings.Contains(text, "signature not verified yet") {
			t.Errorf("the %s says the signatures twice:\n%s", page, text)
		}
	}
}
