package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/jackc/pgx/v5"
	"golang.org/x/sync/errgroup"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// folderSync copies a selected folder's new mail into storage.
type folderSync struct {
	w          *Watcher
	c          *imapclient.Client
	mb         *storage.Mailbox
	canKeyword bool
	// progress, when set, is told about every message stored or skipped.
	progress func(bytes int64)
}

// spooled is one fetched message waiting in a temp file for its commit.
type spooled struct {
	uid          imap.UID
	internalDate time.Time
	file         *os.File
	sha256       string
	size         int64 // bytes kept
	rejected     string
}

// catchUp stores every message above the folder's checkpoint (received
// since the given date, when set) and returns how many it stored.
func (f *folderSync) catchUp(ctx context.Context, since time.Time) (int, error) {
	uids, err := f.newUIDs(ctx, since)
	if err != nil {
		return 0, err
	}
	stored := 0
	for len(uids) > 0 {
		n := min(len(uids), f.w.cfg.BatchSize)
		s, err := f.fetchBatch(ctx, uids[:n])
		stored += s
		if err != nil {
			return stored, err
		}
		uids = uids[n:]
	}
	return stored, nil
}

// newUIDs lists the UIDs above the checkpoint, oldest first.
func (f *folderSync) newUIDs(ctx context.Context, since time.Time) ([]imap.UID, error) {
	criteria := &imap.SearchCriteria{
		// last+1:* also matches the highest UID when nothing is newer.
		UID:   []imap.UIDSet{{imap.UIDRange{Start: imap.UID(f.mb.LastUID + 1), Stop: 0}}},
		Since: since,
	}
	data, err := withWatchdog(f.w, f.c, func() (*imap.SearchData, error) { return f.c.UIDSearch(criteria, nil).Wait() })
	if err != nil {
		return nil, fmt.Errorf("search new mail: %w", err)
	}
	var uids []imap.UID
	for _, uid := range data.AllUIDs() {
		if uint32(uid) > f.mb.LastUID {
			uids = append(uids, uid)
		}
	}
	slices.Sort(uids)
	return uids, ctx.Err()
}

// fetchBatch fetches uids into temp files, puts them in the blob store, then
// stores rows, jobs and the new checkpoint in one transaction. Only after the
// commit is the mail marked on the server.
func (f *folderSync) fetchBatch(ctx context.Context, uids []imap.UID) (int, error) {
	var msgs []*spooled
	defer func() {
		for _, m := range msgs {
			m.file.Close()
			os.Remove(m.file.Name())
		}
	}()

	// The watchdog restarts with every chunk read, so a large message on a
	// slow link is fine but a stalled server is not.
	timeout := f.w.cfg.CommandTimeout
	watchdog := time.AfterFunc(timeout, func() {
		f.w.log.Warn("IMAP fetch stalled; reconnecting", "timeout", timeout)
		f.c.Close()
	})
	defer watchdog.Stop()
	cmd := f.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID:          true,
		InternalDate: true,
		BodySection:  []*imap.FetchItemBodySection{{Peek: true}}, // BODY.PEEK[]: leave \Seen alone
	})
	for {
		data := cmd.Next()
		if data == nil {
			break
		}
		m, err := f.spool(data, func() { watchdog.Reset(timeout) })
		if m != nil {
			msgs = append(msgs, m)
		}
		if err != nil {
			cmd.Close()
			return 0, err
		}
	}
	if err := cmd.Close(); err != nil {
		return 0, fmt.Errorf("fetch: %w", err)
	}
	watchdog.Stop()

	// Several puts at once: each waits on its own fsyncs (or S3 round
	// trips), which a batch would otherwise pay one after another.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for _, m := range msgs {
		g.Go(func() error {
			// The spool file itself becomes the blob when the store can
			// link it: the message is written to disk once.
			if err := blob.PutFile(gctx, f.w.blobs, blob.ContentKey(m.sha256), m.file, m.size); err != nil {
				return fmt.Errorf("store raw message uid %d: %w", m.uid, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}

	last := uids[len(uids)-1]
	stored, err := f.commitBatch(ctx, msgs, uint32(last), false)
	if storage.IsDataError(err) {
		// Something in one message's headers is beyond what the database
		// holds. Again, each message in its own savepoint: that one is kept
		// bare and the batch goes on, instead of the mailbox stalling.
		stored, err = f.commitBatch(ctx, msgs, uint32(last), true)
	}
	if err != nil {
		return 0, fmt.Errorf("commit uids %d-%d: %w", uids[0], last, err)
	}
	f.mb.LastUID = max(f.mb.LastUID, uint32(last))
	if f.progress != nil {
		for _, m := range msgs {
			f.progress(m.size)
		}
	}
	f.mark(uids)
	return stored, nil
}

// spool reads one FETCH response into a temp file, hashing as it goes and
// keeping at most MaxMessageBytes. A message without a body (expunged while
// we fetched) returns nil.
func (f *folderSync) spool(data *imapclient.FetchMessageData, onRead func()) (*spooled, error) {
	m := &spooled{}
	var body bool
	for {
		item := data.Next()
		if item == nil {
			break
		}
		switch it := item.(type) {
		case imapclient.FetchItemDataUID:
			m.uid = it.UID
		case imapclient.FetchItemDataInternalDate:
			m.internalDate = it.Time
		case imapclient.FetchItemDataBodySection:
			if it.Literal == nil {
				continue
			}
			body = true
			if err := f.writeLiteral(m, progressReader{it.Literal, onRead}); err != nil {
				if m.file != nil {
					m.file.Close()
					os.Remove(m.file.Name())
				}
				return nil, err
			}
		}
	}
	if !body || m.uid == 0 {
		if m.file != nil {
			m.file.Close()
			os.Remove(m.file.Name())
		}
		f.w.log.Warn("server returned no message body; skipping", "uid", m.uid)
		return nil, nil
	}
	return m, nil
}

func (f *folderSync) writeLiteral(m *spooled, r io.Reader) error {
	file, err := os.CreateTemp(f.w.cfg.TempDir, "claimdesk-fetch-*.eml")
	if err != nil {
		return fmt.Errorf("spool message: %w", err)
	}
	m.file = file
	h := sha256.New()
	limit := f.w.cfg.MaxMessageBytes
	n, err := io.Copy(io.MultiWriter(file, h), io.LimitReader(r, limit))
	if err != nil {
		return fmt.Errorf("fetch message body: %w", err)
	}
	// Past the limit: keep what we have, read the rest off the wire.
	extra, err := io.Copy(io.Discard, r)
	if err != nil {
		return fmt.Errorf("fetch message body: %w", err)
	}
	if extra > 0 {
		m.rejected = fmt.Sprintf("message is %d bytes, over the limit of %d bytes; the first %d bytes are kept", n+extra, limit, n)
	}
	m.size = n
	m.sha256 = hex.EncodeToString(h.Sum(nil))
	return nil
}

// mark flags stored mail on the server: moved to the configured folder
// when the server can move, else a keyword where the folder allows one.
// Failure only costs the mark (the checkpoint already says the mail is
// stored) and is retried at the next connection by markBacklog.
func (f *folderSync) mark(uids []imap.UID) {
	set := imap.UIDSetNum(uids...)
	var err error
	switch f.markMode() {
	case markMove:
		_, err = withWatchdog(f.w, f.c, func() (*imapclient.MoveData, error) { return f.c.Move(set, f.w.acct.MoveTo).Wait() })
	case markCopyExpunge:
		// UIDPLUS without MOVE: the copy exists before the original goes,
		// and only the UIDs just copied are expunged.
		_, err = withWatchdog(f.w, f.c, func() (struct{}, error) {
			if _, err := f.c.Copy(set, f.w.acct.MoveTo).Wait(); err != nil {
				return struct{}{}, err
			}
			if err := f.c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
				return struct{}{}, err
			}
			return struct{}{}, f.c.UIDExpunge(set).Close()
		})
	case markKeyword:
		_, err = withWatchdog(f.w, f.c, func() (struct{}, error) {
			return struct{}{}, f.c.Store(set, &imap.StoreFlags{
				Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.Flag(f.w.cfg.Keyword)},
			}, nil).Close()
		})
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		f.w.log.Warn("could not mark processed mail on the server", "err", err)
	}
}

type markMode int

const (
	markNone markMode = iota
	markMove
	markCopyExpunge
	markKeyword
)

func (f *folderSync) markMode() markMode {
	caps := f.c.Caps()
	if f.w.role == storage.RoleInbox && f.w.acct.MoveTo != "" {
		switch {
		case caps.Has(imap.CapMove):
			return markMove
		case caps.Has(imap.CapUIDPlus):
			return markCopyExpunge
		}
	}
	if f.canKeyword {
		return markKeyword
	}
	return markNone
}

// markBacklog marks stored mail that a crash or a failed STORE left
// unmarked: everything up to the checkpoint without the keyword, or, when
// moving, still in the folder.
func (f *folderSync) markBacklog(ctx context.Context) {
	if f.mb.LastUID == 0 {
		return
	}
	criteria := &imap.SearchCriteria{UID: []imap.UIDSet{{imap.UIDRange{Start: 1, Stop: imap.UID(f.mb.LastUID)}}}}
	switch f.markMode() {
	case markNone:
		return
	case markKeyword:
		criteria.NotFlag = []imap.Flag{imap.Flag(f.w.cfg.Keyword)}
	}
	data, err := withWatchdog(f.w, f.c, func() (*imap.SearchData, error) { return f.c.UIDSearch(criteria, nil).Wait() })
	if err != nil || ctx.Err() != nil {
		return
	}
	if uids := data.AllUIDs(); len(uids) > 0 {
		f.mark(uids)
	}
}

func direction(role string) string {
	if role == storage.RoleSent {
		return "out"
	}
	return "in"
}

// progressReader calls onRead after every read: the fetch watchdog's pulse.
type progressReader struct {
	r      io.Reader
	onRead func()
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.onRead()
	return n, err
}

// commitBatch records the fetched messages and the mailbox's checkpoint in
// one transaction, queueing each new one for processing. careful puts each
// message in a savepoint: a message whose headers the database refuses is
// kept without them, failed with the reason, and a retry processes it
// from its raw copy.
func (f *folderSync) commitBatch(ctx context.Context, msgs []*spooled, last uint32, careful bool) (stored int, err error) {
	err = f.w.db.InTx(ctx, func(tx pgx.Tx) error {
		stored = 0
		for _, m := range msgs {
			if _, err := m.file.Seek(0, io.SeekStart); err != nil {
				return err
			}
			env := readEnvelope(m.file)
			row := storage.NewMessage{
				MailboxID: f.mb.ID, UIDValidity: f.mb.UIDValidity, UID: uint32(m.uid),
				Direction: direction(f.w.role), RawSHA256: m.sha256, RawSize: m.size,
				MessageID: env.MessageID, InReplyTo: env.InReplyTo, References: env.References,
				FromAddress: env.FromAddr, FromName: env.FromName, Subject: env.Subject,
				InternalDate: m.internalDate, SentDate: env.Date,
				Status: storage.StatusNew,
			}
			if m.rejected != "" {
				row.Status, row.Error = storage.StatusRejected, m.rejected
			}
			id, status, inserted, err := f.insert(ctx, tx, row, careful)
			if err != nil {
				return err
			}
			if !inserted {
				continue
			}
			stored++
			if status == storage.StatusNew {
				if err := f.w.queue.EnqueueProcess(ctx, tx, id); err != nil {
					return err
				}
			}
		}
		return storage.AdvanceMailbox(ctx, tx, f.mb.ID, f.mb.UIDValidity, last)
	})
	return stored, err
}

// insert records one message; careful, in a savepoint, falling back to a
// bare row (no headers, failed with the reason) when the database refuses
// the headers. It returns the status stored.
func (f *folderSync) insert(ctx context.Context, tx pgx.Tx, row storage.NewMessage, careful bool) (id int64, status string, inserted bool, err error) {
	if !careful {
		id, inserted, err = storage.InsertMessage(ctx, tx, row)
		return id, row.Status, inserted, err
	}
	sp, err := tx.Begin(ctx)
	if err != nil {
		return 0, "", false, err
	}
	id, inserted, err = storage.InsertMessage(ctx, sp, row)
	if err == nil {
		return id, row.Status, inserted, sp.Commit(ctx)
	}
	if rerr := sp.Rollback(ctx); rerr != nil || !storage.IsDataError(err) {
		return 0, "", false, errors.Join(err, rerr)
	}
	f.w.log.Warn("message headers refused by the database; kept bare", "uid", row.UID, "err", err)
	bare := storage.NewMessage{
		MailboxID: row.MailboxID, UIDValidity: row.UIDValidity, UID: row.UID, Direction: row.Direction,
		RawSHA256: row.RawSHA256, RawSize: row.RawSize, InternalDate: row.InternalDate,
		Status: storage.StatusFailed, Error: "headers could not be recorded: " + err.Error(),
	}
	id, inserted, err = storage.InsertMessage(ctx, tx, bare)
	return id, bare.Status, inserted, err
}
