package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// triagePageSize is how many messages a page of triage shows.
const triagePageSize = 30

// triageView is what the triage queue shows.
type triageView struct {
	Items   []triageItem
	Total   int
	Choices []storage.ClaimChoice
	Next    string
	Self    string
}

// triageItem is a message waiting in triage with what the classifier
// found: the claims it could not choose between, and why.
type triageItem struct {
	storage.TriageRow
	Reason     string
	Candidates []candidateView
	// Evidence is what points at no candidate: numbers no claim has yet,
	// an assignment for a new claim.
	Evidence []classify.Evidence
	// Assignment is set when the message is an assignment for a claim that
	// does not exist yet.
	Assignment *classify.Assignment
	// Office is the name of the message's office and MoveTo the other
	// offices it may be moved to, when the caller works in two or more.
	Office string
	MoveTo []storage.Office
}

func (s *Server) handleTriage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := triageView{Self: "/triage"}
	var after *cursor
	if c := r.URL.Query().Get("cursor"); c != "" {
		var err error
		if after, err = decodeCursor(c); err != nil {
			s.fail(w, r, err)
			return
		}
		v.Self = "/triage?" + url.Values{"cursor": {c}}.Encode()
	}
	var (
		rows []storage.TriageRow
		more bool
		err  error
	)
	if after != nil {
		rows, more, err = s.db.TriageMessages(ctx, scopeFrom(ctx).offices(), after.ArrivedAt, after.ID, triagePageSize)
	} else {
		rows, more, err = s.db.TriageMessages(ctx, scopeFrom(ctx).offices(), time.Time{}, 0, triagePageSize)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, row := range rows {
		it := triageItem{TriageRow: row}
		var d classify.Decision
		if len(row.Decision) > 0 && json.Unmarshal(row.Decision, &d) == nil {
			if err := s.dropOtherOffices(ctx, &d); err != nil {
				s.fail(w, r, err)
				return
			}
			it.Reason, it.Assignment = d.Reason, d.Assignment
			seen := map[int64]bool{}
			for _, c := range d.Candidates {
				seen[c.ID] = true
				cv := candidateView{Claim: c}
				for _, e := range d.Evidence {
					if e.ClaimID == c.ID {
						cv.Evidence = append(cv.Evidence, e)
					}
				}
				it.Candidates = append(it.Candidates, cv)
			}
			for _, e := range d.Evidence {
				if !seen[e.ClaimID] {
					it.Evidence = append(it.Evidence, e)
				}
			}
		}
		v.Items = append(v.Items, it)
	}
	if more {
		last := rows[len(rows)-1]
		v.Next = "/triage?" + url.Values{"cursor": {cursor{ArrivedAt: last.ArrivedAt, ID: last.ID}.encode()}}.Encode()
	}
	if v.Total, err = s.db.CountTriage(ctx, scopeFrom(ctx).offices()); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(v.Items) > 0 {
		if v.Choices, err = s.db.OpenClaimChoices(ctx, scopeFrom(ctx).offices(), claimChoices); err != nil {
			s.fail(w, r, err)
			return
		}
		if err := s.offerOfficeMoves(ctx, v.Items); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "triage", pageData{Title: "Triage", Nav: "triage", Data: v})
}

// offerOfficeMoves names each item's office and the offices it may be
// moved to: those the caller may act in besides its own, when the caller
// may act in its own too. With one office, nothing is offered.
func (s *Server) offerOfficeMoves(ctx context.Context, items []triageItem) error {
	all, err := s.db.ListOffices(ctx)
	if err != nil {
		return err
	}
	sc := scopeFrom(ctx)
	for i := range items {
		it := &items[i]
		if !sc.canAct(it.OfficeID) {
			continue
		}
		for _, o := range all {
			switch {
			case o.ID == it.OfficeID:
				it.Office = o.Name
			case sc.canAct(o.ID):
				it.MoveTo = append(it.MoveTo, o)
			}
		}
	}
	return nil
}
