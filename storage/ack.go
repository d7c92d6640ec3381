package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// arrivedAt is when a message reached the mailbox: the server's internal
// date, else the Date header, else when claimdesk stored it.
const arrivedAt = `coalesce(internal_date, sent_date, received_at)`

// SetAckDue records when a message that needs acknowledgment is due.
func SetAckDue(ctx context.Context, tx pgx.Tx, id int64, due time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE messages SET ack_due_at = $2 WHERE id = $1`, id, due)
	if err != nil {
		return fmt.Errorf("set ack due of message %d: %w", id, err)
	}
	return nil
}

// Waiting is a message waiting for acknowledgment.
type Waiting struct {
	ID        int64
	ArrivedAt time.Time
}

// replySide is an office reply as the choice of the message it answers
// sees it: SQL expressions of its In-Reply-To and References (ids), claim,
// sending time (at), mailbox account, and the message claimdesk wrote it
// to answer (answers: NULL for mail written elsewhere).
type replySide struct{ ids, claim, at, account, answers string }

// storedReply is replySide of the office reply alias, a messages row.
func storedReply(alias string) replySide {
	return replySide{
		ids:     `array_append(` + alias + `.refs, ` + alias + `.in_reply_to)`,
		claim:   alias + `.claim_id`,
		at:      arrivedAtOf(alias),
		account: `(SELECT account FROM mailboxes WHERE id = ` + alias + `.mailbox_id)`,
		answers: `(SELECT o.reply_to FROM outbox o WHERE o.message_id = ` + alias + `.message_id)`,
	}
}

// answeredOrder ranks the incoming messages t sharing a Message-ID as the
// message reply r answers, best first: the one claimdesk sent r in answer
// to (the coordinator clicked Acknowledge on that row), the one in r's
// claim, the one read in the account r went from (the same mail delivered
// to two of the office's mailboxes is answered from the one it was read
// in), the newest that arrived before r (a reply answers what was there to
// answer), else the newest. Copiers, scanners, carriers' systems and some
// mail programs reuse Message-IDs, so one ID can name several stored
// messages.
func answeredOrder(r replySide) string {
	return `(t.id = ` + r.answers + `) IS TRUE DESC, (t.claim_id = ` + r.claim + `) IS TRUE DESC, ` +
		`((SELECT account FROM mailboxes WHERE id = t.mailbox_id) = ` + r.account + `) IS TRUE DESC, ` +
		arrivedAtOf("t") + ` <= ` + r.at + ` DESC, ` + arrivedAtOf("t") + ` DESC, t.id DESC`
}

// threadLink is true when message w, of office, whose In-Reply-To and
// References are wThread and whose claim is wClaim, is in reply r's
// thread: they name a Message-ID in common. A Message-ID that several of
// the office's messages carry links the two only when both are filed to
// the same claim: which of those messages each one answers cannot be told
// otherwise, and a wrong guess takes a message nobody answered off the
// board, where one left waiting stays in sight.
func threadLink(wThread, wClaim, office string, r replySide) string {
	return `EXISTS (SELECT FROM unnest(` + wThread + `) x
		WHERE x <> '' AND x = ANY(` + r.ids + `)
		  AND ((` + wClaim + ` = ` + r.claim + `) IS TRUE
		       OR (SELECT count(*) FROM (SELECT FROM messages s
		                                 WHERE s.message_id = x AND s.message_id <> '' AND s.office_id = ` + office + `
		                                 LIMIT 2) s) < 2))`
}

// arrivedAtOf is arrivedAt of the messages row named alias.
func arrivedAtOf(alias string) string {
	return `coalesce(` + alias + `.internal_date, ` + alias + `.sent_date, ` + alias + `.received_at)`
}

// ThreadReply is an office reply as QueueWaitingInThread looks for the
// messages it answers.
type ThreadReply struct {
	ID      int64 // its row, for its Message-ID and account; 0 when not stored
	Office  int64
	Thread  []string // its In-Reply-To and References
	ClaimID *int64   // nil when it is filed to no claim
	At      time.Time
}

// QueueWaitingInThread queues on b the query of the incoming messages
// still waiting for acknowledgment, arrived at or before reply r was sent,
// in the thread it names by r.Thread: the messages named, and the other
// messages replying into the same thread (threadLink); waiting holds them
// once b is sent. Where several incoming messages share a named
// Message-ID, only the one r answers counts (answeredOrder). Only messages
// of r's office count: an adjuster writing to two offices at once is
// answered by each.
func QueueWaitingInThread(b *pgx.Batch, r ThreadReply, waiting *[]Waiting) {
	// A reply without In-Reply-To names no message by "": that would be
	// every message without a Message-ID or an In-Reply-To of its own.
	ids := slices.DeleteFunc(pgTexts(r.Thread), func(id string) bool { return id == "" })
	if len(ids) == 0 {
		return
	}
	// The thread's messages a person acknowledged are locked first, so
	// that an Undo (UndoManualAck) either waits for this reply's
	// transaction and then sees the reply, or is seen by the query of the
	// waiting messages below, which takes a snapshot of its own.
	queueExec(b, "lock the thread's messages acknowledged by hand", `
		SELECT id FROM messages
		WHERE direction = 'in' AND office_id = $3 AND acknowledged_at IS NOT NULL
		  AND ack_source IN ('`+AckManual+`', '`+AckOwnEmail+`', '`+AckNotNeeded+`')
		  AND ((message_id = ANY($1) AND message_id <> '') OR (in_reply_to = ANY($1) AND in_reply_to <> '') OR refs && $1)
		  AND `+arrivedAt+` <= $2
		ORDER BY id FOR SHARE`, ids, r.At, r.Office)
	reply := replySide{ids: "$1::text[]", claim: "$3::bigint", at: "$2::timestamptz",
		account: `(SELECT mb.account FROM messages x JOIN mailboxes mb ON mb.id = x.mailbox_id WHERE x.id = $5)`,
		answers: `(SELECT o.reply_to FROM outbox o JOIN messages x ON x.message_id = o.message_id WHERE x.id = $5)`}
	// The "<> ''" conditions are those of the partial indexes on both
	// columns, written out so that a cached generic plan uses them too.
	b.Queue(`
		WITH named AS (
			SELECT DISTINCT ON (t.message_id) t.id FROM messages t
			WHERE t.direction = 'in' AND t.message_id = ANY($1) AND t.message_id <> '' AND t.office_id = $4
			ORDER BY t.message_id, `+answeredOrder(reply)+`
		)
		SELECT w.id, `+arrivedAtOf("w")+` FROM messages w
		WHERE `+awaitingAck+` AND w.office_id = $4
		  AND (w.id IN (SELECT id FROM named)
		       OR (((w.in_reply_to = ANY($1) AND w.in_reply_to <> '') OR w.refs && $1)
		           AND `+threadLink("array_append(w.refs, w.in_reply_to)", "w.claim_id", "$4", reply)+`))
		  AND `+arrivedAtOf("w")+` <= $2
		ORDER BY 2`, ids, r.At, r.ClaimID, r.Office, r.ID).Query(func(rows pgx.Rows) error {
		var err error
		if *waiting, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Waiting]); err != nil {
			return fmt.Errorf("find messages waiting in thread: %w", err)
		}
		return nil
	})
}

// Reply is the office reply QueueFirstReply finds: Found is false when
// there is none.
type Reply struct {
	ID    int64
	At    time.Time // when it was sent
	Found bool
}

// firstReplySQL finds the earliest office reply that answers incoming
// message $2, sent at or after it arrived: one naming its Message-ID $1
// (where other incoming messages share it, one answeredOrder ranks it
// first for), or one in its thread by another Message-ID it names in its
// In-Reply-To and References ($3; threadLink). $4 is $3 and $1 together.
// Message $2 itself is always a candidate, whatever Message-ID its row
// recorded. Only a reply of message $2's office counts. The times are
// compared as values (+ interval '0'): by the index of arrival times, a
// plan kept for any message would read every message since, which for
// old mail in a backfill is most of them. It is the relation
// QueueWaitingInThread finds from the reply's side: whichever of the two
// is processed first, and an Undo, agree on what answers what.
var firstReplySQL = `
	SELECT r.id, ` + arrivedAtOf("r") + ` FROM messages r
	WHERE r.direction = 'out' AND r.office_id = (SELECT office_id FROM messages WHERE id = $2)
	  AND ((r.in_reply_to = ANY($4) AND r.in_reply_to <> '') OR r.refs && $4)
	  AND ` + arrivedAtOf("r") + ` + interval '0' >= (SELECT ` + arrivedAt + ` FROM messages WHERE id = $2)
	  AND (($1::text <> '' AND (r.in_reply_to = $1 OR r.refs @> ARRAY[$1::text])
	        AND $2 = (SELECT t.id FROM messages t
	                  WHERE t.direction = 'in' AND t.office_id = r.office_id
	                    AND ((t.message_id = $1 AND t.message_id <> '') OR t.id = $2)
	                  ORDER BY ` + answeredOrder(storedReply("r")) + `
	                  LIMIT 1))
	       OR ` + threadLink("$3::text[]", "(SELECT claim_id FROM messages WHERE id = $2)", "r.office_id", storedReply("r")) + `)
	ORDER BY 2, 1 LIMIT 1`

// firstReplyArgs are firstReplySQL's arguments for message id with
// Message-ID messageID, replying to thread (its In-Reply-To and
// References); ok is false when it names no Message-ID at all.
func firstReplyArgs(id int64, messageID string, thread []string) (args []any, ok bool) {
	messageID = pgText(messageID)
	thread = slices.DeleteFunc(pgTexts(thread), func(s string) bool { return s == "" || s == messageID })
	all := thread
	if messageID != "" {
		all = append(slices.Clip(thread), messageID)
	}
	return []any{messageID, id, thread, all}, len(all) > 0
}

// QueueFirstReply queues on b the query of the earliest office reply that
// answers incoming message id, whose Message-ID is messageID and which
// replies to thread (its In-Reply-To and References), already stored
// (replies can be processed before what they answer), with when it was
// sent; reply holds it once b is sent. See firstReplySQL. Within a
// transaction, by the plan the connection keeps (see queueGenericPlan).
func QueueFirstReply(b *pgx.Batch, id int64, messageID string, thread []string, reply *Reply) {
	args, ok := firstReplyArgs(id, messageID, thread)
	if !ok {
		return
	}
	queueGenericPlan(b, firstReplySQL, args...).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&reply.ID, &reply.At)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("find reply to message %d: %w", id, err)
		}
		reply.Found = true
		return nil
	})
}

// QueueAckByReply queues on b the record that an office reply acknowledged
// message id at the given time, taking businessMinutes. A message already
// acknowledged keeps its first acknowledgment.
func QueueAckByReply(b *pgx.Batch, id, replyID int64, at time.Time, businessMinutes int) {
	queueExec(b, fmt.Sprintf("acknowledge message %d", id), `
		UPDATE messages SET acknowledged_at = $3, ack_source = 'reply', ack_reply_id = $2, ack_business_minutes = $4
		WHERE id = $1 AND acknowledged_at IS NULL`, id, replyID, at, businessMinutes)
}

// How a message was acknowledged: its ack_source.
const (
	AckReply     = "reply"      // an office reply in its thread, from the shared mailbox
	AckManual    = "manual"     // by phone or chat, marked by a person
	AckOwnEmail  = "own_email"  // a reply from a person's own mail account, marked by them
	AckNotNeeded = "not_needed" // it needed no answer: out of the on-time figures
)

// AckedAlready is the acknowledgment a message had when a person recorded
// another: AckManually's error then. It is an ErrConflict.
type AckedAlready struct {
	ID     int64
	At     time.Time
	Source string // AckReply, AckManual, AckOwnEmail or AckNotNeeded
	By     string // who recorded one by hand: a user's email, a token's name
	Note   string
}

func (e *AckedAlready) Error() string {
	return fmt.Sprintf("message %d was acknowledged at %s: %s", e.ID, e.At.Format(time.RFC3339), ErrConflict)
}

// Unwrap makes an AckedAlready an ErrConflict.
func (e *AckedAlready) Unwrap() error { return ErrConflict }

// AckManually records that a coordinator acknowledged message id outside
// email (by phone, by chat), with a note: AckByHand with AckManual.
func (db *DB) AckManually(ctx context.Context, id int64, by, note string, at time.Time, minutes func(arrived time.Time) int) error {
	return db.AckByHand(ctx, id, AckManual, by, note, at, minutes)
}

// AckByHand records what a person says of message id: answered at the
// given time outside the shared mailbox (source AckManual or AckOwnEmail,
// taking minutes(arrival) business minutes), or needing no answer
// (AckNotNeeded: the clock stops at the given time, and no minutes count).
// ErrNotFound when the message does not exist; ErrInvalid when an answer
// is dated before the message arrived; an *AckedAlready, with the first
// acknowledgment, when it was acknowledged already.
func (db *DB) AckByHand(ctx context.Context, id int64, source, by, note string, at time.Time, minutes func(arrived time.Time) int) error {
	if source != AckManual && source != AckOwnEmail && source != AckNotNeeded {
		return fmt.Errorf("acknowledge message %d as %q: %w", id, source, ErrInvalid)
	}
	return db.InTx(ctx, func(tx pgx.Tx) error {
		var arrived time.Time
		var acked *time.Time
		var prior AckedAlready
		err := tx.QueryRow(ctx, `
			SELECT `+arrivedAt+`, acknowledged_at, coalesce(ack_source, ''), coalesce(ack_by, ''), coalesce(ack_note, '')
			FROM messages WHERE id = $1 FOR UPDATE`, id).Scan(&arrived, &acked, &prior.Source, &prior.By, &prior.Note)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("message %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if acked != nil {
			prior.ID, prior.At = id, *acked
			return &prior
		}
		var took *int
		if source != AckNotNeeded {
			// A time a person gives can be mistyped; the server's clock,
			// a little behind the mail server's, is not refused.
			if source == AckOwnEmail && at.Before(arrived) {
				return fmt.Errorf("answered at %s, before message %d arrived at %s: %w",
					at.Format(time.RFC3339), id, arrived.Format(time.RFC3339), ErrInvalid)
			}
			n := minutes(arrived)
			took = &n
		}
		_, err = tx.Exec(ctx, `
			UPDATE messages SET acknowledged_at = $2, ack_source = $6, ack_by = $3, ack_note = $4,
			       ack_business_minutes = $5
			WHERE id = $1`, id, at, pgText(by), pgText(note), took, source)
		return err
	})
}

// AddAckNote adds line to the note of message id's acknowledgment, on a
// line of its own: what a person who answered it too, after the first,
// said. ErrConflict when the message is not acknowledged (any more).
func (db *DB) AddAckNote(ctx context.Context, id int64, line string) error {
	tag, err := db.pool.Exec(ctx, `
		UPDATE messages SET ack_note = concat_ws(E'\n', nullif(ack_note, ''), $2::text)
		WHERE id = $1 AND acknowledged_at IS NOT NULL`, id, pgText(line))
	if err != nil {
		return fmt.Errorf("add to the acknowledgment note of message %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("message %d is not acknowledged: %w", id, ErrConflict)
	}
	return nil
}

// ErrRepliedInThread refuses to take back an acknowledgment by phone (or
// from one's own mail) of a message the office has replied to in its
// thread since it came: the reply answers it.
var ErrRepliedInThread = fmt.Errorf("the office has replied in this message's thread since it came: the reply answers it: %w", ErrConflict)

// UndoManualAck takes back the acknowledgment a person recorded for
// message id (AckByHand, whichever its source): a click on the wrong row
// puts it back on the clock, owed as before. A "no answer needed" mark on
// a message an office reply has answered since is taken away too, and
// that reply (the first: readFirstReply) becomes its answer, at the
// reply's time, taking minutes(arrival, t) business minutes to t (see
// replyReplacesMark). ErrNotFound when the message does not exist;
// ErrRepliedInThread when an answer by phone or from one's own mail was
// recorded and office mail answers it (that answer stopped the reply
// acknowledging it); ErrConflict when it has no acknowledgment by hand to
// take back.
func (db *DB) UndoManualAck(ctx context.Context, id int64, minutes func(arrived, at time.Time) int) error {
	return db.InTx(ctx, func(tx pgx.Tx) error {
		var m markedMessage
		err := tx.QueryRow(ctx, `
			SELECT ack_source, `+arrivedAt+`, ack_due_at, acknowledged_at, message_id, array_prepend(in_reply_to, refs)
			FROM messages WHERE id = $1 FOR UPDATE`, id).Scan(&m.source, &m.arrived, &m.due, &m.markedAt, &m.messageID, &m.thread)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("message %d: %w", id, ErrNotFound)
		case err != nil:
			return err
		case m.source != AckManual && m.source != AckOwnEmail && m.source != AckNotNeeded:
			return fmt.Errorf("message %d was not acknowledged by hand: %w", id, ErrConflict)
		}
		// Read once the row is locked, by a statement of its own: a reply
		// being processed holds the lock (QueueWaitingInThread) until it
		// commits, and is seen then.
		if err := m.readFirstReply(ctx, tx, id); err != nil {
			return err
		}
		switch {
		case m.replyID != nil && m.source != AckNotNeeded:
			return fmt.Errorf("message %d: %w", id, ErrRepliedInThread)
		case m.replyID != nil:
			return m.replyReplacesMark(ctx, tx, id, minutes)
		}
		_, err = tx.Exec(ctx, `
			UPDATE messages SET acknowledged_at = NULL, ack_source = '', ack_by = '', ack_note = '',
			       ack_business_minutes = NULL, ack_clock_stopped_at = NULL
			WHERE id = $1`, id)
		return err
	})
}

// markedMessage is what UndoManualAck reads of a message acknowledged by
// hand: the first office reply that answers it, if any.
type markedMessage struct {
	source        string
	arrived       time.Time
	due, markedAt *time.Time
	messageID     string
	thread        []string // its In-Reply-To and References
	replyID       *int64
	replyAt       *time.Time
}

// readFirstReply reads into m the first office reply that answers message
// id, as the pipeline would have had it answer it (firstReplySQL): not
// merely the first in a thread whose Message-IDs other messages share.
func (m *markedMessage) readFirstReply(ctx context.Context, tx pgx.Tx, id int64) error {
	args, ok := firstReplyArgs(id, m.messageID, m.thread)
	if !ok {
		return nil
	}
	var r Reply
	err := tx.QueryRow(ctx, firstReplySQL, args...).Scan(&r.ID, &r.At)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("reply answering message %d: %w", id, err)
	}
	m.replyID, m.replyAt = &r.ID, &r.At
	return nil
}

// replyReplacesMark makes m's first reply in its thread the answer of
// message id in place of its "no answer needed" mark, at the reply's time.
//
// The on-time figures count how soon the office dealt with each message
// that waited for an answer. A mark made by the deadline was the office
// dealing with it in time: the message then left the board, and nobody was
// owed a faster reply. So when the reply came after the deadline and the
// mark before it, the clock stays stopped at the mark
// (ack_clock_stopped_at, and the minutes to it): the mark's removal puts
// the reply on record without making a message rightly marked in time a
// late answer. A mark made after the deadline stopped a clock already
// run out, and a reply by the deadline is on time whatever: both count the
// reply's own time.
func (m markedMessage) replyReplacesMark(ctx context.Context, tx pgx.Tx, id int64, minutes func(arrived, at time.Time) int) error {
	var stopped *time.Time
	counted := *m.replyAt
	if m.due != nil && m.replyAt.After(*m.due) && m.markedAt != nil && !m.markedAt.After(*m.due) {
		stopped, counted = m.markedAt, *m.markedAt
	}
	_, err := tx.Exec(ctx, `
		UPDATE messages SET acknowledged_at = $2, ack_source = 'reply', ack_reply_id = $3, ack_by = '', ack_note = '',
		       ack_business_minutes = $4, ack_clock_stopped_at = $5
		WHERE id = $1`, id, *m.replyAt, *m.replyID, minutes(m.arrived, counted), stopped)
	if err != nil {
		return fmt.Errorf("message %d answered by reply %d: %w", id, *m.replyID, err)
	}
	return nil
}

// ClaimUpdate is one update on a claim: an email to its adjuster or a note.
type ClaimUpdate struct {
	ClaimID   int64
	At        time.Time
	Source    string // email or note
	MessageID int64  // the email, for source email
	Author    string
	Note      string
}

// AddClaimUpdate records an update; an email counts once however often it
// is processed.
func AddClaimUpdate(ctx context.Context, tx pgx.Tx, u ClaimUpdate) error {
	b := &pgx.Batch{}
	QueueClaimUpdate(b, u)
	return SendQueued(ctx, tx, b)
}

// QueueClaimUpdate queues AddClaimUpdate's insert on b.
func QueueClaimUpdate(b *pgx.Batch, u ClaimUpdate) {
	var msg *int64
	if u.MessageID != 0 {
		msg = &u.MessageID
	}
	queueExec(b, fmt.Sprintf("add update to claim %d", u.ClaimID), `
		INSERT INTO claim_updates (claim_id, at, source, message_id, author, note)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (message_id) DO NOTHING`, u.ClaimID, u.At, u.Source, msg, pgText(u.Author), pgText(u.Note))
}

// AckCounts is the acknowledgment clock at one instant.
type AckCounts struct {
	Waiting int // owed and not yet due
	Overdue int // owed and past due
	// Minutes holds the business minutes each acknowledgment of the window
	// took.
	Minutes []int
}

// CountAcks reads the acknowledgment clock at now, with the minutes of the
// acknowledgments made since the start of the window.
func (db *DB) CountAcks(ctx context.Context, now, since time.Time) (AckCounts, error) {
	var c AckCounts
	err := db.pool.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE ack_due_at > $1), count(*) FILTER (WHERE ack_due_at <= $1)
		FROM messages WHERE `+awaitingAck+` AND ack_due_at IS NOT NULL`, now).
		Scan(&c.Waiting, &c.Overdue)
	if err != nil {
		return c, fmt.Errorf("count acknowledgments: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT ack_business_minutes FROM messages
		WHERE acknowledged_at >= $1 AND ack_business_minutes IS NOT NULL`, since)
	if err != nil {
		return c, fmt.Errorf("acknowledgment minutes: %w", err)
	}
	c.Minutes, err = pgx.CollectRows(rows, pgx.RowTo[int])
	return c, err
}

// ChangesChannel is the Postgres notification channel the dashboard listens
// on; the payload names what changed.
const ChangesChannel = "claimdesk_changes"

// NotifyDeadlines tells the dashboards when a waiting message's deadline, or
// the start of its warning window, fell in (from, to]: its state changed
// though no row did. It reports whether it notified.
func (db *DB) NotifyDeadlines(ctx context.Context, from, to time.Time, warn time.Duration) (bool, error) {
	var crossed bool
	err := db.pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM messages
		WHERE `+awaitingAck+`
		  AND ((ack_due_at > $1 AND ack_due_at <= $2) OR (ack_due_at - $3::interval > $1 AND ack_due_at - $3::interval <= $2)))`,
		from, to, warn).Scan(&crossed)
	if err != nil || !crossed {
		return false, err
	}
	if _, err := db.pool.Exec(ctx, `SELECT pg_notify($1, 'sla')`, ChangesChannel); err != nil {
		return false, fmt.Errorf("notify: %w", err)
	}
	return true, nil
}
