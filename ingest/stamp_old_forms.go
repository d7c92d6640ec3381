package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// Pictures of signed forms filed before such pictures were stamped have no
// stamped copy, no stamp error and no stamp job: the claim page would say
// they are being stamped for ever. The old-forms job, run when the server
// starts, queues their stamps a batch at a time; the stamp queue's workers
// then stamp them beside new mail's, a few at once.
const (
	// OldFormsInterval is how often the job looks after the one at start:
	// a walk of the documents' ids, cheap once a day, which also catches
	// a form whose stamp job was lost some other way.
	OldFormsInterval = 24 * time.Hour
	// oldFormsBatch bounds the documents one transaction looks at and
	// queues.
	oldFormsBatch = 200
)

// OldFormStampsArgs is the look for pictures of signed forms never
// stamped.
type OldFormStampsArgs struct{}

// Kind names the job in River's tables.
func (OldFormStampsArgs) Kind() string { return "stamp_old_forms" }

// InsertOpts keeps one look waiting at a time.
func (OldFormStampsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: storage.UniqueWhileActive()}
}

// OldFormStampsJob is the periodic job that looks at start, and every
// OldFormsInterval after.
func OldFormStampsJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(OldFormsInterval),
		func() (river.JobArgs, *river.InsertOpts) { return OldFormStampsArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// OldFormStampsWorker queues the stamps of pictures of signed forms never
// stamped.
type OldFormStampsWorker struct {
	river.WorkerDefaults[OldFormStampsArgs]
	db  *storage.DB
	log *slog.Logger
}

// NewOldFormStampsWorker builds the worker.
func NewOldFormStampsWorker(db *storage.DB, log *slog.Logger) *OldFormStampsWorker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &OldFormStampsWorker{db: db, log: log}
}

// Work queues the stamps of the pictures of signed forms that have none.
func (w *OldFormStampsWorker) Work(ctx context.Context, _ *river.Job[OldFormStampsArgs]) error {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return fmt.Errorf("old forms: %w", err)
	}
	n, err := NewQueue(client).EnqueueOldFormStamps(ctx, w.db)
	if n > 0 {
		w.log.Info("queued the stamps of pictures of signed forms filed before pictures were stamped", "documents", n)
	}
	return err
}

// EnqueueOldFormStamps queues the stamp of every picture of a signed form
// (a phone photo of an ATP) with neither a stamped copy nor a stamp error
// and no stamp job waiting or running, a batch per transaction. It returns
// how many it queued. Run again, it queues none of those still waiting.
func (q *Queue) EnqueueOldFormStamps(ctx context.Context, db *storage.DB) (int, error) {
	return q.enqueueOldFormStamps(ctx, db, oldFormsBatch)
}

func (q *Queue) enqueueOldFormStamps(ctx context.Context, db *storage.DB, batch int) (int, error) {
	forms := slices.DeleteFunc(classify.FiledTypes(), func(t string) bool { return !classify.SignedForm(t) })
	queued := 0
	for after := int64(0); ; {
		var docs []storage.Document
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			docs, err = storage.UnstampedDocuments(ctx, tx, forms, after, batch)
			if err != nil {
				return err
			}
			return q.enqueueFormStamps(ctx, tx, docs)
		})
		if err != nil {
			return queued, err
		}
		for _, d := range docs {
			if oldFormPicture(d) {
				queued++
			}
		}
		if len(docs) < batch {
			return queued, nil
		}
		after = docs[len(docs)-1].ID
	}
}

// oldFormPicture reports whether the old-forms look stamps d, a document
// of a signed form's type without a stamp: whether it is a picture.
func oldFormPicture(d storage.Document) bool {
	return Stampable(d) && !d.IsPDF()
}

// enqueueFormStamps queues, within tx, the stamps of the pictures among
// docs.
func (q *Queue) enqueueFormStamps(ctx context.Context, tx pgx.Tx, docs []storage.Document) error {
	var params []river.InsertManyParams
	for _, d := range docs {
		if oldFormPicture(d) {
			params = append(params, river.InsertManyParams{Args: StampArgs{DocumentID: d.ID}})
		}
	}
	if len(params) == 0 {
		return nil
	}
	if _, err := q.client.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("queue the stamps of %d pictures of signed forms: %w", len(params), err)
	}
	return nil
}
