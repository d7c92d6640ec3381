package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ErrKeyReused says a submission's key (a form's one-time key, an API
// caller's Idempotency-Key) recorded something else (another Asked) on its
// row before: a haul on its line, a reminder marked sent on its claim.
var ErrKeyReused = errors.New("key used for a different request")

// keyedTable is a table of submissions' keys, each unique per owner (the
// row it is about), with the digest of what the submission asked
// (request_key and request_digest) and the id of the row it recorded: a
// haul's own row (migration 70), a reminder's key row (migration 74).
type keyedTable struct{ table, owner, id string }

var (
	haulKeys     = keyedTable{"equipment_hauls", "equipment_id", "id"}
	reminderKeys = keyedTable{"claim_reminder_keys", "claim_id", "reminder_id"}
)

// rowQuerier reads one row: the pool or a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// recordedBy returns the id of owner's row that key recorded, 0 when
// none did, or ErrKeyReused when that row's submission asked other than
// asked. The insert comes before it, so that the key's unique index, not
// this look, tells a submission repeated however many arrive at once.
func (k keyedTable) recordedBy(ctx context.Context, q rowQuerier, owner int64, key, asked string) (int64, error) {
	var (
		id     int64
		digest string
	)
	err := q.QueryRow(ctx, `SELECT `+k.id+`, request_digest FROM `+k.table+` WHERE `+k.owner+` = $1 AND request_key = $2`,
		owner, key).Scan(&id, &digest)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("%s of %s %d by its key: %w", k.table, k.owner, owner, err)
	case digest != asked:
		return 0, fmt.Errorf("%s of %s %d: %w", k.table, k.owner, owner, ErrKeyReused)
	}
	return id, nil
}
