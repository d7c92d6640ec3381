package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// recordSenders is a claim whose insured, Harold Becker, wrote from an
// address whose mail gives no name, asking for the photos, and a closed
// claim its adjuster, Ann Reyes, wrote to the same way after it closed.
type recordSenders struct {
	*pageBundle
	claim, closed int64
}

// setupRecordSenders stores recordSenders at noon.
func setupRecordSenders(t *testing.T) *recordSenders {
	t.Helper()
	b := &recordSenders{pageBundle: setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))}
	ctx := context.Background()
	now := b.clock.Now()
	b.claim = b.addClaim(t, claimSeed{Job: "26-1201-WTR", Number: "60-8H77-8H5", Insured: "Harold Becker", Opened: now.Add(-50 * time.Hour)})
	b.closed = b.addClaim(t, claimSeed{Job: "26-1202-WTR", Number: "60-8H77-8H6", Insured: "Kim Park", Status: "closed",
		Adjuster: "Ann Reyes", AdjusterEmail: "ann@carrier.example", Opened: now.Add(-100 * time.Hour)})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET insured_email = 'hbecker1948@lakesnet.example' WHERE id = $1`, b.claim); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET closed_at = $2 WHERE id = $1`, b.closed, now.Add(-3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	asked := now.Add(-2 * time.Hour)
	msg := b.addMessage(t, msgSeed{Subject: "Please send the photos", From: "hbecker1948@lakesnet.example", ClaimID: b.claim,
		Status: storage.StatusFiled, Arrived: asked})
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordRequest(ctx, tx, storage.NewRequest{ClaimID: b.claim, MessageID: msg, From: "hbecker1948@lakesnet.example",
			DocTypes: []string{"photo"}, Text: "Please send the photos", AskedAt: asked, Due: ptr(asked.Add(24 * time.Hour))})
	}); err != nil {
		t.Fatal(err)
	}
	b.addMessage(t, msgSeed{Subject: "Final invoice", From: "ann@carrier.example", ClaimID: b.closed, Status: storage.StatusFiled,
		Arrived: now.Add(-time.Hour)})
	return b
}

// saysAll reports the first of says page lacks; empty when it has them all.
func saysAll(page string, says ...string) string {
	for _, w := range says {
		if !strings.Contains(page, w) {
			return w
		}
	}
	return ""
}

// TestClaimPageNamesSendersByRecord: the claim page names Harold, whose
// mail gives no name, as the claim's record does, as the board does: in
// its requests, its messages, the Next line of his request and the mail
// link that answers it.
func TestClaimPageNamesSendersByRecord(t *testing.T) {
	t.Parallel()
	b := setupRecordSenders(t)
	page := b.get(t, fmt.Sprintf("/claims/%d", b.claim), http.StatusOK)
	if w := saysAll(page, `title="hbecker1948@lakesnet.example">Harold Becker: “Please send the photos”</a>`,
		`<span title="hbecker1948@lakesnet.example">Harold Becker</span>`,
		`>Harold Becker asked for the photos: not on file yet`, `>Email Harold</a>`); w != "" {
		t.Errorf("the claim page does not say %s:\n%s", w, page)
	}
}

// TestBoardNamesSendersByRecord: the board names senders whose mail gives
// no name as their claim's record does in its open requests and its mail
// on closed claims, as in the mail waiting for an answer.
func TestBoardNamesSendersByRecord(t *testing.T) {
	t.Parallel()
	b := setupRecordSenders(t)
	page := b.get(t, "/", http.StatusOK)
	if w := saysAll(page, `title="hbecker1948@lakesnet.example">Harold Becker: “Please send the photos”</a>`,
		`<span title="ann@carrier.example">Ann Reyes</span>`); w != "" {
		t.Errorf("the board does not say %s:\n%s", w, page)
	}
}

// TestMorningNamesAskersByRecord: the morning page's line of a request
// names its asker as the claim's record does.
func TestMorningNamesAskersByRecord(t *testing.T) {
	t.Parallel()
	b := setupRecordSenders(t)
	page := b.get(t, "/morning", http.StatusOK)
	if w := saysAll(page, `>Harold Becker asked for the photos: not on file yet`); w != "" {
		t.Errorf("the morning page does not say %s:\n%s", w, page)
	}
}
