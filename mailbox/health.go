package mailbox

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// HealthRecorder hears how an account's connections go: what the mailbox
// health in the API and the metrics is made of.
type HealthRecorder interface {
	// Connected says a login succeeded.
	Connected(account string)
	// Failed says a watcher of folder stopped with err and tries again in
	// retryIn.
	Failed(account, folder string, err error, retryIn time.Duration)
}

// DBHealth records mailbox health in the database, where the API of every
// claimdesk process reads it.
type DBHealth struct {
	db  *storage.DB
	log *slog.Logger
	now func() time.Time
}

var _ HealthRecorder = (*DBHealth)(nil)

// NewDBHealth records into db; failures to record are logged, not fatal.
func NewDBHealth(db *storage.DB, log *slog.Logger) *DBHealth {
	return &DBHealth{db: db, log: log, now: time.Now}
}

// healthWriteTimeout bounds a health write: a slow database must not hold
// up a watcher.
const healthWriteTimeout = 5 * time.Second

// Connected implements HealthRecorder.
func (h *DBHealth) Connected(account string) {
	ctx, cancel := context.WithTimeout(context.Background(), healthWriteTimeout)
	defer cancel()
	if err := h.db.RecordMailboxConnected(ctx, account, h.now()); err != nil {
		h.log.Warn("could not record mailbox health", "mailbox", account, "err", err)
	}
}

// Failed implements HealthRecorder.
func (h *DBHealth) Failed(account, folder string, err error, retryIn time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), healthWriteTimeout)
	defer cancel()
	now := h.now()
	msg := err.Error()
	if len(msg) > 1000 {
		msg = strings.ToValidUTF8(msg[:1000], "")
	}
	if err := h.db.RecordMailboxFailure(ctx, account, folder, Problem(err), msg, now, now.Add(retryIn)); err != nil {
		h.log.Warn("could not record mailbox health", "mailbox", account, "err", err)
	}
}
