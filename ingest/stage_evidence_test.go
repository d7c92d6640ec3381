package ingest

import (
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// setupEvidence is setupRequests with a filer: mail of the claim is filed,
// with its documents, as the pipeline files it.
func setupEvidence(t *testing.T) *requestBundle {
	t.Helper()
	b := setupRequests(t)
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(b.db, b.blobs, NewQueue(rc), time.UTC, nil).WithOfficeDomain("smrestore.example")
	b.proc = NewProcessor(b.db, b.blobs, ProcessorConfig{TempDir: t.TempDir(), Calendar: sla.NewCalendar(time.UTC, sla.DefaultHours()),
		Location: time.UTC, Classify: classify.Config{OfficeDomain: "smrestore.example"}, Filer: filer},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	return b
}

// linesPDF is a one-page PDF whose text layer holds lines.
func linesPDF(lines ...string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 11 Tf 14 TL 72 720 Td\n")
	for _, l := range lines {
		fmt.Fprintf(&content, "(%s) Tj T*\n", strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(l))
	}
	content.WriteString("ET\n")
	return pdftest.Objects(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		pdftest.Stream(content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
}

// mailWithPDF is a message from from about subject carrying one PDF.
func mailWithPDF(from, subject, id string, at time.Time, filename string, pdf []byte) string {
	return fmt.Sprintf("From: %s\nTo: claims@smrestore.example\nSubject: %s\nMessage-ID: <%s>\nDate: %s\nMIME-Version: 1.0\n"+
		"Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nAttached.\n"+
		"--b\nContent-Type: application/pdf; name=\"%s\"\nContent-Disposition: attachment; filename=\"%s\"\n"+
		"Content-Transfer-Encoding: base64\n\n%s\n--b--\n",
		from, subject, id, at.Format(time.RFC1123Z), filename, filename, base64.StdEncoding.EncodeToString(pdf))
}

// TestLabReportSetsSampleStage files ITEL reports: the first sets the
// claim's sample stage to the sample date it gives, a later one does not
// move it, and a report without a date sets it when it came. The lab
// report milestone then counts from the sample.
func TestLabReportSetsSampleStage(t *testing.T) {
	t.Parallel()
	b := setupEvidence(t)
	ctx := t.Context()
	came := time.Date(2026, 11, 6, 15, 0, 0, 0, time.UTC)
	report := linesPDF("ITEL LABORATORIES", "Claim Number: 60-8H77-8H5", "Date Sampled: 11/03/2026", "Sample ID: GHM1417")
	b.deliver(t, "in", came, mailWithPDF("ITEL Reports <reports@itelinc.example>", "ITEL report 60-8H77-8H5 Castillo", "itel-1@itelinc.example",
		came, "ITEL_GHM1417.pdf", report))
	facts, err := b.db.ClaimFacts(ctx, b.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(facts.Documents, func(d sla.Document) bool { return d.Type == sla.DocLabReport }) {
		t.Fatalf("no lab report filed: %+v", facts.Documents)
	}
	want := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	if facts.SampledAt == nil || !facts.SampledAt.Equal(want) {
		t.Fatalf("sampled at %v, want the report's sample date %v", facts.SampledAt, want)
	}
	rep := sla.NewCalendar(time.UTC, sla.DefaultHours()).CheckClaim(facts, sla.DefaultRules(), came.Add(time.Hour))
	if !slices.ContainsFunc(rep.Milestones, func(m sla.Milestone) bool { return m.Name == sla.MilestoneLabReport && m.State == sla.StateMet }) {
		t.Errorf("milestones %+v: want the lab report met", rep.Milestones)
	}

	later := came.Add(48 * time.Hour)
	b.deliver(t, "in", later, mailWithPDF("ITEL Reports <reports@itelinc.example>", "ITEL report 60-8H77-8H5 revised", "itel-2@itelinc.example",
		later, "ITEL_GHM1418.pdf", linesPDF("ITEL LABORATORIES", "Date Sampled: 11/05/2026")))
	if facts, err = b.db.ClaimFacts(ctx, b.claim.ID); err != nil || facts.SampledAt == nil || !facts.SampledAt.Equal(want) {
		t.Errorf("sampled at %v (%v) after a second report, want it left at %v", facts.SampledAt, err, want)
	}

	other, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "0683449786", InsuredName: "Patricia Smith"}, "", came, 0)
	if err != nil {
		t.Fatal(err)
	}
	b.deliver(t, "in", came, mailWithPDF("ITEL Reports <reports@itelinc.example>", "ITEL report 0683449786 Smith", "itel-3@itelinc.example",
		came, "ITEL_GHM2000.pdf", linesPDF("ITEL LABORATORIES", "Report Date: 11/06/2026")))
	if facts, err = b.db.ClaimFacts(ctx, other.ID); err != nil || facts.SampledAt == nil || !facts.SampledAt.Equal(came) {
		t.Errorf("undated report: sampled at %v (%v), want when it came, %v", facts.SampledAt, err, came)
	}
}

// TestLabReportSampleDateBeforeItCame files an ITEL report whose sample
// date is a date in both orders: the one after the report came is no
// sample date, and the other is read ("12/11/2026" in a report of Nov 20 is
// Nov 12).
func TestLabReportSampleDateBeforeItCame(t *testing.T) {
	t.Parallel()
	b := setupEvidence(t)
	came := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	report := linesPDF("ITEL LABORATORIES", "Claim Number: 60-8H77-8H5", "Date Sampled: 12/11/2026", "Sample ID: GHM1417")
	b.deliver(t, "in", came, mailWithPDF("ITEL Reports <reports@itelinc.example>", "ITEL report 60-8H77-8H5 Castillo", "itel-1@itelinc.example",
		came, "ITEL_GHM1417.pdf", report))
	facts, err := b.db.ClaimFacts(t.Context(), b.claim.ID)
	if want := time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC); err != nil || facts.SampledAt == nil || !facts.SampledAt.Equal(want) {
		t.Errorf("sampled at %v (%v), want %v", facts.SampledAt, err, want)
	}
}

// TestVendorInvoiceIsNotBilling files invoices: a vendor's (from outside
// the office) is marked vendor and leaves the billing packet open; one
// from the office's domain, and the office's own from Sent, are the
// office's, and the latter closes it.
func TestVendorInvoiceIsNotBilling(t *testing.T) {
	t.Parallel()
	b := setupEvidence(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 9, 10, 0, 0, 0, time.UTC)
	cal := sla.NewCalendar(time.UTC, sla.DefaultHours())
	billingOwesInvoice := func(now time.Time) bool {
		t.Helper()
		facts, err := b.db.ClaimFacts(ctx, b.claim.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range cal.CheckClaim(facts, sla.DefaultRules(), now).Milestones {
			if m.Name == sla.MilestoneBilling {
				return slices.Contains(m.Missing, sla.DocInvoice)
			}
		}
		t.Fatal("no billing milestone")
		return false
	}
	vendor := func(name string) bool {
		t.Helper()
		docs, err := b.db.ClaimDocuments(ctx, b.claim.ID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if d.Filename == name {
				if d.DocType != classify.DocInvoice {
					t.Errorf("%s filed as %s, want invoice", name, d.DocType)
				}
				return d.Vendor
			}
		}
		t.Fatalf("%s not filed", name)
		return false
	}

	b.deliver(t, "in", at, mailWithPDF("Lone Star Dumpsters <billing@lonestar.example>", "Invoice 60-8H77-8H5 Castillo roll-off",
		"inv-1@lonestar.example", at, "Invoice 50477.pdf", linesPDF("INVOICE", "Roll-off container 20 yd", "Amount due: $450.00")))
	if !vendor("Invoice 50477.pdf") {
		t.Errorf("the dumpster company's invoice is not marked vendor")
	}
	if !billingOwesInvoice(at.Add(time.Hour)) {
		t.Errorf("a vendor's invoice satisfied the office's billing")
	}

	b.deliver(t, "in", at.Add(time.Hour), mailWithPDF("Accounts <ap@smrestore.example>", "Invoice draft 60-8H77-8H5 Castillo",
		"inv-2@smrestore.example", at.Add(time.Hour), "Invoice 26-1001.pdf", linesPDF("INVOICE", "Water mitigation", "Amount due: $4,200.00")))
	if vendor("Invoice 26-1001.pdf") {
		t.Errorf("an invoice from the office's domain is marked vendor")
	}

	b.deliver(t, "out", at.Add(2*time.Hour), officeMail("inv-3", "Our invoice attached.", at.Add(2*time.Hour), "Invoice 26-1001 final.pdf"))
	if vendor("Invoice 26-1001 final.pdf") {
		t.Errorf("the office's own invoice from Sent is marked vendor")
	}
	if billingOwesInvoice(at.Add(3 * time.Hour)) {
		t.Errorf("billing still owes the invoice after the office sent its own")
	}
}

// TestLabReportsRetypedAndMovedGiveTheSampleAgain files two ITEL reports
// to a claim: the first gives the sample date. Typed otherwise by a
// person, it takes that back, and the other report gives its own; that
// report moved with its message to another claim takes its sample along,
// and leaves the first claim with no sample, since it has no lab report
// left. Each move of the stage is in the claim's history, by whom it was.
func TestLabReportsRetypedAndMovedGiveTheSampleAgain(t *testing.T) {
	t.Parallel()
	b := setupEvidence(t)
	ctx := t.Context()
	filer := b.proc.cfg.Filer
	came := time.Date(2026, 11, 6, 15, 0, 0, 0, time.UTC)
	b.deliver(t, "in", came, mailWithPDF("ITEL Reports <reports@itelinc.example>", "ITEL report 60-8H77-8H5 Castillo", "itel-1@itelinc.example",
		came, "ITEL_GHM1417.pdf", linesPDF("ITEL LABORATORIES", "Claim Number: 60-8H77-8H5", "Date Sampled: 11/03/2026")))
	second := b.deliver(t, "in", came.Add(time.Hour), mailWithPDF("ITEL Reports <reports@itelinc.example>", "ITEL report 60-8H77-8H5 Castillo, kitchen",
		"itel-2@itelinc.example", came.Add(time.Hour), "ITEL_GHM1418.pdf", linesPDF("ITEL LABORATORIES", "Claim Number: 60-8H77-8H5", "Date Sampled: 11/05/2026")))
	sampled := func(claim int64) *time.Time {
		t.Helper()
		facts, err := b.db.ClaimFacts(ctx, claim)
		if err != nil {
			t.Fatal(err)
		}
		return facts.SampledAt
	}
	first, third := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)
	if at := sampled(b.claim.ID); at == nil || !at.Equal(first) {
		t.Fatalf("sampled at %v, want the first report's %v", at, first)
	}
	docs, err := b.db.ClaimDocuments(ctx, b.claim.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(docs, func(d storage.Document) bool { return d.Filename == "ITEL_GHM1417.pdf" })
	if i < 0 {
		t.Fatalf("the first report is not filed: %+v", docs)
	}
	if _, err := filer.ChangeDocumentType(ctx, docs[i].ID, classify.DocOther, "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	if at := sampled(b.claim.ID); at == nil || !at.Equal(third) {
		t.Errorf("sampled at %v once the first report is typed other, want the other report's %v", at, third)
	}

	other, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "0683449786", InsuredName: "Patricia Smith"}, "", came, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := filer.Move(ctx, MoveRequest{MessageID: second, ToClaimID: other.ID, Actor: "lee@office.example"}); err != nil {
		t.Fatal(err)
	}
	if at := sampled(b.claim.ID); at != nil {
		t.Errorf("sampled at %v with no lab report left, want not yet", at)
	}
	if at := sampled(other.ID); at == nil || !at.Equal(third) {
		t.Errorf("the claim the report moved to: sampled at %v, want %v", at, third)
	}
	changes, err := b.db.ClaimChanges(ctx, b.claim.ID, 20)
	if err != nil {
		t.Fatal(err)
	}
	var history []string
	for _, c := range slices.Backward(changes) {
		if c.Field == string(storage.StageSampled) {
			history = append(history, c.Actor+": "+c.Old+" -> "+c.New)
		}
	}
	want := []string{
		"lab report ITEL_GHM1417.pdf:  -> 2026-11-03T00:00:00Z",
		"dana@office.example: 2026-11-03T00:00:00Z -> 2026-11-05T00:00:00Z",
		"lee@office.example: 2026-11-05T00:00:00Z -> ",
	}
	if !slices.Equal(history, want) {
		t.Errorf("sample history:\n%q\nwant\n%q", history, want)
	}
}

// TestLabReportStageInHistoryAtArrival: the sample stage a lab report
// sets is in the claim's history when the report's mail arrived, not when
// it was processed.
func TestLabReportStageInHistoryAtArrival(t *testing.T) {
	t.Parallel()
	b := setupEvidence(t)
	came := time.Date(2026, 11, 6, 15, 0, 0, 0, time.UTC)
	b.deliver(t, "in", came, mailWithPDF("ITEL Reports <reports@itelinc.example>", "ITEL report 60-8H77-8H5 Castillo", "itel-9@itelinc.example",
		came, "ITEL_GHM1419.pdf", linesPDF("ITEL LABORATORIES", "Claim Number: 60-8H77-8H5", "Date Sampled: 11/03/2026")))
	changes, err := b.db.ClaimChanges(t.Context(), b.claim.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(changes, func(ch storage.ClaimChange) bool { return ch.Field == string(storage.StageSampled) })
	if i < 0 || !changes[i].At.Equal(came) {
		t.Errorf("history %+v: want the sample stage at the report's arrival, %v", changes, came)
	}
}
