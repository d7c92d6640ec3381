package web

import (
	"cmp"
	"context"
	"slices"
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
	claims, total, err := s.db.ClaimsMissingUpdate(ctx, g.offices, w, limit)
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
