package web

import (
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
	// Age is how long ago it was asked, in words.
	Age string
	// State is overdue, due_soon or pending while open, met once done.
	State sla.State
	// Clock is the time left or overdue, when a due time was given.
	Clock string
}

func newRequestView(r storage.Request, now time.Time) requestView {
	v := requestView{Request: r, Age: durationText(now.Sub(r.AskedAt)) + " ago", State: sla.StatePending}
	var asked, sent []string
	for _, t := range r.DocTypes {
		asked = append(asked, docTypeLabel(t))
	}
	for _, it := range r.Items {
		asked = append(asked, itemLabels[it])
	}
	for _, t := range r.SentTypes {
		sent = append(sent, docTypeLabel(t))
	}
	v.Asked, v.Sent = strings.Join(asked, ", "), strings.Join(sent, ", ")
	switch {
	case r.Status == storage.RequestDone:
		v.State = sla.StateMet
	case r.DueAt == nil:
	case !now.Before(*r.DueAt):
		v.State = sla.StateOverdue
	case r.DueAt.Sub(now) <= requestDueSoon:
		v.State = sla.StateDueSoon
	}
	if r.DueAt != nil && r.Status != storage.RequestDone {
		v.Clock = clockText(r.DueAt, now)
	}
	return v
}

// withoutRepeats leaves out the requests that ask again what an open one
// asks: people see them as that one, asked again.
func withoutRepeats(rs []storage.Request) []storage.Request {
	return slices.DeleteFunc(rs, func(r storage.Request) bool { return r.RepeatOf != nil })
}

func requestViews(rs []storage.Request, now time.Time) []requestView {
	out := make([]requestView, len(rs))
	for i, r := range rs {
		out[i] = newRequestView(r, now)
	}
	return out
}
