package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// handleAcknowledgeForm records how a coordinator dealt with a message
// outside the shared mailbox, with a note: answered by phone (or another
// way than email), answered from their own mail account (at the time
// given, else now), or needing no answer. The business minutes an answer
// took count on the office's calendar, as a reply's would. When someone
// answered it first, the coordinator is shown that answer instead, and
// their note is kept with it.
func (s *Server) handleAcknowledgeForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, note, ok := s.readNoteForm(w, r, maxAckNote)
	if !ok {
		return
	}
	m, err := s.db.GetMessage(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if m.Direction != "in" {
		s.fail(w, r, &httpError{status: http.StatusConflict, msg: "this message was sent by the office: there is nothing to acknowledge"})
		return
	}
	source, at, err := s.ackFormHow(r, m.OfficeID)
	if err == nil {
		err = s.ackByHand(ctx, id, m.OfficeID, source, note, at)
	}
	var first *storage.AckedAlready
	switch {
	case errors.As(err, &first):
		s.answeredFirst(w, r, m.OfficeID, first, note)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.log.Info("acknowledged by hand", "message_id", id, "ack_source", source, "actor", actorFrom(ctx))
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/messages/%d", id)), http.StatusSeeOther)
}

// ackFormHow reads how an acknowledgment form says the message was dealt
// with (how: phone, own_email, not_needed) and, for an answer from one's
// own mail, the time it was sent (at: HH:MM today on office's clock; nil
// for now).
func (s *Server) ackFormHow(r *http.Request, office int64) (string, *time.Time, error) {
	source, err := ackSourceOf(r.PostFormValue("how"))
	v := strings.TrimSpace(r.PostFormValue("at"))
	switch {
	case err != nil || v == "":
		return source, nil, err
	case source != storage.AckOwnEmail:
		// Enter in the time field presses the form's first button,
		// Answered by phone: the time would be lost without a word.
		return "", nil, badRequest("a time sent is for a reply from your own email: press Mark replied, or clear the time")
	}
	if _, err := time.Parse("15:04", v); err != nil {
		return "", nil, badRequest("the time the answer was sent: want hours and minutes, like 13:05, got %q", v)
	}
	// Read on the office's clock as calendars read it: the night it moves,
	// a time it skipped or showed twice is not taken for another.
	loc := s.rulesOf(office).Calendar.Location()
	at, err := wallTime("2006-01-02 15:04", s.now().In(loc).Format("2006-01-02 ")+v, loc)
	if err != nil {
		return "", nil, err
	}
	return source, &at, nil
}

// answeredFirst answers a coordinator who answered a message someone had
// answered first (a colleague, or the office's reply): their note is added
// to that answer's, signed and timed, unless it says nothing new, and the
// message's page says who answered first, when and how.
func (s *Server) answeredFirst(w http.ResponseWriter, r *http.Request, office int64, first *storage.AckedAlready, note string) {
	ctx := r.Context()
	kept := ""
	if note != "" && !saysAlready(first.Note, note) {
		loc := s.rulesOf(office).Calendar.Location()
		line := fmt.Sprintf("%s, %s: %s", coordinatorOf(ctx), clockWords(s.now(), s.now(), loc), note)
		if err := s.db.AddAckNote(ctx, first.ID, line); err != nil {
			s.fail(w, r, err)
			return
		}
		kept = note
	}
	s.log.Info("already acknowledged", "message_id", first.ID, "actor", actorFrom(ctx), "note_kept", kept != "")
	p, err := s.messageView(ctx, first.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.AnsweredBefore, err = s.answerWords(ctx, first, office); err != nil {
		s.fail(w, r, err)
		return
	}
	p.KeptNote = kept
	s.renderMessage(w, r, p)
}

// answerWords says an acknowledgment in words, on the office's clock and
// with the person's name where the office knows it: "13:06 by Dana
// Whitfield, by phone: “called Alicia”", "13:06 by the office's reply".
func (s *Server) answerWords(ctx context.Context, a *storage.AckedAlready, office int64) (string, error) {
	when := clockWords(a.At, s.now(), s.rulesOf(office).Calendar.Location())
	if a.Source == storage.AckReply {
		return when + " by the office’s reply", nil
	}
	who := s.names.of(a.By)
	words := when
	if who != "" {
		words += " by " + who
	}
	words += ", " + handAckWords[a.Source]
	if a.Note != "" {
		words += ": “" + a.Note + "”"
	}
	return words, nil
}

// handAckWords says how a person acknowledged a message, by its source.
var handAckWords = map[string]string{
	storage.AckManual:    "by phone",
	storage.AckOwnEmail:  "from their own email",
	storage.AckNotNeeded: "marked as needing no answer",
}

// clockWords is t on loc's clock: its time alone on now's day, else its
// day too.
func clockWords(t, now time.Time, loc *time.Location) string {
	t, now = t.In(loc), now.In(loc)
	if t.Format(time.DateOnly) == now.Format(time.DateOnly) {
		return t.Format("15:04")
	}
	return t.Format("Mon Jan 2, 15:04")
}

// handleUndoAcknowledgeForm takes back an acknowledgment a person
// recorded (by phone, from their own email, no answer needed), made on
// the wrong row or too soon: the message is owed an answer again, on
// its first clock. One answered by phone or one's own mail that the office
// has replied to in its thread since stays answered; a "no answer needed"
// mark gives way to that reply (undoAck).
func (s *Server) handleUndoAcknowledgeForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch err := s.undoAck(ctx, id); {
	case errors.Is(err, storage.ErrRepliedInThread):
		s.fail(w, r, &httpError{status: http.StatusConflict, msg: "the office has replied in this message's thread since it came: that reply answers it, so it stays answered"})
		return
	case errors.Is(err, storage.ErrConflict):
		// Taken back already, or answered by a reply: nothing to undo.
		s.log.Info("no acknowledgment by hand to take back", "message_id", id, "actor", actorFrom(ctx))
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		s.log.Info("acknowledgment by hand taken back", "message_id", id, "actor", actorFrom(ctx))
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/messages/%d", id)), http.StatusSeeOther)
}

// saysAlready reports whether note is one of answer's lines already, as
// written or as a colleague's signed line ("Beth Lane, 13:07: note"): a
// second click adds nothing, while a note that is only part of a line is
// kept.
func saysAlready(answer, note string) bool {
	for _, l := range strings.Split(answer, "\n") {
		if l == note || strings.HasSuffix(l, ": "+note) {
			return true
		}
	}
	return false
}
