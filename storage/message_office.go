package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// OfficeMove moves a message that is in no claim to another office.
type OfficeMove struct {
	MessageID    int64
	FromOfficeID int64
	ToOfficeID   int64
	// Actor is who moves it, for the audit trail: a user's email, or the
	// pipeline's name.
	Actor string
}

// MoveMessageToOffice gives the message the office mv.ToOfficeID and
// records the move. The message must still be in mv.FromOfficeID and in no
// claim: ErrConflict when it was moved or filed meanwhile, ErrInvalid for a
// move to the office it is in or without an actor.
func MoveMessageToOffice(ctx context.Context, tx pgx.Tx, mv OfficeMove) error {
	if mv.FromOfficeID == mv.ToOfficeID || mv.Actor == "" {
		return fmt.Errorf("move message %d to office %d: %w", mv.MessageID, mv.ToOfficeID, ErrInvalid)
	}
	// A delivery report's link is to its old office's mail: processing in
	// the new office links it again.
	tag, err := tx.Exec(ctx, `UPDATE messages SET office_id = $3, undelivered_of = NULL
		WHERE id = $1 AND office_id = $2 AND claim_id IS NULL`, mv.MessageID, mv.FromOfficeID, mv.ToOfficeID)
	if err != nil {
		return fmt.Errorf("move message %d to office %d: %w", mv.MessageID, mv.ToOfficeID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("message %d is no longer unfiled in office %d: %w", mv.MessageID, mv.FromOfficeID, ErrConflict)
	}
	_, err = tx.Exec(ctx, `INSERT INTO message_office_moves (message_id, from_office_id, to_office_id, actor)
		VALUES ($1, $2, $3, $4)`, mv.MessageID, mv.FromOfficeID, mv.ToOfficeID, mv.Actor)
	if err != nil {
		return fmt.Errorf("record move of message %d to office %d: %w", mv.MessageID, mv.ToOfficeID, err)
	}
	return nil
}

// RecordedOfficeMove is a move of a message between offices, as recorded.
type RecordedOfficeMove struct {
	FromOfficeID int64
	ToOfficeID   int64
	Actor        string
	MovedAt      time.Time
}

// MessageOfficeMoves returns the moves of message id between offices,
// oldest first.
func (db *DB) MessageOfficeMoves(ctx context.Context, id int64) ([]RecordedOfficeMove, error) {
	rows, err := db.pool.Query(ctx, `SELECT from_office_id, to_office_id, actor, moved_at
		FROM message_office_moves WHERE message_id = $1 ORDER BY moved_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("office moves of message %d: %w", id, err)
	}
	moves, err := pgx.CollectRows(rows, pgx.RowToStructByPos[RecordedOfficeMove])
	if err != nil {
		return nil, fmt.Errorf("office moves of message %d: %w", id, err)
	}
	return moves, nil
}
