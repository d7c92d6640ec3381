package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReplyTemplate is an office's own wording of a reply of one kind in one
// language; kinds and languages without one use the default office's,
// then the built-in default.
type ReplyTemplate struct {
	Kind      string // ReplyAck or ReplyUpdate
	Language  string // en or es
	Subject   string
	Body      string
	UpdatedBy string
	UpdatedAt time.Time
	// OfficeID is the office whose wording it is: the default office's
	// when the office asked for has not written its own.
	OfficeID int64
}

// ReplyTemplates returns the templates office writes with, by kind then
// language: its own where it saved one, else the default office's.
func (db *DB) ReplyTemplates(ctx context.Context, office int64) ([]ReplyTemplate, error) {
	out, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[ReplyTemplate], `
		SELECT DISTINCT ON (kind, language) kind, language, subject, body, updated_by, updated_at, office_id
		FROM reply_templates
		WHERE office_id IN ($1, $2)
		ORDER BY kind, language, office_id = $1 DESC`, office, DefaultOfficeID)
	if err != nil {
		return nil, fmt.Errorf("reply templates of office %d: %w", office, err)
	}
	return out, nil
}

// SaveReplyTemplate stores office t.OfficeID's wording of t.Kind in
// t.Language.
func (db *DB) SaveReplyTemplate(ctx context.Context, t ReplyTemplate) error {
	if t.OfficeID == 0 {
		return fmt.Errorf("reply template %s/%s: no office: %w", t.Kind, t.Language, ErrInvalid)
	}
	_, err := db.pool.Exec(ctx, `
		INSERT INTO reply_templates (office_id, kind, language, subject, body, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, now())
		ON CONFLICT (office_id, kind, language) DO UPDATE
		SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()`,
		t.OfficeID, t.Kind, t.Language, pgText(t.Subject), pgText(t.Body), pgText(t.UpdatedBy))
	if err != nil {
		return fmt.Errorf("save reply template %s/%s of office %d: %w", t.Kind, t.Language, t.OfficeID, err)
	}
	return nil
}

// ResetReplyTemplate forgets office's wording of kind in language: the
// default office's, or the built-in default, applies again.
func (db *DB) ResetReplyTemplate(ctx context.Context, office int64, kind, language string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM reply_templates WHERE office_id = $1 AND kind = $2 AND language = $3`,
		office, kind, language); err != nil {
		return fmt.Errorf("reset reply template %s/%s of office %d: %w", kind, language, office, err)
	}
	return nil
}
