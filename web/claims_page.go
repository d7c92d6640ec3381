package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// claimsPageSize is how many claims a page of the list shows.
const claimsPageSize = 50

// closeClaimsShown bounds the claims a search finds by close spellings
// that the list shows: the first few, fewest letters changed first.
const closeClaimsShown = 10

// filterValues bounds the carriers and adjusters the filters offer.
const filterValues = 500

// claimsView is what the claims list shows.
type claimsView struct {
	Query    string
	Carrier  string
	Adjuster string
	Status   string // open, closed or all
	Overdue  bool
	// Incomplete keeps the claims whose record lacks a required field.
	Incomplete bool
	// Billing keeps the claims at risk of missing billing: the packet
	// incomplete past its warning.
	Billing bool
	// Sort is "attention" for the claims that need attention first,
	// "billing" for the incomplete billing packets soonest due first,
	// empty for the newest first.
	Sort      string
	Carriers  []string
	Adjusters []string
	Claims    []claimRow
	// Next is the address of the next page; empty on the last.
	Next string
	// Filtered reports whether anything narrows the list.
	Filtered bool
	// Unheld are the words of the search no claim has, when none matched:
	// a misspelt word is the likely reason.
	Unheld []string
	// Close are the claims the search finds with some of its words spelt
	// otherwise, shown after those it finds as typed, with the spellings
	// that found them; only below a first page that holds all of those.
	Close []storage.CloseClaim
	// CanCreate offers the new-claim form: the person may change some
	// office's claims.
	CanCreate bool
	// Mine says the list holds the claims the viewer coordinates alone.
	Mine bool
}

// claimRow is one claim of the list with its counts.
type claimRow struct {
	storage.Claim
	storage.ClaimCounts
	State claimState
	// Billing is where its incomplete billing packet stands; nil when the
	// packet is complete or the claim closed.
	Billing *billingView
}

func (s *Server) handleClaims(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	now := s.now()
	v, f, err := s.claimsQuery(ctx, q, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	claims, err := s.db.ListClaims(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	more := len(claims) > claimsPageSize
	claims = claims[:min(len(claims), claimsPageSize)]
	billing, err := s.addClaimRows(ctx, &v, f, claims, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if more {
		v.Next = claimsNextPage(q, v, billing)
	} else if v.Query != "" && f.AfterID == 0 && f.Sort != storage.ClaimSortBilling {
		// The billing order lists incomplete packets alone.
		if v.Close, err = s.db.CloseClaims(ctx, f, closeClaimsShown); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if v.Carriers, v.Adjusters, err = s.db.ClaimFilterValues(ctx, scopeFrom(ctx).offices(), filterValues); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Filtered = v.Query != "" || v.Carrier != "" || v.Adjuster != "" || v.Overdue || v.Incomplete || v.Billing || v.Status != "open" || v.Sort != ""
	mine, err := s.mineSwitchOf(ctx, claimsFirstPage(q), "The claims you coordinate.")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Mine = mine != nil && mine.On
	s.render(w, r, http.StatusOK, "claims", pageData{Title: "Claims", Nav: "claims", Mine: mine, Data: v})
}

// claimsQuery reads the claims list's query q: the page's filters as it
// shows them, and the filter of the claims to list at now.
func (s *Server) claimsQuery(ctx context.Context, q url.Values, now time.Time) (claimsView, storage.ClaimFilter, error) {
	v := claimsView{
		Query: strings.TrimSpace(q.Get("q")), Carrier: strings.TrimSpace(q.Get("carrier")),
		Adjuster: strings.TrimSpace(q.Get("adjuster")), Status: q.Get("status"), Overdue: q.Get("overdue") == "1",
		Incomplete: q.Get("incomplete") == "1", Billing: q.Get("billing") == "1", Sort: q.Get("sort"),
		CanCreate: scopeFrom(ctx).canActAnywhere(),
	}
	if v.Sort != storage.ClaimSortNewest && v.Sort != storage.ClaimSortAttention && v.Sort != storage.ClaimSortBilling {
		return v, storage.ClaimFilter{}, badRequest("sort: want attention, billing or nothing, got %q", v.Sort)
	}
	switch v.Status {
	case "":
		v.Status = "open" // what a coordinator works on
	case "open", "closed", "all":
	default:
		return v, storage.ClaimFilter{}, badRequest("status: want open, closed or all, got %q", v.Status)
	}
	f := storage.ClaimFilter{
		Query: v.Query, Carrier: v.Carrier, Adjuster: v.Adjuster, Overdue: v.Overdue, Now: now,
		Limit: claimsPageSize + 1, BillingAtRisk: v.Billing, Sort: v.Sort, Offices: scopeFrom(ctx).claimOffices(),
	}
	if err := claimsPagePosition(q, &f); err != nil {
		return v, f, err
	}
	if err := s.setUpdateDays(ctx, &f, now); err != nil {
		return v, f, err
	}
	if v.Status != "all" {
		f.Status = v.Status
	}
	if v.Incomplete {
		f.Incomplete = s.requiredFields()
	}
	return v, f, nil
}

// claimsPagePosition sets in f where the page q asks for starts: after
// the claim ?before=, of attention ?before_attention= or billing deadline
// ?before_billing= in those orders.
func claimsPagePosition(q url.Values, f *storage.ClaimFilter) error {
	if b := q.Get("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("before: want a claim id, got %q", b)
		}
		f.AfterID = id
	}
	if b := q.Get("before_attention"); b != "" {
		n, err := strconv.Atoi(b)
		if err != nil || n < storage.AttentionNone || n > storage.AttentionOverdue {
			return badRequest("before_attention: want 0, 1 or 2, got %q", b)
		}
		f.AfterAttention = n
	}
	if b := q.Get("before_billing"); b != "" {
		t, err := time.Parse(time.RFC3339Nano, b)
		if err != nil {
			return badRequest("before_billing: want a time, got %q", b)
		}
		f.AfterBillingDue = t
	}
	return nil
}

// addClaimRows puts claims into v as rows: their counts, state and billing
// at now (f's days), and, when a search found none, the words no claim
// holds. It returns the rows' billing, by claim.
func (s *Server) addClaimRows(ctx context.Context, v *claimsView, f storage.ClaimFilter, claims []storage.Claim, now time.Time) (map[int64]storage.ClaimBilling, error) {
	ids := make([]int64, len(claims))
	for i, c := range claims {
		ids[i] = c.ID
	}
	counts, err := s.db.ClaimCountsOf(ctx, ids, now)
	if err != nil {
		return nil, err
	}
	billing, err := s.db.BillingOfClaims(ctx, ids, now)
	if err != nil {
		return nil, err
	}
	var people map[int64][]storage.ClaimParticipant
	if len(billing) > 0 {
		if people, err = s.db.ParticipantsOfClaims(ctx, ids); err != nil {
			return nil, err
		}
	}
	if len(claims) == 0 && v.Query != "" {
		if v.Unheld, err = s.db.UnheldClaimWords(ctx, v.Query, scopeFrom(ctx).offices()); err != nil {
			return nil, err
		}
	}
	for _, c := range claims {
		row := claimRow{Claim: c, ClaimCounts: counts[c.ID], State: stateOf(c, counts[c.ID], f.TodayOf(c.OfficeID), now)}
		if b, ok := billing[c.ID]; ok {
			bv := newBillingView(b, people[c.ID], s.rulesOf(c.OfficeID).Calendar, now)
			row.Billing = &bv
		}
		v.Claims = append(v.Claims, row)
	}
	return billing, nil
}

// claimsNextPage is the address of the page after v's, asked as q: after
// its last row, in its order.
func claimsNextPage(q url.Values, v claimsView, billing map[int64]storage.ClaimBilling) string {
	nq := url.Values{}
	for k, vs := range q {
		nq[k] = vs
	}
	last := v.Claims[len(v.Claims)-1]
	nq.Set("before", strconv.FormatInt(last.ID, 10))
	switch v.Sort {
	case storage.ClaimSortAttention:
		nq.Set("before_attention", strconv.Itoa(last.State.Attention))
	case storage.ClaimSortBilling:
		nq.Set("before_billing", billing[last.ID].Due.UTC().Format(time.RFC3339Nano))
	}
	return "/claims?" + nq.Encode()
}

// claimsFirstPage is the list asked as q from its top, its filters kept:
// where the Mine toggle returns.
func claimsFirstPage(q url.Values) string {
	first := url.Values{}
	for k, vs := range q {
		if k != "before" && k != "before_attention" && k != "before_billing" {
			first[k] = vs
		}
	}
	if len(first) == 0 {
		return "/claims"
	}
	return "/claims?" + first.Encode()
}
