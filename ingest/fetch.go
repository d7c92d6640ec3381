package ingest

import (
	"bytes"
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

	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
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

// spooled is one fetched message waiting for its commit, in memory or, when
// large, in a temp file.
type spooled struct {
	uid          imap.UID
	internalDate time.Time
	data         *bytes.Buffer // the message, when held in memory
	file         *os.File      // the message, when spooled
	sha256       string
	size         int64 // bytes kept
	rejected     string
}

// catchUp stores every message above the folder's checkpoint (received
// since the given date, when set) and returns how many it stored.
//
// Batches overlap: while one is put in the blob store and committed, the
// next downloads, so that the server, the disk and the database work at
// once. IMAP commands stay on this goroutine; a batch is marked on the
// server once its commit is done. A commit makes its messages' jobs
// runnable, so the first batches are small (1, 2, 4... messages, up to
// BatchSize): the workers start on the first message as soon as it is
// fetched, not after a whole batch, and processing overlaps the import.
func (f *folderSync) catchUp(ctx context.Context, since time.Time) (int, error) {
	uids, err := f.newUIDs(ctx, since)
	if err != nil {
		return 0, err
	}
	stored := 0
	var prev *batch // being stored
	finish := func() error {
		if prev == nil {
			return nil
		}
		b := prev
		prev = nil
		res := <-b.done
		b.release()
		stored += res.stored
		if res.err != nil {
			return res.err
		}
		f.mb.LastUID = max(f.mb.LastUID, uint32(b.uids[len(b.uids)-1]))
		if f.progress != nil {
			for _, m := range b.msgs {
				f.progress(m.size)
			}
		}
		f.mark(b.uids)
		return nil
	}
	size := 1
	for len(uids) > 0 {
		n := min(len(uids), size)
		size = min(2*size, f.w.cfg.BatchSize)
		b := &batch{uids: uids[:n]}
		uids = uids[n:]
		fetchStart := time.Now()
		b.msgs, err = f.fetchMessages(b.uids)
		f.w.cfg.Steps.since(StepFetch, fetchStart)
		if err != nil {
			b.release()
			return stored, errors.Join(err, finish())
		}
		if err := finish(); err != nil {
			b.release()
			return stored, err
		}
		b.done = make(chan batchResult, 1)
		go func() {
			s, err := f.storeBatch(ctx, b)
			b.done <- batchResult{s, err}
		}()
		prev = b
	}
	return stored, finish()
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

// batch is the mail of one FETCH, spooled, on its way to its commit.
type batch struct {
	uids []imap.UID
	msgs []*spooled
	done chan batchResult
}

type batchResult struct {
	stored int
	err    error
}

// release frees the batch's messages; stored ones live on as blobs.
func (b *batch) release() {
	for _, m := range b.msgs {
		m.release()
	}
}

// fetchMessages fetches uids into memory, or temp files when large.
func (f *folderSync) fetchMessages(uids []imap.UID) ([]*spooled, error) {
	var msgs []*spooled
	room := &memoryRoom{left: rawBatchInMemory}
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
		m, err := f.spool(data, room, func() { watchdog.Reset(timeout) })
		if m != nil {
			msgs = append(msgs, m)
		}
		if err != nil {
			cmd.Close()
			return msgs, err
		}
	}
	if err := cmd.Close(); err != nil {
		return msgs, fmt.Errorf("fetch: %w", err)
	}
	return msgs, nil
}

// storeBatch puts a fetched batch in the blob store, then stores rows, jobs
// and the new checkpoint in one transaction.
func (f *folderSync) storeBatch(ctx context.Context, b *batch) (int, error) {
	if err := f.putRaw(ctx, b.msgs); err != nil {
		return 0, err
	}

	first, last := b.uids[0], b.uids[len(b.uids)-1]
	stored, err := f.commitBatch(ctx, b.msgs, uint32(last), false)
	if storage.IsDataError(err) {
		// Something in one message's headers is beyond what the database
		// holds. Again, each message in its own savepoint: that one is kept
		// bare and the batch goes on, instead of the mailbox stalling.
		stored, err = f.commitBatch(ctx, b.msgs, uint32(last), true)
	}
	if err != nil {
		return 0, fmt.Errorf("commit uids %d-%d: %w", first, last, err)
	}
	return stored, nil
}

// spool reads one FETCH response into memory when room has room for it,
// else into a temp file, hashing it and keeping at most MaxMessageBytes. A
// message without a body (expunged while we fetched) returns nil.
func (f *folderSync) spool(data *imapclient.FetchMessageData, room *memoryRoom, onRead func()) (*spooled, error) {
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
			r := progressReader{it.Literal, onRead}
			inMemory := room.take(min(it.Literal.Size(), f.w.cfg.MaxMessageBytes))
			if err := f.writeLiteral(m, r, it.Literal.Size(), inMemory); err != nil {
				m.release()
				return nil, err
			}
		}
	}
	if !body || m.uid == 0 {
		m.release()
		f.w.log.Warn("server returned no message body; skipping", "uid", m.uid)
		return nil, nil
	}
	return m, nil
}

// writeLiteral keeps the message literal r of the announced size, in
// memory or a temp file.
func (f *folderSync) writeLiteral(m *spooled, r io.Reader, size int64, inMemory bool) error {
	limit := f.w.cfg.MaxMessageBytes
	var n int64
	var err error
	if inMemory {
		n, err = m.readIntoMemory(r, size, limit)
	} else {
		n, err = m.spoolToFile(r, f.w.cfg.TempDir, limit)
	}
	if err != nil {
		return fmt.Errorf("fetch message body: %w", err)
	}
	// Past the limit: keep what we have, read the rest off the wire.
	extra, err := io.Copy(io.Discard, r)
	if err != nil {
		return fmt.Errorf("fetch message body: %w", err)
	}
	if extra > 0 {
		m.rejected = fmt.Sprintf("the message is %s, over the %s limit, and was not read: its first %s are kept here, "+
			"and the whole of it stays in the mailbox. Tell whoever runs claimdesk: with the limit "+
			"(CLAIMDESK_MAX_MESSAGE_MB) raised above its size, claimdesk fetches it again and reads it when it restarts.",
			humanSize(n+extra), humanSize(limit), humanSize(n))
	}
	m.size = n
	return nil
}

// spoolToFile copies at most limit bytes of r into a temp file, hashing
// them.
func (m *spooled) spoolToFile(r io.Reader, dir string, limit int64) (int64, error) {
	file, err := os.CreateTemp(dir, "claimdesk-fetch-*.eml")
	if err != nil {
		return 0, fmt.Errorf("spool message: %w", err)
	}
	m.file = file
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(file, h), io.LimitReader(r, limit))
	m.sha256 = hex.EncodeToString(h.Sum(nil))
	return n, err
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
	rows := make([]storage.NewMessage, len(msgs))
	for i, m := range msgs {
		r, err := m.reader()
		if err != nil {
			return 0, err
		}
		env := mailparse.ReadEnvelope(r)
		rows[i] = storage.NewMessage{
			MailboxID: f.mb.ID, UIDValidity: f.mb.UIDValidity, UID: uint32(m.uid),
			Direction: direction(f.w.role), RawSHA256: m.sha256, RawSize: m.size,
			MessageID: env.MessageID, InReplyTo: env.InReplyTo, References: env.References,
			FromAddress: env.FromAddr, FromName: env.FromName, Subject: env.Subject,
			InternalDate: m.internalDate, SentDate: env.Date,
			Status: storage.StatusNew,
		}
		if m.rejected != "" {
			rows[i].Status, rows[i].Error = storage.StatusRejected, m.rejected
		}
	}
	err = f.w.db.InTx(ctx, func(tx pgx.Tx) error {
		stored = 0
		// note records one message's outcome: stored, or skipped as the
		// same bytes as a stored one (storage counts those for /metrics).
		note := func(row storage.NewMessage, res storage.InsertResult) bool {
			if res.Inserted {
				stored++
				return true
			}
			f.w.log.Debug("same raw bytes as a stored message; not stored again",
				"uid", row.UID, "uidvalidity", row.UIDValidity, "existing_id", res.ID, "raw_sha256", row.RawSHA256)
			return false
		}
		var queued []int64
		if careful {
			for _, row := range rows {
				res, status, err := f.insertCarefully(ctx, tx, row)
				if err != nil {
					return err
				}
				if note(row, res) && status == storage.StatusNew {
					queued = append(queued, res.ID)
				}
			}
		} else {
			// The whole batch in one statement, and its jobs in one more.
			results, err := storage.InsertMessages(ctx, tx, rows)
			if err != nil {
				return err
			}
			for i, res := range results {
				if note(rows[i], res) && rows[i].Status == storage.StatusNew {
					queued = append(queued, res.ID)
				}
			}
		}
		if err := enqueueAll(ctx, f.w.queue, tx, queued); err != nil {
			return err
		}
		return storage.AdvanceMailbox(ctx, tx, f.mb.ID, f.mb.UIDValidity, last)
	})
	return stored, err
}

// insertCarefully records one message in a savepoint, falling back to a
// bare row (no headers, failed with the reason) when the database refuses
// the headers. It returns the status stored.
func (f *folderSync) insertCarefully(ctx context.Context, tx pgx.Tx, row storage.NewMessage) (res storage.InsertResult, status string, err error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return res, "", err
	}
	res.ID, res.Inserted, err = storage.InsertMessage(ctx, sp, row)
	if err == nil {
		return res, row.Status, sp.Commit(ctx)
	}
	if rerr := sp.Rollback(ctx); rerr != nil || !storage.IsDataError(err) {
		return res, "", errors.Join(err, rerr)
	}
	f.w.log.Warn("message headers refused by the database; kept bare", "uid", row.UID, "err", err)
	bare := storage.NewMessage{
		MailboxID: row.MailboxID, UIDValidity: row.UIDValidity, UID: row.UID, Direction: row.Direction,
		RawSHA256: row.RawSHA256, RawSize: row.RawSize, InternalDate: row.InternalDate,
		Status: storage.StatusFailed, Error: "headers could not be recorded: " + err.Error(),
	}
	res.ID, res.Inserted, err = storage.InsertMessage(ctx, tx, bare)
	return res, bare.Status, err
}
