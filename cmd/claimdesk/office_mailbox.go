package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// actorOfficeSet names the command line in the audit trail of the moves
// office set --move-mail makes.
const actorOfficeSet = "claimdesk office set"

// setMailboxOffice puts the mailbox account, when one is given, in the
// office with that slug. Its earlier mail stays in the office it is in,
// said so with how to move it, unless moveMail moves it too.
func setMailboxOffice(ctx context.Context, e *env, db *storage.DB, slug, account string, moveMail bool) error {
	if account == "" {
		if moveMail {
			return errors.New("--move-mail: say whose mail with --mailbox")
		}
		return nil
	}
	o, err := db.OfficeBySlug(ctx, slug)
	if err != nil {
		return err
	}
	err = db.SetMailboxOffice(ctx, account, o.ID)
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("claimdesk has read no folder of mailbox %s yet: start it with claimdesk serve, then set its office", account)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "mail of mailbox %s now goes to office %s\n", account, o.Slug)
	if moveMail {
		return moveMailboxMail(ctx, e, db, o, account)
	}
	left, err := db.MailboxMailElsewhere(ctx, account, o.ID)
	if err != nil {
		return err
	}
	if left.Messages > 0 || left.Claims > 0 {
		fmt.Fprintf(e.stdout, "its earlier mail stays in the office it is in: %d messages in no claim and %d claims made from its mail; "+
			"run this again with --move-mail to move them to office %s\n", left.Messages, left.Claims, o.Slug)
	}
	return nil
}

// moveMailboxMail moves the account's earlier mail into office o, queueing
// the stamps of the moved claims' PDFs again and the matching of its mail
// in triage for claimdesk serve, then moves the moved claims' documents
// into o's folder of the blob store (a run stopped here is taken up when
// claimdesk serve or migrate next starts).
func moveMailboxMail(ctx context.Context, e *env, db *storage.DB, o storage.Office, account string) error {
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		return err
	}
	moved, err := ingest.MoveMailboxMail(ctx, db, ingest.NewQueue(rc), account, o.ID, actorOfficeSet)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "moved %d messages in no claim and %d claims made from its mail to office %s\n",
		moved.Messages, moved.Claims, o.Slug)
	if len(moved.InTriage) > 0 {
		fmt.Fprintf(e.stdout, "messages in triage among them: %d; claimdesk serve matches them again among office %s's claims\n",
			len(moved.InTriage), o.Slug)
	}
	if len(moved.Kept) > 0 {
		fmt.Fprintf(e.stdout, "kept where they are, since office %s has their job or claim number already: %s\n",
			o.Slug, strings.Join(moved.Kept, ", "))
	}
	if moved.Claims == 0 {
		return nil
	}
	store, err := blob.Open(ctx, e.cfg.BlobURL)
	if err != nil {
		return fmt.Errorf("CLAIMDESK_BLOB_URL: %w", err)
	}
	res, err := ingest.RelocateBrowseKeys(ctx, db, store, newLogger(e))
	fmt.Fprintf(e.stdout, "moved %d documents into office %s's folder of the blob store\n", res.Moved, o.Slug)
	return err
}
