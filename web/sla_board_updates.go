package web

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

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

// missingUpdateFacts words, for each claim owing today's update, the facts
// its note is written from: how far the job is, and what came in since
// its last update.
func (s *Server) missingUpdateFacts(ctx context.Context, items []missingUpdateItem, now time.Time) (map[int64]string, error) {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ClaimID
	}
	out := map[int64]string{}
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
		loc := s.rulesOf(it.OfficeID).Calendar.Location()
		stage := "No work recorded yet"
		if f := facts[it.ClaimID]; f != nil {
			for _, st := range stageViews(*f, now) {
				if st.At != nil {
					stage = st.Label + " " + st.At.In(loc).Format("Mon Jan 2")
				}
			}
		}
		out[it.ClaimID] = stage + " · " + newsWords(news[it.ClaimID])
	}
	return out, nil
}

// newsWords say what came in since a claim's last update: "new since the
// last update: Photos (12), Drying log, 2 messages".
func newsWords(n *storage.ClaimNews) string {
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
	if len(parts) == 0 {
		return "nothing new since the last update"
	}
	return "new since the last update: " + strings.Join(parts, ", ")
}
