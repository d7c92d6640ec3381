package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// A message over MaxMessageBytes is stored as rejected with its first
// MaxMessageBytes kept; the whole of it stays on the mail server, marked
// or moved to the filing folder as stored mail is. Once the limit is
// raised past its size (and claimdesk restarted), the watcher of its
// folder fetches it again whole when it connects and queues it for
// processing, as if it had just arrived: the part kept tells that it is
// the same message. One still over the limit is left as it is.

// refetchRefused fetches again, whole, the folder's messages refused for a
// size the limit now takes, and queues them for processing. It returns the
// folder to go on with: selected afresh when it looked in the filing
// folder for those moved there.
func (f *folderSync) refetchRefused(ctx context.Context) (*folderSync, error) {
	refused, err := f.w.db.RefusedUnder(ctx, f.mb.ID, f.mb.UIDValidity, f.w.cfg.MaxMessageBytes)
	if err != nil || len(refused) == 0 {
		return f, err
	}
	at := make(map[imap.UID]storage.RefusedMessage, len(refused))
	for _, m := range refused {
		at[imap.UID(m.UID)] = m
	}
	found, err := f.readmitAt(ctx, at)
	if err != nil {
		return f, err
	}
	canMove := f.w.role == storage.RoleInbox && f.w.acct.MoveTo != ""
	var moved []storage.RefusedMessage
	for _, m := range refused {
		switch {
		case found[m.ID]:
		case canMove && m.MessageID != "":
			moved = append(moved, m)
		default:
			f.w.log.Info("a message refused for its size is no longer in the folder; left as it is", "message_id", m.ID, "uid", m.UID)
		}
	}
	if len(moved) == 0 {
		return f, nil
	}
	return f.readmitMoved(ctx, moved)
}

// readmitMoved looks for refused messages by their Message-ID in the
// filing folder, where stored mail is moved, readmits those found there,
// and selects the watched folder again.
func (f *folderSync) readmitMoved(ctx context.Context, moved []storage.RefusedMessage) (*folderSync, error) {
	w := f.w
	_, err := withWatchdog(w, f.c, func() (*imap.SelectData, error) {
		return f.c.Select(w.acct.MoveTo, &imap.SelectOptions{ReadOnly: true}).Wait()
	})
	var refused *imap.Error
	switch {
	case errors.As(err, &refused):
		w.log.Warn("could not look in the filing folder for messages refused for their size", "move_to", w.acct.MoveTo, "err", err)
	case err != nil:
		return f, fmt.Errorf("examine %s: %w", w.acct.MoveTo, err)
	default:
		if err := f.readmitFound(ctx, moved); err != nil {
			return f, err
		}
	}
	return w.selectFolder(ctx, f.c)
}

// readmitFound searches the selected folder for each message by its
// Message-ID, larger than the part kept, and readmits those found.
func (f *folderSync) readmitFound(ctx context.Context, moved []storage.RefusedMessage) error {
	at := map[imap.UID]storage.RefusedMessage{}
	for _, m := range moved {
		criteria := &imap.SearchCriteria{
			Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: m.MessageID}},
			Larger: m.RawSize,
		}
		data, err := withWatchdog(f.w, f.c, func() (*imap.SearchData, error) { return f.c.UIDSearch(criteria, nil).Wait() })
		if err != nil {
			return fmt.Errorf("search %s for message %d: %w", f.w.acct.MoveTo, m.ID, err)
		}
		uids := data.AllUIDs()
		if len(uids) == 0 {
			f.w.log.Info("a message refused for its size is in neither the folder nor the filing folder; left as it is",
				"message_id", m.ID, "move_to", f.w.acct.MoveTo)
		}
		for _, uid := range uids {
			at[uid] = m
		}
	}
	if len(at) == 0 {
		return nil
	}
	_, err := f.readmitAt(ctx, at)
	return err
}

// readmitAt fetches the messages at the UIDs of the selected folder that
// the limit now takes, one at a time, and readmits each that begins with
// the part kept of its row. It returns the rows whose UID the folder holds.
func (f *folderSync) readmitAt(ctx context.Context, at map[imap.UID]storage.RefusedMessage) (map[int64]bool, error) {
	uids := make([]imap.UID, 0, len(at))
	for uid := range at {
		uids = append(uids, uid)
	}
	sizes, err := withWatchdog(f.w, f.c, func() ([]*imapclient.FetchMessageBuffer, error) {
		return f.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	})
	if err != nil {
		return nil, fmt.Errorf("fetch sizes of messages refused for their size: %w", err)
	}
	found := map[int64]bool{}
	for _, s := range sizes {
		m, ok := at[s.UID]
		if !ok {
			continue
		}
		found[m.ID] = true
		if s.RFC822Size > f.w.cfg.MaxMessageBytes {
			f.w.log.Debug("message refused for its size is still over the limit", "message_id", m.ID, "uid", s.UID, "size", s.RFC822Size)
			continue
		}
		if err := f.readmit(ctx, s.UID, m); err != nil {
			return found, err
		}
	}
	return found, nil
}

// readmit fetches message uid of the selected folder whole and, when it
// begins with the part of m kept, stores it and queues it for processing.
func (f *folderSync) readmit(ctx context.Context, uid imap.UID, m storage.RefusedMessage) error {
	msgs, err := f.fetchMessages([]imap.UID{uid})
	defer func() {
		for _, s := range msgs {
			s.release()
		}
	}()
	if err != nil || len(msgs) == 0 || msgs[0].rejected != "" {
		return err // gone meanwhile, or larger than it said
	}
	s := msgs[0]
	if same, err := s.beginsWith(m.RawSize, m.RawSHA256); err != nil || !same {
		if err == nil {
			f.w.log.Warn("a message refused for its size was not found as it was received; left as it is",
				"message_id", m.ID, "uid", uid)
		}
		return err
	}
	if err := f.putRaw(ctx, msgs); err != nil {
		return err
	}
	var readmitted bool
	err = f.w.db.InTx(ctx, func(tx pgx.Tx) error {
		ok, err := storage.ReadmitRefused(ctx, tx, m, s.sha256, s.size)
		if err != nil || !ok {
			return err
		}
		readmitted = true
		return f.w.queue.EnqueueProcess(ctx, tx, m.ID)
	})
	if err == nil && readmitted {
		f.w.log.Info("fetched again whole a message refused for its size, now within the limit", "message_id", m.ID,
			"uid", uid, "size", s.size)
	}
	return err
}

// beginsWith reports whether the message's first n bytes hash to sum.
func (m *spooled) beginsWith(n int64, sum string) (bool, error) {
	r, err := m.reader()
	if err != nil {
		return false, err
	}
	h := sha256.New()
	if _, err := io.CopyN(h, r, n); errors.Is(err, io.EOF) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return hex.EncodeToString(h.Sum(nil)) == sum, nil
}
