package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// claimsPageSize is how many claims a page of the list shows.
const claimsPageSize = 50

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
	v := claimsView{
		Query: strings.TrimSpace(q.Get("q")), Carrier: strings.TrimSpace(q.Get("carrier")),
		Adjuster: strings.TrimSpace(q.Get("adjuster")), Status: q.Get("status"), Overdue: q.Get("overdue") == "1",
		Incomplete: q.Get("incomplete") == "1", Billing: q.Get("billing") == "1", Sort: q.Get("sort"),
		CanCreate: scopeFrom(r.Context()).canActAnywhere(),
	}
	if v.Sort != storage.ClaimSortNewest && v.Sort != storage.ClaimSortAttention && v.Sort != storage.ClaimSortBilling {
		s.fail(w, r, badRequest("sort: want attention, billing or nothing, got %q", v.Sort))
		return
	}
	switch v.Status {
	case "":
		v.Status = "open" // what a coordinator works on
	case "open", "closed", "all":
	default:
		s.fail(w, r, badRequest("status: want open, closed or all, got %q", v.Status))
		return
	}
	var before int64
	if b := q.Get("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			s.fail(w, r, badRequest("before: want a claim id, got %q", b))
			return
		}
		before = id
	}
	var beforeAttention int
	if b := q.Get("before_attention"); b != "" {
		n, err := strconv.Atoi(b)
		if err != nil || n < storage.AttentionNone || n > storage.AttentionOverdue {
			s.fail(w, r, badRequest("before_attention: want 0, 1 or 2, got %q", b))
			return
		}
		beforeAttention = n
	}
	var beforeBilling time.Time
	if b := q.Get("before_billing"); b != "" {
		t, err := time.Parse(time.RFC3339Nano, b)
		if err != nil {
			s.fail(w, r, badRequest("before_billing: want a time, got %q", b))
			return
		}
		beforeBilling = t
	}
	now := s.now()
	f := storage.ClaimFilter{
		Query: v.Query, Carrier: v.Carrier, Adjuster: v.Adjuster, Overdue: v.Overdue, Now: now,
		AfterID: before, Limit: claimsPageSize + 1, BillingAtRisk: v.Billing,
		Sort: v.Sort, AfterAttention: beforeAttention, AfterBillingDue: beforeBilling, Offices: scopeFrom(ctx).claimOffices(),
	}
	if err := s.setUpdateDays(ctx, &f, now); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Status != "all" {
		f.Status = v.Status
	}
	if v.Incomplete {
		f.Incomplete = s.requiredFields()
	}
	claims, err := s.db.ListClaims(ctx, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	more := len(claims) > claimsPageSize
	claims = claims[:min(len(claims), claimsPageSize)]
	ids := make([]int64, len(claims))
	for i, c := range claims {
		ids[i] = c.ID
	}
	counts, err := s.db.ClaimCountsOf(ctx, ids, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	billing, err := s.db.BillingOfClaims(ctx, ids, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var people map[int64][]storage.ClaimParticipant
	if len(billing) > 0 {
		if people, err = s.db.ParticipantsOfClaims(ctx, ids); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(claims) == 0 && v.Query != "" {
		if v.Unheld, err = s.db.UnheldClaimWords(ctx, v.Query, scopeFrom(ctx).offices()); err != nil {
			s.fail(w, r, err)
			return
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
	if more {
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
		v.Next = "/claims?" + nq.Encode()
	}
	if v.Carriers, v.Adjusters, err = s.db.ClaimFilterValues(ctx, scopeFrom(ctx).offices(), filterValues); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Filtered = v.Query != "" || v.Carrier != "" || v.Adjuster != "" || v.Overdue || v.Incomplete || v.Billing || v.Status != "open" || v.Sort != ""
	// The toggle keeps the filters and starts the list again from its top.
	first := url.Values{}
	for k, vs := range q {
		if k != "before" && k != "before_attention" && k != "before_billing" {
			first[k] = vs
		}
	}
	next := "/claims"
	if len(first) > 0 {
		next += "?" + first.Encode()
	}
	mine, err := s.mineSwitchOf(ctx, next, "The claims you coordinate.")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Mine = mine != nil && mine.On
	s.render(w, r, http.StatusOK, "claims", pageData{Title: "Claims", Nav: "claims", Mine: mine, Data: v})
}
