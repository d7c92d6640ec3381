package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
)

// searchView is what the search page shows.
type searchView struct {
	Query string
	Items []searchItem
	// Next is the address of the next page; empty on the last.
	Next string
	// Unfound are the words typed that nothing found holds, on the first
	// page (storage.UnfoundBeside); Found the other words typed that the
	// results hold, as typed. NumberTyped says a word typed has a digit:
	// it may be a number written otherwise; SeveralWords that fewer may
	// find more.
	Unfound                   []string
	Found                     string
	NumberTyped, SeveralWords bool
}

// handleSearch shows the claims, messages and documents that match what
// was typed in the search box of every page.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q, err := parseSearchQuery(r.URL.Query(), searchPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := searchView{Query: q.Text, NumberTyped: strings.ContainsAny(q.Text, "0123456789"), SeveralWords: len(strings.Fields(q.Text)) > 1}
	q.Offices = scopeFrom(ctx).offices()
	hits, next, err := s.db.Search(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, h := range hits {
		v.Items = append(v.Items, newSearchItem(h))
	}
	if err := s.markOverdue(ctx, v.Items); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.markMailWaiting(ctx, v.Items); err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Text != "" && q.After == nil {
		if v.Unfound, err = s.db.UnfoundBeside(ctx, q.Text, hits, q.Offices); err != nil {
			s.fail(w, r, err)
			return
		}
		v.Found = foundWords(q.Text, v.Unfound, v.Items)
	}
	if next != nil {
		v.Next = "/search?" + url.Values{"q": {q.Text}, "cursor": {encodeSearchCursor(*next)}}.Encode()
	}
	title := "Search"
	if q.Text != "" {
		title = q.Text + " · Search"
	}
	s.render(w, r, http.StatusOK, "search", pageData{Title: title, Nav: "search", Data: v})
}

// markOverdue marks the claims among items that have mail, paperwork or
// a request past its deadline now, as the claims list counts them.
func (s *Server) markOverdue(ctx context.Context, items []searchItem) error {
	var ids []int64
	for _, it := range items {
		if it.Kind == storage.SearchKindClaim && it.ClaimStatus == "open" {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	counts, err := s.db.ClaimCountsOf(ctx, ids, s.now())
	if err != nil {
		return err
	}
	for i, it := range items {
		if c, ok := counts[it.ID]; ok && it.Kind == storage.SearchKindClaim {
			items[i].Overdue = c.Overdue+c.AlertsOverdue+c.RequestsOverdue > 0
		}
	}
	return nil
}

// markMailWaiting marks the mail among items that waits for a person, as
// the board shows it: in triage, or for an answer by its deadline.
func (s *Server) markMailWaiting(ctx context.Context, items []searchItem) error {
	var ids []int64
	for _, it := range items {
		if it.Kind == storage.SearchKindMessage {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := s.db.MessageRowsOf(ctx, ids)
	if err != nil {
		return err
	}
	now := s.now()
	for i, it := range items {
		m, ok := rows[it.ID]
		if !ok || it.Kind != storage.SearchKindMessage {
			continue
		}
		items[i].InTriage = m.Status == storage.StatusTriage
		if m.Direction == "in" && m.NeedsAck && m.AckedAt == nil {
			items[i].Answer = "waiting"
			if m.AckDueAt != nil && m.AckDueAt.Before(now) {
				items[i].Answer = "overdue"
			}
		}
	}
	return nil
}

// foundWords returns the words of text, in the order typed, that some of
// items matched, leaving out the excluded ones and those of unfound.
func foundWords(text string, unfound []string, items []searchItem) string {
	var out []string
	for _, f := range strings.Fields(text) {
		w := strings.Trim(f, `"`)
		if w == "" || strings.HasPrefix(f, "-") || slices.Contains(unfound, w) || slices.Contains(out, w) {
			continue
		}
		for _, it := range items {
			if containsFold(it.Matched, w) || containsFold(it.MatchedStreet, w) {
				out = append(out, w)
				break
			}
		}
	}
	return strings.Join(out, " ")
}

// containsFold reports whether words holds w, whatever its case.
func containsFold(words []string, w string) bool {
	return slices.ContainsFunc(words, func(o string) bool { return strings.EqualFold(o, w) })
}

// matchedWord is what a hit matched, as typed, and where its claim holds
// it: Street says the words name its street, TownOnly that only its town
// holds the word.
type matchedWord struct {
	Word             string
	Street, TownOnly bool
}

// MatchedWords returns the words it matched in the order typed, those
// that name its claim's street together ("Maple Avenue" of 812 Maple St).
func (it searchItem) MatchedWords() []matchedWord {
	var out []matchedWord
	street := matchedWord{Word: strings.Join(it.MatchedStreet, " "), Street: true}
	for _, w := range it.Matched {
		switch {
		case !slices.Contains(it.MatchedStreet, w):
			out = append(out, matchedWord{Word: w, TownOnly: slices.Contains(it.MatchedTownOnly, w)})
		case street.Word != "":
			out, street.Word = append(out, street), ""
		}
	}
	if street.Word != "" {
		out = append(out, street)
	}
	return out
}
