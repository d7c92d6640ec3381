package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/claimdesk/claimdesk/storage"
)

// outboxView is a reply sent (or being sent) from the dashboard, as the
// message and claim pages list it.
type outboxView struct {
	storage.OutboxMessage
}

// Failed reports whether the last attempt failed: the page shows the
// error and a Retry button.
func (v outboxView) Failed() bool { return v.State == storage.OutboxFailed }

// StateText says where the message stands, for people.
func (v outboxView) StateText() string {
	switch v.State {
	case storage.OutboxQueued, storage.OutboxSending:
		return "sending"
	case storage.OutboxSubmitted:
		return "sent, filing in Sent"
	case storage.OutboxSent:
		return "sent"
	case storage.OutboxFailed:
		return "not sent"
	}
	return v.State
}

func outboxViews(rows []storage.OutboxMessage) []outboxView {
	out := make([]outboxView, len(rows))
	for i, m := range rows {
		out[i] = outboxView{m}
	}
	return out
}

// outboxList is a page's list of the replies sent from claimdesk, with
// what each failed one's Retry form needs.
type outboxList struct {
	Items    []outboxView
	CSRF     string
	Next     string // the page a retry comes back to
	ShowKind bool   // a claim's list mixes acknowledgments and daily updates
	CanRetry bool   // false for a read-only member, who is offered no Retry
}

// newOutboxList builds the outbox_list partial's argument: a template
// passes a partial only one value.
func newOutboxList(items []outboxView, csrf, next string, showKind, canRetry bool) outboxList {
	return outboxList{Items: items, CSRF: csrf, Next: next, ShowKind: showKind, CanRetry: canRetry}
}

// handleOutboxRetry sends a failed reply again.
func (s *Server) handleOutboxRetry(w http.ResponseWriter, r *http.Request) {
	id, o, err := s.replyRequest(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.GetOutbox(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Not failed any more: retried by someone else meanwhile. Either
	// way the page shows how it stands.
	if err := o.Retry(r.Context(), id); err != nil && !errors.Is(err, storage.ErrConflict) {
		s.fail(w, r, err)
		return
	}
	s.log.Info("reply retry", "outbox_id", id, "actor", actorFrom(r.Context()))
	back := "/"
	switch {
	case m.ReplyTo != nil:
		back = fmt.Sprintf("/messages/%d", *m.ReplyTo)
	case m.ClaimID != nil:
		back = fmt.Sprintf("/claims/%d", *m.ClaimID)
	}
	http.Redirect(w, r, formNext(r, back), http.StatusSeeOther)
}
