package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Progress is how far a backfill has come.
type Progress struct {
	Folder        string
	Done, Total   int   // messages
	Bytes, TotalB int64 // message bytes
	Started       time.Time
}

// ErrWatched is returned by Backfill when a running claimdesk already
// watches the folder (and so imports it itself).
var ErrWatched = errors.New("a running claimdesk watches this folder and is importing it already")

// Backfill imports a folder's existing mail once, from the last stored UID
// (received on or after since, when set), reporting progress after every
// message. It holds the mailbox's lock in the processes' WatchShare for the
// duration, on a connection of its own: a serve process watching the
// mailbox and a backfill never import it both at once.
func (w *Watcher) Backfill(ctx context.Context, since time.Time, progress func(Progress)) (stored int, err error) {
	held, err := w.db.WithSessionLock(ctx, shareKey(w.acct.Name()), w.cfg.PollInterval, func(ctx context.Context) error {
		_, f, closeConn, err := w.open(ctx, &imapclient.Options{})
		if err != nil {
			return err
		}
		defer closeConn()
		p := Progress{Folder: w.folder, Started: time.Now()}
		if p.Total, p.TotalB, err = f.pending(ctx, since); err != nil {
			return err
		}
		progress(p)
		f.progress = func(bytes int64) {
			p.Done++
			p.Bytes += bytes
			progress(p)
		}
		stored, err = f.catchUp(ctx, since)
		return err
	})
	if err == nil && !held {
		err = ErrWatched
	}
	return stored, err
}

// pending counts the messages and bytes a catch-up would fetch.
func (f *folderSync) pending(ctx context.Context, since time.Time) (n int, bytes int64, err error) {
	uids, err := f.newUIDs(ctx, since)
	if err != nil || len(uids) == 0 {
		return 0, 0, err
	}
	sizes, err := withWatchdog(f.w, f.c, func() ([]*imapclient.FetchMessageBuffer, error) {
		return f.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	})
	if err != nil {
		return 0, 0, fmt.Errorf("fetch sizes: %w", err)
	}
	for _, s := range sizes {
		bytes += s.RFC822Size
	}
	return len(uids), bytes, nil
}
