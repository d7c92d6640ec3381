package web

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// boardMissingUpdates fills in the board's open claims without today's
// update, today being each office's own business day: the database picks
// the limit that have gone longest without one, and counts them all; each
// one's days since since are then worked out by its office's calendar as
// the claim page does.
func (s *Server) boardMissingUpdates(ctx context.Context, board *slaBoard, now, since time.Time, limit int) error {
	groups, err := s.officesByCalendar(ctx)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if err := s.missingUpdatesOf(ctx, board, g, now, since, limit); err != nil {
			return err
		}
	}
	if len(groups) > 1 {
		// Each group came in the database's order: longest without an
		// update first.
		slices.SortStableFunc(board.MissingUpdates, func(a, b missingUpdateItem) int {
			return cmp.Or(compareUpdated(a.LastUpdateAt, b.LastUpdateAt), cmp.Compare(a.ClaimID, b.ClaimID))
		})
		board.MissingUpdates = board.MissingUpdates[:min(limit, len(board.MissingUpdates))]
	}
	return nil
}

// compareUpdated orders never updated first, then the oldest update.
func compareUpdated(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return a.Compare(*b)
}

// missingUpdatesOf adds to board the claims of g's offices without an
// update on g's business day today.
func (s *Server) missingUpdatesOf(ctx context.Context, board *slaBoard, g calendarOffices, now, since time.Time, limit int) error {
	cal := g.cal
	today := cal.DateOf(now)
	todays, ok := cal.BusinessDay(today)
	if !ok {
		return nil // the offices are closed today: no update is owed
	}
	w := storage.UpdateWeek{
		Now: now, Since: since,
		Today: storage.UpdateDay{Open: todays.Open, Start: cal.StartOf(today), End: cal.StartOf(today.AddDays(1))},
	}
	claims, total, err := s.db.ClaimsMissingUpdate(ctx, g.offices.CoordinatedBy(scopeFrom(ctx).mine), w, limit)
	if err != nil {
		return err
	}
	board.MissingUpdatesTotal += total
	// Every claim's update is due when the office closes today: they share
	// one state, and the database's order stands.
	for _, c := range claims {
		it, ok := missingUpdateOf(cal.DailyUpdates(c.OpenedAt, nil, c.Updates, now, 0), today)
		if !ok {
			continue // not owed after all; the count says what the database saw
		}
		it.ClaimID, it.OfficeID, it.JobNumber, it.ClaimNumber, it.InsuredName = c.ID, c.OfficeID, c.JobNumber, c.ClaimNumber, c.InsuredName
		it.AdjusterName, it.AdjusterEmail, it.LastUpdateAt = c.AdjusterName, c.AdjusterEmail, c.LastUpdateAt
		board.MissingUpdates = append(board.MissingUpdates, it)
	}
	return nil
}

// missingUpdateWords say, for a claim owing today's update, what its note
// is written from.
type missingUpdateWords struct {
	// Ago is how long ago its last update was by its office's days,
	// "yesterday", "3 days ago"; empty when it had none.
	Ago string
	// Facts are how far the job is and what came in since its last
	// update (since it started, when it had none).
	Facts string
}

// missingUpdateFacts words, for each claim owing today's update, the facts
// its note is written from: when it was last updated, how far the job is,
// and what came in since.
func (s *Server) missingUpdateFacts(ctx context.Context, items []missingUpdateItem, now time.Time) (map[int64]missingUpdateWords, error) {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ClaimID
	}
	out := map[int64]missingUpdateWords{}
	if len(ids) == 0 {
		return out, nil
	}
	news, err := s.db.NewsSinceUpdate(ctx, ids)
	if err != nil {
		return nil, err
	}
	facts, err := s.db.ClaimsFacts(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		cal := s.rulesOf(it.OfficeID).Calendar
		stage := "No work recorded yet"
		if f := facts[it.ClaimID]; f != nil {
			for _, st := range stageViews(*f, now) {
				if st.At != nil {
					stage = st.Label + " " + st.At.In(cal.Location()).Format("Mon Jan 2")
				}
			}
		}
		w := missingUpdateWords{Facts: stage + " · " + newsWords(news[it.ClaimID], it.LastUpdateAt != nil)}
		if it.LastUpdateAt != nil {
			w.Ago = daysAgo(cal.DateOf(*it.LastUpdateAt), cal.DateOf(now))
		}
		out[it.ClaimID] = w
	}
	return out, nil
}

// daysAgo says how many days before today day was: "today", "yesterday",
// "3 days ago".
func daysAgo(day, today sla.Date) string {
	midnight := func(d sla.Date) int64 { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() }
	n := (midnight(today) - midnight(day)) / 86400
	switch n {
	case 0:
		return "today"
	case 1:
		return "yesterday"
	}
	return fmt.Sprintf("%d days ago", n)
}

// newsWords say what came in on a claim since its last update, or, when it
// was never updated (updated false), so far: "since the last update:
// Photos (12), Drying log, 2 messages", "no mail or documents yet".
func newsWords(n *storage.ClaimNews, updated bool) string {
	var parts []string
	if n != nil {
		seen := map[string]bool{}
		add := func(t string) {
			// A message's own copy and its body images are the
			// message, counted below.
			if c := n.Documents[t]; c > 0 && !seen[t] && t != storage.DocTypeCorrespondence && t != "inline" {
				seen[t] = true
				if c > 1 {
					parts = append(parts, fmt.Sprintf("%s (%d)", docTypeLabel(t), c))
				} else {
					parts = append(parts, docTypeLabel(t))
				}
			}
		}
		for _, t := range factsDocOrder {
			add(string(t))
		}
		for _, t := range slices.Sorted(maps.Keys(n.Documents)) {
			add(t)
		}
		switch {
		case n.Messages == 1:
			parts = append(parts, "1 message")
		case n.Messages > 1:
			parts = append(parts, fmt.Sprintf("%d messages", n.Messages))
		}
	}
	switch {
	case len(parts) > 0 && updated:
		return "since the last update: " + strings.Join(parts, ", ")
	case len(parts) > 0:
		return "so far: " + strings.Join(parts, ", ")
	case updated:
		return "no mail or documents since the last update"
	}
	return "no mail or documents yet"
}

// notOwedUpdate is an open claim that owes no update today, and why, so
// that "every open claim has today's update" never hides it.
type notOwedUpdate struct {
	ClaimID   int64
	JobNumber string
	// Why is "opened today, first update due tomorrow" or "no adjuster
	// yet, none owed until one is named".
	Why string
}

// notOwedShown is how many claims owing no update the board names.
const notOwedShown = 10

// claimsOwingNoUpdate lists the open claims that owe no update today on
// their offices' business day (ClaimsOwingNoUpdate): none on a day the
// offices are closed, when no update is owed at all.
func (s *Server) claimsOwingNoUpdate(ctx context.Context, now time.Time) ([]notOwedUpdate, error) {
	groups, err := s.officesByCalendar(ctx)
	if err != nil {
		return nil, err
	}
	var out []notOwedUpdate
	for _, g := range groups {
		today := g.cal.DateOf(now)
		todays, ok := g.cal.BusinessDay(today)
		if !ok {
			continue
		}
		claims, err := s.db.ClaimsOwingNoUpdate(ctx, g.offices.CoordinatedBy(scopeFrom(ctx).mine), todays.Open, notOwedShown)
		if err != nil {
			return nil, err
		}
		for _, c := range claims {
			why := "no adjuster yet, none owed until one is named"
			if c.OwesUpdates() {
				why = "opened today, first update due " + nextUpdateDay(g.cal, todays)
			}
			out = append(out, notOwedUpdate{ClaimID: c.ID, JobNumber: c.JobNumber, Why: why})
		}
	}
	return out[:min(len(out), notOwedShown)], nil
}

// nextUpdateDay says the business day after today: "tomorrow", or its
// date after a weekend or holiday ("Mon Dec 14").
func nextUpdateDay(cal *sla.Calendar, today sla.Day) string {
	next := cal.NthBusinessDay(today.Open, 2)
	if next.Date == today.Date.AddDays(1) {
		return "tomorrow"
	}
	return next.Open.Format("Mon Jan 2")
}
