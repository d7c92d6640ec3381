package equipmentlog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// A pickup proposed by mail, confirmed while a person moves that mail to
// another claim: the confirmation waits for the claim before it takes the
// proposal, as the move does, and both go through, the pickup on the claim
// the mail went to. Taking the proposal first, the confirmation held it
// while it waited for the claim (to record the pickup stage) and the move,
// holding the claim, waited for the proposal until Postgres ended one.
func TestConfirmingAProposalMeetsAMoveOfItsMail(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	db := b.log.DB
	other, err := db.CreateClaimRecord(ctx, storage.Claim{JobNumber: "26-1002-WTR", LossType: "water"}, nil, "", earlier, storage.Opening{How: storage.OpenedByHand, Actor: "coordinator@smrestore.example"})
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := db.EnsureMailbox(ctx, "claims@smrestore.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	var msg int64
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		if msg, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{MailboxID: inbox.ID, UIDValidity: 1, UID: 1, Direction: "in",
			RawSHA256: strings.Repeat("0", 64), FromAddress: "tom@smrestore.example", Subject: "picked up", InternalDate: now, Status: storage.StatusFiled}); err != nil {
			return err
		}
		return storage.RecordEquipmentProposals(ctx, tx, b.claim, msg, []storage.EquipmentProposal{
			{Action: equipment.ActionPickedUp, Kind: equipment.AllDrying, At: now, Text: "picked up all the drying equipment"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	proposals, err := db.ClaimEquipmentProposals(ctx, b.claim)
	if err != nil || len(proposals) != 1 {
		t.Fatalf("proposals %+v, %v", proposals, err)
	}

	// The move, in the order ingest.Filer.Move takes its locks.
	move, err := b.sql.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer move.Rollback(context.Background())
	var pid int
	if err := move.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if err := storage.LockClaimsForChange(ctx, move, b.claim, other.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := b.log.Decide(ctx, proposals[0].ID, storage.ProposalConfirmed, "dana@smrestore.example", 0)
		done <- err
	}()
	testenv.WaitForBlocked(t, b.sql, pid, "%")
	_, moveErr := storage.MoveEquipmentProposals(ctx, move, msg, other.ID)
	if moveErr == nil {
		moveErr = move.Commit(ctx)
	}
	if decideErr := <-done; moveErr != nil || decideErr != nil {
		t.Fatalf("move: %v\nconfirmation: %v", moveErr, decideErr)
	}
	var pickedUp *time.Time
	if err := b.sql.QueryRow(ctx, `SELECT equipment_picked_up_at FROM claims WHERE id = $1`, other.ID).Scan(&pickedUp); err != nil {
		t.Fatal(err)
	}
	if pickedUp == nil || !pickedUp.Equal(now) {
		t.Errorf("the claim the mail went to reads equipment picked up %v, want %v", pickedUp, now)
	}
}
