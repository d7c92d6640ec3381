package storage

import (
	"context"
	"fmt"
)

// MailboxAccountsIn returns which of the accounts' mail the offices may
// see: an account whose folders are in one of them. An account none of
// whose folders has been watched yet counts as the default office's,
// where its first folder's checkpoint is put.
func (db *DB) MailboxAccountsIn(ctx context.Context, offices Offices, accounts []string) (map[string]bool, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT a.name FROM unnest($1::text[]) AS a(name)
		WHERE EXISTS (SELECT 1 FROM mailboxes m WHERE m.account = a.name
		              AND ($2::bigint[] IS NULL OR m.office_id = ANY($2)))
		   OR (NOT EXISTS (SELECT 1 FROM mailboxes m WHERE m.account = a.name)
		       AND ($2::bigint[] IS NULL OR $3 = ANY($2)))`,
		accounts, offices.sqlIDs(), DefaultOfficeID)
	if err != nil {
		return nil, fmt.Errorf("offices of mailboxes: %w", err)
	}
	in := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("offices of mailboxes: %w", err)
		}
		in[name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("offices of mailboxes: %w", err)
	}
	return in, nil
}
