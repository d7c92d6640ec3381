package main

import (
	"context"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestKilledWhileFiling holds the documents table locked so that every
// processing worker stops inside its filing transaction, checks that the
// attachments of the messages being filed are in the blob store already,
// kills claimdesk serve there and restarts it: a message's blobs are stored
// before any row names them, and the filing a kill interrupts is done again
// in full.
func TestKilledWhileFiling(t *testing.T) {
	t.Parallel()
	r := newFaultRig(t, faultRigOptions{})
	var mails []faultMail
	for i := 3; len(mails) < 24; i += 3 {
		if m := faultMessage(i); m.pdfName != "" {
			mails = append(mails, m) // each with a PDF to store
		}
	}
	ctx := context.Background()
	hold, err := r.sql.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback(ctx)
	// Filing inserts documents, which SHARE mode refuses; reading them
	// goes on.
	if _, err := hold.Exec(ctx, `LOCK TABLE documents IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	r.deliver(mails)
	p := r.serve()
	filing := r.waitFiling(p)
	byID := map[string]faultMail{}
	for _, m := range mails {
		byID[m.messageID] = m
	}
	for _, id := range filing {
		m := byID[id]
		if _, err := r.store.Stat(ctx, blob.ContentKey(m.pdfSHA256)); err != nil {
			t.Errorf("%s is being filed while its attachment %s is not stored: %v", id, m.pdfName, err)
		}
	}
	p.kill()
	t.Logf("killed while filing %d messages", len(filing))
	if err := hold.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if at := r.snapshot(); at.Final != 0 {
		t.Errorf("%d messages processed while filing was locked out, want none", at.Final)
	}
	p = r.serve()
	r.waitDone(p, 3*time.Minute)
	r.check()
}

// waitFiling waits until a processing job waits for the documents table
// and returns the Message-IDs of the messages whose transactions are under
// way: their rows are locked (a transaction waiting to file holds its
// message's row, and so does one waiting for a claim's row it holds).
func (r *faultRig) waitFiling(p *proc) []string {
	r.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var filing int
		var locked []string
		err := r.sql.QueryRow(context.Background(), `SELECT
			(SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'documents'::regclass
				AND database = (SELECT oid FROM pg_database WHERE datname = current_database())),
			(SELECT coalesce(array_agg(message_id), '{}') FROM messages WHERE direction = 'in'
				AND id NOT IN (SELECT id FROM messages WHERE direction = 'in' FOR UPDATE SKIP LOCKED))`).Scan(&filing, &locked)
		if err != nil {
			r.t.Fatal(err)
		}
		if filing > 0 && len(locked) > 0 {
			return locked
		}
		select {
		case <-p.done:
			r.t.Fatalf("claimdesk exited (%v) before filing:\n%s", p.err, p.logs.tail(failureLogLines))
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("no processing job waited to file within 2m\n%s", p.logs.tail(failureLogLines))
		}
	}
}
