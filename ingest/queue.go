package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/storage"
)

// ProcessArgs is the job that takes a stored message through parsing,
// classification and filing.
type ProcessArgs struct {
	MessageID int64 `json:"message_id"`
	// Rematch asks to match a message in triage again: a claim or a thread
	// it was waiting for has appeared.
	Rematch bool `json:"rematch,omitempty"`
	// AfterOCR is the file whose OCR queued this run; it only keeps the
	// run apart from one already under way (see OCRWorker.Work).
	AfterOCR string `json:"after_ocr,omitempty"`
	// Refine asks to type again, with the texts OCR has read since, the
	// pictures and scans of a message filed before they were read.
	Refine bool `json:"refine,omitempty"`
	// MovedTo is the office a move took the message to; it only keeps the
	// run apart from a matching still under way in the office it left,
	// which would otherwise make the move's run a duplicate and drop it.
	MovedTo int64 `json:"moved_to,omitempty"`
	// Behind is the rematch of the message that was running when this one
	// was asked for; it only keeps this run apart from that one, which may
	// have read the claims before what asked for this one committed (see
	// insertRematches).
	Behind int64 `json:"behind,omitempty"`
	// BehindAttempt is the attempt of Behind that was running: a later
	// attempt reads the claims again, and does not leave the message to
	// this run (see run.stillCurrent).
	BehindAttempt int `json:"behind_attempt,omitempty"`
}

// Kind names the job in River's tables.
func (ProcessArgs) Kind() string { return "process_message" }

// InsertOpts makes the job unique per message while it is waiting or
// running: a repeated enqueue (a retry command, a crash between steps) does
// not process the message twice at once.
func (ProcessArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: storage.UniqueWhileActive()}
}

// Queue enqueues processing jobs in the caller's transaction, so a message
// row never exists without its job.
type Queue struct {
	client *river.Client[pgx.Tx]
}

// NewQueue wraps a River client.
func NewQueue(client *river.Client[pgx.Tx]) *Queue { return &Queue{client: client} }

// EnqueueProcess adds the processing job of message id within tx.
func (q *Queue) EnqueueProcess(ctx context.Context, tx pgx.Tx, id int64) error {
	if _, err := q.client.InsertTx(ctx, tx, ProcessArgs{MessageID: id}, nil); err != nil {
		return fmt.Errorf("enqueue processing of message %d: %w", id, err)
	}
	return nil
}

// EnqueueRematch adds, within tx, the job that matches message id, in
// triage, again: a person moved it to office.
func (q *Queue) EnqueueRematch(ctx context.Context, tx pgx.Tx, id, office int64) error {
	return insertRematches(ctx, q.client, tx, []int64{id}, office)
}

// EnqueueRematchMany adds, within tx, the jobs that match the messages
// ids, in triage, again, in one statement: they moved to office.
func (q *Queue) EnqueueRematchMany(ctx context.Context, tx pgx.Tx, ids []int64, office int64) error {
	return insertRematches(ctx, q.client, tx, ids, office)
}

// insertRematches queues messages ids to be matched again, in one
// statement (another only for those whose rematch is running); each
// message once, as a unique job twice in one statement is an error.
// movedTo is the office a move took them to, 0 for none.
//
// A rematch of the message may be running already, or have just ended:
// River counts a job as running until its completer records the end, up
// to 250 ms later. Such a run may have read the claims before this
// transaction's change, and River would skip the rematch asked for here as
// its duplicate: a run behind it is queued instead. The running one leaves
// the message to it, unless its decision committed before this
// transaction (see run.stillCurrent); the one behind, finding the message
// decided that way, leaves it as it is (see takeToOffice).
func insertRematches(ctx context.Context, client *river.Client[pgx.Tx], tx pgx.Tx, ids []int64, movedTo int64) error {
	var params []river.InsertManyParams
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		params = append(params, river.InsertManyParams{Args: ProcessArgs{MessageID: id, Rematch: true, MovedTo: movedTo}})
	}
	// Each round queues behind the runs the last one found running. A job
	// is queued behind one inserted before it, so the rounds end; the
	// bound only turns a surprise into an error (the transaction is tried
	// again) rather than a rematch silently lost.
	for round := 0; len(params) > 0; round++ {
		if round == maxRematchRounds {
			return fmt.Errorf("queue matching again of %d messages: still behind running rematches after %d rounds", len(params), round)
		}
		res, err := client.InsertManyTx(ctx, tx, params)
		if err != nil {
			return fmt.Errorf("queue matching again of %d messages: %w", len(ids), err)
		}
		if params, err = behindRunning(res); err != nil {
			return err
		}
	}
	return nil
}

// maxRematchRounds bounds insertRematches' rounds: more than the rematches
// of one message that can run at once.
const maxRematchRounds = 16

// behindRunning returns the rematches to queue behind the running ones
// that res, the results of inserting rematches, were skipped as duplicates
// of.
func behindRunning(res []*rivertype.JobInsertResult) ([]river.InsertManyParams, error) {
	var params []river.InsertManyParams
	for _, r := range res {
		if !r.UniqueSkippedAsDuplicate || r.Job.State != rivertype.JobStateRunning {
			continue
		}
		var a ProcessArgs
		if err := json.Unmarshal(r.Job.EncodedArgs, &a); err != nil {
			return nil, fmt.Errorf("rematch job %d: %w", r.Job.ID, err)
		}
		a.Behind, a.BehindAttempt = r.Job.ID, r.Job.Attempt
		params = append(params, river.InsertManyParams{Args: a})
	}
	return params, nil
}

// EnqueueProcessMany adds the processing jobs of messages ids within tx,
// in one statement.
func (q *Queue) EnqueueProcessMany(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(ids))
	for i, id := range ids {
		params[i] = river.InsertManyParams{Args: ProcessArgs{MessageID: id}}
	}
	if _, err := q.client.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("enqueue processing of %d messages: %w", len(ids), err)
	}
	return nil
}

// sharedConns are the database connections beside the processing
// workers': stamping and OCR, which hold one briefly, the job queue's own
// fetching and completing, and the web's requests share them.
const sharedConns = 4

// PoolConns is how many database connections a process running workers
// processing workers needs in its pool: each holds one through its
// transaction. Fewer leave workers waiting for a connection: with pgx's
// default of 4 on two cores, that was most of what 8 processing workers
// waited for.
func PoolConns(workers int) int { return workers + sharedConns }

// How claimdesk serve's queues fetch their jobs (and the benchmarks that
// stand for it).
const (
	// FetchCooldown is the least time a queue waits between fetches:
	// River's default (100 ms) caps a queue at a few dozen jobs a second,
	// slower than mail is processed.
	FetchCooldown = 10 * time.Millisecond
	// FetchPollInterval is how often a queue looks for jobs it was not told
	// of. River tells the queues of a new job, but not of one inserted
	// within FetchCooldown of the last it told of; such a job, committed
	// after the fetch the first one set off, waits for the next poll. With
	// River's default (1 s), mail arriving in a burst waited most of that
	// second before its processing started.
	FetchPollInterval = 100 * time.Millisecond
)
