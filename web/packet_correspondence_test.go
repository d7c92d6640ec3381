package web

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/storage"
)

// TestAPIClaimPacketCarrierCorrespondence: the carrier's copy of a
// packet prints the mail its people on the claim exchanged with the
// office (the adjuster's, the insurance company's desk's, the office's
// reply to the adjuster), in plain words: each file says what it is, and
// no Message-ID or type code is printed. The office's internal mail (the
// foreman's forward, the technician's readings) and the homeowner's are
// left out, and so are their .eml copies from the carrier's Correspondence
// folder. The office's own packet keeps all of it as filed.
func TestAPIClaimPacketCarrierCorrespondence(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := t.Context()
	claim := b.addClaim(t, storage.Claim{JobNumber: "26-2106-WTR", ClaimNumber: "7730415582", Carrier: "Great Lakes Casualty",
		InsuredName: "Ruth Sandoval", LossAddress: "812 Maple St, Anoka", LossType: "water",
		AdjusterName: "Priya Raman", AdjusterEmail: "PRaman@glcasualty.example"})
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email, phone) VALUES
		($1, 'foreman', 'Maria Delgado', 'mdelgado@smrestore.example', ''),
		($1, 'technician', 'Jake Lund', 'jake@smrestore.example', ''),
		($1, 'insurance_company', 'Great Lakes Casualty', 'desk@glcasualty.example', '')`, claim); err != nil {
		t.Fatal(err)
	}
	day := func(d, h int) time.Time { return b.at(time.November, d, h, 0) }
	office := []string{"claims@smrestore.example"}
	internal := map[string]testMessage{
		"forward": {from: "mdelgado@smrestore.example", to: office, subject: "FW: Sandoval - 7730415582 - new loss", arrived: day(27, 16),
			body: "Adding to the board - Priya called this in, I'm going out tomorrow at 8.\n\nFrom: Priya Raman <praman@glcasualty.example>"},
		"readings": {from: "jake@smrestore.example", to: office, subject: "Sandoval readings - 26-2106-WTR", arrived: day(30, 8),
			body: "Readings since the first day.", files: []testFile{{"Sandoval drying log.pdf", "application/pdf", testPDF(t, "log"), "drying_log"}}},
		"homeowner": {from: "ruth.sandoval@inboxmail.example", to: office, subject: "Thank you!", arrived: day(30, 13),
			body: "Do I need to keep the furnace room door open?"},
	}
	carrier := map[string]testMessage{
		"adjuster": {from: "praman@glcasualty.example", to: office, cc: []string{"mdelgado@smrestore.example"}, arrived: day(30, 9),
			subject: "7730415582 - Sandoval - drying logs", body: "Please send me the drying logs so far."},
		"reply": {from: "claims@smrestore.example", to: []string{"praman@glcasualty.example"}, out: true, arrived: day(30, 10),
			subject: "RE: 7730415582 - Sandoval - drying logs", body: "Hi Priya, the signed ATP is attached.",
			files: []testFile{{"ATP - Sandoval.pdf", "application/pdf", testPDF(t, "ATP"), "atp"}}},
		"desk": {from: "desk@glcasualty.example", to: office, subject: "7730415582: file reviewed", arrived: day(30, 11), body: "Reviewed."},
	}
	for _, set := range []map[string]testMessage{internal, carrier} {
		for _, m := range set {
			id := b.addMessage(t, m)
			if resp, body := b.call(t, "POST", fmt.Sprintf("/api/messages/%d/assign", id), map[string]any{"claim_id": claim}, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("assign %q: %d %s", m.subject, resp.StatusCode, body)
			}
		}
	}

	_, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=carrier", claim), nil, nil)
	files, names := unzip(t, body)
	pdf, ok := files["26-2106-WTR Sandoval - correspondence.pdf"]
	if !ok {
		t.Fatalf("the carrier's packet has no correspondence: %v", names)
	}
	if dir := os.Getenv("CLAIMDESK_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "packet-correspondence-carrier.pdf"), pdf, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mail := pdftest.CheckedText(t, "carrier's correspondence", pdf)
	for name, m := range carrier {
		if !strings.Contains(mail, m.subject) || !strings.Contains(mail, m.body) {
			t.Errorf("the carrier's correspondence lacks the %s's mail %q:\n%s", name, m.subject, mail)
		}
	}
	for name, m := range internal {
		if strings.Contains(mail, m.subject) || strings.Contains(mail, m.body) {
			t.Errorf("the carrier's correspondence holds the %s %q:\n%s", name, m.subject, mail)
		}
	}
	if !strings.Contains(mail, "ATP - Sandoval.pdf (signed work authorization)") {
		t.Errorf("the carrier's correspondence does not name the ATP in words:\n%s", mail)
	}
	for _, code := range []string{"Message-ID", "@example.com>", "(atp", "KB)", "bytes)"} {
		if strings.Contains(mail, code) {
			t.Errorf("the carrier's correspondence prints %q:\n%s", code, mail)
		}
	}
	if cover := pdftest.CheckedText(t, "summary", files["26-2106-WTR Sandoval - summary.pdf"]); !strings.Contains(cover, carrierCorrespondence) {
		t.Errorf("the summary does not say what the correspondence holds:\n%s", cover)
	}

	_, body = b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=carrier&folder=Correspondence", claim), nil, nil)
	if _, names := unzip(t, body); len(names) != len(carrier) {
		t.Errorf("the carrier's Correspondence folder holds %d emails, want the %d of the carrier's mail: %v", len(names), len(carrier), names)
	}

	_, body = b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip", claim), nil, nil)
	files, _ = unzip(t, body)
	all := pdftest.CheckedText(t, "office's correspondence", files["correspondence.pdf"])
	for _, set := range []map[string]testMessage{internal, carrier} {
		for name, m := range set {
			if !strings.Contains(all, m.subject) {
				t.Errorf("the office's correspondence lacks the %s %q", name, m.subject)
			}
		}
	}
	if !strings.Contains(all, "Message-ID") || !strings.Contains(all, "ATP - Sandoval.pdf (atp,") {
		t.Errorf("the office's correspondence lacks its Message-IDs and type codes:\n%s", all)
	}
}
