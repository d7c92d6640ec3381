package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// claimNextShown is how many next steps the top of the claim page shows;
// the others are folded behind them, unless that would fold one alone.
const claimNextShown = 5

// claimStep is a next step at the top of the claim page, with what does it
// from there.
type claimStep struct {
	nextStep
	// Reminder is the paperwork alert's reminders: what was sent, and the
	// Remind buttons or the mail program's links.
	Reminder *alertReminder
	// Do is the form that does it on claimdesk (the reply, the update),
	// with DoLabel on its button; empty when there is none.
	Do, DoLabel string
	// Mail writes it in the mail program where claimdesk cannot send.
	Mail *mailLink
	// Answer writes, in the mail program, the answer to the request the
	// step is (nextStep.Request), and closes it once sent.
	Answer *requestAnswer
	// AddPeople are those of the office's people list in the role the
	// step asks to add to claim ClaimID (Add), to pick one from.
	AddPeople []storage.Person
	ClaimID   int64
}

// addPersonFormView is the form of a line asking for a person in Role the
// claim lacks: the office's People in that role to pick from.
type addPersonFormView struct {
	ClaimID int64
	Role    string
	People  []storage.Person
	CSRF    string
}

// requestAnswer is what a request's step offers: the mail to its asker,
// written for the mail program (where the documents are attached), and
// the form that marks the request done, labelled Done.
type requestAnswer struct {
	ID   int64
	Mail *mailLink
	Done string
}

// claimStepFormView is a next step with its forms' CSRF token.
type claimStepFormView struct {
	Step claimStep
	CSRF string
}

// NextByMail says a next step offers a link to the mail program: the page
// then says why it does not send.
func (v claimView) NextByMail() bool {
	return slices.ContainsFunc(slices.Concat(v.Next, v.NextMore), func(st claimStep) bool {
		return st.Mail != nil || (st.Reminder != nil && len(st.Reminder.Mail) > 0)
	})
}

// addNextSteps puts at the top of the claim page what to do next on it, in
// the board's and the morning page's words, most urgent first: each with
// its Remind, Reply, Send update or approval request where claimdesk sends
// mail, else the link that writes it in the mail program. asked are the claim's requests
// (one asked again counted once); times are on the office's clock, named
// when it is not the viewer's (home).
func (s *Server) addNextSteps(ctx context.Context, v *claimView, asked []storage.Request, now time.Time, home *time.Location) error {
	w := v.work(asked)
	lines := map[int64]equipmentLine{}
	for _, l := range v.Equipment.Lines {
		if l.Approval == equipment.ApprovalRequested && v.C.Status != "closed" {
			w.approvals, lines[l.ID] = append(w.approvals, l.Equipment), l
		}
	}
	if len(v.Updates) > 0 {
		w.lastUpdate = &v.Updates[0].At
	}
	if !v.CanSend && v.C.AdjusterEmail != "" {
		link, err := s.updateMail(ctx, v.C, now)
		if err != nil {
			return err
		}
		v.UpdateMail = link
	}
	cal := s.rulesOf(v.C.OfficeID).Calendar
	var steps []claimStep
	for _, st := range nextSteps(w, updateDayOn(cal, now), now, cal, home) {
		cs, err := s.claimStepDo(ctx, v, st, lines)
		if err != nil {
			return err
		}
		steps = append(steps, cs)
	}
	v.Next = steps
	if err := s.addReturnedMail(ctx, v, now, home); err != nil {
		return err
	}
	if len(steps) > claimNextShown+1 {
		v.Next, v.NextMore = steps[:claimNextShown], steps[claimNextShown:]
	}
	return nil
}

// claimStepDo is next step st with what does it from claim page v: the
// reply, the reminder (and the equipment from mail to confirm, for the
// billing packet's line), the approval request (lines are the equipment
// waiting for it) or the update, else the mail program's link.
func (s *Server) claimStepDo(ctx context.Context, v *claimView, st nextStep, lines map[int64]equipmentLine) (claimStep, error) {
	cs := claimStep{nextStep: st, ClaimID: v.C.ID}
	switch {
	case st.Message != nil && v.CanSend:
		cs.Do, cs.DoLabel = fmt.Sprintf("/messages/%d/reply", st.Message.ID), buttonReply
	case st.Message != nil:
		link, err := s.ackMail(ctx, st.Message.ID, outbox.LangEnglish, buttonReplyByEmail)
		if err != nil {
			return cs, err
		}
		cs.Mail = link
	case st.Alert != nil && st.Alert.Milestone == sla.MilestoneSignatures && v.CanEdit:
		if d := v.firstUnverified(); d != 0 {
			cs.Href = fmt.Sprintf("#doc-%d", d)
			cs.Do, cs.DoLabel = cs.Href, "Check the signature"
		}
	case st.Alert != nil:
		rs := &v.Reminders
		ar, err := s.nextLineReminder(ctx, v.C, rs.asks, st, rs.sent, rs.back, rs.mail[storage.ReminderChaseUpload])
		if err != nil {
			return cs, err
		}
		cs.Reminder = ar
		if st.Add != "" && v.CanEdit {
			cs.AddPeople = slices.DeleteFunc(slices.Clone(v.Reminders.Listed), func(p storage.Person) bool { return p.Role != st.Add })
		}
		if st.Confirm {
			cs.Do, cs.DoLabel = fmt.Sprintf("/claims/%d#proposals-h", v.C.ID), "Confirm the equipment"
		}
	case st.Approval != nil && lines[st.Approval.ID].CanAsk:
		cs.Do, cs.DoLabel = fmt.Sprintf("/equipment/%d/approval-request", st.Approval.ID), "Write the approval request"
	case st.Approval != nil:
		cs.Mail = lines[st.Approval.ID].AskMail
	case st.Confirm:
		cs.Do, cs.DoLabel = st.Href, "Confirm the equipment"
	case st.Request != nil:
		a, err := s.requestAnswer(ctx, v, *st.Request)
		if err != nil {
			return cs, err
		}
		cs.Answer = a
	case st.Update && v.CanSendUpdate:
		cs.Do, cs.DoLabel = fmt.Sprintf("/claims/%d/update", v.C.ID), "Send update"
	case st.Update:
		cs.Mail = v.UpdateMail
	}
	return cs, nil
}

// requestAnswer is the answer to request r of claim page v: "Email
// Priya", drafted to the asker in their thread, and "I sent it" (or, with
// nothing on file to send, "Done").
func (s *Server) requestAnswer(ctx context.Context, v *claimView, r storage.Request) (*requestAnswer, error) {
	send, lacking := requestParts(r, v.checklistItems())
	d, err := s.writer.DraftRequestAnswer(ctx, r, send, lacking, coordinatorOf(ctx))
	if err != nil {
		return nil, err
	}
	who := senderShown(r.FromName, r.From, storage.RecordNamesOf(v.C, v.Participants))
	a := &requestAnswer{ID: r.ID, Done: "I sent it", Mail: &mailLink{Label: "Email " + outbox.FirstName(who), Href: mailtoURL(d)}}
	if len(send) == 0 {
		a.Done = "Done"
	}
	return a, nil
}

// firstUnverified is the first signed form on the page whose signature
// nobody checked yet; 0 when none.
func (v *claimView) firstUnverified() int64 {
	for _, f := range v.Folders {
		for _, d := range f.Docs {
			if d.SignedForm && d.Verified == nil {
				return d.ID
			}
		}
	}
	return 0
}

// work is what the claim waits on, of what its page read: asked are its
// requests, the open ones waiting; the approvals and the last update are
// addNextSteps'.
func (v *claimView) work(asked []storage.Request) claimWork {
	w := claimWork{claim: v.C, people: v.Participants, billing: v.billing, ahead: v.ahead, each: true,
		toConfirm: len(v.Equipment.Proposals)}
	for _, a := range v.Alerts {
		w.alerts = append(w.alerts, a.Alert)
	}
	w.checklist = v.checklistItems()
	if !v.firstDocsIn {
		w.record = missingLabels(v.Record.Missing)
	}
	for _, r := range asked {
		if r.Status == storage.RequestOpen {
			w.requests = append(w.requests, r)
		}
	}
	for _, m := range v.Messages {
		if m.Direction == "in" && m.Ack != nil && m.Ack.Waiting() {
			w.waiting = append(w.waiting, m.MessageRow)
		}
	}
	slices.SortStableFunc(w.waiting, func(a, b storage.MessageRow) int { return byDeadline(a.AckDueAt, b.AckDueAt) })
	return w
}

// checklistItems is the claim's paperwork checklist.
func (v *claimView) checklistItems() []sla.ChecklistItem {
	var out []sla.ChecklistItem
	for _, it := range v.Checklist {
		out = append(out, it.ChecklistItem)
	}
	return out
}

// byDeadline orders deadlines soonest first, none last.
func byDeadline(a, b *time.Time) int {
	if a == nil || b == nil {
		return boolRank(a == nil) - boolRank(b == nil)
	}
	return a.Compare(*b)
}

// ackMail writes the acknowledgment of message id in language, signed by
// the coordinator, as a link for the mail program labelled label; nil when
// the office's saved template cannot be used or there is nothing to answer.
func (s *Server) ackMail(ctx context.Context, id int64, language, label string) (*mailLink, error) {
	d, err := s.writer.DraftAck(ctx, id, language, coordinatorOf(ctx))
	if errors.Is(err, outbox.ErrBadTemplate) || errors.Is(err, outbox.ErrNothingToAnswer) {
		s.log.Warn("acknowledgment not written", "message_id", id, "err", err)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &mailLink{Label: label, Href: mailtoURL(d)}, nil
}

// updateMail writes claim c's daily update to its adjuster, opening with
// what its state says at now, as a link for the mail program: "Email
// Pat"; nil when the office's saved template cannot be used.
func (s *Server) updateMail(ctx context.Context, c storage.Claim, now time.Time) (*mailLink, error) {
	facts, err := s.updateFacts(ctx, c.ID, now)
	if err != nil {
		return nil, err
	}
	d, err := s.writer.DraftUpdate(ctx, c.ID, outbox.LangEnglish, coordinatorOf(ctx), &facts)
	if errors.Is(err, outbox.ErrBadTemplate) {
		s.log.Warn("daily update not written", "claim_id", c.ID, "err", err)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &mailLink{Label: emailButton(cmp.Or(outbox.FirstName(c.AdjusterName), "the adjuster")), Href: mailtoURL(d)}, nil
}
