package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReplyTemplate is the office's own wording of a reply of one kind in one
// language; kinds and languages without one use the built-in default.
type ReplyTemplate struct {
	Kind      string // ReplyAck or ReplyUpdate
	Language  string // en or es
	Subject   string
	Body      string
	UpdatedBy string
	UpdatedAt time.Time
}

// ReplyTemplates returns the office's saved templates, by kind then
// language.
func (db *DB) ReplyTemplates(ctx context.Context) ([]ReplyTemplate, error) {
	out, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[ReplyTemplate], `SELECT kind, language, subject, body, updated_by, updated_at
		FROM reply_templates ORDER BY kind, language`)
	if err != nil {
		return nil, fmt.Errorf("reply templates: %w", err)
	}
	return out, nil
}

// SaveReplyTemplate stores the office's wording of t.Kind in t.Language.
func (db *DB) SaveReplyTemplate(ctx context.Context, t ReplyTemplate) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO reply_templates (kind, language, subject, body, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, now())
		ON CONFLICT (kind, language) DO UPDATE
		SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()`,
		t.Kind, t.Language, pgText(t.Subject), pgText(t.Body), pgText(t.UpdatedBy))
	if err != nil {
		return fmt.Errorf("save reply template %s/%s: %w", t.Kind, t.Language, err)
	}
	return nil
}

// ResetReplyTemplate forgets the office's wording of kind in language: the
// built-in default applies again.
func (db *DB) ResetReplyTemplate(ctx context.Context, kind, language string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM reply_templates WHERE kind = $1 AND language = $2`, kind, language); err != nil {
		return fmt.Errorf("reset reply template %s/%s: %w", kind, language, err)
	}
	return nil
}
