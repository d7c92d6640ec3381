package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ClaimNote is a daily update as its edit and delete forms need it: a
// coordinator's note, or an email, which stays as sent.
type ClaimNote struct {
	ID       int64
	ClaimID  int64
	OfficeID int64
	At       time.Time
	Source   string // email or note
	Author   string
	Note     string
}

// GetClaimNote returns update id; ErrNotFound when there is none.
func (db *DB) GetClaimNote(ctx context.Context, id int64) (ClaimNote, error) {
	return getClaimNote(ctx, db.pool, id, "")
}

// EditClaimNote replaces the text of note id with note on behalf of by at
// at, and records the change in its claim's history; a note edited to its
// own text changes nothing. The note keeps its time: it is still the day's
// update it was. ErrNotFound when there is no such update; ErrConflict
// when it is an email, which stays as sent.
func (db *DB) EditClaimNote(ctx context.Context, id int64, note, by string, at time.Time) (ClaimNote, error) {
	var n ClaimNote
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if n, err = lockClaimNote(ctx, tx, id); err != nil || n.Note == pgText(note) {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE claim_updates SET note = $2 WHERE id = $1`, id, pgText(note)); err != nil {
			return fmt.Errorf("edit note %d: %w", id, err)
		}
		old := n.Note
		n.Note = pgText(note)
		return recordItemChange(ctx, tx, itemChange{claimID: n.ClaimID, at: at, actor: by, field: FieldUpdateNote, old: old, new: n.Note})
	})
	return n, err
}

// DeleteClaimNote deletes note id on behalf of by at at; its claim's
// history keeps its text, and the day it was the update of may count as
// missed again. ErrNotFound when there is no such update; ErrConflict when
// it is an email, which stays as sent.
func (db *DB) DeleteClaimNote(ctx context.Context, id int64, by string, at time.Time) (ClaimNote, error) {
	var n ClaimNote
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if n, err = lockClaimNote(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM claim_updates WHERE id = $1`, id); err != nil {
			return fmt.Errorf("delete note %d: %w", id, err)
		}
		return recordItemChange(ctx, tx, itemChange{claimID: n.ClaimID, at: at, actor: by, field: FieldUpdateNote, old: n.Note})
	})
	return n, err
}

// lockClaimNote locks note id within tx and returns it; ErrConflict when
// the update is an email.
func lockClaimNote(ctx context.Context, tx pgx.Tx, id int64) (ClaimNote, error) {
	n, err := getClaimNote(ctx, tx, id, "FOR UPDATE OF u")
	if err == nil && n.Source != "note" {
		err = fmt.Errorf("update %d is an email, which stays as sent: %w", id, ErrConflict)
	}
	return n, err
}

func getClaimNote(ctx context.Context, q rowQuerier, id int64, lock string) (ClaimNote, error) {
	var n ClaimNote
	err := q.QueryRow(ctx, `SELECT u.id, u.claim_id, c.office_id, u.at, u.source, u.author, u.note
		FROM claim_updates u JOIN claims c ON c.id = u.claim_id WHERE u.id = $1 `+lock, id).
		Scan(&n.ID, &n.ClaimID, &n.OfficeID, &n.At, &n.Source, &n.Author, &n.Note)
	if errors.Is(err, pgx.ErrNoRows) {
		return n, fmt.Errorf("update %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return n, fmt.Errorf("get update %d: %w", id, err)
	}
	return n, nil
}
