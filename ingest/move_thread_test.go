package ingest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestFilingByHandTakesTheThreadAlong files, by hand, a message waiting in
// triage: a reply to it, waiting in triage for its thread, is matched again
// and follows it into the claim.
func TestFilingByHandTakesTheThreadAlong(t *testing.T) {
	t.Parallel()
	b := setupTriaged(t)
	ctx := t.Context()
	reply := storeRawMessageUID(t, b.db, b.blobs, []byte(fmt.Sprintf("From: Jennifer Anderson <janderson@statefarm.example>\r\n"+
		"To: claims@office.example\r\nSubject: Re: Update 0\r\nDate: Mon, 02 Nov 2026 11:00:00 -0600\r\n"+
		"Message-ID: <reply-0@statefarm.example>\r\nIn-Reply-To: <sample-0@statefarm.example>\r\n"+
		"References: <sample-0@statefarm.example>\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\n%s", "Any news? Thanks.\r\n")), 2)
	// As the watcher stores it, with its thread from the envelope.
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET in_reply_to = $2, refs = ARRAY[$2] WHERE id = $1`,
		reply, "<sample-0@statefarm.example>"); err != nil {
		t.Fatal(err)
	}
	if err := b.proc.Process(ctx, reply); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, b.db, reply, storage.StatusTriage)
	chosen, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "71-2Q55-1K9", InsuredName: "Baker"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	types, err := b.db.PartDocTypes(ctx, b.waiting)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.filer.Move(ctx, MoveRequest{MessageID: b.waiting, ToClaimID: chosen.ID, Actor: "dana@office.example", DocTypes: types}); err != nil {
		t.Fatal(err)
	}
	waitForJobsDone(t, b.sql, b.events)
	var status string
	var claim int64
	if err := b.sql.QueryRow(context.Background(), `SELECT status, coalesce(claim_id, 0) FROM messages WHERE id = $1`, reply).Scan(&status, &claim); err != nil {
		t.Fatal(err)
	}
	if status != storage.StatusFiled || claim != chosen.ID {
		t.Errorf("reply is %s in claim %d; want filed in claim %d, with the message it answers", status, claim, chosen.ID)
	}
}
