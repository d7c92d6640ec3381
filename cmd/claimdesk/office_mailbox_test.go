package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestOfficeSetMovesMailboxMail puts a mailbox that has read mail already
// in another office: without --move-mail its earlier mail stays, and the
// command says so; with it, the mail in no claim and the claims made from
// the mailbox's mail move, each message's move recorded (one in triage is
// to be matched again), while a message a person moved and a claim whose
// job number the office has stay put.
func TestOfficeSetMovesMailboxMail(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	db := c.db()
	if code, out, errOut := c.run("", "office", "add", "--slug", "north", "--name", "North"); code != 0 {
		t.Fatalf("office add: exit %d, %q %q", code, out, errOut)
	}
	north, err := db.OfficeBySlug(ctx, "north")
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := db.EnsureMailbox(ctx, "claims@north.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var uid uint32
	message := func(subject string) int64 {
		t.Helper()
		uid++
		var id int64
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{MailboxID: inbox.ID, UIDValidity: 1, UID: uid,
				Direction: "in", RawSHA256: fmt.Sprintf("%064x", uid), RawSize: 10, FromAddress: "adj@carrier.example",
				Subject: subject, InternalDate: at, Status: storage.StatusNew})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	claimFrom := func(job string) (claim, msg int64) {
		t.Helper()
		msg = message("assignment " + job)
		created, err := db.CreateClaim(ctx, storage.Claim{JobNumber: job}, "", at, msg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.sql().Exec(ctx, `UPDATE messages SET claim_id = $2, status = 'filed' WHERE id = $1`, msg, created.ID); err != nil {
			t.Fatal(err)
		}
		return created.ID, msg
	}
	triage := message("new loss")
	if _, err := c.sql().Exec(ctx, `UPDATE messages SET status = 'triage' WHERE id = $1`, triage); err != nil {
		t.Fatal(err)
	}
	personMoved := message("for north, moved by hand")
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.MoveMessageToOffice(ctx, tx, storage.OfficeMove{MessageID: personMoved,
			FromOfficeID: storage.DefaultOfficeID, ToOfficeID: north.ID, Actor: "dana@office.example"})
	})
	if err == nil {
		err = db.InTx(ctx, func(tx pgx.Tx) error {
			return storage.MoveMessageToOffice(ctx, tx, storage.OfficeMove{MessageID: personMoved,
				FromOfficeID: north.ID, ToOfficeID: storage.DefaultOfficeID, Actor: "dana@office.example"})
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	claim, claimMsg := claimFrom("26-1001-WTR")
	clash, _ := claimFrom("26-1002-WTR")
	if _, err := db.CreateClaim(ctx, storage.Claim{JobNumber: "26-1002-WTR", OfficeID: north.ID}, "", at, 0); err != nil {
		t.Fatal(err)
	}
	officeOf := func(table string, id int64) int64 {
		t.Helper()
		var office int64
		if err := c.sql().QueryRow(ctx, `SELECT office_id FROM `+table+` WHERE id = $1`, id).Scan(&office); err != nil {
			t.Fatal(err)
		}
		return office
	}

	code, out, errOut := c.run("", "office", "set", "--slug", "north", "--mailbox", "claims@north.example")
	if code != 0 || !strings.Contains(out, "its earlier mail stays in the office it is in: 1 messages in no claim and 2 claims") ||
		!strings.Contains(out, "--move-mail") {
		t.Fatalf("office set --mailbox: exit %d, %q %q", code, out, errOut)
	}
	if officeOf("messages", triage) != storage.DefaultOfficeID || officeOf("claims", claim) != storage.DefaultOfficeID {
		t.Fatal("office set --mailbox without --move-mail moved earlier mail")
	}

	code, out, errOut = c.run("", "office", "set", "--slug", "north", "--mailbox", "claims@north.example", "--move-mail")
	if code != 0 || !strings.Contains(out, "moved 1 messages in no claim and 1 claims made from its mail to office north") ||
		!strings.Contains(out, "kept where they are, since office north has their job or claim number already: 26-1002-WTR") ||
		!strings.Contains(out, "messages in triage among them: 1; claimdesk serve matches them again among office north's claims") {
		t.Fatalf("office set --move-mail: exit %d, %q %q", code, out, errOut)
	}
	for _, w := range []struct {
		what, table string
		id, office  int64
	}{
		{"the message in triage", "messages", triage, north.ID},
		{"the claim made from the mailbox's mail", "claims", claim, north.ID},
		{"the claim's message", "messages", claimMsg, north.ID},
		{"the message a person moved back", "messages", personMoved, storage.DefaultOfficeID},
		{"the claim whose job number north has", "claims", clash, storage.DefaultOfficeID},
	} {
		if got := officeOf(w.table, w.id); got != w.office {
			t.Errorf("%s is in office %d, want %d", w.what, got, w.office)
		}
	}
	for _, id := range []int64{triage, claimMsg} {
		moves, err := db.MessageOfficeMoves(ctx, id)
		if err != nil || len(moves) != 1 || moves[0].ToOfficeID != north.ID || moves[0].Actor != actorOfficeSet {
			t.Errorf("message %d's recorded moves: %+v %v, want one to north by %s", id, moves, err, actorOfficeSet)
		}
	}
	var changed string
	if err := c.sql().QueryRow(ctx, `SELECT old_value || '>' || new_value FROM claim_changes WHERE claim_id = $1 AND field = 'office'`,
		claim).Scan(&changed); err != nil || changed != "main>north" {
		t.Errorf("the claim's history of its move: %q %v", changed, err)
	}
}
