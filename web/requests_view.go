package web

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/requests"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// requestDueSoon is how long before its due time a request shows as due
// soon: documents take longer to gather than an answer to write.
const requestDueSoon = 2 * time.Hour

// requestsShown bounds the board's list of open requests.
const requestsShown = 50

// itemLabels name the asks that are not documents.
var itemLabels = map[string]string{
	requests.ItemEquipmentList: "Equipment list",
	requests.ItemDryOutDate:    "Dry-out date",
	requests.ItemRemovalDate:   "Equipment removal date",
}

// requestView is a request as the claim page and the board show it.
type requestView struct {
	storage.Request
	// Asked is what was asked, in words; Sent what of it went out.
	Asked string
	Sent  string
	// Who names an asker whose mail gives no name as the claim's record
	// does (recordNamesOf).
	Who string
	// Age is how long ago it was asked, in business time, while it waits;
	// empty while none has passed, and once done: then when it was done
	// says it.
	Age string
	// State is overdue, due_soon or pending while open, met once done.
	State sla.State
	// Clock is the time left or overdue, when a due time was given.
	Clock string
}

// newRequestView is r at now. Its age and clock are in business time on
// cal, as its due time was set; while the office is closed the due time
// alone says it, and its clock is empty.
func newRequestView(r storage.Request, cal *sla.Calendar, now time.Time) requestView {
	v := requestView{Request: r, Asked: askedWords(r), State: sla.StatePending}
	var sent []string
	for _, t := range r.SentTypes {
		sent = append(sent, docTypeLabel(t))
	}
	v.Sent = strings.Join(sent, ", ")
	if r.Status == storage.RequestDone {
		v.State = sla.StateMet
		return v
	}
	v.Age = businessAgoText(cal, r.AskedAt, now)
	if r.DueAt == nil {
		return v
	}
	c := newBusinessClock(cal, *r.DueAt, now)
	switch {
	case !now.Before(*r.DueAt):
		v.State = sla.StateOverdue
	case c.Left <= requestDueSoon:
		v.State = sla.StateDueSoon
	}
	if !c.Stands {
		v.Clock = c.Text
	}
	return v
}

// askedWords is what request r asks for, in words: "Drying log, Equipment
// list".
func askedWords(r storage.Request) string {
	var asked []string
	for _, t := range r.DocTypes {
		asked = append(asked, docTypeLabel(t))
	}
	for _, it := range r.Items {
		asked = append(asked, itemLabels[it])
	}
	return strings.Join(asked, ", ")
}

// withoutRepeats leaves out the requests that ask again what an open one
// asks: people see them as that one, asked again.
func withoutRepeats(rs []storage.Request) []storage.Request {
	return slices.DeleteFunc(rs, func(r storage.Request) bool { return r.RepeatOf != nil })
}

// requestViews are rs at now, each on its office's calendar, its asker
// named as its claim's record names them where their mail gives no name.
func (s *Server) requestViews(ctx context.Context, rs []storage.Request, now time.Time) ([]requestView, error) {
	out := make([]requestView, len(rs))
	senders := make([]claimSender, len(rs))
	for i, r := range rs {
		out[i] = newRequestView(r, s.rulesOf(r.OfficeID).Calendar, now)
		senders[i] = claimSender{ClaimID: &rs[i].ClaimID, From: r.From, FromName: r.FromName}
	}
	names, err := s.recordNamesOf(ctx, senders)
	if err != nil {
		return nil, err
	}
	for i, name := range names {
		out[i].Who = name
	}
	return out, nil
}
