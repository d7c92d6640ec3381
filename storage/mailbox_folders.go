package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// MailboxFolder is one folder claimdesk reads, with the mail it has read
// from it.
type MailboxFolder struct {
	Account, Folder string
	Role            string // RoleInbox or RoleSent
	OfficeID        int64
	// LastMailAt is when the newest mail read from it reached the mail
	// server (when claimdesk stored it, if the server did not say); zero
	// while none was read.
	LastMailAt time.Time
	// Waiting counts its messages not yet processed; Failed those whose
	// processing failed.
	Waiting, Failed int
}

// MailboxFolders lists the folders of the offices' mailboxes by account,
// inbox first.
func (db *DB) MailboxFolders(ctx context.Context, offices Offices) ([]MailboxFolder, error) {
	// The newest mail is the one of highest UID under the folder's
	// UIDVALIDITY, found by the (mailbox_id, uidvalidity, uid) key; only
	// a folder renumbered since it was last read is searched whole.
	out, err := queryAll(ctx, db.pool, func(r pgx.CollectableRow) (MailboxFolder, error) {
		var f MailboxFolder
		var last *time.Time
		err := r.Scan(&f.Account, &f.Folder, &f.Role, &f.OfficeID, &last, &f.Waiting, &f.Failed)
		f.LastMailAt = healthTime(last)
		return f, err
	}, `
		SELECT m.account, m.folder, m.role, m.office_id,
		       coalesce((SELECT coalesce(x.internal_date, x.received_at) FROM messages x
		                 WHERE x.mailbox_id = m.id AND x.uidvalidity = m.uidvalidity ORDER BY x.uid DESC LIMIT 1),
		                (SELECT max(coalesce(x.internal_date, x.received_at)) FROM messages x WHERE x.mailbox_id = m.id)),
		       coalesce(c.waiting, 0), coalesce(c.failed, 0)
		FROM mailboxes m
		LEFT JOIN (SELECT mailbox_id, count(*) FILTER (WHERE status IN ('new', 'parsed')) AS waiting,
		                  count(*) FILTER (WHERE status = 'failed') AS failed
		           FROM messages WHERE status IN ('new', 'parsed', 'failed') GROUP BY mailbox_id) c ON c.mailbox_id = m.id
		WHERE $1::bigint[] IS NULL OR m.office_id = ANY($1)
		ORDER BY m.account, m.role, m.folder`, offices.sqlIDs())
	if err != nil {
		return nil, fmt.Errorf("mailbox folders: %w", err)
	}
	return out, nil
}

// MailboxOffice is the office of mailbox account, among folders (as
// MailboxFolders lists them, inbox first): its first folder's office,
// else the default office, where its first folder will be put.
func MailboxOffice(account string, folders []MailboxFolder) int64 {
	for _, f := range folders {
		if f.Account == account {
			return f.OfficeID
		}
	}
	return DefaultOfficeID
}
