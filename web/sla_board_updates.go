package web

import (
	"context"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// boardMissingUpdates fills in the board's open claims without today's
// update: the database picks the limit that have gone longest without one,
// and counts them all; each one's days since since are then worked out by
// the calendar as the claim page does.
func (s *Server) boardMissingUpdates(ctx context.Context, board *slaBoard, now, since time.Time, limit int) error {
	cal := s.calendar()
	today := cal.DateOf(now)
	todays, ok := cal.BusinessDay(today)
	if !ok {
		return nil // the office is closed today: no update is owed
	}
	w := storage.UpdateWeek{
		Now: now, Since: since,
		Today: storage.UpdateDay{Open: todays.Open, Start: cal.StartOf(today), End: cal.StartOf(today.AddDays(1))},
	}
	claims, total, err := s.db.ClaimsMissingUpdate(ctx, scopeFrom(ctx).offices(), w, limit)
	if err != nil {
		return err
	}
	board.MissingUpdatesTotal = total
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
