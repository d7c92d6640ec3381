package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// SetUserRole gives user id role in each of offices at once, and keeps
// the user's administrator flag what their roles say: an administrator of
// some office. ErrLastAdmin when that would leave no administrator who
// can sign in; ErrNotFound when the user or an office is missing.
func (db *DB) SetUserRole(ctx context.Context, id int64, offices []int64, role Role) error {
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		if role != RoleAdministrator {
			var staysAdmin bool
			err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM user_offices
				WHERE user_id = $1 AND role = 'administrator' AND NOT office_id = ANY($2))`, id, offices).Scan(&staysAdmin)
			if err != nil {
				return err
			}
			if !staysAdmin {
				if err := keepAnAdmin(ctx, tx, id); err != nil {
					return err
				}
			}
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO user_offices (user_id, office_id, role) SELECT $1, o, $3 FROM unnest($2::bigint[]) AS o
			ON CONFLICT (user_id, office_id) DO UPDATE SET role = EXCLUDED.role`, id, offices, string(role))
		if isForeignKeyViolation(err) {
			return fmt.Errorf("user %d in offices %v: %w", id, offices, ErrNotFound)
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE users SET is_admin = EXISTS (SELECT 1 FROM user_offices
			WHERE user_id = $1 AND role = 'administrator') WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("role of user %d: %w", id, err)
	}
	return nil
}

// UsersRoles returns, for each of the users ids, their role in each office
// they belong to.
func (db *DB) UsersRoles(ctx context.Context, ids []int64) (map[int64]map[int64]Role, error) {
	rows, err := db.pool.Query(ctx, `SELECT user_id, office_id, role FROM user_offices WHERE user_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("roles of users: %w", err)
	}
	out := map[int64]map[int64]Role{}
	var (
		user, office int64
		role         Role
	)
	_, err = pgx.ForEachRow(rows, []any{&user, &office, &role}, func() error {
		if out[user] == nil {
			out[user] = map[int64]Role{}
		}
		out[user][office] = role
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("roles of users: %w", err)
	}
	return out, nil
}
