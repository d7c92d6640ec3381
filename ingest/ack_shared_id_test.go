package ingest

import (
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// ackOf returns who answered message id: the reply's row, 0 while it is
// owed an answer.
func (b *requestBundle) ackOf(t *testing.T, id int64) int64 {
	t.Helper()
	var reply *int64
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		return tx.QueryRow(t.Context(), `SELECT ack_reply_id FROM messages WHERE id = $1`, id).Scan(&reply)
	})
	if err != nil {
		t.Fatal(err)
	}
	if reply == nil {
		return 0
	}
	return *reply
}

// threadedMail is a message from from with Message-ID id, in reply to
// inReplyTo when not empty.
func threadedMail(from, id, inReplyTo, subject, body string, at time.Time) string {
	thread := ""
	if inReplyTo != "" {
		thread = "In-Reply-To: " + inReplyTo + "\nReferences: " + inReplyTo + "\n"
	}
	return fmt.Sprintf("From: %s\nTo: claims@smrestore.example\nSubject: %s\nMessage-ID: %s\n%sDate: %s\n\n%s\n",
		from, subject, id, thread, at.Format(time.RFC1123Z), body)
}

// The office's mail program gave two updates, on two claims, one
// Message-ID; each adjuster answers theirs. The office's answer to one of
// them, through the pipeline, answers that adjuster only: the other is
// still owed an answer.
func TestPipelineReplyKeepsToItsThreadUnderASharedReplyID(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	other, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "0683449786", Carrier: "Allstate", InsuredName: "Dana Reyes",
		AdjusterName: "Pat Quinn", AdjusterEmail: "pquinn@allstate.example"}, "", time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), 0)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	const update = "<update@smrestore.example>"
	for i, c := range []struct{ to, number string }{{requestAdjuster, "60-8H77-8H5"}, {"pquinn@allstate.example", other.ClaimNumber}} {
		b.deliver(t, "out", at.Add(time.Duration(i)*time.Minute), fmt.Sprintf(
			"From: Claims <claims@smrestore.example>\nTo: %s\nSubject: Update, claim %s\nMessage-ID: %s\nDate: %s\n\nDrying continues, readings attached tomorrow.\n",
			c.to, c.number, update, at.Format(time.RFC1123Z)))
	}
	answerA := b.deliver(t, "in", at.Add(time.Hour), threadedMail("Jennifer Anderson <"+requestAdjuster+">", "<a@statefarm.example>", update,
		"Re: Update, claim 60-8H77-8H5", "When will the drying be done?", at.Add(time.Hour)))
	answerB := b.deliver(t, "in", at.Add(time.Hour+time.Minute), threadedMail("Pat Quinn <pquinn@allstate.example>", "<b@allstate.example>", update,
		"Re: Update, claim 0683449786", "Please send the moisture readings.", at.Add(time.Hour+time.Minute)))
	reply := b.deliver(t, "out", at.Add(2*time.Hour), "From: Claims <claims@smrestore.example>\nTo: "+requestAdjuster+
		"\nSubject: Re: Update, claim 60-8H77-8H5\nMessage-ID: <re-a@smrestore.example>\nIn-Reply-To: <a@statefarm.example>\n"+
		"References: "+update+" <a@statefarm.example>\nDate: "+at.Add(2*time.Hour).Format(time.RFC1123Z)+"\n\nBy Thursday.\n")
	if got := b.ackOf(t, answerA); got != reply {
		t.Errorf("the adjuster answered is answered by %d, want %d", got, reply)
	}
	if got := b.ackOf(t, answerB); got != 0 {
		t.Errorf("the other claim's adjuster is answered by %d, want still owed an answer", got)
	}
}

// Two messages share a Message-ID and a coordinator clicks Acknowledge on
// the older one: claimdesk's reply, back from Sent, answers that one, not
// the newer one a reply would otherwise be taken to answer.
func TestPipelineAcknowledgeAnswersTheRowClicked(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	const shared = "<portal-note@carrier.example>"
	older := b.deliver(t, "in", at, threadedMail("Carrier Portal <notes@carrier.example>", shared, "",
		"Note on your file", "Please call the insured about access.", at))
	newer := b.deliver(t, "in", at.Add(10*time.Minute), threadedMail("Carrier Portal <notes@carrier.example>", shared, "",
		"Note on your file", "Is the contents pack-out scheduled?", at.Add(10*time.Minute)))
	const ours = "<ack-1@smrestore.example>"
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.InsertOutbox(ctx, tx, storage.OutboxMessage{MessageID: ours, Kind: storage.ReplyAck, ReplyTo: &older,
			FromAddress: "claims@smrestore.example", Recipients: []string{"notes@carrier.example"}, Subject: "Re: Note on your file",
			Body: "We will call them today.", Raw: []byte("x"), RawSHA256: fmt.Sprintf("%064x", 1)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	reply := b.deliver(t, "out", at.Add(20*time.Minute), "From: Claims <claims@smrestore.example>\nTo: notes@carrier.example\n"+
		"Subject: Re: Note on your file\nMessage-ID: "+ours+"\nIn-Reply-To: "+shared+"\nReferences: "+shared+"\nDate: "+
		at.Add(20*time.Minute).Format(time.RFC1123Z)+"\n\nWe will call them today.\n")
	if got := b.ackOf(t, older); got != reply {
		t.Errorf("the message acknowledged is answered by %d, want %d", got, reply)
	}
	if got := b.ackOf(t, newer); got != 0 {
		t.Errorf("the other message sharing its Message-ID is answered by %d, want still owed an answer", got)
	}
}
