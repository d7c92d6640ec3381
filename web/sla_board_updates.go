package web

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// boardMissingUpdates fills in the board's open claims without today's
// update: the database picks the limit that went without on the most days
// of the week since since, and counts them all; each one's days are then
// worked out by the calendar as the claim page does.
func (s *Server) boardMissingUpdates(ctx context.Context, board *slaBoard, now, since time.Time, limit int) error {
	cal := s.calendar()
	today := cal.DateOf(now)
	loc := cal.Location()
	midnight := func(d sla.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc) }
	todays, ok := cal.BusinessDay(today)
	if !ok {
		return nil // the office is closed today: no update is owed
	}
	w := storage.UpdateWeek{
		Now: now, Since: since,
		Today: storage.UpdateDay{Open: todays.Open, Start: midnight(today), End: midnight(today.AddDays(1))},
	}
	for d := cal.DateOf(since); d.Before(today); d = d.AddDays(1) {
		if day, ok := cal.BusinessDay(d); ok {
			w.Earlier = append(w.Earlier, storage.UpdateDay{Open: day.Open, Start: midnight(d), End: midnight(d.AddDays(1))})
		}
	}
	claims, total, err := s.db.ClaimsMissingUpdate(ctx, w, limit)
	if err != nil {
		return err
	}
	board.MissingUpdatesTotal = total
	for _, c := range claims {
		it, ok := missingUpdateOf(cal.DailyUpdates(c.OpenedAt, nil, c.Updates, now, 0), today)
		if !ok {
			continue // not owed after all; the count says what the database saw
		}
		it.boardClaim = boardClaim{ClaimID: c.ID, JobNumber: c.JobNumber, ClaimNumber: c.ClaimNumber, InsuredName: c.InsuredName}
		it.AdjusterName, it.AdjusterEmail, it.LastUpdateAt = c.AdjusterName, c.AdjusterEmail, c.LastUpdateAt
		board.MissingUpdates = append(board.MissingUpdates, it)
	}
	slices.SortStableFunc(board.MissingUpdates, func(a, b missingUpdateItem) int {
		return cmp.Or(cmp.Compare(slaUrgency[a.State], slaUrgency[b.State]), cmp.Compare(len(b.OverdueDays), len(a.OverdueDays)),
			cmp.Compare(a.ClaimID, b.ClaimID))
	})
	return nil
}
