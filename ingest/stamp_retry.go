package ingest

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
)

// A stamp that failed for what claimdesk or its machine could not do then
// (a picture format its stamp did not read, tiffcp or heif-convert not
// installed) is tried again once it can: each stamp error is recorded with
// its kind and the abilities of each process that met it (stampAbilities),
// and the retry job, run at start and every RetryStampsInterval, queues
// again those of an outgrown kind that no process with all of its own
// process's abilities met. A stamp that fails again adds the abilities it
// failed with, and is not tried again by a process that can do no more; a
// file at fault (damaged, password-protected, beyond the limits on pages
// and pixels) never is. A file refused for its size over the stamping
// limit (StampConfig.MaxBytes) is tried again by a process whose limit
// takes it: the office raised the limit.
const (
	// RetryStampsInterval is how often the job looks after the one at
	// start, where abilities change (a new build, a program installed):
	// the rest of a backlog larger than one look queues, and the errors
	// met by processes on other machines, which may lack a program.
	RetryStampsInterval = 5 * time.Minute
	// retryStampsWaiting bounds the stamp queue's jobs, waiting or
	// running, when the job queues more: it queues as many as the queue
	// falls short of it, at a lower priority than new mail's stamps.
	retryStampsWaiting = 16
	// retryStampsPriority puts them behind new mail's stamps.
	retryStampsPriority = 4
)

// stampAbilities names what a process stamps pictures with, recorded
// with each stamp error: the pictures its stamp reads (stamp.PictureReaders)
// and the programs it converts with that it found (tiffcp for faxes in
// two-dimensional Group 3 coding, heif-convert for HEIC photos).
func stampAbilities(tiffcp, heifConvert bool) []string {
	abilities := []string{fmt.Sprintf("picture-readers-%d", stamp.PictureReaders)}
	if tiffcp {
		abilities = append(abilities, "tiffcp")
	}
	if heifConvert {
		abilities = append(abilities, "heif-convert")
	}
	return abilities
}

// lookTIFFCP returns where libtiff's tiffcp is, "" when not installed.
func lookTIFFCP() string {
	path, _ := exec.LookPath("tiffcp")
	return path
}

// abilities are the stamp worker's stampAbilities.
func (w *StampWorker) abilities() []string {
	return stampAbilities(w.tiffcp != "", ocr.ConvertsHEIC())
}

// RetryStampsArgs is the look for stamps to try again.
type RetryStampsArgs struct{}

// Kind names the job in River's tables.
func (RetryStampsArgs) Kind() string { return "stamp_retry_outgrown" }

// InsertOpts keeps one look waiting at a time.
func (RetryStampsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: storage.UniqueWhileActive()}
}

// RetryStampsJob is the periodic job that looks at start, and every
// RetryStampsInterval after.
func RetryStampsJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(RetryStampsInterval),
		func() (river.JobArgs, *river.InsertOpts) { return RetryStampsArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// RetryStampsWorker queues again the stamps that failed for what
// claimdesk could not do then, and this process can.
type RetryStampsWorker struct {
	river.WorkerDefaults[RetryStampsArgs]
	db        *storage.DB
	abilities []string
	maxBytes  int64
	log       *slog.Logger
}

// NewRetryStampsWorker builds the worker, with this process's abilities
// and stamping limit, maxBytes (StampConfig.MaxBytes; 0 for its default).
func NewRetryStampsWorker(db *storage.DB, maxBytes int64, log *slog.Logger) *RetryStampsWorker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &RetryStampsWorker{db: db, abilities: stampAbilities(lookTIFFCP() != "", ocr.ConvertsHEIC()),
		maxBytes: cmp.Or(maxBytes, stamp.DefaultMaxBytes), log: log}
}

// Work queues the stamps to try again, as many as the stamp queue has
// room for.
func (w *RetryStampsWorker) Work(ctx context.Context, _ *river.Job[RetryStampsArgs]) error {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return fmt.Errorf("retry stamps: %w", err)
	}
	n, err := NewQueue(client).RetryOutgrownStamps(ctx, w.db, w.abilities, w.maxBytes, retryStampsWaiting)
	if n > 0 {
		w.log.Info("queued again the stamps that failed for what this server can now do", "documents", n)
	}
	return err
}

// RetryOutgrownStamps forgets, in one transaction, the stamp errors of
// outgrown kinds met without one of abilities, and those of files refused
// for a size maxBytes takes, and queues those documents' stamps again,
// behind new mail's, as many as the stamp queue's jobs fall short of
// waiting (storage.RetryOutgrownStamps). It returns how many it queued.
func (q *Queue) RetryOutgrownStamps(ctx context.Context, db *storage.DB, abilities []string, maxBytes int64, waiting int) (int, error) {
	var ids []int64
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		ids, err = storage.RetryOutgrownStamps(ctx, tx, abilities, maxBytes, StampQueue, waiting)
		if err != nil || len(ids) == 0 {
			return err
		}
		params := make([]river.InsertManyParams, len(ids))
		for i, id := range ids {
			params[i] = river.InsertManyParams{Args: StampArgs{DocumentID: id},
				InsertOpts: &river.InsertOpts{Priority: retryStampsPriority}}
		}
		if _, err := q.client.InsertManyTx(ctx, tx, params); err != nil {
			return fmt.Errorf("queue the stamps of %d documents again: %w", len(ids), err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}
