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
// start when first seen, in the office of the account's other folders (the
// default office for an account seen first).
func (db *DB) EnsureMailbox(ctx context.Context, account, folder, role string) (Mailbox, error) {
	var m Mailbox
	err := db.pool.QueryRow(ctx, `
		INSERT INTO mailboxes (account, folder, role, office_id)
		VALUES ($1, $2, $3, coalesce((SELECT office_id FROM mailboxes WHERE account = $1 ORDER BY id LIMIT 1), $4))
		ON CONFLICT (account, folder) DO UPDATE SET role = EXCLUDED.role
		RETURNING id, account, folder, role, uidvalidity, last_uid`,
		account, folder, role, DefaultOfficeID).Scan(&m.ID, &m.Account, &m.Folder, &m.Role, &m.UIDValidity, &m.LastUID)
	if err != nil {
		return Mailbox{}, fmt.Errorf("mailbox %s/%s: %w", account, folder, err)
	}
	return m, nil
}

// SetMailboxOffice puts every folder of the mailbox account in office:
// the mail it receives from then on is that office's, matched to its claims
// only. Mail stored before stays in its office. ErrNotFound when claimdesk
// has read no folder of account yet.
func (db *DB) SetMailboxOffice(ctx context.Context, account string, office int64) error {
	tag, err := db.pool.Exec(ctx, `UPDATE mailboxes SET office_id = $2, updated_at = now() WHERE account = $1`, account, office)
	if isForeignKeyViolation(err) {
		return fmt.Errorf("office %d: %w", office, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("put mailbox %s in office %d: %w", account, office, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("mailbox %s: no folder of it read yet: %w", account, ErrNotFound)
	}
	return nil
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
