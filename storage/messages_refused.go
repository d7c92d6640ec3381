package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// RefusedMessage is a message refused at ingest for its size
// (StatusRejected): what fetching it again whole needs.
type RefusedMessage struct {
	ID        int64
	UID       uint32
	MessageID string // its Message-ID header, "" when it has none
	// RawSHA256 and RawSize are those of the part kept, its first bytes:
	// RawSize is the limit it was refused at.
	RawSHA256 string
	RawSize   int64
}

// RefusedUnder returns the messages of mailbox mailboxID under
// uidValidity that were refused for their size at a smaller limit than
// limit (the part kept is shorter), by UID: those limit may now take
// whole. Messages refused at limit or above are not; nor those of an
// earlier UIDVALIDITY, whose mail the rescan fetched again.
func (db *DB) RefusedUnder(ctx context.Context, mailboxID int64, uidValidity uint32, limit int64) ([]RefusedMessage, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, uid, message_id, raw_sha256, raw_size FROM messages
		WHERE status = 'rejected' AND mailbox_id = $1 AND uidvalidity = $2 AND raw_size < $3
		ORDER BY uid`, mailboxID, int64(uidValidity), limit)
	if err != nil {
		return nil, fmt.Errorf("messages of mailbox %d refused under %d bytes: %w", mailboxID, limit, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (RefusedMessage, error) {
		var m RefusedMessage
		var uid int64
		err := r.Scan(&m.ID, &uid, &m.MessageID, &m.RawSHA256, &m.RawSize)
		m.UID = uint32(uid)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("messages of mailbox %d refused under %d bytes: %w", mailboxID, limit, err)
	}
	return out, nil
}

// ReadmitRefused records within tx that refused message m was fetched
// again whole, its raw bytes (rawSHA256, rawSize) stored: it is new,
// waiting for processing, as if it had just arrived. It reports whether it
// did: not when the message changed since m was read (readmitted already),
// nor when its mailbox holds those bytes as another message (the same mail
// delivered again since, and stored whole).
func ReadmitRefused(ctx context.Context, tx pgx.Tx, m RefusedMessage, rawSHA256 string, rawSize int64) (bool, error) {
	if !isSHA256Hex(rawSHA256) {
		return false, fmt.Errorf("readmit message %d: bad sha256 %q", m.ID, rawSHA256)
	}
	tag, err := tx.Exec(ctx, `
		UPDATE messages m SET raw_sha256 = $3, raw_size = $4, status = 'new', error = '', updated_at = now()
		WHERE m.id = $1 AND m.status = 'rejected' AND m.raw_sha256 = $2
		  AND NOT EXISTS (SELECT FROM messages o WHERE o.mailbox_id = m.mailbox_id AND o.raw_sha256 = $3)`,
		m.ID, m.RawSHA256, rawSHA256, rawSize)
	if err != nil {
		return false, fmt.Errorf("readmit message %d: %w", m.ID, err)
	}
	return tag.RowsAffected() == 1, nil
}
