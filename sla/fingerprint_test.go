package sla

import (
	"testing"
	"time"
)

func TestAlertsFingerprint(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	ics := []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nDTSTART:20261224T130000\r\nDTEND:20261224T180000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	base := Config{Location: chicago, Holidays: "2026-11-26, 01-01", ICal: ics}
	fp := func(cfg Config, r Rules) string { return mustCalendar(t, cfg).AlertsFingerprint(r) }
	want := fp(base, Rules{})

	same := map[string]string{
		"built again":           fp(base, Rules{}),
		"holidays in any order": fp(Config{Location: chicago, Holidays: "01-01 2026-11-26", ICal: ics}, Rules{}),
		"defaults spelled out":  fp(Config{Location: chicago, Hours: DefaultSpec, Holidays: base.Holidays, ICal: ics}, DefaultRules()),
	}
	for name, got := range same {
		if got != want {
			t.Errorf("%s: fingerprint changed", name)
		}
	}
	differ := map[string]string{
		"zone":        fp(Config{Location: time.UTC, Holidays: base.Holidays, ICal: ics}, Rules{}),
		"hours":       fp(Config{Location: chicago, Hours: "mon-sat 08:00-18:00", Holidays: base.Holidays, ICal: ics}, Rules{}),
		"a holiday":   fp(Config{Location: chicago, Holidays: "2026-11-27, 01-01", ICal: ics}, Rules{}),
		"no ical":     fp(Config{Location: chicago, Holidays: base.Holidays}, Rules{}),
		"a milestone": fp(base, Rules{Billing: Window{Warn: 9, Due: 11}}),
		"first docs":  fp(base, Rules{FirstDocs: 48 * time.Hour}),
	}
	for name, got := range differ {
		if got == want {
			t.Errorf("%s changed, the fingerprint did not", name)
		}
	}
}
