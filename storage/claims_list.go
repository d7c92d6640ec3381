package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
)

// claimOpenedAt is when a claim started, for deadlines that count from its
// start: when a person opened it from a message (a homeowner's mail of
// Saturday, made a claim on Monday, owes nothing since Saturday), else its
// assignment's arrival, else its first message's, else when it was
// created (imported claims arrive in bulk, often after their first mail).
const claimOpenedAt = `coalesce(
	CASE WHEN c.source = '` + SourceManual + `' AND c.source_message_id IS NOT NULL THEN c.created_at END,
	(SELECT ` + arrivedAt + ` FROM messages WHERE id = c.source_message_id),
	least(c.created_at, (SELECT min(` + arrivedAt + `) FROM messages WHERE claim_id = c.id)))`

// ClaimFilter selects a page of claims, newest first.
type ClaimFilter struct {
	// Query keeps the claims whose records hold each of its words (the
	// insured's name, the loss address, the job name, the company, the
	// insured's phone, the words of the numbers), or one of whose job,
	// claim and policy numbers holds it however written: see
	// claimSearchCondition.
	Query string
	// Carrier keeps the claims of one carrier, compared without case.
	Carrier string
	// Adjuster keeps the claims of one adjuster, by name or email address,
	// compared without case.
	Adjuster string
	// Status is open, closed, or empty for both.
	Status string
	// Incomplete, when set, keeps the claims lacking one of these required
	// fields or roles (as MissingClaimFields decides).
	Incomplete []string
	// Overdue keeps the claims overdue at Now, as the claims list labels
	// them (overdueSQL): an acknowledgment, paperwork or request past its
	// deadline, or Today's update still missing after closing.
	Overdue bool
	Now     time.Time
	// Today is the office's current business day; nil when the office does
	// not open today, so that no update is owed.
	Today *UpdateDay
	// Days, when set, are the current business days of offices that count
	// by different calendars, in place of Today: each claim owes its update
	// on its own office's day.
	Days []OfficeDay
	// BillingAtRisk keeps the claims whose billing packet is incomplete
	// and past its warning at Now (claim_billing).
	BillingAtRisk bool
	// Sort is ClaimSortNewest (the default), ClaimSortAttention or
	// ClaimSortBilling.
	Sort string
	// AfterID continues after this claim (0: from the first); sorted by
	// attention, after this claim of attention AfterAttention; by billing,
	// after this claim of billing deadline AfterBillingDue.
	AfterID         int64
	AfterAttention  int
	AfterBillingDue time.Time
	// Limit is the most claims returned.
	Limit int
	// Offices are the offices whose claims are listed; the zero value
	// lists none.
	Offices Offices
}

// Orders of the claims list.
const (
	ClaimSortNewest    = ""          // newest claim first
	ClaimSortAttention = "attention" // overdue first, then due soon, then the rest; newest first within each
	// ClaimSortBilling lists the claims whose billing packet is incomplete
	// at Now, the soonest due first (the oldest claim first within one
	// deadline): a complete packet has no billing deadline to order by.
	ClaimSortBilling = "billing"
)

// billingShowing is the SQL of the claim_billing rows showing at now: one
// per open claim with an incomplete packet, as claim_id and due_at.
func billingShowing(now string) string {
	return `(SELECT b.claim_id AS billing_claim, b.due_at AS billing_due FROM claim_billing b
		WHERE b.shows_from <= ` + now + ` AND b.shows_until > ` + now + `)`
}

// Attention is how urgently a claim needs the office at a time, the worst
// of its state: mail waiting for acknowledgment, paperwork alerts showing
// (claim_alerts, kept up to date as facts change), open requests, and the
// daily update owed today.
const (
	AttentionNone    = 0
	AttentionDueSoon = 1
	AttentionOverdue = 2
)

// attentionSQL is a claim's Attention at now given today's update bounds:
// overdueSQL, else dueSoonSQL.
func attentionSQL(now string, today *updateDayArgs) string {
	return `(CASE WHEN ` + overdueSQL(now, today) + ` THEN 2 WHEN ` + dueSoonSQL(now, today) + ` THEN 1 ELSE 0 END)`
}

// Each part of a claim's state is a set of claims read once
// (messages_ack_waiting_idx, requests_open_idx, claim_updates_at_idx) and
// kept in memory: a lookup per claim in each instead costs six index
// probes for each of the many claims sorted to find one page. The alerts
// come from claim_alert_firsts, which holds at any instant one row per
// claim with alerts showing and their earliest deadline: a third as many
// rows as the alerts themselves.
const (
	waitingClaimsSQL = `SELECT m.claim_id FROM messages m WHERE m.claim_id IS NOT NULL AND ` + awaitingAck
	requestClaimsSQL = `SELECT q.claim_id FROM requests q WHERE q.status = 'open'`
)

// alertClaimsSQL is the set of claims with paperwork alerts showing at now.
func alertClaimsSQL(now string) string {
	return `SELECT a.claim_id FROM claim_alert_firsts a WHERE a.shows_from <= ` + now + ` AND a.shows_until > ` + now
}

// overdueSQL is whether a claim is overdue at now (Attention 2, the
// claims list's "Overdue" and its overdue filter, as stateOf decides it in
// the dashboard): mail past its acknowledgment deadline, a paperwork alert
// or an open request past its deadline, or today's update still owed once
// the office has closed.
func overdueSQL(now string, today *updateDayArgs) string {
	owedLate := "false"
	if today != nil {
		owedLate = `(` + now + ` >= ` + today.close() + ` AND ` + owedUpdateSQL(now, today) + `)`
	}
	return `(c.id IN (` + waitingClaimsSQL + ` AND m.ack_due_at < ` + now + `)
		  OR ` + owedLate + `
		  OR c.id IN (` + alertClaimsSQL(now) + ` AND a.first_due < ` + now + `)
		  OR c.id IN (` + requestClaimsSQL + ` AND q.due_at < ` + now + `))`
}

// dueSoonSQL is whether a claim not overdue is due soon at now: mail
// waiting, paperwork with a deadline showing, an open request, or today's
// update owed in the last hours before closing. Alerts without a deadline
// (signatures to verify) make no claim due soon: the board shows them as
// to do.
func dueSoonSQL(now string, today *updateDayArgs) string {
	owedSoon := "false"
	if today != nil {
		owedSoon = `(` + now + ` >= ` + today.soon() + ` AND ` + owedUpdateSQL(now, today) + `)`
	}
	return `(c.id IN (` + waitingClaimsSQL + `)
		  OR c.id IN (` + alertClaimsSQL(now) + ` AND a.first_due IS NOT NULL)
		  OR c.id IN (` + requestClaimsSQL + `)
		  OR ` + owedSoon + `)`
}

// owedUpdateSQL is whether a claim owes today's update at now: open, with
// an adjuster, opened before the office opened today (a claim opened
// later owes its first update the next business day) and without an
// update made today by now.
func owedUpdateSQL(now string, today *updateDayArgs) string {
	return `(c.status = 'open' AND ` + hasAdjusterSQL("c") + ` AND c.created_at <= ` + today.open() + `
			AND c.id NOT IN (SELECT u.claim_id FROM claim_updates u
				WHERE u.at >= ` + today.start() + ` AND u.at < ` + today.end() + ` AND u.at <= ` + now + `))`
}

// OfficeDay is the current business day of offices that count by one
// calendar; Today is nil when they do not open today.
type OfficeDay struct {
	Offices Offices
	Today   *UpdateDay
}

// TodayOf is the current business day of the claims of office: its Days
// entry's, else Today.
func (f ClaimFilter) TodayOf(office int64) *UpdateDay {
	for _, d := range f.Days {
		if d.Offices.Contains(office) {
			return d.Today
		}
	}
	return f.Today
}

// byOfficeDay is the SQL expression expr makes of a business day, for
// each claim c the one of its office: Today's, or with Days a CASE on the
// office.
func byOfficeDay(w *conditions, f ClaimFilter, expr func(*UpdateDay) string) string {
	if len(f.Days) == 0 {
		return expr(f.Today)
	}
	var b strings.Builder
	b.WriteString("(CASE")
	for _, d := range f.Days {
		b.WriteString(" WHEN " + d.Offices.condition("c.office_id", w.arg) + " THEN " + expr(d.Today))
	}
	b.WriteString(" ELSE " + expr(nil) + " END)")
	return b.String()
}

// UpdateDay is a business day on which open claims owe an update: those
// opened by Open owe one made between Start and End, the office date's
// bounds (an update counts for the date it was made on).
type UpdateDay struct {
	Open       time.Time
	Start, End time.Time
	// SoonFrom is when an update still owed becomes due soon, a few
	// business hours before Close: an update due at closing is not
	// pressing in the morning. Zero: from Open.
	SoonFrom time.Time
	// Close is when the office closes that day and an update still owed is
	// overdue. Zero: never on this day.
	Close time.Time
}

// neverClose stands for a day without a closing time.
var neverClose = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// updateDayArgs are the placeholders of an UpdateDay's times in a query,
// each added to the arguments when first asked for: Postgres cannot type
// an argument the query never uses.
type updateDayArgs struct{ open, start, end, soon, close func() string }

// updateDayArgsOf gives d's times as w's arguments; nil when d is nil.
func updateDayArgsOf(w *conditions, d *UpdateDay) *updateDayArgs {
	if d == nil {
		return nil
	}
	soon := d.SoonFrom
	if soon.IsZero() {
		soon = d.Open
	}
	closeAt := d.Close
	if closeAt.IsZero() {
		closeAt = neverClose
	}
	return &updateDayArgs{
		open: lazyArg(w, d.Open), start: lazyArg(w, d.Start), end: lazyArg(w, d.End),
		soon: lazyArg(w, soon), close: lazyArg(w, closeAt),
	}
}

// lazyArg is the placeholder of t in w, added to w's arguments the first
// time it is asked for.
func lazyArg(w *conditions, t time.Time) func() string {
	var placeholder string
	return func() string {
		if placeholder == "" {
			placeholder = w.arg(t)
		}
		return placeholder
	}
}

// containsPattern returns s as a LIKE pattern matching any text containing
// it.
func containsPattern(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// claimSearchNorms is the expression of the trigram index
// claims_search_norm_trgm_idx (migrations 00012, 00095), which the planner
// uses only for its very expression: the normalized numbers (the adjusting
// firm's file number last) joined by a unit separator. A normalized term
// (letters and digits only) found in the joined text lies within one
// number.
const claimSearchNorms = `(c.job_number_norm || E'\x1f' || c.claim_number_norm || E'\x1f' || c.policy_number_norm
	|| E'\x1f' || c.adjuster_file_number_norm)`

// claimSearchCondition is the SQL condition of claims c matching search
// text q. A claim matches as the search at the top finds claims by the
// words of their records (claimSearchTerms: names with or without accents,
// streets however spelled, phones however written or their last seven
// digits), but as a filter: its record holds every word typed, and none
// excluded; a street type typed ("Avenue") need not be the claim's (812
// Maple St is on "Maple Avenue"), and alone finds none. A word no claim
// holds leaves the list empty rather than being set aside, as the top
// search sets it aside: a claim listed is one the words typed describe ("999 Fuller" is not every claim on Fuller), and
// whether a word counts never depends on the other claims of the office
// (UnheldClaimWords names such words to the person). A claim also
// matches when q, with a digit, is part of one of its job, claim and
// policy numbers however written ("60 8H77" finds 60-8H77-8H5, "26-104"
// job 26-1042).
// arg adds a query argument and returns its placeholder.
func (db *DB) claimSearchCondition(ctx context.Context, q string, arg func(any) string) (string, error) {
	found, without, err := db.claimSearchTerms(ctx, q)
	if err != nil {
		return "", err
	}
	terms := telling(found)
	var cond []string
	if len(terms) > 0 {
		all := make([]string, 0, len(terms)+len(without))
		for _, t := range terms {
			all = append(all, "("+t+")")
		}
		for _, t := range without {
			all = append(all, "!("+t+")")
		}
		held := "c.search_words @@ " + arg(strings.Join(all, " & ")) + "::tsquery"
		for _, s := range streetNames(found) {
			held += " AND array_to_string(claimdesk_fold_words(c.loss_address), ' ') ~ " + arg(s)
		}
		cond = append(cond, held)
	}
	// Letters alone are words of the record ("WTR" of 26-1042-WTR), and
	// a name looked for in the numbers too would make the planner expect
	// as many claims as a part of a number finds. Words excluded are no
	// part of the number, and keep out the claims holding them.
	kept, _ := searchWords(q)
	if norm := classify.Normalize(strings.Join(kept, " ")); strings.ContainsAny(norm, "0123456789") {
		number := claimSearchNorms + " LIKE " + arg(containsPattern(norm))
		if len(without) > 0 {
			number += " AND NOT c.search_words @@ " + arg("("+strings.Join(without, ") | (")+")") + "::tsquery"
		}
		cond = append(cond, "("+number+")")
	}
	if len(cond) == 0 {
		return "false", nil
	}
	return "(" + strings.Join(cond, " OR ") + ")", nil
}

// streetNames returns, for each word of words followed by a street type
// ("Fuller Street"), the pattern of the loss addresses holding it as a
// street's name: followed by any street type, which the person may
// remember otherwise ("Maple Avenue" is 812 Maple St), but not the
// insured's name alone (Ann Fuller of 9 Lake Dr).
func streetNames(words []searchWord) []string {
	var out []string
	for i := 1; i < len(words); i++ {
		if p := streetNamePattern(words[i-1], words[i]); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// UnheldClaimWords returns the words of claims search q, as typed, that no
// claim of offices holds (see claimSearchCondition), in the order typed.
func (db *DB) UnheldClaimWords(ctx context.Context, q string, offices Offices) ([]string, error) {
	kept, _ := searchWords(q)
	words, err := db.foldWords(ctx, kept, true)
	if err != nil || len(words) == 0 {
		return nil, err
	}
	held, err := db.heldClaimWords(ctx, words, offices)
	if err != nil {
		return nil, err
	}
	var out []string
	for i, word := range words {
		if !held[i] {
			out = append(out, word.typed)
		}
	}
	return out, nil
}

// heldClaimWords reports for each of words whether a claim of offices
// holds it.
func (db *DB) heldClaimWords(ctx context.Context, words []searchWord, offices Offices) ([]bool, error) {
	if len(words) == 0 {
		return nil, nil
	}
	// A look-up of its own for each word, planned for its value
	// (customPlan): a word no claim holds is looked for in the words
	// index, not in every claim.
	var w conditions
	offs := offices.condition("c.office_id", w.arg)
	held := make([]string, len(words))
	for i, word := range words {
		held[i] = `EXISTS (SELECT FROM claims c WHERE c.search_words @@ ` + w.arg(word.term) + `::tsquery AND ` + offs + `)`
	}
	flags := make([]bool, len(words))
	dest := make([]any, len(words))
	for i := range flags {
		dest[i] = &flags[i]
	}
	if err := db.pool.QueryRow(ctx, `SELECT `+strings.Join(held, ", "), append([]any{customPlan}, w.args...)...).Scan(dest...); err != nil {
		return nil, fmt.Errorf("claim words held: %w", err)
	}
	return flags, nil
}

// ListClaims returns the claims f selects, newest first or in f.Sort's
// order.
func (db *DB) ListClaims(ctx context.Context, f ClaimFilter) ([]Claim, error) {
	query, args, err := db.listClaimsSQL(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	if strings.TrimSpace(f.Query) != "" {
		// How many claims hold the words decides the plan: the few holding
		// a name are read from the words index, a street most claims are on
		// newest first until the page is full.
		args = append([]any{customPlan}, args...)
	}
	args = f.Offices.planArgs(args...)
	claims, err := collectClaims(db.pool.Query(ctx, query, args...))
	if err != nil {
		return nil, fmt.Errorf("list claims: %w", err)
	}
	return claims, nil
}

// listClaimsSQL is the query ListClaims runs for f, and its arguments.
func (db *DB) listClaimsSQL(ctx context.Context, f ClaimFilter) (string, []any, error) {
	var w conditions
	if err := db.claimFilterConditions(ctx, &w, f); err != nil {
		return "", nil, err
	}
	from, order := claimListOrder(&w, f)
	limit := "ALL"
	if f.Limit > 0 {
		limit = w.arg(f.Limit)
	}
	return `SELECT ` + claimColumns + ` FROM ` + from + ` ` + w.where() + `
		ORDER BY ` + order + ` LIMIT ` + limit, w.args, nil
}

// claimFilterConditions adds to w the conditions of the claims f keeps,
// whatever their order.
func (db *DB) claimFilterConditions(ctx context.Context, w *conditions, f ClaimFilter) error {
	w.and(f.Offices.condition("c.office_id", w.arg))
	if f.Status == "open" {
		w.and(f.Offices.openClaimCondition("c.id", w.arg))
	} else {
		w.and(f.Offices.claimCondition("c.id", w.arg))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		cond, err := db.claimSearchCondition(ctx, q, w.arg)
		if err != nil {
			return err
		}
		w.and(cond)
	}
	if f.Carrier != "" {
		w.and("lower(c.carrier) = lower(" + w.arg(f.Carrier) + ")")
	}
	if f.Adjuster != "" {
		a := w.arg(f.Adjuster)
		w.and("(lower(c.adjuster_email) = lower(" + a + ") OR lower(c.adjuster_name) = lower(" + a + "))")
	}
	if f.Status != "" {
		w.and("c.status = " + w.arg(f.Status))
	}
	if len(f.Incomplete) > 0 {
		w.and(incompleteCondition(f.Incomplete, w.arg))
	}
	if f.Overdue {
		w.and(overdueCondition(w, f))
	}
	if f.BillingAtRisk {
		now := w.arg(f.Now)
		w.and(`EXISTS (SELECT 1 FROM claim_billing b WHERE b.claim_id = c.id
			AND b.shows_from <= ` + now + ` AND b.shows_until > ` + now + ` AND b.warn_at <= ` + now + `)`)
	}
	return nil
}

// overdueCondition keeps the claims overdue at f.Now (overdueSQL), each
// by its office's business day.
func overdueCondition(w *conditions, f ClaimFilter) string {
	now := w.arg(f.Now) + "::timestamptz"
	return byOfficeDay(w, f, func(today *UpdateDay) string { return overdueSQL(now, updateDayArgsOf(w, today)) })
}

// claimListOrder is what the claims are read from and the ORDER BY of
// f.Sort, and adds to w the condition that starts the page after f's
// AfterID.
func claimListOrder(w *conditions, f ClaimFilter) (from, order string) {
	from, order = "claims c", "c.id DESC"
	switch {
	case f.Sort == ClaimSortBilling:
		// Walked from claim_billing_due_idx, soonest due first: a page is
		// read without ordering every claim.
		from = "claims c JOIN " + billingShowing(w.arg(f.Now)) + " bd ON bd.billing_claim = c.id"
		order = "bd.billing_due, bd.billing_claim"
		if f.AfterID > 0 {
			w.and("(bd.billing_due, bd.billing_claim) > (" + w.arg(f.AfterBillingDue) + ", " + w.arg(f.AfterID) + ")")
		}
	case f.Sort == ClaimSortAttention:
		now := w.arg(f.Now) + "::timestamptz"
		attention := byOfficeDay(w, f, func(today *UpdateDay) string { return attentionSQL(now, updateDayArgsOf(w, today)) })
		order = attention + " DESC, c.id DESC"
		if f.AfterID > 0 {
			w.and("(" + attention + ", c.id) < (" + w.arg(f.AfterAttention) + ", " + w.arg(f.AfterID) + ")")
		}
	case f.AfterID > 0:
		w.and("c.id < " + w.arg(f.AfterID))
	}
	return from, order
}

// ClaimParticipant is a person with a role on a claim: foreman,
// coordinator, estimator, marketing, insurance_company, adjuster or
// referred_by.
type ClaimParticipant struct {
	ClaimID int64
	Role    string
	Name    string
	Email   string
	Phone   string
}

// ParticipantsOfClaims returns the participants of the claims ids, by
// claim, in the order of sla.ParticipantRoles, then as they were added.
func (db *DB) ParticipantsOfClaims(ctx context.Context, ids []int64) (map[int64][]ClaimParticipant, error) {
	out := map[int64][]ClaimParticipant{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `
		SELECT claim_id, role, name, email, phone FROM claim_participants
		WHERE claim_id = ANY($1) ORDER BY claim_id, `+roleOrder("role", 2)+`, id`, ids, sla.ParticipantRoles)
	if err != nil {
		return nil, fmt.Errorf("participants of claims: %w", err)
	}
	ps, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ClaimParticipant])
	if err != nil {
		return nil, fmt.Errorf("participants of claims: %w", err)
	}
	for _, p := range ps {
		out[p.ClaimID] = append(out[p.ClaimID], p)
	}
	return out, nil
}

// RecordNames returns, for each of the claims ids, the names its record
// gives the addresses it holds (RecordNamesOf).
func (db *DB) RecordNames(ctx context.Context, ids []int64) (map[int64]NamesOnRecord, error) {
	claims, err := queryAll(ctx, db.pool, func(r pgx.CollectableRow) (Claim, error) {
		var c Claim
		err := r.Scan(&c.ID, &c.InsuredName, &c.InsuredEmail, &c.AdjusterName, &c.AdjusterEmail)
		return c, err
	}, `SELECT id, insured_name, insured_email, adjuster_name, adjuster_email FROM claims WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("names on claims: %w", err)
	}
	people, err := db.ParticipantsOfClaims(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]NamesOnRecord, len(claims))
	for _, c := range claims {
		out[c.ID] = RecordNamesOf(c, people[c.ID])
	}
	return out, nil
}

// NamesOnRecord are the names a claim's record gives addresses, by
// lower-case address.
type NamesOnRecord map[string]string

// Of is the name the record gives address; "" when none.
func (n NamesOnRecord) Of(address string) string {
	return n[strings.ToLower(address)]
}

// RecordNamesOf are the names claim c's record gives the addresses it
// holds: its insured's, its adjuster's, then its people's (people, in the
// record's order), the first where several name one address; an address
// given no name is left out. Mail from an address that gives no name is
// named as the claim knows the person, on every page that names it.
func RecordNamesOf(c Claim, people []ClaimParticipant) NamesOnRecord {
	out := NamesOnRecord{}
	add := func(email, name string) {
		email = strings.ToLower(email)
		if _, ok := out[email]; !ok && email != "" && name != "" {
			out[email] = name
		}
	}
	add(c.InsuredEmail, c.InsuredName)
	add(c.AdjusterEmail, c.AdjusterName)
	for _, p := range people {
		add(p.Email, p.Name)
	}
	return out
}

// ClaimsOpenedAt returns when each of the claims ids started (see
// claimOpenedAt); claims that do not exist are absent.
func (db *DB) ClaimsOpenedAt(ctx context.Context, ids []int64) (map[int64]time.Time, error) {
	return db.timesOfClaims(ctx, "claims opened", ids, `SELECT c.id, `+claimOpenedAt+` FROM claims c WHERE c.id = ANY($1)`)
}

// LastUpdatesOfClaims returns when each of the claims ids was last updated
// (a note, or office mail to its carrier that said more than an
// acknowledgment); claims never updated are absent.
func (db *DB) LastUpdatesOfClaims(ctx context.Context, ids []int64) (map[int64]time.Time, error) {
	return db.timesOfClaims(ctx, "last updates of claims", ids,
		`SELECT claim_id, max(at) FROM claim_updates WHERE claim_id = ANY($1) GROUP BY claim_id`)
}

// timesOfClaims reads query's rows of a claim id and a time, for the
// claims ids ($1), into a map; what names the read in errors.
func (db *DB) timesOfClaims(ctx context.Context, what string, ids []int64, query string) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, query, ids)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var (
		id int64
		at time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &at}, func() error {
		out[id] = at
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// CoordinatesOpenClaims reports whether the person with the email address
// (compared without case) is the coordinator of an open claim of the
// offices.
func (db *DB) CoordinatesOpenClaims(ctx context.Context, offices Offices, email string) (bool, error) {
	if strings.TrimSpace(email) == "" {
		return false, nil
	}
	theirs := offices.CoordinatedBy(email)
	var w conditions
	w.and("c.status = 'open'")
	w.and(theirs.condition("c.office_id", w.arg))
	w.and(theirs.openClaimCondition("c.id", w.arg))
	var found bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM claims c `+w.where()+`)`, theirs.planArgs(w.args...)...).Scan(&found); err != nil {
		return false, fmt.Errorf("coordinates open claims: %w", err)
	}
	return found, nil
}
