package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

// jobInserter queues pipeline jobs with an insert-only River client: the
// workers of any claimdesk process sharing the database do them.
type jobInserter struct {
	db    *storage.DB
	once  sync.Once
	queue *ingest.Queue
	err   error
}

func (j *jobInserter) get() (*ingest.Queue, error) {
	j.once.Do(func() {
		rc, err := river.NewClient(riverpgxv5.New(j.db.Pool), &river.Config{})
		if err != nil {
			j.err = fmt.Errorf("job queue: %w", err)
			return
		}
		j.queue = ingest.NewQueue(rc)
	})
	return j.queue, j.err
}

// retry queues message id for processing again.
func (j *jobInserter) retry(ctx context.Context, id int64) (bool, error) {
	q, err := j.get()
	if err != nil {
		return false, err
	}
	queued, err := ingest.Retry(ctx, j.db, q, []int64{id})
	return len(queued) == 1, err
}

// handleRetry processes a failed message again, as `claimdesk retry` does.
func (s *Server) handleRetry(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.GetMessage(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if m.FailedPermanently {
		s.fail(w, r, &httpError{status: http.StatusConflict, msg: "this message can never be processed: " + m.Error})
		return
	}
	if m.Status != storage.StatusFailed {
		s.fail(w, r, &httpError{status: http.StatusConflict, msg: "only a failed message can be retried; this one is " + m.Status})
		return
	}
	queued, err := s.jobs.retry(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Not queued: retried by someone else meanwhile. Either way the page
	// shows how it stands.
	s.log.Info("retry", "message_id", id, "queued", queued, "actor", actorFrom(r.Context()))
	http.Redirect(w, r, formNext(r, "/messages/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
}

// formNext is where a form sends the browser after it worked: the page it
// names in its next field, when on this site, else def.
func formNext(r *http.Request, def string) string {
	if next := r.PostFormValue("next"); next != "" {
		if n := safeNext(next); n != "/" || next == "/" {
			return n
		}
	}
	return def
}
