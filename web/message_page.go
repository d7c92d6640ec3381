package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/thumbnail"
)

// claimChoices is how many open claims the claim pickers offer by name;
// any other is found by typing its job or claim number.
const claimChoices = 200

// messageView is what the message page shows.
type messageView struct {
	M storage.MessageDetail
	// Sender is the name From shows: the mail's own, else the one its
	// claim's record gives the address, as the board names it.
	Sender string
	// Ack is where the message's acknowledgment stands; nil when it needs
	// none.
	Ack   *ackView
	Parts []partView
	// Decision is the classifier's; nil until the message is classified.
	// Why says its reason in words, and Reason is the classifier's own
	// when it names no claim of an office the caller does not work in.
	Decision    *classify.Decision
	Why, Reason string
	Evidence    []evidenceView
	Candidates  []candidateView
	Choices     []storage.ClaimChoice
	Moves       []storage.MessageMove
	CanAssign   bool
	// CanCreate offers a new claim for a message come in, in none.
	CanCreate bool
	CanRetry  bool
	// CanReply offers the acknowledgment by email (sending is set up and
	// the message came from outside); Replies are those sent from here.
	CanReply bool
	Replies  []outboxView
	// ReplyMail and ReplyMailES write the acknowledgment, in English and
	// in Spanish, in the coordinator's mail program where claimdesk cannot
	// send it; nil when it can, or nothing waits for an answer.
	ReplyMail, ReplyMailES *mailLink
	// Self is this page's address, where its forms come back to.
	Self string
	// CanEdit is false for a read-only member of the message's office:
	// the page offers none of its forms, nor the reply by email.
	CanEdit bool
	// AnsweredBefore says, to a person who has just answered the message
	// by phone, that someone answered it first, and how; KeptNote is
	// their own note, kept with that answer. Both empty otherwise.
	AnsweredBefore, KeptNote string
	// Returned is what a delivery report says of the office's message it
	// returns, by claim and person; nil for other mail.
	Returned *undeliveredItem
}

// ackView is a message's acknowledgment as pages show it.
type ackView struct {
	State   sla.State
	DueAt   *time.Time
	AckedAt *time.Time
	Source  string // storage.AckReply, AckManual, AckOwnEmail, AckNotNeeded
	By      string
	Note    string
	Minutes *int
	ReplyID *int64
	// StoppedAt is when a "no answer needed" mark, made by the deadline,
	// stopped the clock before the reply that replaced it; nil otherwise.
	StoppedAt *time.Time
	// Clock is the deadline in business time while the answer is owed.
	Clock *businessClock
}

// Waiting reports whether the acknowledgment is still owed.
func (a ackView) Waiting() bool { return !a.State.Done() }

// ByHand reports whether a person recorded the acknowledgment, which they
// may take back.
func (a ackView) ByHand() bool { return handAckWords[a.Source] != "" }

// NotNeeded reports whether the message was marked as needing no answer.
func (a ackView) NotNeeded() bool { return a.Source == storage.AckNotNeeded }

// blankOrControl reports whether r is a blank or a control character:
// nothing a person reads.
func blankOrControl(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// partView is an attachment or body image of a message.
type partView struct {
	storage.MessagePartRow
	// Image is set for a raster image served from the message itself;
	// Thumb for a part that has a thumbnail.
	Image string
	Thumb string
	Size  string
	// View is where a filed part's thumbnail and View link lead, as on
	// the claim page; nil for a part not filed.
	View *fileView
}

// evidenceView is one piece of classification evidence, with the claim it
// points at, in words and graded as a coordinator should read it.
type evidenceView struct {
	classify.Evidence
	JobNumber string
	Label     string
	Grade     string // a strength, or "backing": a clue behind a confident filing
}

// candidateView is a claim the classifier could not choose against
// another, with the evidence for it.
type candidateView struct {
	classify.Claim
	Evidence []classify.Evidence
}

func (s *Server) handleMessagePage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.messageView(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderMessage(w, r, p)
}

// renderMessage answers with message page p.
func (s *Server) renderMessage(w http.ResponseWriter, r *http.Request, p messageView) {
	title := p.M.Subject
	if title == "" {
		title = "(no subject)"
	}
	s.render(w, r, http.StatusOK, "message", pageData{Title: title, Nav: "messages", ReadOnly: !p.CanEdit, Data: p})
}

// messageView gathers the page of message id.
func (s *Server) messageView(ctx context.Context, id int64) (messageView, error) {
	m, err := s.db.GetMessageDetail(ctx, id)
	if err != nil {
		return messageView{}, err
	}
	edit := scopeFrom(ctx).canAct(m.OfficeID)
	p := messageView{
		M: m, Self: "/messages/" + strconv.FormatInt(id, 10), CanEdit: edit,
		CanAssign: edit && fileableStatus(m.Status),
		// The office's own sent mail names the office, not an insured.
		CanCreate: edit && fileableStatus(m.Status) && m.ClaimID == nil && m.Direction == "in",
		// A message that failed for good is not offered a retry that
		// cannot help; its error says why.
		CanRetry: edit && m.Status == storage.StatusFailed && !m.FailedPermanently,
	}
	p.Ack = messageAck(m.MessageRow, s.rulesOf(m.OfficeID).Calendar, s.now())
	if m.AckReplyID != nil && p.Ack != nil {
		p.Ack.ReplyID = m.AckReplyID
	}
	if p.Parts, err = s.messageParts(ctx, id); err != nil {
		return messageView{}, err
	}
	if p.Sender, err = s.senderName(ctx, m); err != nil {
		return messageView{}, err
	}
	if err := s.explainDecision(ctx, &p); err != nil {
		return messageView{}, err
	}
	if err := s.addReturned(ctx, &p); err != nil {
		return messageView{}, err
	}
	if p.CanAssign {
		if p.Choices, err = s.db.OpenClaimChoices(ctx, scopeFrom(ctx).offices(), claimChoices); err != nil {
			return messageView{}, err
		}
	}
	if p.Moves, err = s.db.MessageMoves(ctx, id); err != nil {
		return messageView{}, err
	}
	if err := s.replyOptions(ctx, &p); err != nil {
		return messageView{}, err
	}
	replies, err := s.db.OutboxForMessage(ctx, id)
	if err != nil {
		return messageView{}, err
	}
	p.Replies = outboxViews(replies)
	if p.Ack != nil {
		p.Ack.By = s.names.of(p.Ack.By)
	}
	return p, nil
}

// addReturned reads a delivery report against the claims' records: which
// claim and person the office's message was for, and the address the
// record has. A report is returned mail, not mail that names no claim.
func (s *Server) addReturned(ctx context.Context, p *messageView) error {
	m := p.M
	if m.Undelivered == nil || m.UndeliveredOf == nil {
		return nil
	}
	sent, err := s.db.GetMessageDetail(ctx, *m.UndeliveredOf)
	if err != nil {
		return err
	}
	it := undeliveredItem{ID: m.ID, OfficeID: m.OfficeID, SentID: sent.ID, Subject: sent.Subject, JobNumber: sent.JobNumber}
	if sent.ClaimID != nil {
		it.ClaimID = *sent.ClaimID
	}
	if it.Returned, err = s.returnedTos(ctx, m.OfficeID, it.ClaimID, m.Undelivered.Recipients); err != nil {
		return err
	}
	p.Returned, p.CanCreate = &it, false // a report is never a new claim
	if p.Decision != nil && p.Decision.Outcome == classify.OutcomeIgnored {
		p.Why, p.Reason = "The receiving server sent the office's message back: this report is not filed into a claim.", ""
	}
	return nil
}

// messageParts lists message id's attachments and body images, with the
// links to those that can be shown.
func (s *Server) messageParts(ctx context.Context, id int64) ([]partView, error) {
	parts, err := s.db.MessagePartRows(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []partView
	for _, pt := range parts {
		pv := partView{MessagePartRow: pt, Size: humanSize(pt.Size)}
		// A picture OCR found no words on has no text to show, whatever
		// blanks or page breaks an older reading kept of it.
		pv.OCRText = strings.TrimFunc(pt.OCRText, blankOrControl)
		if pt.DocumentID != nil {
			v := viewOf(*pt.DocumentID, pt.DocumentContentType, pt.DocumentStamped)
			pv.View = &v
		}
		if pt.SHA256 != "" && !pt.Truncated {
			if imageType(pt.ContentType) != "" {
				pv.Image = partURL(id, pt.Path)
			}
			if thumbnail.Kind(pt.ContentType, pt.Filename) != "" {
				pv.Thumb = partURL(id, pt.Path) + "/thumbnail"
			}
		}
		out = append(out, pv)
	}
	return out, nil
}

// replyOptions sets how page p offers to answer its message: by email from
// here when sending is set up, else, while the answer is owed, by links
// that write it in the coordinator's mail program.
func (s *Server) replyOptions(ctx context.Context, p *messageView) error {
	m := &p.M
	answerable := p.CanEdit && m.Direction == "in" && m.FromAddress != ""
	p.CanReply = answerable && s.opts.Outbox != nil
	if !answerable || s.opts.Outbox != nil || p.Ack == nil || !p.Ack.Waiting() {
		return nil
	}
	var err error
	if p.ReplyMail, err = s.ackMail(ctx, m.ID, outbox.LangEnglish, buttonReplyByEmail); err != nil {
		return err
	}
	p.ReplyMailES, err = s.ackMail(ctx, m.ID, outbox.LangSpanish, "en español")
	return err
}

// fileableStatus reports whether a message in this status can be filed or
// moved: it has been parsed.
func fileableStatus(status string) bool {
	switch status {
	case storage.StatusParsed, storage.StatusFiled, storage.StatusTriage, storage.StatusIgnored:
		return true
	}
	return false
}

// messageAck returns where m's acknowledgment stands at now, its clock on
// its office's calendar cal; nil when it needs none.
func messageAck(m storage.MessageRow, cal *sla.Calendar, now time.Time) *ackView {
	if !m.NeedsAck && m.AckedAt == nil {
		return nil
	}
	var due time.Time
	if m.AckDueAt != nil {
		due = *m.AckDueAt
	}
	// On time or late as the figures count it: by when its clock stopped.
	stopped := m.AckedAt
	if m.AckStoppedAt != nil {
		stopped = m.AckStoppedAt
	}
	a := &ackView{
		State: sla.AckState(due, stopped, now, 0), DueAt: m.AckDueAt, AckedAt: m.AckedAt,
		Source: m.AckSource, By: m.AckBy, Note: m.AckNote, Minutes: m.AckMinutes, StoppedAt: m.AckStoppedAt,
	}
	// Needing no answer, it is neither on time nor late.
	if a.NotNeeded() && a.State == sla.StateMissed {
		a.State = sla.StateMet
	}
	if a.Waiting() && m.AckDueAt != nil {
		c := newBusinessClock(cal, *m.AckDueAt, now)
		a.Clock = &c
	}
	return a
}

// senderName is the name to show for m's sender: the mail's own, else the
// name its claim's record gives the address (storage.RecordNamesOf:
// "Harold Becker" for "hbecker1948@…", the insured); "" when neither
// names anyone.
func (s *Server) senderName(ctx context.Context, m storage.MessageDetail) (string, error) {
	if m.FromName != "" || m.ClaimID == nil {
		return m.FromName, nil
	}
	names, err := s.db.RecordNames(ctx, []int64{*m.ClaimID})
	if err != nil {
		return "", err
	}
	return names[*m.ClaimID].Of(m.FromAddress), nil
}

// explainDecision fills in the classifier's decision: its evidence, with
// the job numbers of the claims it names, and its candidates.
func (s *Server) explainDecision(ctx context.Context, p *messageView) error {
	if len(p.M.Decision) == 0 {
		return nil
	}
	var d classify.Decision
	if err := json.Unmarshal(p.M.Decision, &d); err != nil {
		// An old or damaged decision must not hide the message.
		s.log.Warn("unreadable decision", "message_id", p.M.ID, "err", err)
		return nil
	}
	reason, err := s.visibleDecision(ctx, &d)
	if err != nil {
		return err
	}
	p.Decision, p.Reason = &d, reason
	claims, err := s.decisionClaims(ctx, d)
	if err != nil {
		return err
	}
	p.Why = decisionWords(d, claims)
	if err := s.addOfficeMailWhy(ctx, p, d); err != nil {
		return err
	}
	for _, c := range d.Candidates {
		cv := candidateView{Claim: c}
		for _, e := range d.Evidence {
			if e.ClaimID == c.ID {
				cv.Evidence = append(cv.Evidence, e)
			}
		}
		p.Candidates = append(p.Candidates, cv)
	}
	for _, e := range d.Evidence {
		// The job number is "" for a claim deleted since.
		v := evidenceView{Evidence: e, JobNumber: claims[e.ClaimID].JobNumber, Label: matchWords(e), Grade: string(e.Strength)}
		// A clue that could not file the message alone was not alone:
		// nothing is left for a coordinator to check.
		if d.Outcome == classify.OutcomeFiled && d.Claim != nil && e.ClaimID == d.Claim.ID {
			v.Label, v.Grade = backingWords(e), "backing"
		}
		p.Evidence = append(p.Evidence, v)
	}
	return nil
}

// lossTypes are the loss types a claim form offers.
var lossTypes = []string{classify.LossWater, classify.LossFire, classify.LossMold, classify.LossStorm, classify.LossOther}

// LossTypes lists the loss types a claim form offers.
func (claimInput) LossTypes() []string { return slices.Clone(lossTypes) }

// humanSize says a size the way people read it.
func humanSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.0f kB", float64(n)/1000)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}
