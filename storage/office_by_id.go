package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// OfficeByID returns the office with that id; ErrNotFound when there is
// none.
func (db *DB) OfficeByID(ctx context.Context, id int64) (Office, error) {
	o, err := scanOffice(db.pool.QueryRow(ctx, `SELECT `+officeColumns+` FROM offices o WHERE o.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Office{}, fmt.Errorf("office %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Office{}, fmt.Errorf("get office %d: %w", id, err)
	}
	return o, nil
}
