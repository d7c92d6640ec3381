package ingest

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/storage"
)

// TestProcessKeepsTheAdjustersFileNumber processes an adjusting firm's
// first report on a claim the office has, naming its own file number
// beside the carrier's claim number, then the firm's mail naming only its
// file: the report fills the file number in, and the mail is filed to the
// claim by it.
func TestProcessKeepsTheAdjustersFileNumber(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, blobs := openStores(t)
	p := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir()}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	c, err := db.CreateClaim(ctx, storage.Claim{JobNumber: "26-2644-WTR", ClaimNumber: "054419283017", Carrier: "Safeco",
		InsuredName: "Brian O'Neal", LossAddress: "37 Kennesaw Ave NW, Marietta, GA 30060"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	uid := uint32(0)
	process := func(raw string) storage.StoredMessage {
		t.Helper()
		uid++
		id := storeRawMessageUID(t, db, blobs, []byte(raw), uid)
		job := &river.Job[ProcessArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 10}, Args: ProcessArgs{MessageID: id}}
		if err := p.Work(ctx, job); err != nil {
			t.Fatal(err)
		}
		m, err := db.GetMessage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	const dana = "From: Dana Whitfield <dwhitfield@pilotcat.example>\r\nTo: claims@office.example\r\n"
	process(dana + "Subject: O'Neal / Safeco / PCS-GA-26-44817\r\nMessage-ID: <r1@pilotcat.example>\r\n" +
		"Date: Mon, 02 Mar 2026 09:00:00 -0500\r\n\r\n" +
		"Pilot Catastrophe Services has been assigned by Safeco Insurance to handle the above claim.\r\n\r\n" +
		"Our File No.:    PCS-GA-26-44817\r\nSafeco Claim:    054419283017\r\nInsured:         Brian O'Neal\r\n" +
		"Risk:            37 Kennesaw Ave NW, Marietta\r\n\r\nDana Whitfield\r\nPilot Catastrophe Services\r\n")
	got, err := db.GetClaim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AdjusterFileNumber != "PCS-GA-26-44817" {
		t.Errorf("file number after the first report: %q, want PCS-GA-26-44817", got.AdjusterFileNumber)
	}
	m := process(dana + "Subject: PCS-GA-26-44817 - status?\r\nMessage-ID: <r2@pilotcat.example>\r\n" +
		"Date: Tue, 03 Mar 2026 09:15:00 -0500\r\n\r\nAny update on drying? I will need your moisture map.\r\n\r\nDana Whitfield\r\n")
	d, err := db.GetMessageDetail(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != storage.StatusFiled || d.ClaimNumber != c.ClaimNumber {
		t.Errorf("mail naming the file number alone: status %s, claim %q; want filed to %s", m.Status, d.ClaimNumber, c.ClaimNumber)
	}
}
