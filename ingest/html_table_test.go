package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
)

// TestHTMLOnlyReferralGivesItsFields classifies a carrier's referral sent
// as HTML alone, its fields laid out as a table: the classifier reads the
// cells apart and creates the claim the table describes.
func TestHTMLOnlyReferralGivesItsFields(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "1.eml")
	mail := "From: Hanover Claims <referrals@hanover.example>\r\nTo: claims@office.example\r\n" +
		"Subject: Vendor referral - KOWALSKI\r\nDate: Mon, 14 Dec 2026 08:00:00 -0500\r\nMessage-ID: <ref.1@hanover.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		"<html><body><p>Please contact the insured within 24 hours.</p><table>" +
		"<tr><th>Claim Number</th><td>HX4471902</td></tr><tr><th>Named Insured</th><td>KOWALSKI, IRENE</td></tr>" +
		"<tr><th>Risk Address</th><td>58 Birch Hollow Ln<br>Canton, MI 48187</td></tr></table></body></html>\r\n"
	if err := os.WriteFile(file, []byte(mail), 0o600); err != nil {
		t.Fatal(err)
	}
	off, err := NewOffline(classify.Config{OfficeDomain: "office.example"}, classify.NewMemRegistry(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	res, err := off.Run(t.Context(), []string{file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := res[0].Decision
	if d.Outcome != classify.OutcomeNewClaim || d.Assignment.ClaimNumber != "HX4471902" || d.Assignment.InsuredName != "Irene Kowalski" {
		t.Fatalf("decision %s (%s), assignment %+v; want a new claim HX4471902 for Irene Kowalski", d.Outcome, d.Reason, d.Assignment)
	}
}
