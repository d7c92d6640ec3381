package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
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
	// Filed is the message just filed from the page, said at its top.
	Filed *filedNote
}

// filedNote says where a message filed from triage went.
type filedNote struct {
	Message storage.ThreadMessage
	Claim   storage.Claim
}

// triageItem is a message waiting in triage with what the classifier
// found: the claims it could not choose between, and why.
type triageItem struct {
	storage.TriageRow
	// Why says in words why claimdesk did not file it; Reason is the
	// classifier's own, for the administrator.
	Why, Reason string
	Candidates  []candidateView
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
	// SentTo is which of the office's addresses it went to, and Snippet
	// the first line of its body: what it is about, before opening it.
	// Forwarded marks mail forwarded automatically from SentTo into the
	// mailbox, ForwardedTo's address when known.
	SentTo      []string
	Snippet     string
	Forwarded   bool
	ForwardedTo string
	// Clock is its answer's deadline in business time while one is owed.
	Clock *businessClock
}

func (s *Server) handleTriage(w http.ResponseWriter, r *http.Request) {
	v, err := s.triagePage(r.Context(), r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "triage", pageData{Title: "Triage", Nav: "triage", Triage: v.Total, Data: v})
}

// triagePage builds the page of the triage queue that q's cursor asks for.
func (s *Server) triagePage(ctx context.Context, q url.Values) (triageView, error) {
	v := triageView{Self: "/triage"}
	var after *cursor
	if c := q.Get("cursor"); c != "" {
		var err error
		if after, err = decodeCursor(c); err != nil {
			return triageView{}, err
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
		return triageView{}, err
	}
	domains, err := s.officeDomains(ctx)
	if err != nil {
		return triageView{}, err
	}
	for _, row := range rows {
		it, err := s.triageItemOf(ctx, row, domains[row.OfficeID])
		if err != nil {
			return triageView{}, err
		}
		it.SentTo, it.Snippet = sentTo(row, domains[row.OfficeID]), firstLine(row.BodyText, row.BodyHTML)
		if by, into, ok := forwarded(row, domains[row.OfficeID]); ok {
			it.SentTo, it.Forwarded, it.ForwardedTo = []string{by}, true, into
		}
		v.Items = append(v.Items, it)
	}
	if more {
		last := rows[len(rows)-1]
		v.Next = "/triage?" + url.Values{"cursor": {cursor{ArrivedAt: last.ArrivedAt, ID: last.ID}.encode()}}.Encode()
	}
	if v.Total, err = s.db.CountTriage(ctx, scopeFrom(ctx).offices()); err != nil {
		return triageView{}, err
	}
	if len(v.Items) > 0 {
		if v.Choices, err = s.db.OpenClaimChoices(ctx, scopeFrom(ctx).offices(), claimChoices); err != nil {
			return triageView{}, err
		}
		if err := s.offerOfficeMoves(ctx, v.Items); err != nil {
			return triageView{}, err
		}
	}
	if v.Filed, err = s.filedNote(ctx, q.Get("filed")); err != nil {
		return triageView{}, err
	}
	return v, nil
}

// triageItemOf is row, of an office whose mail domain is domain, as
// triage shows it: the classifier's decision, when it can be read, with
// each candidate claim's evidence beside it and the evidence that points
// at none apart.
func (s *Server) triageItemOf(ctx context.Context, row storage.TriageRow, domain string) (triageItem, error) {
	it := triageItem{TriageRow: row}
	if row.NeedsAck && row.AckedAt == nil && row.AckDueAt != nil {
		c := newBusinessClock(s.rulesOf(row.OfficeID).Calendar, *row.AckDueAt, s.now())
		it.Clock = &c
	}
	var d classify.Decision
	if len(row.Decision) > 0 && json.Unmarshal(row.Decision, &d) == nil {
		reason, err := s.visibleDecision(ctx, &d)
		if err != nil {
			return triageItem{}, err
		}
		claims, err := s.decisionClaims(ctx, d)
		if err != nil {
			return triageItem{}, err
		}
		it.Why, it.Reason, it.Assignment = decisionWords(d, claims), reason, d.Assignment
		switch own, err := s.officeMailWhy(ctx, row.MessageRow, row.Recipients, d, domain); {
		case err != nil:
			return triageItem{}, err
		case own != "":
			it.Why = own
		}
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
	return it, nil
}

// filedNote reads the message just filed (the filed parameter) and its
// claim; nil when there is none the caller may see, or it is in no claim.
func (s *Server) filedNote(ctx context.Context, param string) (*filedNote, error) {
	id, err := strconv.ParseInt(param, 10, 64)
	if err != nil || id <= 0 {
		return nil, nil
	}
	var he *httpError
	if err := s.rowInScope(ctx, scopeFrom(ctx), storage.KindMessage, id, false); errors.As(err, &he) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	m, err := s.db.ThreadOf(ctx, id)
	if errors.Is(err, storage.ErrNotFound) || err == nil && m.ClaimID == nil {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c, err := s.db.GetClaim(ctx, *m.ClaimID)
	if err != nil {
		return nil, err
	}
	return &filedNote{Message: m, Claim: c}, nil
}

// withFiled adds to next, when it is the triage page, which message was
// just filed, for the page to say where it went.
func withFiled(next string, id int64) string {
	u, err := url.Parse(next)
	if err != nil || u.Path != "/triage" {
		return next
	}
	q := u.Query()
	q.Set("filed", strconv.FormatInt(id, 10))
	u.RawQuery = q.Encode()
	return u.String()
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
