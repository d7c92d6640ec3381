package storage_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// Who wrote into a claim is read from the claim's latest messages by
// messages_claim_idx and their documents by document_messages_message_idx,
// however much mail the office has, and those dismissed from its
// suggestions by their key: never every message, nor every document link,
// nor every dismissal.
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
		// Each claim had senders dismissed from its suggestions: one of the
		// office's, and a hundred billing robots.
		`INSERT INTO claim_dismissed_senders (claim_id, email)
		 SELECT id, 'tech' || id % 7 || '@office.example' FROM claims
		 UNION ALL SELECT c.id, 'billing' || n || '@vendor.example' FROM claims c, generate_series(1, 100) n`,
	} {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{mb.ID}
		}
		if _, err := pool.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := pool.Exec(ctx, `ANALYZE claims, messages, documents, document_messages, claim_dismissed_senders`); err != nil {
		t.Fatal(err)
	}
	conn := acquireConn(t, pool)
	plan := explainGeneric(t, conn, storage.ClaimSendersSQL, `1, 'office.example', ARRAY[]::text[], 5`)
	for _, index := range []string{"messages_claim_idx", "document_messages_message_idx", "claim_dismissed_senders_pkey"} {
		if !strings.Contains(plan, index) {
			t.Errorf("the plan reads no %s:\n%s", index, plan)
		}
	}
	// The senders' documents are counted once, not read again per sender.
	if !strings.Contains(plan, "CTE docs") {
		t.Errorf("the plan reads the documents per sender:\n%s", plan)
	}
	for _, wide := range []string{"Seq Scan on messages", "Seq Scan on document_messages", "Seq Scan on documents",
		"Seq Scan on claim_dismissed_senders"} {
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

// A sender dismissed from a claim's suggestions is suggested no more on
// that claim, and still on the others; the dismissal and its undoing are
// each one line of the claim's history, whoever repeats them; restored,
// they are suggested again; added to the claim's people, their dismissal
// ends.
func TestDismissClaimSender(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openDB(t)
	pool := storage.PoolOf(db)
	mb, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	a := saveClaim(t, db, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5"})
	b := saveClaim(t, db, storage.Claim{JobNumber: "26-1002-WTR", ClaimNumber: "0683449786"})
	// The vendor's billing desk and a plumber wrote into both claims.
	if _, err := pool.Exec(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size,
		                       office_id, status, claim_id, from_address, from_name, needs_ack)
		SELECT $1, 1, i * 10 + c, 'in', encode(sha256((i * 10 + c)::text::bytea), 'hex'), 10, 1, 'filed', c,
		       (ARRAY['Billing@Vendor.example', 'pete@plumbfast.example'])[1 + i % 2],
		       (ARRAY['Vendor Billing', 'Pete Lindqvist'])[1 + i % 2], true
		FROM generate_series(1, 4) i, unnest($2::bigint[]) c`, mb.ID, []int64{a.ID, b.ID}); err != nil {
		t.Fatal(err)
	}
	suggested := func(claim int64) []string {
		t.Helper()
		ss, err := db.ClaimSenders(ctx, claim, "office.example", nil, 5)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range ss {
			out = append(out, s.Email)
		}
		slices.Sort(out)
		return out
	}
	both := []string{"billing@vendor.example", "pete@plumbfast.example"}
	if got := suggested(a.ID); !slices.Equal(got, both) {
		t.Fatalf("before a dismissal, claim A suggests %q, want %q", got, both)
	}

	// Twice, the second time as the page writes the address.
	for _, email := range []string{"billing@vendor.example", " Billing@Vendor.example"} {
		if err := db.DismissClaimSender(ctx, a.ID, email, "Vendor Billing", "dana@office.example"); err != nil {
			t.Fatal(err)
		}
	}
	if got := suggested(a.ID); !slices.Equal(got, []string{"pete@plumbfast.example"}) {
		t.Errorf("after the billing desk's dismissal, claim A suggests %q", got)
	}
	if got := suggested(b.ID); !slices.Equal(got, both) {
		t.Errorf("claim B, where nobody was dismissed, suggests %q, want %q", got, both)
	}
	dismissed, err := db.DismissedClaimSenders(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(dismissed) != 1 || dismissed[0].Email != "billing@vendor.example" || dismissed[0].Name != "Vendor Billing" ||
		dismissed[0].By != "dana@office.example" || dismissed[0].At.IsZero() {
		t.Errorf("claim A's dismissed %+v, want the billing desk dismissed by Dana", dismissed)
	}
	if other, err := db.DismissedClaimSenders(ctx, b.ID); err != nil || len(other) != 0 {
		t.Errorf("claim B's dismissed %+v (%v), want none", other, err)
	}
	history := func(claim int64) []storage.ClaimChange {
		t.Helper()
		cs, err := db.ClaimChanges(ctx, claim, 10)
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	if cs := history(a.ID); len(cs) != 1 || cs[0].Field != storage.DismissedSenderField || cs[0].Actor != "dana@office.example" ||
		cs[0].Old != "" || cs[0].New != "Vendor Billing <billing@vendor.example>" {
		t.Errorf("claim A's history %+v, want one dismissal by Dana", cs)
	}

	// Restored, twice: suggested again, one more line of history.
	for range 2 {
		if err := db.RestoreClaimSender(ctx, a.ID, "BILLING@vendor.example", "lee@office.example"); err != nil {
			t.Fatal(err)
		}
	}
	if got := suggested(a.ID); !slices.Equal(got, both) {
		t.Errorf("after the restore, claim A suggests %q, want %q", got, both)
	}
	if cs := history(a.ID); len(cs) != 2 || cs[0].Field != storage.DismissedSenderField || cs[0].Actor != "lee@office.example" ||
		cs[0].Old != "Vendor Billing <billing@vendor.example>" || cs[0].New != "" {
		t.Errorf("claim A's history %+v, want the restore by Lee on top", cs)
	}
	if dismissed, err := db.DismissedClaimSenders(ctx, a.ID); err != nil || len(dismissed) != 0 {
		t.Errorf("restored, claim A's dismissed are %+v (%v)", dismissed, err)
	}

	// Dismissed, then added to the claim's people after all: added, and
	// no longer dismissed.
	if err := db.DismissClaimSender(ctx, a.ID, "pete@plumbfast.example", "", "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	if cs := history(a.ID); cs[0].New != "pete@plumbfast.example" {
		t.Errorf("a dismissal without a name is in the history as %q", cs[0].New)
	}
	pete := storage.ClaimParticipant{Role: "referred_by", Name: "Pete Lindqvist", Email: "pete@plumbfast.example"}
	if err := db.AddClaimParticipant(ctx, a.ID, pete, "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	if ps, err := db.ParticipantsOfClaims(ctx, []int64{a.ID}); err != nil || len(ps[a.ID]) != 1 || ps[a.ID][0].Email != pete.Email {
		t.Errorf("a dismissed sender added: participants %+v (%v)", ps[a.ID], err)
	}
	if dismissed, err := db.DismissedClaimSenders(ctx, a.ID); err != nil || len(dismissed) != 0 {
		t.Errorf("added to the people, Pete is still dismissed: %+v (%v)", dismissed, err)
	}

	if err := db.DismissClaimSender(ctx, b.ID+100, "pete@plumbfast.example", "", "x"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("dismissing on a missing claim: %v, want not found", err)
	}
	if err := db.RestoreClaimSender(ctx, b.ID+100, "pete@plumbfast.example", "x"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("restoring on a missing claim: %v, want not found", err)
	}
	if err := db.DismissClaimSender(ctx, a.ID, " ", "", "x"); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("dismissing no address: %v, want invalid", err)
	}
}
