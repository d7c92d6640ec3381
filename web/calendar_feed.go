package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// calendarEventLength is how long a deadline shows in a calendar: a short
// block at the time it falls due, so it stands out in a day view.
const calendarEventLength = 15 * time.Minute

// calendarView is the calendar feed page.
type calendarView struct {
	Feed *storage.CalendarFeed
	// URL is a new feed's address, shown once: only its hash is kept.
	URL string
}

func (s *Server) handleCalendarPage(w http.ResponseWriter, r *http.Request) {
	s.renderCalendar(w, r, "")
}

// handleCalendarCreate makes the person a new feed address, ending the
// old one, and shows it this once.
func (s *Server) handleCalendarCreate(w http.ResponseWriter, r *http.Request) {
	sess := sessionFrom(r.Context())
	token := randomToken()
	if _, err := s.db.CreateCalendarFeed(r.Context(), sess.User.ID, hashToken(token), s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("calendar feed made", "user_id", sess.User.ID)
	s.renderCalendar(w, r, s.origin(r)+"/calendar/"+token+".ics")
}

// handleCalendarRevoke ends the person's feed: calendars subscribed to it
// get nothing more.
func (s *Server) handleCalendarRevoke(w http.ResponseWriter, r *http.Request) {
	sess := sessionFrom(r.Context())
	if err := s.db.RevokeCalendarFeed(r.Context(), sess.User.ID, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("calendar feed revoked", "user_id", sess.User.ID)
	http.Redirect(w, r, "/calendar", http.StatusSeeOther)
}

func (s *Server) renderCalendar(w http.ResponseWriter, r *http.Request, url string) {
	v := calendarView{URL: url}
	f, err := s.db.CalendarFeedOf(r.Context(), sessionFrom(r.Context()).User.ID)
	switch {
	case err == nil:
		v.Feed = &f
	case !errors.Is(err, storage.ErrNotFound):
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "calendar", pageData{Title: "Calendar", Nav: "claims", Data: v})
}

// origin is the scheme and host people reach the server at: the public
// URL when configured, else what the request says.
func (s *Server) origin(r *http.Request) string {
	if u := s.opts.PublicURL; u != nil {
		return u.Scheme + "://" + u.Host
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleCalendarFeed answers a feed's address with the open claims'
// milestone deadlines as iCalendar. The token in the address is the only
// credential: calendar programs send no other.
func (s *Server) handleCalendarFeed(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimSuffix(r.PathValue("token"), ".ics")
	// Failures are logged without the path: it holds the token.
	feed, err := s.db.CalendarFeedByToken(r.Context(), hashToken(token))
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			http.Error(w, "no such calendar: it was revoked or never made", http.StatusNotFound)
			return
		}
		s.log.Error("calendar feed failed", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	// The feed shows what its owner may see, now: leaving an office takes
	// its claims out of the feed too.
	roles, err := s.db.OfficeRoles(r.Context(), feed.UserID)
	if err != nil {
		s.log.Error("calendar feed failed", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	cal, err := s.deadlineCalendar(r.Context(), scope{roles: roles}.offices())
	if err != nil {
		s.log.Error("calendar feed failed", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if err := ical.NewEncoder(w).Encode(cal); err != nil {
		s.log.Warn("calendar feed cut short", "err", err)
	}
}

// deadlineCalendar lists each open claim of the offices milestones that have a
// deadline and are not met yet, and its equipment pickups.
func (s *Server) deadlineCalendar(ctx context.Context, offices storage.Offices) (*ical.Calendar, error) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//claimdesk//claim deadlines//EN")
	cal.Props.SetText("X-WR-CALNAME", "claimdesk deadlines")
	now := s.now()
	for after := int64(0); ; {
		claims, err := s.db.ListClaims(ctx, storage.ClaimFilter{Status: "open", Limit: csvBatch, AfterID: after,
			Offices: offices})
		if err != nil || len(claims) == 0 {
			return cal, err
		}
		ids := make([]int64, len(claims))
		for i, c := range claims {
			ids[i] = c.ID
		}
		facts, err := s.db.ClaimsFacts(ctx, ids)
		if err != nil {
			return nil, err
		}
		pickups, err := s.db.PickupsOfClaims(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, c := range claims {
			if f := facts[c.ID]; f != nil {
				rules := s.rulesOf(c.OfficeID)
				s.addDeadlines(cal, c, rules.Calendar.CheckClaim(*f, rules.Milestones, now).Milestones, rules.Calendar.Location(), now)
			}
			addPickups(cal, c, pickups[c.ID], now)
		}
		after = claims[len(claims)-1].ID
	}
}

// addDeadlines adds claim c's open milestones with a deadline to cal; a
// deadline of a day (sla.Milestone.DueDay) is an all-day event of that
// day on the office's clock (loc).
func (s *Server) addDeadlines(cal *ical.Calendar, c storage.Claim, ms []sla.Milestone, loc *time.Location, now time.Time) {
	for _, m := range ms {
		if m.Due.IsZero() || m.MetAt != nil {
			continue
		}
		desc := claimWords(c)
		mv := newMilestoneView(m)
		if mv.Missing != "" {
			desc += "\nMissing: " + mv.Missing
		}
		if w := unverifiedWords(mv.Unverified); w != "" {
			desc += "\n" + strings.ToUpper(w[:1]) + w[1:]
		}
		ev := claimEvent(c, fmt.Sprintf("claim-%d-%s@claimdesk", c.ID, m.Name), milestoneLabels[m.Name], desc, m.Due, now)
		if m.DueDay {
			d := sla.ClosingDay(m.Due.In(loc))
			day := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
			ev.Props.SetDate(ical.PropDateTimeStart, day)
			ev.Props.SetDate(ical.PropDateTimeEnd, day.AddDate(0, 0, 1))
		}
		cal.Children = append(cal.Children, ev)
	}
}

// addPickups adds claim c's equipment pickups, done or scheduled, to cal:
// the day the crew goes, and the day the COS is due.
func addPickups(cal *ical.Calendar, c storage.Claim, lines []storage.Equipment, now time.Time) {
	for _, e := range lines {
		cal.Children = append(cal.Children, claimEvent(c, fmt.Sprintf("claim-%d-equipment-%d@claimdesk", c.ID, e.ID),
			"pick up "+equipment.Describe(e.Kind, e.Count, e.Vendor, e.Note), claimWords(c), *e.PickedUpAt, now))
	}
}

// claimEvent is an event of claim c at at: its job number and what, and
// where the job is.
func claimEvent(c storage.Claim, uid, what, desc string, at, now time.Time) *ical.Component {
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, uid)
	ev.Props.SetDateTime(ical.PropDateTimeStamp, now.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeStart, at.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeEnd, at.Add(calendarEventLength).UTC())
	ev.Props.SetText(ical.PropSummary, c.JobNumber+": "+what)
	ev.Props.SetText(ical.PropDescription, desc)
	if c.LossAddress != "" {
		ev.Props.SetText(ical.PropLocation, c.LossAddress)
	}
	return ev.Component
}

// claimWords name a claim in an event's description.
func claimWords(c storage.Claim) string {
	if c.InsuredName != "" {
		return "Claim " + c.ClaimNumber + ", " + c.InsuredName
	}
	return "Claim " + c.ClaimNumber
}
