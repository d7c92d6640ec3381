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

// answeredOrder ranks the incoming messages t sharing a Message-ID as the
// message a reply answers, best first: the one in the reply's claim
// (replyClaim), else the newest that arrived before the reply (replyAt),
// else the newest. Copiers, scanners and bulk senders reuse Message-IDs,
// so one ID can name several stored messages.
func answeredOrder(replyClaim, replyAt string) string {
	return `(t.claim_id = ` + replyClaim + `) IS TRUE DESC, ` + arrivedAtOf("t") + ` <= ` + replyAt + ` DESC, ` +
		arrivedAtOf("t") + ` DESC, t.id DESC`
}

// arrivedAtOf is arrivedAt of the messages row named alias.
func arrivedAtOf(alias string) string {
	return `coalesce(` + alias + `.internal_date, ` + alias + `.sent_date, ` + alias + `.received_at)`
}

// QueueWaitingInThread queues on b the query of the incoming messages
// still waiting for acknowledgment, arrived at or before the given time,
// in the thread a reply names by ids (its In-Reply-To and References): the
// messages named, and the other messages replying into the same thread;
// waiting holds them once b is sent. Where several incoming messages share
// a named Message-ID, only the one the reply answers counts (answeredOrder;
// claimID is the reply's claim, nil when it has none). Only messages of the
// reply's office count: an adjuster writing to two offices at once is
// answered by each.
func QueueWaitingInThread(b *pgx.Batch, office int64, ids []string, claimID *int64, before time.Time, waiting *[]Waiting) {
	// A reply without In-Reply-To names no message by "": that would be
	// every message without a Message-ID or an In-Reply-To of its own.
	ids = slices.DeleteFunc(pgTexts(ids), func(id string) bool { return id == "" })
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
		ORDER BY id FOR SHARE`, ids, before, office)
	// The "<> ''" conditions are those of the partial indexes on both
	// columns, written out so that a cached generic plan uses them too.
	b.Queue(`
		WITH named AS (
			SELECT DISTINCT ON (t.message_id) t.id FROM messages t
			WHERE t.direction = 'in' AND t.message_id = ANY($1) AND t.message_id <> '' AND t.office_id = $4
			ORDER BY t.message_id, `+answeredOrder("$3::bigint", "$2::timestamptz")+`
		)
		SELECT id, `+arrivedAt+` FROM messages
		WHERE `+awaitingAck+` AND office_id = $4
		  AND (id IN (SELECT id FROM named) OR (in_reply_to = ANY($1) AND in_reply_to <> '') OR refs && $1)
		  AND `+arrivedAt+` <= $2
		ORDER BY 2`, ids, before, claimID, office).Query(func(rows pgx.Rows) error {
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

// QueueFirstReply queues on b the query of the earliest office reply to
// incoming message id, whose Message-ID is messageID, already stored
// (replies can be processed before what they answer), with when it was
// sent; reply holds it once b is sent. A reply naming a Message-ID that
// other incoming messages share answers the one answeredOrder ranks first.
// Only a reply of message id's office counts. Within a transaction, by
// the plan the connection keeps (see queueGenericPlan).
func QueueFirstReply(b *pgx.Batch, id int64, messageID string, reply *Reply) {
	messageID = pgText(messageID)
	if messageID == "" {
		return
	}
	// Message id itself is always a candidate, whatever Message-ID its row
	// recorded.
	queueGenericPlan(b, `
		SELECT r.id, `+arrivedAtOf("r")+` FROM messages r
		WHERE r.direction = 'out' AND r.office_id = (SELECT office_id FROM messages WHERE id = $2)
		  AND ((r.in_reply_to = $1 AND r.in_reply_to <> '') OR r.refs @> ARRAY[$1])
		  AND $2 = (SELECT t.id FROM messages t
		            WHERE t.direction = 'in' AND t.office_id = r.office_id
		              AND ((t.message_id = $1 AND t.message_id <> '') OR t.id = $2)
		            ORDER BY `+answeredOrder("r.claim_id", arrivedAtOf("r"))+`
		            LIMIT 1)
		ORDER BY 2 LIMIT 1`, messageID, id).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&reply.ID, &reply.At)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("find reply to %s: %w", messageID, err)
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
// a message the office has replied to in its thread since is taken away
// too, and that reply (the first) becomes its answer, at the reply's time,
// taking minutes(arrival, t) business minutes to t (see replyReplacesMark).
// ErrNotFound when the message does not exist; ErrRepliedInThread when an
// answer by phone or from one's own mail was recorded and office mail in
// its thread answers it (that answer stopped the reply acknowledging it,
// and which one did is the pipeline's to say); ErrConflict when it has no
// acknowledgment by hand to take back.
func (db *DB) UndoManualAck(ctx context.Context, id int64, minutes func(arrived, at time.Time) int) error {
	return db.InTx(ctx, func(tx pgx.Tx) error {
		var m markedMessage
		err := tx.QueryRow(ctx, `
			SELECT ack_source, `+arrivedAt+`, ack_due_at, acknowledged_at FROM messages
			WHERE id = $1 FOR UPDATE`, id).Scan(&m.source, &m.arrived, &m.due, &m.markedAt)
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
// hand: the first office reply in its thread since it came, if any.
type markedMessage struct {
	source        string
	arrived       time.Time
	due, markedAt *time.Time
	replyID       *int64
	replyAt       *time.Time
}

// readFirstReply reads into m the first office reply in message id's
// thread since it came, if any.
func (m *markedMessage) readFirstReply(ctx context.Context, tx pgx.Tx, id int64) error {
	err := tx.QueryRow(ctx, `
		SELECT r.id, r.at
		FROM messages m
		CROSS JOIN LATERAL (SELECT array_remove(array_remove(m.refs || ARRAY[m.message_id, m.in_reply_to], ''), NULL) AS ids) t
		LEFT JOIN LATERAL (
			SELECT r.id, `+arrivedAtOf("r")+` AS at FROM messages r
			WHERE r.direction = 'out' AND r.office_id = m.office_id
			  AND `+arrivedAtOf("r")+` >= `+arrivedAtOf("m")+`
			  AND (r.in_reply_to = ANY(t.ids) OR r.refs && t.ids)
			ORDER BY 2, 1 LIMIT 1) r ON true
		WHERE m.id = $1`, id).Scan(&m.replyID, &m.replyAt)
	if err != nil {
		return fmt.Errorf("replies in the thread of message %d: %w", id, err)
	}
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
