package ingest

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// copierScan is a message from the office copier, which gives every scan
// the same Message-ID, sender and Date: only the pages (the body and the
// attachment) differ.
func copierScan(pages string) []byte {
	return []byte("From: MFP <mfp@office.example>\r\nTo: claims@office.example\r\n" +
		"Subject: Scanned documents for claim 60-8H77-8H5\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\n" +
		"Message-ID: <scan@mfp.office.example>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nScanned: " + pages + ".\r\n" +
		"--b\r\nContent-Type: text/csv; name=\"" + pages + ".csv\"\r\nContent-Disposition: attachment; filename=\"" + pages + ".csv\"\r\n\r\n" +
		"room,reading\r\n" + pages + ",17\r\n--b--\r\n")
}

// Two different scans under one Message-ID, From and Date are both stored,
// both filed to the claim they name, and both marked processed on the
// server.
func TestWatcherFilesEveryMessageSharingAMessageID(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	ctx := t.Context()
	var claim storage.Claim
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		claim, _, err = storage.SaveClaim(ctx, tx, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	testenv.AppendFiles(t, b.server.Addr, b.server.User, b.server.Password, "INBOX",
		[]testenv.AppendMessage{{Raw: copierScan("living room")}, {Raw: copierScan("hallway")}})
	ch := b.startWatcher(t, b.acct, "INBOX", storage.RoleInbox, WatcherConfig{})
	waitUID(t, ch, 2)

	rows, err := b.sql.Query(ctx, `SELECT id FROM messages WHERE message_id = '<scan@mfp.office.example>' ORDER BY uid`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 {
		t.Fatalf("stored %d messages for two different scans under one Message-ID, want 2", len(ids))
	}
	p := NewProcessor(b.db, b.blobs, ProcessorConfig{
		Classify: classify.Config{OfficeDomain: "office.example"}, TempDir: t.TempDir(),
	}, slog.New(slog.DiscardHandler))
	for _, id := range ids {
		if err := p.Process(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if n := b.count(t, `SELECT count(*) FROM messages WHERE status = 'filed' AND claim_id = $1`, claim.ID); n != 2 {
		t.Errorf("%d of the two scans filed to %s, want both", n, claim.JobNumber)
	}
	if n := b.count(t, `SELECT count(DISTINCT p.sha256) FROM message_parts p WHERE p.is_attachment`); n != 2 {
		t.Errorf("%d different attachments kept, want each scan's", n)
	}
	assertFlags(t, b.server, "INBOX", func(uid imap.UID, flags []imap.Flag) {
		if !hasFlag(flags, "$ClaimdeskFiled") {
			t.Errorf("uid %d: not marked $ClaimdeskFiled (flags %v)", uid, flags)
		}
	})
}

// skippedMetric is the Prometheus exposition of the duplicates skipped in
// the test account's folder.
func skippedMetric(account, folder string, n int) string {
	return fmt.Sprintf(`
# HELP claimdesk_messages_duplicates_skipped_total Deliveries not stored because the folder holds the same raw bytes already (a redelivery, a UIDVALIDITY rescan), by account and folder.
# TYPE claimdesk_messages_duplicates_skipped_total counter
claimdesk_messages_duplicates_skipped_total{account=%q,folder=%q} %d
`, account, folder, n)
}

func assertSkipped(t *testing.T, b *watchBundle, account, folder string, n int) {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(NewPipelineCollector(b.db, testenv.Logger(t)))
	if err := testutil.GatherAndCompare(reg, strings.NewReader(skippedMetric(account, folder, n)),
		"claimdesk_messages_duplicates_skipped_total"); err != nil {
		t.Error(err)
	}
}
