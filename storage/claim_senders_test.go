package storage_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// Who wrote into a claim is read from the claim's latest messages by
// messages_claim_idx and their documents by document_messages_message_idx,
// however much mail the office has: never every message, nor every
// document link.
func TestClaimSendersReadTheClaimsMailByIndex(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openDB(t)
	pool := storage.PoolOf(db)
	mb, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	// 200 claims of 100 messages each, one in two bringing a photo.
	for _, q := range []string{
		`INSERT INTO claims (job_number, office_id) SELECT '26-' || (1000 + n) || '-WTR', 1 FROM generate_series(1, 200) n`,
		`INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id, status, claim_id,
		                       from_address, from_name, needs_ack)
		 SELECT $1, 1, i, 'in', encode(sha256(i::text::bytea), 'hex'), 10, 1, 'filed', c.id,
		        'tech' || i % 7 || '@office.example', 'Tech ' || i % 7, false
		 FROM generate_series(1, 20000) i JOIN claims c ON c.job_number = '26-' || (1001 + i % 200) || '-WTR'`,
		`INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		 SELECT m.claim_id, encode(sha256(('d' || m.id)::bytea), 'hex'), 1, 'IMG.jpg', 'photo', 'Photos',
		        'claims/' || m.id || '/IMG.jpg', now(), 1
		 FROM messages m WHERE m.id % 2 = 0`,
		`INSERT INTO document_messages (document_id, message_id)
		 SELECT d.id, m.id FROM documents d JOIN messages m ON d.browse_key = 'claims/' || m.id || '/IMG.jpg'`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{mb.ID}
		}
		if _, err := pool.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := pool.Exec(ctx, `ANALYZE claims, messages, documents, document_messages`); err != nil {
		t.Fatal(err)
	}
	conn := acquireConn(t, pool)
	plan := explainGeneric(t, conn, storage.ClaimSendersSQL, `1, 'office.example', ARRAY[]::text[], 5`)
	for _, index := range []string{"messages_claim_idx", "document_messages_message_idx"} {
		if !strings.Contains(plan, index) {
			t.Errorf("the plan reads no %s:\n%s", index, plan)
		}
	}
	// The senders' documents are counted once, not read again per sender.
	if !strings.Contains(plan, "CTE docs") {
		t.Errorf("the plan reads the documents per sender:\n%s", plan)
	}
	for _, wide := range []string{"Seq Scan on messages", "Seq Scan on document_messages", "Seq Scan on documents"} {
		if strings.Contains(plan, wide) {
			t.Errorf("the plan has a %s:\n%s", wide, plan)
		}
	}
	senders, err := db.ClaimSenders(ctx, 1, "office.example", nil, 5)
	if err != nil || len(senders) != 5 {
		t.Fatalf("%d senders (%v), want 5", len(senders), err)
	}
}

// Adding a person keeps the claim's others, records the change in its
// history, and adds nobody twice; a claim that does not exist is not
// found.
func TestAddClaimParticipant(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openDB(t)
	c := saveClaim(t, db, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5"})
	foreman := []storage.ClaimParticipant{{Role: "foreman", Name: "Marcus Lee"}}
	if _, err := db.UpdateClaim(ctx, c.ID, storage.ClaimPatch{Participants: &foreman}, "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	jake := storage.ClaimParticipant{Role: "technician", Name: "Jake Halvorsen", Email: "JHalvorsen@office.example"}
	// Twice, and once more as a page older than the record names him.
	for _, p := range []storage.ClaimParticipant{jake, jake, {Role: "technician", Name: "Jake", Email: "jhalvorsen@office.example"}} {
		if err := db.AddClaimParticipant(ctx, c.ID, p, "lee@office.example"); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := db.ParticipantsOfClaims(ctx, []int64{c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := ps[c.ID]; len(got) != 2 || got[0].Name != "Marcus Lee" || got[1].Name != "Jake Halvorsen" ||
		got[1].Email != "jhalvorsen@office.example" {
		t.Errorf("participants %+v, want the foreman and the technician added", got)
	}
	changes, err := db.ClaimChanges(ctx, c.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[0].Actor != "lee@office.example" || changes[0].Old != "foreman: Marcus Lee" ||
		changes[0].New != "foreman: Marcus Lee\ntechnician: Jake Halvorsen <jhalvorsen@office.example>" {
		t.Errorf("history %+v, want the record's edit and one addition", changes)
	}
	if err := db.AddClaimParticipant(ctx, c.ID+100, jake, "lee@office.example"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("a missing claim: %v, want not found", err)
	}
	if err := db.AddClaimParticipant(ctx, c.ID, storage.ClaimParticipant{Role: "plumber", Name: "Al"}, "x"); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("an unknown role: %v, want invalid", err)
	}
}
