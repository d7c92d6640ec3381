package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Mailbox is one watched IMAP folder and how far it has been read.
type Mailbox struct {
	ID          int64
	Account     string // user@host
	Folder      string
	Role        string // inbox or sent
	UIDValidity uint32
	LastUID     uint32
}

// Mailbox roles.
const (
	RoleInbox = "inbox"
	RoleSent  = "sent"
)

// EnsureMailbox returns the checkpoint row of a folder, creating it at the
// start when first seen.
func (db *DB) EnsureMailbox(ctx context.Context, account, folder, role string) (Mailbox, error) {
	var m Mailbox
	err := db.pool.QueryRow(ctx, `
		INSERT INTO mailboxes (account, folder, role) VALUES ($1, $2, $3)
		ON CONFLICT (account, folder) DO UPDATE SET role = EXCLUDED.role
		RETURNING id, account, folder, role, uidvalidity, last_uid`,
		account, folder, role).Scan(&m.ID, &m.Account, &m.Folder, &m.Role, &m.UIDValidity, &m.LastUID)
	if err != nil {
		return Mailbox{}, fmt.Errorf("mailbox %s/%s: %w", account, folder, err)
	}
	return m, nil
}

// ResetUIDValidity records that the server renumbered the folder: reading
// starts again from the first UID (InsertMessage knows the mail already
// stored under the old UIDs).
func (db *DB) ResetUIDValidity(ctx context.Context, id int64, uidValidity uint32) error {
	_, err := db.pool.Exec(ctx, `
		UPDATE mailboxes SET uidvalidity = $2, last_uid = 0, updated_at = now()
		WHERE id = $1`, id, uidValidity)
	if err != nil {
		return fmt.Errorf("reset uidvalidity of mailbox %d: %w", id, err)
	}
	return nil
}

// AdvanceMailbox moves the folder's checkpoint to uid, never backwards, and
// only while uidValidity is still the folder's.
func AdvanceMailbox(ctx context.Context, tx pgx.Tx, id int64, uidValidity, uid uint32) error {
	_, err := tx.Exec(ctx, `
		UPDATE mailboxes SET last_uid = greatest(last_uid, $3), updated_at = now()
		WHERE id = $1 AND uidvalidity = $2`, id, uidValidity, uid)
	if err != nil {
		return fmt.Errorf("advance mailbox %d to uid %d: %w", id, uid, err)
	}
	return nil
}
