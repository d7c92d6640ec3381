package web

import (
	"context"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// boardWaiting fills in the board's messages waiting for acknowledgment:
// up to limit, soonest due first, each with its clock, and how many wait.
func (s *Server) boardWaiting(ctx context.Context, board *slaBoard, now time.Time, limit int) error {
	waiting, total, err := s.db.AckQueue(ctx, scopeFrom(ctx).claimOffices(), limit)
	if err != nil {
		return err
	}
	board.WaitingTotal = total
	waited := s.officesWaitedMinutes(waiting, now)
	for i, m := range waiting {
		var due time.Time
		if m.AckDueAt != nil {
			due = *m.AckDueAt
		}
		it := waitingItem{
			ID: m.ID, OfficeID: m.OfficeID, From: m.FromAddress, FromName: m.FromName, Subject: m.Subject, Status: m.Status,
			ReceivedAt: m.ArrivedAt, DueAt: m.AckDueAt, State: sla.AckState(due, nil, now, 0), ClaimID: m.ClaimID,
			WaitedMinutes: waited[i], Incomplete: m.Incomplete, ClaimClosed: m.ClaimClosed,
		}
		if m.JobNumber != "" {
			job := m.JobNumber
			it.JobNumber = &job
		}
		board.Waiting = append(board.Waiting, it)
	}
	return nil
}

// officesWaitedMinutes returns, for each of waiting, the business minutes
// it has waited at now by its office's calendar.
func (s *Server) officesWaitedMinutes(waiting []storage.MessageRow, now time.Time) []int {
	byOffice := map[int64][]int{} // indexes in waiting
	for i, m := range waiting {
		byOffice[m.OfficeID] = append(byOffice[m.OfficeID], i)
	}
	waited := make([]int, len(waiting))
	for office, idx := range byOffice {
		arrivals := make([]time.Time, len(idx))
		for j, i := range idx {
			arrivals[j] = waiting[i].ArrivedAt
		}
		for j, mins := range waitedMinutes(s.rulesOf(office).Calendar, arrivals, now) {
			waited[idx[j]] = mins
		}
	}
	return waited
}

// waitedMinutes returns, for each instant of arrivals, the business minutes
// from it to now, as Calendar.BusinessMinutes gives them. The waiting list
// starts with the oldest mail, which can be years old: walking the calendar
// once from the oldest to now, summing the stretches between consecutive
// instants, costs one walk instead of one per message (business time adds
// up: the time open from a to c is that from a to b plus that from b to c).
func waitedMinutes(cal *sla.Calendar, arrivals []time.Time, now time.Time) []int {
	points := append(slices.Clone(arrivals), now)
	slices.SortFunc(points, time.Time.Compare)
	// since[i] is the business time from points[0] to points[i].
	since := make([]time.Duration, len(points))
	for i := 1; i < len(points); i++ {
		since[i] = since[i-1] + cal.Elapsed(points[i-1], points[i])
	}
	at := func(t time.Time) time.Duration {
		i, _ := slices.BinarySearchFunc(points, t, time.Time.Compare)
		return since[i]
	}
	out := make([]int, len(arrivals))
	for i, a := range arrivals {
		if e := at(now) - at(a); e > 0 {
			out[i] = int((e + time.Minute - 1) / time.Minute)
		}
	}
	return out
}
