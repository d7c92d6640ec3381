package officerules

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// configured are the rules of a configuration that sets a Chicago office's
// hours and a billing deadline.
func configured(t *testing.T) sla.OfficeRules {
	t.Helper()
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := sla.New(sla.Config{Location: chicago, Hours: "mon-fri 08:00-17:00", Holidays: "12-25"})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := sla.ParseRules("billing=8-9")
	if err != nil {
		t.Fatal(err)
	}
	return sla.OfficeRules{Calendar: cal, Milestones: rules}
}

func openDB(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

// Two offices in different zones, with different hours and holidays, give
// the same arrival different deadlines; an office with no settings of its
// own counts by the configuration.
func TestOfficesCountByTheirOwnCalendar(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openDB(t)
	def := configured(t)
	west, err := db.CreateOffice(ctx, storage.Office{Slug: "west", Name: "West", TimeZone: "America/Los_Angeles",
		BusinessHours: "mon-fri 09:00-18:00", Holidays: "2026-04-06", Milestones: "chase=1-2"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Load(ctx, db, def, testenv.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	arrival := time.Date(2026, 4, 6, 14, 0, 0, 0, time.UTC) // Monday 09:00 in Chicago, 07:00 in Los Angeles
	for _, c := range []struct {
		office int64
		want   time.Time
	}{
		{storage.DefaultOfficeID, time.Date(2026, 4, 6, 14, 30, 0, 0, time.UTC)}, // Chicago, open
		{west.ID, time.Date(2026, 4, 7, 16, 30, 0, 0, time.UTC)},                 // closed Monday: Tuesday 09:30 Pacific
	} {
		if got := r.For(c.office).Calendar.Due(arrival, 30); !got.Equal(c.want) {
			t.Errorf("office %d: acknowledgment due %s, want %s", c.office, got, c.want)
		}
	}
	if got := r.For(storage.DefaultOfficeID); got != def {
		t.Errorf("the default office, with no settings, does not count by the configuration: %+v", got)
	}
	wantWest := def.Milestones
	wantWest.Chase = sla.Window{Warn: 1, Due: 2}
	if got := r.For(west.ID).Milestones; got != wantWest {
		t.Errorf("west's milestones %+v, want the configured ones with its chase: %+v", got, wantWest)
	}
	alerts := r.AlertRules()
	if _, ok := alerts.Offices[west.ID]; !ok || len(alerts.Offices) != 1 {
		t.Errorf("alert rules name offices %v, want west's alone", alerts.Offices)
	}
}

// A change of an office's settings, or a new office, made by any process,
// reaches the registry without a restart.
func TestRegistryFollowsOfficeChanges(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	db := openDB(t)
	r := New(db, configured(t), testenv.Logger(t))
	reloads := make(chan struct{}, 16)
	r.reloaded = func() { reloads <- struct{}{} }
	done := make(chan struct{})
	go func() { defer close(done); r.Watch(ctx) }()
	defer func() { cancel(); <-done }()
	wait := func() {
		t.Helper()
		select {
		case <-reloads:
		case <-time.After(30 * time.Second):
			t.Fatal("the registry was not reloaded")
		}
	}
	wait() // the first, on listening
	main, err := db.OfficeBySlug(ctx, "main")
	if err != nil {
		t.Fatal(err)
	}
	main.TimeZone = "America/Los_Angeles"
	if _, err := db.UpdateOffice(ctx, main); err != nil {
		t.Fatal(err)
	}
	wait()
	if got := r.For(main.ID).Calendar.Location().String(); got != "America/Los_Angeles" {
		t.Errorf("after the change the office counts in %s", got)
	}
	north, err := db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North", Domain: "north.example"})
	if err != nil {
		t.Fatal(err)
	}
	wait()
	offices := r.Offices()
	if len(offices) != 2 || offices[0].ID != main.ID || offices[1].ID != north.ID || offices[1].Domain != "north.example" {
		t.Errorf("offices after one was added: %+v; want main, then north in north.example", offices)
	}
}

// Wrong settings are refused with the setting they are wrong in.
func TestCheckNamesEveryBadSetting(t *testing.T) {
	t.Parallel()
	err := Check(storage.Office{Slug: "west", TimeZone: "America/Hollywood", BusinessHours: "mon-fri 9-5pm",
		Holidays: "2026-02-30", HolidaysICal: "BEGIN:VEVENT", Milestones: "chase=3"})
	for _, want := range []string{"office west", `time zone: unknown time zone "America/Hollywood"`, "business hours: ",
		"holidays: ", "holidays calendar: ", "milestones: chase: want warn-due"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if err := Check(storage.Office{Slug: "west", TimeZone: "America/Los_Angeles", BusinessHours: "24/7"}); err != nil {
		t.Errorf("good settings: %v", err)
	}
}
