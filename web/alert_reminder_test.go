package web

import (
	"testing"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
)

// TestFieldAlertsDoNotAskTheEstimator: on the board, the first
// documents', chase's and COS's alerts offer reminding the field, not the
// estimator (whose estimate and sketch the paperwork's alert asks for).
func TestFieldAlertsDoNotAskTheEstimator(t *testing.T) {
	t.Parallel()
	s := &Server{opts: Options{Outbox: &outbox.Outbox{}}}
	to := []outbox.Recipient{
		{Role: "technician", Name: "Jake Halvorsen", Email: "jake@field.example"},
		{Role: "estimator", Name: "Sam Ortiz", Email: "sam@office.example"},
	}
	always := func(string, outbox.Recipient) bool { return true }
	asked := func(m sla.MilestoneName) (buttons []string) {
		for _, b := range s.alertReminderOf(1, sla.Alert{Milestone: m}, nil, to, always, "/").Buttons {
			buttons = append(buttons, b.To)
		}
		return buttons
	}
	for _, m := range []sla.MilestoneName{sla.MilestoneFirstDocs, sla.MilestoneChase, sla.MilestoneCOS} {
		if buttons := asked(m); len(buttons) != 1 || buttons[0] != "jake@field.example" {
			t.Errorf("%s alert offers %v, want Jake alone", m, buttons)
		}
	}
	if buttons := asked(sla.MilestonePaperwork); len(buttons) != 2 {
		t.Errorf("paperwork alert offers %v, want Jake and Sam", buttons)
	}
}
