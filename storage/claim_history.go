package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Fields of a claim's history rows about what a person did to something
// on the claim other than its record: each can be taken back, and the
// history keeps both the deed and its undoing.
const (
	// FieldSignature rows record a check of a signed form's signatures
	// (ClaimChange.DocumentID): SignatureVerified, "rejected: " and the
	// reason, or "" for not checked.
	FieldSignature = "signature"
	// FieldEquipmentProposal rows record a proposal from mail dismissed or
	// restored (ClaimChange.Proposal): its status before and after.
	FieldEquipmentProposal = "equipment_proposal"
	// FieldUpdateNote rows record a daily-update note edited or deleted:
	// its text before and after ("" once deleted).
	FieldUpdateNote = "update_note"
)

// SignatureVerified is a FieldSignature value: signed right.
const SignatureVerified = "verified"

func scanClaimChange(row pgx.CollectableRow) (ClaimChange, error) {
	var c ClaimChange
	p, m := &c.Proposal, &c.Message
	var arrived *time.Time
	err := row.Scan(&c.At, &c.Actor, &c.Field, &c.Old, &c.New, &c.DocumentID, &c.Document,
		&p.ID, &p.Action, &p.Kind, &p.Count, &p.Address, &m.ID, &m.From, &arrived)
	if arrived != nil {
		m.ArrivedAt = *arrived
	}
	return c, err
}

// itemChange is a history row about one thing on a claim: a document, a
// proposal, a note.
type itemChange struct {
	claimID            int64
	at                 time.Time
	actor, field       string
	old, new           string
	document, proposal *int64
}

// recordItemChange adds c to its claim's history within tx.
func recordItemChange(ctx context.Context, tx pgx.Tx, c itemChange) error {
	_, err := tx.Exec(ctx, `INSERT INTO claim_changes (claim_id, at, actor, field, old_value, new_value, document_id, proposal_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		c.claimID, c.at, pgText(c.actor), c.field, pgText(c.old), pgText(c.new), c.document, c.proposal)
	if err != nil {
		return fmt.Errorf("record %s change on claim %d: %w", c.field, c.claimID, err)
	}
	return nil
}
