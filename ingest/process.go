package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Processor is the River worker that takes a stored message through the
// pipeline: parse, then (as the pipeline grows) classify, file and stamp.
type Processor struct {
	river.WorkerDefaults[ProcessArgs]
	db      *storage.DB
	blobs   blob.Store
	opts    ParseOptions
	tempDir string
	log     *slog.Logger
}

// NewProcessor builds the processing worker.
func NewProcessor(db *storage.DB, blobs blob.Store, opts ParseOptions, tempDir string, log *slog.Logger) *Processor {
	return &Processor{db: db, blobs: blobs, opts: opts, tempDir: tempDir, log: log}
}

// ProcessTimeout bounds one processing run: large attachments take a while.
const ProcessTimeout = 10 * time.Minute

// Timeout bounds one processing run.
func (p *Processor) Timeout(*river.Job[ProcessArgs]) time.Duration { return ProcessTimeout }

// errTransient marks failures of our own infrastructure (database, blob
// store), worth retrying with backoff; anything else is the message's fault.
var errTransient = errors.New("transient")

// Work processes one message. Running it again is safe: every step replaces
// or skips what an earlier run did.
func (p *Processor) Work(ctx context.Context, job *river.Job[ProcessArgs]) error {
	id := job.Args.MessageID
	err := p.Process(ctx, id)
	if err == nil {
		return nil
	}
	if !errors.Is(err, errTransient) || job.Attempt >= job.MaxAttempts {
		p.log.Warn("message processing failed", "message_id", id, "err", err)
		if serr := p.db.SetMessageStatus(context.WithoutCancel(ctx), id, storage.StatusFailed, err.Error()); serr != nil {
			return serr
		}
		return nil // the message shows as failed; claimdesk retry runs it again
	}
	return err
}

// Process runs the pipeline on message id.
func (p *Processor) Process(ctx context.Context, id int64) error {
	m, err := p.db.GetMessage(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil // deleted since: nothing to do
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errTransient, err)
	}
	switch m.Status {
	case storage.StatusNew, storage.StatusFailed, storage.StatusParsed:
	default:
		return nil // already past this job's steps
	}
	raw, err := p.blobs.Get(ctx, blob.ContentKey(m.RawSHA256))
	if err != nil {
		return fmt.Errorf("%w: read raw message: %w", errTransient, err)
	}
	defer raw.Close()
	parsed, err := ParseMessage(ctx, raw, &blobSink{blobs: p.blobs, tempDir: p.tempDir}, p.opts)
	if err != nil {
		if errors.Is(err, errTransient) || ctx.Err() != nil {
			return fmt.Errorf("%w: %w", errTransient, err)
		}
		return fmt.Errorf("parse: %w", err)
	}
	if err := p.db.SaveParsed(ctx, id, toStored(parsed)); err != nil {
		return fmt.Errorf("%w: %w", errTransient, err)
	}
	return nil
}

func toStored(m *Message) storage.ParsedMessage {
	out := storage.ParsedMessage{
		To:       emails(m.To),
		Cc:       emails(m.Cc),
		BodyText: m.TextBody,
		BodyHTML: m.HTMLBody,
		Warnings: m.Warnings,
	}
	for _, pt := range m.Parts {
		if pt.IsBody {
			continue
		}
		out.Parts = append(out.Parts, storage.MessagePart{
			Path: pt.Path, ContentType: pt.ContentType, Disposition: pt.Disposition, Filename: pt.Filename,
			ContentID: pt.ContentID, IsInline: pt.IsInline, IsAttachment: pt.IsAttachment, Nested: pt.Nested,
			Truncated: pt.Truncated, SHA256: pt.SHA256, Size: pt.Size,
		})
	}
	return out
}

func emails(as []Address) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		if a.Email != "" {
			out = append(out, a.Email)
		}
	}
	return out
}

// blobSink stores attachments content-addressed: spooled to a temp file
// while hashing (the key is the hash), then put in the blob store. Memory
// stays flat whatever the attachment's size.
type blobSink struct {
	blobs   blob.Store
	tempDir string
}

func (s *blobSink) PutAttachment(ctx context.Context, r io.Reader) (string, int64, error) {
	f, err := os.CreateTemp(s.tempDir, "claimdesk-part-*")
	if err != nil {
		return "", 0, fmt.Errorf("%w: spool attachment: %w", errTransient, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err != nil {
		// A read error is the message's (bad encoding), not ours.
		return "", 0, fmt.Errorf("read attachment: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", 0, fmt.Errorf("%w: %w", errTransient, err)
	}
	if err := s.blobs.Put(ctx, blob.ContentKey(sum), f, n); err != nil {
		return "", 0, fmt.Errorf("%w: store attachment: %w", errTransient, err)
	}
	return sum, n, nil
}
