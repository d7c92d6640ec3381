package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ClaimSender is someone who wrote into a claim: the From of its filed
// incoming mail, with what they sent.
type ClaimSender struct {
	Email string // lower case
	// Name is the From name of their latest message that had one.
	Name     string
	Messages int
	// Documents counts the documents their mail brought, by type (photo,
	// atp...); the mail itself (correspondence) is not counted.
	Documents map[string]int
	// Office marks an address of the office's own domain: its staff.
	Office bool
	// User marks the address of someone who signs in to the claim's
	// office: a coordinator, say.
	User bool
	Last time.Time
}

// DocumentCount is how many documents the sender's mail brought.
func (s ClaimSender) DocumentCount() int {
	n := 0
	for _, c := range s.Documents {
		n += c
	}
	return n
}

// claimSendersRead bounds the mail ClaimSenders reads of a claim: its
// latest messages. A claim has tens of messages, a long one thousands;
// who wrote lately is who is on the job.
const claimSendersRead = 2000

// claimSendersSQL is ClaimSenders' query: $1 the claim, $2 the office's
// mail domain (empty when none), $3 addresses never to suggest, $4 the limit.
// It reads the claim's latest messages by messages_claim_idx and their
// documents by document_messages_message_idx.
var claimSendersSQL = fmt.Sprintf(`
	WITH mail AS (
		SELECT m.id, lower(m.from_address) AS addr, m.from_name, m.needs_ack, m.received_at
		FROM messages m
		WHERE m.claim_id = $1 AND m.direction = 'in' AND m.status = 'filed' AND m.undelivered IS NULL
		ORDER BY m.received_at DESC
		LIMIT %d
	), senders AS (
		SELECT addr,
		       -- the address without a +tag: the office's claims+JOB forward
		       -- addresses are its mailbox's
		       regexp_replace(addr, '\+[^@]*@', '@') AS plain,
		       coalesce((array_agg(from_name ORDER BY received_at DESC) FILTER (WHERE from_name <> ''))[1], '') AS name,
		       count(*) AS messages, bool_or(needs_ack) AS person, max(received_at) AS last,
		       $2::text <> '' AND (split_part(addr, '@', 2) = $2::text
		           OR right(split_part(addr, '@', 2), length($2::text) + 1) = '.' || $2::text) AS office
		FROM mail
		WHERE addr ~ '^[^@\s]+@[^@\s]+$' AND addr !~ '^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@'
		GROUP BY addr
	), docs AS MATERIALIZED (
		-- each sender's documents by type, read once for all senders
		SELECT addr, jsonb_object_agg(doc_type, n) AS types, sum(n) AS total
		FROM (SELECT mail.addr, x.doc_type, count(DISTINCT x.id) AS n
		      FROM mail,
		           -- each message's links by their index, whatever the
		           -- table's size when the plan is made (OFFSET 0 keeps
		           -- Postgres from joining the links as a table)
		           LATERAL (SELECT d.id, d.doc_type FROM document_messages dm
		                    JOIN documents d ON d.id = dm.document_id
		                    WHERE dm.message_id = mail.id AND d.claim_id = $1 AND d.doc_type <> 'correspondence'
		                    OFFSET 0) x
		      GROUP BY mail.addr, x.doc_type) by_type
		GROUP BY addr
	)
	SELECT s.addr, s.name, s.messages, s.office, s.last,
	       EXISTS (SELECT 1 FROM users u JOIN user_offices uo ON uo.user_id = u.id
	               WHERE lower(u.email) = s.addr AND uo.office_id = c.office_id) AS is_user,
	       coalesce(d.types, '{}'::jsonb)
	FROM senders s
	JOIN claims c ON c.id = $1
	LEFT JOIN docs d ON d.addr = s.addr
	WHERE (s.office OR s.person)
	  AND s.addr <> lower(c.adjuster_email) AND s.addr <> lower(c.insured_email)
	  AND (s.name = '' OR lower(s.name) NOT IN (lower(c.adjuster_name), lower(c.insured_name)))
	  AND s.addr <> ALL ($3::text[])
	  -- those a coordinator said are not part of the claim
	  AND NOT EXISTS (SELECT 1 FROM claim_dismissed_senders x WHERE x.claim_id = $1 AND x.email = s.addr)
	  AND NOT EXISTS (SELECT 1 FROM claim_participants p WHERE p.claim_id = $1
	                  AND (lower(p.email) = s.addr OR s.name <> '' AND lower(p.name) = lower(s.name)))
	  -- the office's own mailboxes, by their address or their login
	  -- (mailboxes name an account user@host)
	  AND NOT EXISTS (SELECT 1 FROM mailboxes mb
	                  WHERE lower(mb.account) = s.plain OR starts_with(lower(mb.account), s.plain || '@'))
	  AND NOT EXISTS (SELECT 1 FROM mailbox_accounts a WHERE lower(a.username) = s.plain)
	ORDER BY coalesce(d.total, 0) > 0 DESC, s.office DESC, coalesce(d.total, 0) DESC, s.messages DESC, s.last DESC, s.addr
	LIMIT $4`, claimSendersRead)

// ClaimSenders returns up to limit people who wrote into claim id (its
// filed incoming mail, bounces left out) and are not among its people yet,
// most useful first: those whose mail brought documents, the office's own
// (officeDomain) before others, then by how much they sent. Left out are
// the claim's adjuster and insured and its participants (by email or
// name), those dismissed from the claim's suggestions
// (DismissClaimSender), the office's mailboxes, the addresses in skip
// (lower case), system senders (mailer-daemon, no-reply), and anyone from
// outside the office whose mail was all automatic (no message needing an
// answer): notifications, newsletters, autoreplies.
func (db *DB) ClaimSenders(ctx context.Context, id int64, officeDomain string, skip []string, limit int) ([]ClaimSender, error) {
	if skip == nil {
		skip = []string{}
	}
	domain := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(officeDomain, "@")))
	rows, err := db.pool.Query(ctx, claimSendersSQL, id, domain, skip, limit)
	if err != nil {
		return nil, fmt.Errorf("senders of claim %d: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ClaimSender, error) {
		var s ClaimSender
		err := r.Scan(&s.Email, &s.Name, &s.Messages, &s.Office, &s.Last, &s.User, &s.Documents)
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("senders of claim %d: %w", id, err)
	}
	return out, nil
}

// AddClaimParticipant adds p to claim id's people on behalf of actor,
// keeping the others, and records the change in the claim's history as
// the record form's edits are; p already on the claim in that role changes
// nothing. An unknown role is ErrInvalid, a missing claim ErrNotFound.
func (db *DB) AddClaimParticipant(ctx context.Context, id int64, p ClaimParticipant, actor string) error {
	return db.InTx(ctx, func(tx pgx.Tx) error {
		// The claim's row, locked as UpdateClaim locks it: two people added
		// at once each keep the other.
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM claims WHERE id = $1 FOR UPDATE`, id).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("claim %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("lock claim %d: %w", id, err)
		}
		old, err := participantsTx(ctx, tx, id)
		if err != nil {
			return err
		}
		// Someone already there in that role by their address is there
		// (a page older than the record may name them otherwise).
		email := strings.ToLower(strings.TrimSpace(p.Email))
		if email != "" && slices.ContainsFunc(old, func(o ClaimParticipant) bool { return o.Role == p.Role && o.Email == email }) {
			return nil
		}
		return replaceParticipants(ctx, tx, id, append(old, p), actor)
	})
}

// DismissedSenderField is the field of the claim's history that records a
// sender dismissed from its suggestions (new value: who) and restored (old
// value: who).
const DismissedSenderField = "dismissed_sender"

// DismissedSender is someone who wrote into a claim and whom a coordinator
// said is not part of it: the claim suggests them no more.
type DismissedSender struct {
	Email string // lower case
	// Name is the name they were suggested by, if any.
	Name string
	By   string
	At   time.Time
}

// senderText names a sender in the claim's history: "Name <email>", or
// the address alone.
func senderText(name, email string) string {
	if name == "" {
		return email
	}
	return name + " <" + email + ">"
}

// DismissClaimSender stops suggesting email (named name) on claim id, on
// behalf of actor, and records it in the claim's history; one already
// dismissed changes nothing. Other claims still suggest them, and they can
// still be added to this one's people (which ends the dismissal). An empty
// or overlong address is ErrInvalid, a missing claim ErrNotFound.
func (db *DB) DismissClaimSender(ctx context.Context, id int64, email, name, actor string) error {
	email, name = strings.ToLower(plainParticipant(email)), plainParticipant(name)
	if email == "" || len(email) > MaxClaimField || len(name) > MaxClaimField {
		return fmt.Errorf("dismiss sender %q of claim %d: empty or longer than %d bytes: %w", email, id, MaxClaimField, ErrInvalid)
	}
	return db.InTx(ctx, func(tx pgx.Tx) error {
		if err := lockClaimSenders(ctx, tx, id); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO claim_dismissed_senders (claim_id, email, name, dismissed_by)
			VALUES ($1, $2, $3, $4) ON CONFLICT (claim_id, email) DO NOTHING`, id, email, name, actor)
		if err != nil {
			return fmt.Errorf("dismiss sender %q of claim %d: %w", email, id, err)
		}
		if tag.RowsAffected() == 0 {
			return nil // dismissed already
		}
		return recordChange(ctx, tx, id, actor, DismissedSenderField, "", senderText(name, email))
	})
}

// RestoreClaimSender suggests email on claim id again, undoing
// DismissClaimSender on behalf of actor, and records it in the claim's
// history; an address not dismissed changes nothing. A missing claim is
// ErrNotFound.
func (db *DB) RestoreClaimSender(ctx context.Context, id int64, email, actor string) error {
	email = strings.ToLower(plainParticipant(email))
	return db.InTx(ctx, func(tx pgx.Tx) error {
		if err := lockClaimSenders(ctx, tx, id); err != nil {
			return err
		}
		var name string
		err := tx.QueryRow(ctx, `DELETE FROM claim_dismissed_senders WHERE claim_id = $1 AND email = $2
			RETURNING name`, id, email).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // not dismissed
		}
		if err != nil {
			return fmt.Errorf("restore sender %q of claim %d: %w", email, id, err)
		}
		return recordChange(ctx, tx, id, actor, DismissedSenderField, senderText(name, email), "")
	})
}

// DismissedClaimSenders returns those dismissed from claim id's
// suggestions, the latest first.
func (db *DB) DismissedClaimSenders(ctx context.Context, id int64) ([]DismissedSender, error) {
	rows, err := db.pool.Query(ctx, `SELECT email, name, dismissed_by, dismissed_at FROM claim_dismissed_senders
		WHERE claim_id = $1 ORDER BY dismissed_at DESC, email`, id)
	if err != nil {
		return nil, fmt.Errorf("dismissed senders of claim %d: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[DismissedSender])
	if err != nil {
		return nil, fmt.Errorf("dismissed senders of claim %d: %w", id, err)
	}
	return out, nil
}

// lockClaimSenders locks claim id's row in tx against a change of its
// people (AddClaimParticipant and UpdateClaim lock it FOR UPDATE), so that
// a dismissal and an add at once each see the other; mail and documents
// filed into the claim meanwhile are not held up. A missing claim is
// ErrNotFound.
func lockClaimSenders(ctx context.Context, tx pgx.Tx, id int64) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM claims WHERE id = $1 FOR NO KEY UPDATE`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("claim %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("lock claim %d: %w", id, err)
	}
	return nil
}
