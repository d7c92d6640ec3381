package web

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// slaBoardSize is how many rows each list of the board shows.
const slaBoardSize = 50

// ackedShown is how many of today's acknowledgments the board lists.
const ackedShown = 10

// boardView is what the SLA board shows: the numbers /api/sla gives, and
// what the page adds to them.
type boardView struct {
	slaBoard
	// Acked lists today's latest acknowledgments.
	Acked []storage.MessageRow
	// Today is the office's day for the daily update; nil when the office
	// is closed today.
	Today *sla.Day
	Chart ackChart
	// WarnSeconds is how long before its deadline a message is due soon.
	WarnSeconds int
	// CanReply offers acknowledgment by email (CLAIMDESK_SMTP_URL is set).
	CanReply bool
	// Requests are the open requests of open claims, soonest due first,
	// then the oldest; RequestsTotal counts them all.
	Requests      []requestView
	RequestsTotal int
	// Paperwork lists the claims with paperwork due, one row each with its
	// next action; PaperworkTotal counts them all.
	Paperwork      []claimPaperwork
	PaperworkTotal int
	// Home is the viewer's first office's time zone: deadlines of offices
	// in another carry their zone's name.
	Home *time.Location
	// UpdateFacts are, by claim, the facts a missing update's note is
	// written from: when the last was, how far the job is and what came
	// in since.
	UpdateFacts map[int64]missingUpdateWords
	// NotOwed are open claims that owe no update today (opened today, or
	// without an adjuster), named beside the missing ones.
	NotOwed []notOwedUpdate
	// Marked is what a person just marked from the board, to say so and
	// offer to take it back: the row itself leaves the list. Nil when
	// nothing was.
	Marked *markedNotice
	// Done is the request a person just marked done from the board, to
	// say so and offer to take it back; nil when none was.
	Done *doneNotice
	// Triage counts the messages waiting in triage: the board, which
	// updates itself, says how many, as the navigation does when a page
	// loads.
	Triage int
	// ToConfirm names the claims with equipment from mail to confirm.
	ToConfirm toConfirm
}

func (s *Server) handleSLABoard(w http.ResponseWriter, r *http.Request) {
	v, err := s.boardView(r.Context())
	if err == nil {
		v.Marked, err = s.markedNoticeOf(r.Context(), r.URL.Query().Get("marked"))
	}
	if err == nil {
		v.Done, err = s.doneNoticeOf(r.Context(), r.URL.Query().Get("request_done"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mine, err := s.mineSwitchOf(r.Context(), "/",
		"The claims you coordinate, their mail and the mail not yet filed to a claim. Triage and today’s answers are everyone’s.")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "sla_board", pageData{Title: "SLA board", Nav: "sla", Mine: mine, Triage: v.Triage, Data: v})
}

// markedNotice is a message a person just acknowledged by hand from the
// board, said in words: "answered by phone".
type markedNotice struct {
	ID       int64
	OfficeID int64
	Subject  string
	Words    string
}

// markedNoticeOf is the notice of message ?marked=id: nil when there is
// none to give (no such message in the caller's offices, or its
// acknowledgment was not by hand, or was taken back since).
func (s *Server) markedNoticeOf(ctx context.Context, marked string) (*markedNotice, error) {
	id, err := strconv.ParseInt(marked, 10, 64)
	if err != nil || id <= 0 {
		return nil, nil
	}
	if err := s.rowInScope(ctx, scopeFrom(ctx), storage.KindMessage, id, false); err != nil {
		return nil, nil
	}
	m, err := s.db.GetMessageDetail(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	words := map[string]string{
		storage.AckManual:    "marked answered by phone",
		storage.AckOwnEmail:  "marked answered from your own email",
		storage.AckNotNeeded: "marked as needing no answer, left out of the answer times",
	}[m.AckSource]
	if words == "" || m.AckedAt == nil {
		return nil, nil
	}
	if m.UndeliveredOf != nil {
		words = "marked seen" // a bounce: nobody to answer
	}
	return &markedNotice{ID: id, OfficeID: m.OfficeID, Subject: m.Subject, Words: words}, nil
}

// handleSLABoardFragment answers with the board's live part alone: the
// page's script swaps it in when the database says something changed.
func (s *Server) handleSLABoardFragment(w http.ResponseWriter, r *http.Request) {
	v, err := s.boardView(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderFragment(w, r, "sla_board", "board", pageData{Title: "SLA board", Nav: "sla", Data: v})
}

// renderFragment answers with one named template of a page, without the
// layout.
func (s *Server) renderFragment(w http.ResponseWriter, r *http.Request, page, name string, data pageData) {
	if sess := sessionFrom(r.Context()); sess != nil {
		data.User = &sess.User
		data.CSRF = sess.CSRFToken
	}
	sc := scopeFrom(r.Context())
	data.Offices, data.OfficeNames, data.scope = officeSwitchOf(sc), rowOffices(sc), sc
	data.ReadOnly = data.User != nil && sc.readsOnly()
	t, ok := s.pages.byName[page]
	if !ok {
		s.fail(w, r, fmt.Errorf("no page template %s", page))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		s.fail(w, r, fmt.Errorf("render %s of %s: %w", name, page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = buf.WriteTo(w)
}

// boardView gathers the board.
func (s *Server) boardView(ctx context.Context) (boardView, error) {
	now := s.now()
	cal, err := s.boardCalendar(ctx)
	if err != nil {
		return boardView{}, err
	}
	home, err := s.viewerZone(ctx)
	if err != nil {
		return boardView{}, err
	}
	v := boardView{WarnSeconds: int(sla.DefaultWarn.Seconds()), CanReply: s.opts.Outbox != nil, Home: home}
	// The page's own lists are read beside the board's. The page shows
	// paperwork by claim, not the API's single alerts: those are not read.
	board, samples, err := s.slaBoardData(ctx, now, slaBoardSize, func(ctx context.Context, _ *slaBoard) error {
		return s.boardPageLists(ctx, &v, cal, now)
	})
	if err != nil {
		return boardView{}, err
	}
	v.slaBoard = board
	if v.UpdateFacts, err = s.missingUpdateFacts(ctx, v.MissingUpdates, now); err != nil {
		return boardView{}, err
	}
	if v.NotOwed, err = s.claimsOwingNoUpdate(ctx, now); err != nil {
		return boardView{}, err
	}
	if err := s.nameWaitingSenders(ctx, v.Waiting); err != nil {
		return boardView{}, err
	}
	for i, it := range v.Waiting {
		if it.DueAt != nil {
			v.Waiting[i].Clock = newBusinessClock(s.rulesOf(it.OfficeID).Calendar, *it.DueAt, now)
		}
		v.Waiting[i].DueAt = s.inOfficeZone(it.DueAt, it.OfficeID)
	}
	if day, ok := cal.BusinessDay(cal.DateOf(now)); ok {
		v.Today = &day
	}
	v.Chart = newAckChart(board.AckStats, board.AckTargetMinutes, cal.Location())
	v.Chart.Summary = ackSummary(samples, now, board.AckTargetMinutes)
	return v, nil
}

// boardPageLists reads into v what the page shows beyond the API's board:
// today's latest acknowledgments, the open requests, the count of mail in
// triage, the equipment from mail to confirm and the paperwork by claim.
func (s *Server) boardPageLists(ctx context.Context, v *boardView, cal *sla.Calendar, now time.Time) error {
	// Today's answers and the triage are the whole office's, whoever's
	// claims the board shows: mail in triage belongs to no claim yet.
	offices := scopeFrom(ctx).offices()
	var err error
	if v.Acked, err = s.db.RecentlyAcknowledged(ctx, offices, cal.StartOf(cal.DateOf(now)), ackedShown); err != nil {
		return err
	}
	// Who answered by phone, by name where the office knows the person.
	for i := range v.Acked {
		v.Acked[i].AckBy = s.names.of(v.Acked[i].AckBy)
	}
	asked, total, err := s.db.OpenRequests(ctx, scopeFrom(ctx).claimOffices(), requestsShown)
	if err != nil {
		return err
	}
	if v.Requests, err = s.requestViews(ctx, asked, now); err != nil {
		return err
	}
	v.RequestsTotal = total
	if v.Triage, err = s.db.CountTriage(ctx, offices); err != nil {
		return err
	}
	for i, rv := range v.Requests {
		v.Requests[i].DueAt = s.inOfficeZone(rv.DueAt, rv.OfficeID)
		v.Requests[i].AskedAt = rv.AskedAt.In(s.rulesOf(rv.OfficeID).Calendar.Location())
	}
	if v.ToConfirm, err = s.toConfirmOf(ctx); err != nil {
		return err
	}
	v.Paperwork, v.PaperworkTotal, err = s.boardPaperwork(ctx, now, v.Home, slaBoardSize)
	return err
}

// inOfficeZone returns t in office's time zone, for the board to show a
// deadline on its office's clock; nil for nil.
func (s *Server) inOfficeZone(t *time.Time, office int64) *time.Time {
	if t == nil {
		return nil
	}
	in := t.In(s.rulesOf(office).Calendar.Location())
	return &in
}

// slaBoardData computes the SLA board at now: the same numbers the API's
// /api/sla answers with, lists cut to limit, and the acknowledgments its
// statistics count. also reads the rest its caller shows (the API's single
// paperwork alerts, the page's own lists) beside them, once the alerts are
// worked out.
func (s *Server) slaBoardData(ctx context.Context, now time.Time, limit int, also func(context.Context, *slaBoard) error) (slaBoard, []officeSamples, error) {
	board := slaBoard{
		Now: now, AckTargetMinutes: s.ackMinutes(),
		Waiting: []waitingItem{}, MissingUpdates: []missingUpdateItem{}, Alerts: []alertItem{},
		ClosedClaimMail: []closedClaimMailItem{}, UndeliveredMail: []undeliveredItem{}, AwaitingApproval: []approvalWaitItem{},
	}
	cal, err := s.boardCalendar(ctx)
	if err != nil {
		return board, nil, err
	}
	today := cal.DateOf(now)
	since := cal.StartOf(today.AddDays(-slaUpdateLookback))
	// The claims changed since the last look are worked out first: the
	// alerts and the daily updates read what the refresh keeps.
	if err := s.refreshClaimAlerts(ctx); err != nil {
		return board, nil, err
	}
	// The lists do not depend on one another: each is read on a connection
	// of its own, at once, and each fills its own fields of the board.
	var samples []officeSamples
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return s.boardWaiting(gctx, &board, now, limit) })
	g.Go(func() error { return s.boardMissingUpdates(gctx, &board, now, since, limit) })
	g.Go(func() error { return also(gctx, &board) })
	g.Go(func() error { return s.boardClaimRecords(gctx, &board, limit) })
	g.Go(func() error { return s.boardUndelivered(gctx, &board, limit) })
	g.Go(func() error { return s.boardApprovals(gctx, &board, now, limit) })
	g.Go(func() error {
		first := today.AddDays(1 - slaStatsDays)
		var err error
		if samples, err = s.ackSamples(gctx, first); err != nil {
			return err
		}
		board.AckStats = ackStats(samples, first, lastDay(samples, now), now, s.ackMinutes())
		return nil
	})
	if err := g.Wait(); err != nil {
		return board, nil, err
	}
	return board, samples, nil
}

// ackSamples reads the acknowledgment samples of the offices the request
// reads that arrived on their office's day first or since, by calendar.
func (s *Server) ackSamples(ctx context.Context, first sla.Date) ([]officeSamples, error) {
	groups, err := s.officesByCalendar(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]officeSamples, len(groups))
	for i, g := range groups {
		out[i].cal = g.cal
		if out[i].samples, err = s.db.AckSamples(ctx, g.offices, g.cal.StartOf(first)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// lastDay is the latest of the offices' days at now: the answer times'
// last day, today somewhere.
func lastDay(groups []officeSamples, now time.Time) sla.Date {
	var last sla.Date
	for i, g := range groups {
		if d := g.cal.DateOf(now); i == 0 || d.After(last) {
			last = d
		}
	}
	return last
}

// ackChart is the board's chart of answer times: a bar per day, its height
// the median business minutes, its colour the share answered within the
// target. The bars are SVG drawn on the server, stretched to the box; the
// labels are HTML, so they keep their size on a phone. No chart library,
// no script, and it prints.
type ackChart struct {
	Days   int // bars, one per day: the plot is Days wide and 100 high
	Top    int // minutes at the top of the plot: twice the target
	Target int // minutes, drawn half way up
	Bars   []chartBar
	// Summary says the period in words.
	Summary string
}

// chartBar is one day of the chart, in plot units.
type chartBar struct {
	X, Y, W, H float64
	Day        string // day of the month
	Weekday    string
	Share      string // percent answered in time, "" when nothing is known yet
	Class      string // good, fair, poor, none
	Over       bool   // the median is above the plot: drawn clipped
	Title      string // the day in words, for tooltips and screen readers
}

func newAckChart(days []ackDayStats, target int, loc *time.Location) ackChart {
	target = max(target, 1)
	c := ackChart{Days: max(len(days), 1), Top: 2 * target, Target: target}
	for i, d := range days {
		b := chartBar{X: float64(i) + 0.18, W: 0.64, Y: 100, Class: "none"}
		date, err := time.ParseInLocation(time.DateOnly, d.Date, loc)
		if err == nil {
			b.Day = date.Format("2")
			b.Weekday = date.Format("Mon")[:2]
		}
		if d.MedianMinutes != nil {
			h := 100 * *d.MedianMinutes / float64(c.Top)
			b.Over = h > 100
			b.H = math.Round(10*max(min(h, 100), 1)) / 10 // a zero-minute day still shows
			b.Y = 100 - b.H
		}
		if d.WithinTarget != nil {
			share := *d.WithinTarget
			b.Share = fmt.Sprintf("%.0f", 100*share)
			switch {
			case share >= 0.9:
				b.Class = "good"
			case share >= 0.7:
				b.Class = "fair"
			default:
				b.Class = "poor"
			}
		}
		b.Title = chartBarTitle(date, d, target)
		c.Bars = append(c.Bars, b)
	}
	return c
}

// chartBarTitle says a day of the chart in words: what needed an answer,
// how it stands (answered, overdue, still waiting, which add up to the
// whole), and how much of what is decided was answered in time.
func chartBarTitle(date time.Time, d ackDayStats, target int) string {
	t := date.Format("Mon Jan 2") + ": "
	if d.Count == 0 {
		return t + "no messages needed an answer"
	}
	t += fmt.Sprintf("%d needed an answer: %s", d.Count, ackOutcomesText(d.Acknowledged, d.Overdue, d.Count-d.Acknowledged-d.Overdue))
	if d.MedianMinutes != nil {
		t += "; median " + businessSpanText(int(math.Round(*d.MedianMinutes)))
	}
	if d.WithinTarget != nil {
		t += "; " + withinTargetText(d.Within, d.Acknowledged+d.Overdue, d.Overdue, target)
	}
	return t
}

// ackOutcomesText is how messages needing an answer stand: "4 answered",
// "1 answered, 1 overdue, 4 still waiting".
func ackOutcomesText(answered, overdue, waiting int) string {
	parts := []string{fmt.Sprintf("%d answered", answered)}
	if overdue > 0 {
		parts = append(parts, fmt.Sprintf("%d overdue", overdue))
	}
	if waiting > 0 {
		parts = append(parts, fmt.Sprintf("%d still waiting", waiting))
	}
	return strings.Join(parts, ", ")
}

// withinTargetText is the share answered in time of the messages whose
// outcome is known: answered, or overdue (counted late); those still
// waiting within their time are not decided yet. "4 of 4 answered within
// 30 business min (100%)", "1 of 2 answered within 30 business min (50%),
// the overdue counted late".
func withinTargetText(within, known, overdue, target int) string {
	t := fmt.Sprintf("%d of %d answered within %d business min (%.0f%%)", within, known, target, 100*float64(within)/float64(known))
	if overdue > 0 {
		t += ", the overdue counted late"
	}
	return t
}

// ackSummary says in words how the office answered over the chart's days,
// counting as ackStats does: an outcome is known once a message is
// answered or past its deadline; those still waiting within their time
// are said apart, so that the figures add up to the days'.
func ackSummary(groups []officeSamples, now time.Time, target int) string {
	var arrived, answered, within, known int
	for _, g := range groups {
		arrived += len(g.samples)
		for _, m := range g.samples {
			acked, _, in, k := ackOutcome(g.cal, m, now, target)
			answered += boolRank(acked)
			within += boolRank(in)
			known += boolRank(k)
		}
	}
	switch {
	case arrived == 0:
		return fmt.Sprintf("No message needing an answer arrived in the last %d days.", slaStatsDays)
	case known == 0:
		return fmt.Sprintf("%d messages needing an answer arrived in the last %d days; none is past its deadline or answered yet.", arrived, slaStatsDays)
	}
	overdue := known - answered
	return fmt.Sprintf("%d messages needed an answer in the last %d days: %s. %s.", arrived, slaStatsDays,
		ackOutcomesText(answered, overdue, arrived-known), withinTargetText(within, known, overdue, target))
}

// foldAfter is how many rows of a list a phone shows before the rest fold
// away: the lists are most urgent first.
const foldAfter = 3

// PastFold says whether row i of a list is among those a phone folds away.
func (boardView) PastFold(i int) bool { return i >= foldAfter }

// boardFold is the fold under a list on a phone: how many rows it holds.
type boardFold struct {
	List string
	More int
}

// FoldOf is the fold under list, of n rows.
func (boardView) FoldOf(list string, n int) boardFold {
	return boardFold{List: list, More: max(n-foldAfter, 0)}
}

// nameWaitingSenders names the senders of waiting mail that give no name
// as their claim's record does (recordNamesOf, storage.RecordNamesOf):
// "Harold Becker", not "hbecker1948@lakesnet.example".
func (s *Server) nameWaitingSenders(ctx context.Context, waiting []waitingItem) error {
	senders := make([]claimSender, len(waiting))
	for i, it := range waiting {
		senders[i] = claimSender{ClaimID: it.ClaimID, From: it.From, FromName: it.FromName}
	}
	names, err := s.recordNamesOf(ctx, senders)
	if err != nil {
		return err
	}
	for i, name := range names {
		waiting[i].Who = name
	}
	return nil
}

// claimSender is who sent a message of a claim (nil: of none): the address
// and the name the mail gives.
type claimSender struct {
	ClaimID        *int64
	From, FromName string
}

// senderShown names a sender as every page does: by the name the mail
// gives, else by the name the claim's record gives the address (names,
// storage.RecordNamesOf), else by the address.
func senderShown(name, address string, names storage.NamesOnRecord) string {
	return cmp.Or(name, names.Of(address), address)
}

// recordNamesOf names each of senders that gives no name as its claim's
// record does: "Harold Becker", not "hbecker1948@lakesnet.example"; ""
// for a sender that gives a name, or that the record does not know.
func (s *Server) recordNamesOf(ctx context.Context, senders []claimSender) ([]string, error) {
	var ids []int64
	for _, m := range senders {
		if m.FromName == "" && m.ClaimID != nil {
			ids = append(ids, *m.ClaimID)
		}
	}
	out := make([]string, len(senders))
	if len(ids) == 0 {
		return out, nil
	}
	names, err := s.db.RecordNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, m := range senders {
		if m.FromName == "" && m.ClaimID != nil {
			out[i] = names[*m.ClaimID].Of(m.From)
		}
	}
	return out, nil
}
