package web

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/claimdesk/claimdesk/handoff"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// updatesTextClaims bounds the claims one day's notes text covers: far
// beyond an office's open jobs. The text says when it stops there.
const updatesTextClaims = 1000

// dayClaim is a claim with its notes and updates of one office day,
// oldest first.
type dayClaim struct {
	claim storage.Claim
	notes []storage.ClaimUpdateRow
}

// handleAPIUpdatesText answers every note and update of one office day
// (?date=YYYY-MM-DD, today when absent) across the claims the caller
// reads, by job number, in the layout of a claim's notes.txt: the day's
// round of updates pasted into the job system in one go. Each office's
// day is its own, by its calendar.
func (s *Server) handleAPIUpdatesText(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var asked *sla.Date
	if v := r.URL.Query().Get("date"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			s.fail(w, r, badRequest("date must be written YYYY-MM-DD"))
			return
		}
		d := sla.DateOf(t)
		asked = &d
	}
	groups, err := s.officesByCalendar(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The file is named by the viewer's day: the offices' todays differ
	// only around midnight.
	day := groups[0].cal.DateOf(s.now())
	if asked != nil {
		day = *asked
	}
	claims, cut, err := s.dayClaims(ctx, groups, asked)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := s.writeDayNotes(ctx, &buf, claims); err != nil {
		s.fail(w, r, err)
		return
	}
	if cut {
		s.log.Warn("day's notes cut at the claims limit", "date", day.String(), "claims", len(claims))
		fmt.Fprintf(&buf, "\r\nMore claims have notes this day than one text holds: these are the first %d by job number, through job %s. "+
			"Copy the later claims' notes from each claim's page.\r\n", len(claims), claims[len(claims)-1].claim.JobNumber)
	}
	hdr := w.Header()
	setPrivateFile(hdr, "text/plain; charset=utf-8", "inline", "updates "+day.String()+".txt")
	hdr.Set("Content-Length", strconv.Itoa(buf.Len()))
	if _, err := buf.WriteTo(w); err != nil {
		s.log.Warn("updates cut short", "date", day.String(), "err", err)
	}
}

// dayClaims returns the claims of the calendar groups with a note or
// update on their offices' day asked (each group's today when nil), by
// job number, with that day's notes: at most updatesTextClaims, and
// whether more had some. Each group is read in two queries however many
// claims it has.
func (s *Server) dayClaims(ctx context.Context, groups []calendarOffices, asked *sla.Date) ([]dayClaim, bool, error) {
	var out []dayClaim
	cut := false
	for _, g := range groups {
		day := g.cal.DateOf(s.now())
		if asked != nil {
			day = *asked
		}
		start, end := g.cal.StartOf(day), g.cal.StartOf(day.AddDays(1))
		claims, err := s.db.ClaimsUpdatedBetween(ctx, g.offices, start, end, updatesTextClaims+1)
		if err != nil {
			return nil, false, err
		}
		if len(claims) > updatesTextClaims {
			claims, cut = claims[:updatesTextClaims], true
		}
		if len(claims) == 0 {
			continue
		}
		ids := make([]int64, len(claims))
		for i, c := range claims {
			ids[i] = c.ID
		}
		notes, err := s.db.UpdatesBetween(ctx, ids, start, end)
		if err != nil {
			return nil, false, err
		}
		for _, c := range claims {
			out = append(out, dayClaim{claim: c, notes: notes[c.ID]})
		}
	}
	if len(groups) > 1 {
		slices.SortFunc(out, func(a, b dayClaim) int {
			return cmp.Or(cmp.Compare(a.claim.JobNumber, b.claim.JobNumber), cmp.Compare(a.claim.ID, b.claim.ID))
		})
		if len(out) > updatesTextClaims {
			out, cut = out[:updatesTextClaims], true
		}
	}
	return out, cut, nil
}

// writeDayNotes writes the notes of claims to buf as their notes.txt
// would, a blank line between claims. What each note says of its claim
// (where our part stands, what payment still needs) comes from the
// claims' facts, read for all of them at once.
func (s *Server) writeDayNotes(ctx context.Context, buf *bytes.Buffer, claims []dayClaim) error {
	if len(claims) == 0 {
		return nil
	}
	ids := make([]int64, len(claims))
	for i, dc := range claims {
		ids[i] = dc.claim.ID
	}
	facts, err := s.db.ClaimsFacts(ctx, ids)
	if err != nil {
		return err
	}
	proposals, err := s.db.EquipmentProposalsOfClaims(ctx, ids)
	if err != nil {
		return err
	}
	for _, dc := range claims {
		f := facts[dc.claim.ID]
		if f == nil || len(dc.notes) == 0 {
			continue // deleted, or its notes moved, since it was listed
		}
		h := handoffClaim{claim: dc.claim, facts: *f, proposals: proposals[dc.claim.ID]}
		if err := s.keepUpdateCopies(ctx, h, dc.notes); err != nil {
			return err
		}
		if buf.Len() > 0 {
			buf.WriteString("\r\n")
		}
		if err := handoff.WriteNotes(buf, claimNotes(h, dc.notes), s.rulesOf(dc.claim.OfficeID).Calendar.Location()); err != nil {
			return err
		}
	}
	return nil
}
