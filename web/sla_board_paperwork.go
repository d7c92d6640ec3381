package web

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// claimPaperwork is one claim's row in the board's paperwork section: the
// single next thing to do on it, in words, and the rest behind it.
type claimPaperwork struct {
	ClaimID     int64
	JobNumber   string
	InsuredName string
	// Next is the most urgent alert; Action says what to do about it.
	Next   sla.Alert
	Action string
	// Rest are the claim's other alerts, in words.
	Rest []string
	// Reminder is what was done to remind the field of Next, and the
	// buttons to; nil when no reminder answers it.
	Reminder *alertReminder
}

// boardPaperwork lists up to limit claims with paperwork due, one row per
// claim, most urgent first, and how many there are in all.
func (s *Server) boardPaperwork(ctx context.Context, now time.Time, home *time.Location, limit int) ([]claimPaperwork, int, error) {
	claims, total, err := s.db.ClaimAlertsByClaimAt(ctx, scopeFrom(ctx).offices(), now, limit)
	if err != nil || len(claims) == 0 {
		return nil, total, err
	}
	ids := make([]int64, len(claims))
	for i, c := range claims {
		ids[i] = c.ClaimID
	}
	people, err := s.db.ParticipantsOfClaims(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	listed, err := s.db.PeopleOfClaims(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	reminded, err := s.db.LatestRemindersOfClaims(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]claimPaperwork, len(claims))
	for i, c := range claims {
		loc := s.rulesOf(c.OfficeID).Calendar.Location() // due times on the office's clock
		row := claimPaperwork{ClaimID: c.ClaimID, JobNumber: c.JobNumber, InsuredName: c.InsuredName, Next: c.Alerts[0]}
		row.Action = nextAction(c.Alerts[0], people[c.ClaimID], now, loc, home)
		row.Reminder = s.alertReminderOf(c.ClaimID, c.Alerts[0], outbox.Recipients(people[c.ClaimID], listed[c.ClaimID]), reminded[c.ClaimID], "/", now)
		for _, a := range c.Alerts[1:] {
			row.Rest = append(row.Rest, sentence(a.Message)+dueWords(a, now, loc, home))
		}
		out[i] = row
	}
	return out, total, nil
}

// nextAction says in words what to do about alert a on a claim with
// people, and by when: "Ask Marcus for the drying log (due today 18:00)".
func nextAction(a sla.Alert, people []storage.ClaimParticipant, now time.Time, loc, home *time.Location) string {
	tech := personFor(people, "technician", "foreman")
	var s string
	switch a.Milestone {
	case sla.MilestoneFirstDocs:
		s = "Ask " + tech + " for the " + missingPart(a.Message, "photos and the 24-hour scope")
	case sla.MilestoneChase:
		s = "Ask " + tech + " for the first documents from the job"
	case sla.MilestoneATP:
		s = "Get the signed ATP (work authorization) from " + tech + " before work starts"
	case sla.MilestonePaperwork:
		s = "Ask " + personFor(people, "estimator", "technician", "foreman") + " for the " + missingPart(a.Message, "paperwork")
	case sla.MilestoneCOS:
		s = "Get the signed COS (certificate of satisfaction) from " + tech + " at equipment pickup"
	case sla.MilestoneLabReport:
		s = "Chase the ITEL lab report for the flooring sample"
	case sla.MilestoneBilling:
		s = "Complete the billing packet: " + missingPart(a.Message, "what is outstanding")
	default:
		s = sentence(a.Message)
	}
	return s + dueWords(a, now, loc, home)
}

// personFor names the claim's first participant in the first of roles that
// has one, or the first role in words.
func personFor(people []storage.ClaimParticipant, roles ...string) string {
	for _, r := range roles {
		for _, p := range people {
			if p.Role == r && strings.TrimSpace(p.Name) != "" {
				return strings.Fields(p.Name)[0]
			}
		}
	}
	return "the " + roles[0]
}

// missingPart is what an alert's message says is missing or outstanding
// ("… missing estimate, sketch"), or def.
func missingPart(message, def string) string {
	for _, marker := range []string{"missing ", "outstanding "} {
		if _, tail, ok := strings.Cut(message, marker); ok && tail != "" {
			return tail
		}
	}
	return def
}

// inSentence writes labels ("Photos, ATP (work authorization)") for the
// middle of a sentence: a label's first letter is lowered unless it starts
// an abbreviation (ATP, COS, ESX).
func inSentence(labels string) string {
	parts := strings.Split(labels, ", ")
	for i, p := range parts {
		if len(p) > 1 && unicode.IsUpper(rune(p[0])) && !unicode.IsUpper(rune(p[1])) {
			parts[i] = strings.ToLower(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, ", ")
}

// sentence starts s with a capital letter.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// dueWords says when an alert is due, in the office's time: " (due today
// 18:00)", " (overdue since Mon Nov 2, 18:00)"; nothing without a deadline.
func dueWords(a sla.Alert, now time.Time, loc, home *time.Location) string {
	if a.Due.IsZero() {
		return ""
	}
	due, n := a.Due.In(loc), now.In(loc)
	when := officeClock(due, "Mon Jan 2, 15:04", home)
	switch {
	case sla.DateOf(due) == sla.DateOf(n):
		when = "today " + officeClock(due, "15:04", home)
	case sla.DateOf(due) == sla.DateOf(n).AddDays(1):
		when = "tomorrow " + officeClock(due, "15:04", home)
	}
	if a.State == sla.StateOverdue {
		return fmt.Sprintf(" (overdue since %s)", when)
	}
	return fmt.Sprintf(" (due %s)", when)
}
