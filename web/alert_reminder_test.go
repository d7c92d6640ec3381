package web

import (
	"testing"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestFieldAlertsDoNotAskTheEstimator: the first documents', chase's and
// COS's alerts offer reminding the field, not the estimator (whose
// estimate and sketch the paperwork's alert asks for), by button and by
// mail link alike.
func TestFieldAlertsDoNotAskTheEstimator(t *testing.T) {
	t.Parallel()
	s := &Server{opts: Options{Outbox: &outbox.Outbox{}}}
	to := []outbox.Recipient{
		{Role: "technician", Name: "Jake Halvorsen", Email: "jake@field.example"},
		{Role: "estimator", Name: "Sam Ortiz", Email: "sam@office.example"},
	}
	kind := storage.ReminderChaseUpload
	mail := map[string][]reminderLink{kind: {{Kind: kind, To: "jake@field.example"}, {Kind: kind, To: "sam@office.example"}}}
	always := func(string, outbox.Recipient) bool { return true }
	asked := func(m sla.MilestoneName) (buttons, links []string) {
		ar := s.alertReminderOf(1, sla.Alert{Milestone: m}, nil, to, always, mail, "/")
		for _, b := range ar.Buttons {
			buttons = append(buttons, b.To)
		}
		for _, l := range ar.Mail {
			links = append(links, l.To)
		}
		return buttons, links
	}
	for _, m := range []sla.MilestoneName{sla.MilestoneFirstDocs, sla.MilestoneChase, sla.MilestoneCOS} {
		buttons, links := asked(m)
		if len(buttons) != 1 || buttons[0] != "jake@field.example" || len(links) != 1 || links[0] != "jake@field.example" {
			t.Errorf("%s alert offers %v and links %v, want Jake alone", m, buttons, links)
		}
	}
	if buttons, links := asked(sla.MilestonePaperwork); len(buttons) != 2 || len(links) != 2 {
		t.Errorf("paperwork alert offers %v and links %v, want Jake and Sam", buttons, links)
	}
}
