package ingest

import (
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// officeCalendars gives each office the rules it is mapped to.
type officeCalendars map[int64]sla.OfficeRules

func (c officeCalendars) For(office int64) sla.OfficeRules { return c[office] }

// Offices lists none: the processor reads them from the database.
func (officeCalendars) Offices() []storage.Office { return nil }

// The same adjuster's mail, arriving at the same instant at two offices in
// different zones with different hours and holidays, is due for an answer,
// and what it asks for "by end of day" is due, by each office's calendar:
// Chicago is open; Los Angeles is closed that Monday.
func TestDeadlinesCountedByTheReceivingOfficesCalendar(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	calendar := func(zone, hours, holidays string) sla.OfficeRules {
		t.Helper()
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		cal, err := sla.New(sla.Config{Location: loc, Hours: hours, Holidays: holidays})
		if err != nil {
			t.Fatal(err)
		}
		return sla.OfficeRules{Calendar: cal}
	}
	b.p.cfg.Calendar = sla.NewCalendar(time.UTC, sla.DefaultHours())
	b.p.cfg.Offices = officeCalendars{
		b.main.ID:  calendar("America/Chicago", "mon-fri 08:00-17:00", ""),
		b.north.ID: calendar("America/Los_Angeles", "mon-fri 09:00-18:00", "2026-04-06"),
	}
	arrival := time.Date(2026, 4, 6, 14, 0, 0, 0, time.UTC) // Monday 09:00 Central, 07:00 Pacific
	mail := func(to, id string) string {
		return "From: Jennifer Anderson <janderson@statefarm.example>\r\nTo: " + to + "\r\n" +
			"Subject: Claim 60-8H77-8H5 drying logs\r\nMessage-ID: <" + id + "@statefarm.example>\r\n" +
			"Date: Mon, 06 Apr 2026 14:00:00 +0000\r\n\r\nPlease send the drying logs by end of day.\r\n"
	}
	for _, c := range []struct {
		account, to, id string
		claim           int64
		ackDue, asksDue time.Time
	}{
		{b.mainMailbox, "claims@main.example", "main", b.mainClaim.ID,
			time.Date(2026, 4, 6, 14, 30, 0, 0, time.UTC), time.Date(2026, 4, 6, 22, 0, 0, 0, time.UTC)},
		{b.northMailbox, "claims@north.example", "north", b.northClaim.ID,
			time.Date(2026, 4, 7, 16, 30, 0, 0, time.UTC), time.Date(2026, 4, 8, 1, 0, 0, 0, time.UTC)},
	} {
		r := b.receiveAt(t, c.account, mail(c.to, c.id), arrival)
		if r.claimID != c.claim {
			t.Fatalf("%s: filed to claim %d, want %d", c.id, r.claimID, c.claim)
		}
		var ackDue, asksDue time.Time
		err := b.sql.QueryRow(t.Context(), `SELECT m.ack_due_at, r.due_at FROM messages m JOIN requests r ON r.message_id = m.id
			WHERE m.id = $1`, r.id).Scan(&ackDue, &asksDue)
		if err != nil {
			t.Fatalf("%s: %v", c.id, err)
		}
		if !ackDue.Equal(c.ackDue) || !asksDue.Equal(c.asksDue) {
			t.Errorf("%s office: answer due %s, drying logs due %s; want %s and %s", c.id,
				ackDue.UTC(), asksDue.UTC(), c.ackDue, c.asksDue)
		}
	}
}
