package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/claimdesk/claimdesk/storage"
)

// mailboxPasswd gives a database mailbox that logs in with a password its
// new password (from standard input), after logging in with it unless
// skipTest. A running serve logs in with it within seconds.
func mailboxPasswd(ctx context.Context, e *env, db *storage.DB, name string, skipTest bool) error {
	m, err := db.MailboxAccountByName(ctx, name)
	if errors.Is(err, storage.ErrNotFound) {
		if findsSettingMailbox(e, name) {
			return fmt.Errorf("mailbox %s comes from CLAIMDESK_IMAP_URL: change its password there and restart claimdesk serve", name)
		}
		return fmt.Errorf("no mailbox named %s in the database (claimdesk mailbox list shows them)", name)
	}
	if err != nil {
		return err
	}
	if m.Auth != storage.MailboxAuthPassword {
		return fmt.Errorf("mailbox %s logs in with %s, not a password: give it new credentials with claimdesk mailbox remove %s, then add or connect it again",
			name, loginName(m), name)
	}
	password, err := readSecretLine(stdin, "the new password")
	if err != nil {
		return err
	}
	box, err := openSecretBox(e.cfg, false)
	if err != nil {
		return err
	}
	if m.Secret, err = sealMailboxSecret(box, m.Name, mailboxSecret{Password: password}); err != nil {
		return err
	}
	if !skipTest {
		acct, err := managedAccount(db, box, m, nil)
		if err != nil {
			return err
		}
		if err := probeAndReport(ctx, e, &acct, false); err != nil {
			return fmt.Errorf("%w\nnothing was saved: the password is unchanged (--skip-test saves it without logging in)", err)
		}
	}
	if err := db.ReplaceMailboxSecret(ctx, m.Name, m.Secret); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "saved the new password of mailbox %s; a running claimdesk serve logs in with it within seconds\n", m.Name)
	return nil
}

// findsSettingMailbox reports whether name is a mailbox of
// CLAIMDESK_IMAP_URL, by its user@host:port or its user.
func findsSettingMailbox(e *env, name string) bool {
	for _, a := range e.cfg.IMAP {
		if a.Name() == name || a.User == name {
			return true
		}
	}
	return false
}
