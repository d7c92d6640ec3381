package storage

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// StoredMessage is a message row as the processing job needs it.
type StoredMessage struct {
	ID        int64
	MailboxID int64
	Direction string
	RawSHA256 string
	RawSize   int64
	Status    string
	Error     string
	// FailedPermanently marks a failure processing again cannot mend.
	FailedPermanently bool
	ArrivedAt         time.Time // when it reached the mailbox
	// OfficeID is the office the message belongs to: its mailbox's, or the
	// one a forward address or a person gave it.
	OfficeID int64
}

// GetMessage returns message id; ErrNotFound when there is none.
func (db *DB) GetMessage(ctx context.Context, id int64) (StoredMessage, error) {
	var m StoredMessage
	err := db.pool.QueryRow(ctx, `
		SELECT id, mailbox_id, direction, raw_sha256, raw_size, status, error, failed_permanently, `+arrivedAt+`, office_id
		FROM messages WHERE id = $1`, id).
		Scan(&m.ID, &m.MailboxID, &m.Direction, &m.RawSHA256, &m.RawSize, &m.Status, &m.Error, &m.FailedPermanently,
			&m.ArrivedAt, &m.OfficeID)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("get message %d: %w", id, err)
	}
	return m, nil
}

// ParsedMessage is what parsing adds to a stored message.
type ParsedMessage struct {
	To, Cc   []string
	BodyText string
	BodyHTML string
	Warnings []string
	Parts    []MessagePart
	// Incomplete says why parsing stopped before the end of the message
	// (a part or nesting cap); empty when all of it was read.
	Incomplete string
	// ForwardedBy is the address whose automatic forwarding brought the
	// message; empty for mail that came straight.
	ForwardedBy string
}

// MessagePart is one stored MIME leaf part.
type MessagePart struct {
	Path         string
	ContentType  string
	Disposition  string
	Filename     string
	ContentID    string
	IsInline     bool
	IsAttachment bool
	Nested       int
	Truncated    bool
	SHA256       string // empty for body parts, which live in the message row
	Size         int64
}

// SaveParsed stores a parse result and sets the message's status to parsed.
// Saving again replaces the earlier result: a retry is not a duplicate.
func (db *DB) SaveParsed(ctx context.Context, id int64, p ParsedMessage) error {
	return db.InTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, saveParsedSQL, parsedArgs(id, p)...)
		if err != nil {
			return fmt.Errorf("save parsed message %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("message %d: %w", id, ErrNotFound)
		}
		return replaceParts(ctx, tx, id, p.Parts, nil)
	})
}

// saveParsedSQL stores the parse of a message, $1, and sets it parsed.
const saveParsedSQL = `
	UPDATE messages SET to_addresses = $2, cc_addresses = $3, body_text = $4, body_html = $5,
	       warnings = $6, incomplete = $7, forwarded_by = $8, status = 'parsed', error = '', failed_permanently = false,
	       updated_at = now()
	WHERE id = $1`

// parsedArgs are the arguments of saveParsedSQL.
func parsedArgs(id int64, p ParsedMessage) []any {
	return []any{id, pgTexts(p.To), pgTexts(p.Cc), pgText(p.BodyText), pgText(p.BodyHTML), pgTexts(p.Warnings), pgText(p.Incomplete),
		pgText(p.ForwardedBy)}
}

// SaveProcessed stores within tx a parse result and the classification made
// of it, as QueueProcessed queues it, in one round trip.
func SaveProcessed(ctx context.Context, tx pgx.Tx, id int64, p ParsedMessage, c Classification) error {
	b := &pgx.Batch{}
	QueueProcessed(b, id, p, c)
	return SendQueued(ctx, tx, b)
}

// QueueProcessed queues on b the storing of a parse result and the
// classification made of it, as SaveParsed then SaveClassification would,
// in one update of the message's row: every update of a message writes a
// new version of the row into each of its indexes, the full-text one
// included. The parts an earlier run stored are deleted by the same
// statement (Postgres ends the DELETE once the UPDATE is done, before the
// parts' insert that follows it): on a message's first run, which finds
// none, a statement of its own would be paid for nothing.
//
// Both run by the plans the connection keeps, made without whole-table
// reads (keptIndexPlans), as do the foreign-key checks and row triggers
// they set off (the deferred ones run at commit, by plans of their own):
// each finds its rows by a key, whatever the values, and Postgres would
// otherwise plan them anew for a connection's first five messages and,
// while the tables grow, for many of those after each analyze. A
// connection's first message makes the plans, when the tables may be
// small enough that reading them whole looks cheapest. b must be sent
// within a transaction.
func QueueProcessed(b *pgx.Batch, id int64, p ParsedMessage, c Classification) {
	queueSettings(b, keptIndexPlans)
	queueProcessedRow(b, id, p, c)
	queueInsertParts(b, id, p.Parts, c.DocTypes)
	queueSettingsBack(b, keptIndexPlans)
}

// queueProcessedRow queues the update of message id's row of
// QueueProcessed.
func queueProcessedRow(b *pgx.Batch, id int64, p ParsedMessage, c Classification) {
	var claimID *int64
	if c.ClaimID != 0 {
		claimID = &c.ClaimID
	}
	b.Queue(processedRowSQL, id, pgTexts(p.To), pgTexts(p.Cc), pgText(p.BodyText), pgText(p.BodyHTML), pgTexts(p.Warnings),
		c.Status, claimID, c.NeedsAck, c.Decision, pgTexts(c.Unknown), c.AckDue, pgText(p.Incomplete), c.Undelivered,
		pgText(p.ForwardedBy)).Fn = func(br pgx.BatchResults) error {
		tag, err := br.Exec()
		if err != nil {
			return fmt.Errorf("save processed message %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("message %d: %w", id, ErrNotFound)
		}
		return nil
	}
}

// processedRowSQL updates message $1 as QueueProcessed does.
const processedRowSQL = `
	WITH earlier_parts AS (DELETE FROM message_parts WHERE message_id = $1)
	UPDATE messages SET to_addresses = $2, cc_addresses = $3, body_text = $4, body_html = $5,
	       warnings = $6, status = $7, claim_id = $8, needs_ack = $9, decision = $10, unknown_ids = $11,
	       ack_due_at = coalesce($12, ack_due_at), incomplete = $13, undelivered = $14, forwarded_by = $15, error = '',
	       failed_permanently = false, updated_at = now()
	WHERE id = $1`

// replaceParts stores the parts of message id in place of any stored
// before, with their document types when known.
func replaceParts(ctx context.Context, tx pgx.Tx, id int64, parts []MessagePart, docTypes map[string][2]string) error {
	b := &pgx.Batch{}
	queueReplaceParts(b, id, parts, docTypes)
	return SendQueued(ctx, tx, b)
}

// queueReplaceParts queues on b the statements of replaceParts.
func queueReplaceParts(b *pgx.Batch, id int64, parts []MessagePart, docTypes map[string][2]string) {
	queueExec(b, fmt.Sprintf("delete parts of message %d", id), `DELETE FROM message_parts WHERE message_id = $1`, id)
	queueInsertParts(b, id, parts, docTypes)
}

// queueInsertParts queues on b the insert of the parts of message id: they
// go as one row of arrays, unnested by Postgres, which a batch can carry
// (a COPY cannot).
func queueInsertParts(b *pgx.Batch, id int64, parts []MessagePart, docTypes map[string][2]string) {
	if len(parts) == 0 {
		return
	}
	var (
		paths, types, dispositions, filenames, contentIDs, docs, evidence []string
		inline, attachment, truncated                                     []bool
		nested                                                            []int32
		shas                                                              []*string
		sizes                                                             []int64
	)
	for _, pt := range parts {
		var sha *string
		if pt.SHA256 != "" {
			sha = &pt.SHA256
		}
		dt := docTypes[pt.Path]
		paths = append(paths, pt.Path)
		types = append(types, pgText(pt.ContentType))
		dispositions = append(dispositions, pgText(pt.Disposition))
		filenames = append(filenames, pgText(pt.Filename))
		contentIDs = append(contentIDs, pgText(pt.ContentID))
		inline = append(inline, pt.IsInline)
		attachment = append(attachment, pt.IsAttachment)
		nested = append(nested, int32(pt.Nested))
		truncated = append(truncated, pt.Truncated)
		shas = append(shas, sha)
		sizes = append(sizes, pt.Size)
		docs = append(docs, dt[0])
		evidence = append(evidence, pgText(dt[1]))
	}
	// WITH ORDINALITY keeps the parts' order in their ids, which filing
	// reads them by.
	queueExec(b, fmt.Sprintf("save parts of message %d", id), `
		INSERT INTO message_parts (message_id, part_path, content_type, disposition, filename, content_id,
		       is_inline, is_attachment, nested, truncated, sha256, size, doc_type, doc_type_evidence)
		SELECT $1, p, ct, disp, fn, cid, inl, att, nst, trunc, sha, sz, dt, ev
		FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[],
		            $9::integer[], $10::boolean[], $11::text[], $12::bigint[], $13::text[], $14::text[])
		     WITH ORDINALITY AS u (p, ct, disp, fn, cid, inl, att, nst, trunc, sha, sz, dt, ev, n)
		ORDER BY n`,
		id, paths, types, dispositions, filenames, contentIDs, inline, attachment, nested, truncated, shas, sizes, docs, evidence)
}

// SetMessageStatus records a status and its error text (empty when none).
func (db *DB) SetMessageStatus(ctx context.Context, id int64, status, errText string) error {
	_, err := db.pool.Exec(ctx, `UPDATE messages SET status = $2, error = $3, failed_permanently = false, updated_at = now()
		WHERE id = $1`, id, status, pgText(errText))
	if err != nil {
		return fmt.Errorf("set status of message %d: %w", id, err)
	}
	return nil
}

// FailMessagePermanently records that message id failed for a reason
// processing again cannot mend (it has no mail header at all): ResetFailed
// leaves it alone, and no page offers to retry it.
func (db *DB) FailMessagePermanently(ctx context.Context, id int64, reason string) error {
	_, err := db.pool.Exec(ctx, `UPDATE messages SET status = 'failed', error = $2, failed_permanently = true, updated_at = now()
		WHERE id = $1`, id, pgText(reason))
	if err != nil {
		return fmt.Errorf("fail message %d: %w", id, err)
	}
	return nil
}

// pgText makes s storable as Postgres text, which holds neither NUL bytes
// nor invalid UTF-8; hostile mail may contain both.
func pgText(s string) string {
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
}

// ResetFailed sets the named failed messages (all failed ones when ids is
// empty) back to new within tx and returns their ids. Messages that failed
// permanently stay failed: processing them again cannot help.
func ResetFailed(ctx context.Context, tx pgx.Tx, ids []int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `
		UPDATE messages SET status = 'new', error = '', updated_at = now()
		WHERE status = 'failed' AND NOT failed_permanently AND (cardinality($1::bigint[]) = 0 OR id = ANY($1))
		RETURNING id`, ids)
	if err != nil {
		return nil, fmt.Errorf("reset failed messages: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// Classification is what the classifier decided about a message.
type Classification struct {
	Status   string // StatusFiled, StatusTriage or StatusIgnored
	ClaimID  int64  // 0 unless filed
	NeedsAck bool
	Decision []byte   // the decision as JSON: outcome, reason, evidence, candidates
	Unknown  []string // normalized numbers no claim had yet
	DocTypes map[string][2]string
	// AckDue, when set, is when the message must be acknowledged; only
	// SaveProcessed records it.
	AckDue *time.Time
	// Undelivered is set on a delivery report (a bounce); whether it
	// returns the office's mail is linked after (LinkUndeliveredReport).
	// Only SaveProcessed records it.
	Undelivered *Undelivered
}

// SaveClassification stores a classification within tx. DocTypes maps part
// paths to a document type and its reason.
func SaveClassification(ctx context.Context, tx pgx.Tx, id int64, c Classification) error {
	var claimID *int64
	if c.ClaimID != 0 {
		claimID = &c.ClaimID
	}
	tag, err := tx.Exec(ctx, `
		UPDATE messages SET status = $2, claim_id = $3, needs_ack = $4, decision = $5, unknown_ids = $6,
		       error = '', updated_at = now()
		WHERE id = $1`, id, c.Status, claimID, c.NeedsAck, c.Decision, pgTexts(c.Unknown))
	if err != nil {
		return fmt.Errorf("save classification of message %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	for path, dt := range c.DocTypes {
		if _, err := tx.Exec(ctx, `UPDATE message_parts SET doc_type = $3, doc_type_evidence = $4
			WHERE message_id = $1 AND part_path = $2`, id, path, dt[0], pgText(dt[1])); err != nil {
			return fmt.Errorf("save document types of message %d: %w", id, err)
		}
	}
	return nil
}

// MessagesAwaiting returns the messages in triage in office that a newly
// filed message or claim of the office may settle: replies to messageID,
// and messages naming one of numbers (normalized) that no claim had when
// they were classified. Other offices' mail cannot match the office's claims.
// It holds the office's triage lock shared until tx ends (see triageLock).
func MessagesAwaiting(ctx context.Context, tx pgx.Tx, office int64, messageID string, numbers []string) ([]int64, error) {
	args := []any{office}
	var lookups []string
	if messageID != "" {
		args = append(args, messageID)
		lookups = append(lookups, fmt.Sprintf(awaitingReplySQL, len(args)))
	}
	if len(numbers) > 0 {
		args = append(args, pgTexts(numbers))
		lookups = append(lookups, fmt.Sprintf(awaitingNumberSQL, len(args)))
	}
	if len(lookups) == 0 {
		return nil, nil
	}
	b := &pgx.Batch{}
	queueExec(b, "lock the office's mail in triage", `SELECT pg_advisory_xact_lock_shared($1)`, triageLock(office))
	var ids []int64
	queueWithSettings(b, keptIndexPlans, strings.Join(lookups, " UNION "), args...).Fn = func(br pgx.BatchResults) error {
		rows, err := br.Query()
		if err == nil {
			ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		}
		return err
	}
	if err := SendQueued(ctx, tx, b); err != nil {
		return nil, fmt.Errorf("find messages awaiting %s: %w", messageID, err)
	}
	return ids, nil
}

// triageLock is the advisory lock of an office's mail in triage. A message
// classified while another transaction files into, or creates, a claim
// that settles it could otherwise be lost to both: the other transaction
// looks for mail in triage before the message is there, and the message's
// classification read the claims before they were there. So a transaction
// that may settle mail holds the lock shared from its look (MessagesAwaiting)
// to its end, and one that puts a message in triage takes it alone before it
// looks for what settles the message (TriageSettled): either the first finds
// the message in triage, or the second finds what the first committed.
func triageLock(office int64) int64 {
	return lockID("triage " + strconv.FormatInt(office, 10))
}

// TriageSettled reports whether message id, in triage in office, is
// settled by what committed since it was classified: a claim of the office
// with one of the numbers no claim had (its unknown_ids), a message of
// its thread filed into a claim other than seen, the thread's claims its
// classification knew, or a delivery report returning it (the office's
// own), which may tell whom it was meant for. It first takes the office's triage lock alone, until
// tx ends (see triageLock): tx should hold nothing else, or it may wait for
// a transaction that waits for it.
func TriageSettled(ctx context.Context, tx pgx.Tx, id, office int64, seen []int64) (bool, error) {
	if seen == nil {
		seen = []int64{} // <> ALL(NULL) is never true
	}
	b := &pgx.Batch{}
	queueExec(b, "lock the office's mail in triage", `SELECT pg_advisory_xact_lock($1)`, triageLock(office))
	var settled bool
	queueWithSettings(b, keptIndexPlans, triageSettledSQL, id, office, seen).Fn = func(br pgx.BatchResults) error {
		return br.QueryRow().Scan(&settled)
	}
	if err := SendQueued(ctx, tx, b); err != nil {
		return false, fmt.Errorf("look for what settles message %d: %w", id, err)
	}
	return settled, nil
}

// triageSettledSQL is TriageSettled's look, the two of MessagesAwaiting
// turned round. The message's numbers and thread come from its row first,
// once. Each look can read only the index of its numbers or of Message-IDs:
// the office and a filed message's claim are compared as values (+ 0), as
// their indexes would read every claim of the office or all filed mail, and
// a plan kept from a young office's small tables would use them.
const triageSettledSQL = `
	WITH t AS MATERIALIZED (
		SELECT coalesce(unknown_ids, '{}') AS numbers, array_append(refs, in_reply_to) AS thread, message_id
		FROM messages WHERE id = $1
	)
	SELECT EXISTS (SELECT FROM claims WHERE job_number_norm = ANY((SELECT numbers FROM t)::text[]) AND office_id + 0 = $2)
	    OR EXISTS (SELECT FROM claims WHERE claim_number_norm = ANY((SELECT numbers FROM t)::text[])
	                                    AND claim_number_norm <> '' AND office_id + 0 = $2)
	    OR EXISTS (SELECT FROM claims WHERE policy_number_norm = ANY((SELECT numbers FROM t)::text[])
	                                    AND policy_number_norm <> '' AND office_id + 0 = $2)
	    OR EXISTS (SELECT FROM claims WHERE adjuster_file_number_norm = ANY((SELECT numbers FROM t)::text[])
	                                    AND adjuster_file_number_norm <> '' AND office_id + 0 = $2)
	    OR EXISTS (SELECT FROM messages WHERE message_id = ANY((SELECT thread FROM t)::text[]) AND message_id <> ''
	                                      AND coalesce(claim_id + 0, 0) <> ALL($3::bigint[] || 0::bigint)
	                                      AND office_id + 0 = $2)
	    OR EXISTS (SELECT FROM messages WHERE undelivered->>'returned' = (SELECT message_id FROM t) AND undelivered IS NOT NULL
	                                      AND (SELECT message_id FROM t) <> '' AND office_id + 0 = $2)`

// awaitingReplySQL and awaitingNumberSQL are the two halves of
// MessagesAwaiting; each is asked only when it has something to look for.
// Office is $1 and each takes its value as the parameter numbered %d.
// Each asks of an expression that has a value only for mail in triage,
// which only that expression's index holds (migration 50): no plan can
// read every message in triage, whatever the table's statistics say when
// the connection makes the plan it keeps (keptIndexPlans; the values do not
// change it).
const (
	awaitingReplySQL = `
		SELECT id FROM messages
		WHERE CASE WHEN status = 'triage' THEN array_append(refs, in_reply_to) END @> ARRAY[$%[1]d::text]
		  AND office_id = $1`
	awaitingNumberSQL = `
		SELECT id FROM messages
		WHERE CASE WHEN status = 'triage' THEN unknown_ids END && $%d::text[] AND office_id = $1`
)
