package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Job numbers of claims created from assignments follow the assignments'
// arrival order, whatever order parallel workers (in any number of
// processes) happen to process them in. A number is never changed once
// given (stamps, browse keys and mail carry it), and no run waits for
// another: an assignment about to create its claim first reads the mail of
// its mailbox that arrived before it and waits for its first processing,
// and creates the claims of the assignments among them, in arrival order,
// in its own transaction. Their own runs then find their claims, and file
// into them as a repeated assignment does. Mail parsed already waits for
// OCR, whose text may still change its decision: it numbers its own claim.

// maxEarlierRead bounds the earlier messages one new claim reads: in a
// queue that keeps up, only those other workers have in hand are unread.
const maxEarlierRead = 100

// earlierMemoSize bounds the earlier messages whose reading a processor
// remembers. In a backfill every assignment has up to maxEarlierRead
// unprocessed messages before it; without the memo each would be parsed
// and classified again by every later assignment (quadratic), with it once.
const earlierMemoSize = 4096

// earlierMemo remembers what reading an earlier message found: the claim
// it would create, or none. A message's bytes never change, and a claim
// found to exist does not go away, so the answer stands; the answers that
// could change (unreadable now, waiting for OCR) are not remembered.
type earlierMemo struct {
	mu    sync.Mutex
	found map[int64]earlierFound
	reads int // messages read (parsed and classified), for tests
}

type earlierFound struct {
	a  earlierAssignment
	ok bool
}

func newEarlierMemo() *earlierMemo { return &earlierMemo{found: map[int64]earlierFound{}} }

func (m *earlierMemo) get(id int64) (earlierFound, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.found[id]
	return f, ok
}

func (m *earlierMemo) put(id int64, f earlierFound) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.found) >= earlierMemoSize {
		// Forget everything rather than track ages: a backfill moves on to
		// later messages, and the next reads refill what is still needed.
		clear(m.found)
	}
	m.found[id] = f
}

// earlierAssignment is the claim an assignment that arrived earlier asks
// for, to create before a later one's.
type earlierAssignment struct {
	messageID int64
	claim     storage.Claim
	at        time.Time // when it was received: its job number's year
}

// claimsBefore returns the claims to create before the one decision d
// creates for m, if it creates one (earlierAssignments).
func (p *Processor) claimsBefore(ctx context.Context, m storage.StoredMessage, d classify.Decision) ([]earlierAssignment, error) {
	if d.Outcome != classify.OutcomeNewClaim {
		return nil, nil
	}
	if p.beforeNewClaim != nil {
		p.beforeNewClaim(ctx, m.ID)
	}
	return p.earlierAssignments(ctx, m)
}

// earlierAssignments returns, in arrival order, the claims that the
// messages of m's mailbox that arrived before m and wait for their first
// processing would create. A message that cannot be read now, or that
// needs OCR (its text may still change its decision), is left to its own
// run.
func (p *Processor) earlierAssignments(ctx context.Context, m storage.StoredMessage) ([]earlierAssignment, error) {
	ids, err := p.db.EarlierUnprocessed(ctx, m.ID, maxEarlierRead)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errTransient, err)
	}
	var out []earlierAssignment
	for _, id := range ids {
		if f, known := p.earlier.get(id); known {
			if f.ok {
				out = append(out, f.a)
			}
			continue
		}
		a, ok, err := p.assignmentOf(ctx, id)
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: read message %d: %w", errTransient, id, ctx.Err())
		}
		if err != nil {
			p.log.Warn("earlier message unreadable; its own processing numbers its claim",
				"message_id", m.ID, "earlier_message_id", id, "err", err)
			continue
		}
		if ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// assignmentOf classifies message id as its own run would, and returns the
// claim it would create, if any.
func (p *Processor) assignmentOf(ctx context.Context, id int64) (earlierAssignment, bool, error) {
	m, err := p.db.GetMessage(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return earlierAssignment{}, false, nil
	}
	if err != nil {
		return earlierAssignment{}, false, err
	}
	if m.Status != storage.StatusNew {
		return earlierAssignment{}, false, nil // processed meanwhile: its claim, if any, exists
	}
	p.earlier.mu.Lock()
	p.earlier.reads++
	p.earlier.mu.Unlock()
	raw, err := p.blobs.Get(ctx, blob.ContentKey(m.RawSHA256))
	if err != nil {
		return earlierAssignment{}, false, fmt.Errorf("read raw message: %w", err)
	}
	defer raw.Close()
	parsed, err := mailparse.ParseMessage(ctx, raw, &blobSink{blobs: p.blobs, tempDir: p.cfg.TempDir}, p.cfg.Parse)
	if err != nil {
		return earlierAssignment{}, false, fmt.Errorf("parse: %w", err)
	}
	office, err := p.messageOffice(ctx, m, parsed)
	if err != nil {
		return earlierAssignment{}, false, err
	}
	reg := NewDBRegistry(ctx, p.db, office.ID)
	c := p.classifierFor(office).Classify(ctx, parsed, reg)
	if reg.Err != nil {
		return earlierAssignment{}, false, fmt.Errorf("claims registry: %w", reg.Err)
	}
	if len(c.AwaitOCR) > 0 {
		return earlierAssignment{}, false, nil // its text may still change its decision
	}
	if c.Decision.Outcome != classify.OutcomeNewClaim {
		p.earlier.put(id, earlierFound{})
		return earlierAssignment{}, false, nil
	}
	a := earlierAssignment{messageID: id, claim: assignmentClaim(c.Decision.Assignment, office.ID), at: p.receivedAt(parsed)}
	p.earlier.put(id, earlierFound{a: a, ok: true})
	return a, true, nil
}

// newClaim creates the claim assignment message m asks for, after the
// claims of the assignments that arrived before it (earlierAssignments).
func (p *Processor) newClaim(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, c storage.Claim, at time.Time, earlier []earlierAssignment) (storage.Claim, error) {
	// Taken before any claim's row: creations that wait for each other's
	// rows while holding the lock could not otherwise be ruled out.
	if err := storage.LockJobNumbers(ctx, tx); err != nil {
		return storage.Claim{}, err
	}
	for _, e := range earlier {
		if err := p.createEarlier(ctx, tx, m, e); err != nil {
			return storage.Claim{}, err
		}
	}
	created, _, err := storage.ClaimFromAssignment(ctx, tx, c, p.cfg.JobPattern, at, m.ID)
	return created, err
}

// createEarlier creates e's claim, within a savepoint: a claim that cannot
// be created (its number given to another claim meanwhile, a field out of
// bounds) is left to e's own run, and m still gets its claim.
func (p *Processor) createEarlier(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, e earlierAssignment) error {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	c, created, err := storage.ClaimFromAssignment(ctx, sp, e.claim, p.cfg.JobPattern, e.at, e.messageID)
	if err != nil {
		p.log.Warn("claim of an earlier assignment not created; its own processing creates it",
			"message_id", m.ID, "earlier_message_id", e.messageID, "err", err)
		if rerr := sp.Rollback(ctx); rerr != nil {
			return fmt.Errorf("roll back to savepoint: %w", rerr)
		}
		return nil
	}
	if created {
		p.log.Info("claim of an earlier assignment created first", "message_id", m.ID,
			"earlier_message_id", e.messageID, "claim_id", c.ID, "job_number", c.JobNumber)
	}
	if err := sp.Commit(ctx); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}
