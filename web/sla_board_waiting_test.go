package web

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// TestWaitedMinutesMatchesCalendar checks the one-walk waited minutes
// against the calendar's own count, message by message: mail from years
// back to after now, at the same instant twice, across DST changes,
// holidays and a lunch break.
func TestWaitedMinutesMatchesCalendar(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := sla.New(sla.Config{Location: loc, Hours: "mon-fri 08:00-12:00,13:00-18:00; sat 09:00-12:00", Holidays: "12-25, 2025-11-27"})
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	now := apiNow(loc)
	for range 20 {
		var arrivals []time.Time
		for range rnd.IntN(60) {
			arrivals = append(arrivals, now.Add(-time.Duration(rnd.Int64N(int64(3*365*24*time.Hour)))+time.Duration(rnd.Int64N(int64(48*time.Hour)))))
		}
		if len(arrivals) > 0 {
			arrivals = append(arrivals, arrivals[0], now)
		}
		got := waitedMinutes(cal, arrivals, now)
		for i, a := range arrivals {
			if want := cal.BusinessMinutes(a, now); got[i] != want {
				t.Fatalf("arrived %s: waited %d business minutes, want %d", a, got[i], want)
			}
		}
	}
}
