package web

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// claimItem is a claim as the API shows it.
type claimItem struct {
	ID            int64  `json:"id"`
	OfficeID      int64  `json:"office_id"`
	ClaimNumber   string `json:"claim_number"`
	JobNumber     string `json:"job_number"`
	Carrier       string `json:"carrier"`
	PolicyNumber  string `json:"policy_number"`
	InsuredName   string `json:"insured_name"`
	LossAddress   string `json:"loss_address"`
	LossType      string `json:"loss_type"`
	AdjusterName  string `json:"adjuster_name"`
	AdjusterEmail string `json:"adjuster_email"`
	// DateOfLoss is YYYY-MM-DD, null when unknown.
	DateOfLoss *string `json:"date_of_loss"`
	Status     string  `json:"status"`
	// Source is where the claim came from: csv, assignment or manual.
	Source string `json:"source"`
	// ForwardAddress is where the office forwards mail for this claim;
	// null when no office domain is configured.
	ForwardAddress *string           `json:"forward_address"`
	Participants   []participantItem `json:"participants"`
	CreatedAt      time.Time         `json:"created_at"`
	// OpenedAt is when the claim started, as its deadlines count: a
	// claim imported today may have started last week.
	OpenedAt  time.Time `json:"opened_at"`
	UpdatedAt time.Time `json:"updated_at"`

	InsuredPhone    string `json:"insured_phone"`
	InsuredEmail    string `json:"insured_email"`
	LossDescription string `json:"loss_description"`
	Cause           string `json:"cause"`
	// Cat is the water category 1-3 and Class the water class 1-4; null
	// until known.
	Cat           *int       `json:"cat"`
	Class         *int       `json:"class"`
	AdjusterPhone string     `json:"adjuster_phone"`
	Company       string     `json:"company"`
	JobName       string     `json:"job_name"`
	ClosedAt      *time.Time `json:"closed_at"`
	CloseNote     string     `json:"close_note"`
	// MissingFields are the required fields and roles still empty.
	MissingFields []string `json:"missing_fields"`
	// LastUpdateAt is the claim's latest daily update; null when none.
	LastUpdateAt *time.Time `json:"last_update_at"`
	// BillingDueAt is the billing packet's deadline while it is incomplete
	// on an open claim, null otherwise; BillingMissing the doc types it
	// lacks (signed forms whose signatures are not yet verified included),
	// and equipmentToConfirm while equipment from mail waits; empty then.
	BillingDueAt   *time.Time `json:"billing_due_at"`
	BillingMissing []string   `json:"billing_missing"`
	// AdjusterFileNumber is the independent adjuster's or TPA's own file
	// number for the claim; null when none is known.
	AdjusterFileNumber *string `json:"adjuster_file_number"`
}

// participantItem is a person with a role on a claim.
type participantItem struct {
	Role  string `json:"role"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// claimForwardAddress is the address that files mail into the claim with
// job number job: claims+JOB@office-domain. Empty without an office domain.
func (s *Server) claimForwardAddress(job string) string {
	if s.opts.OfficeDomain == "" || job == "" {
		return ""
	}
	return "claims+" + job + "@" + s.opts.OfficeDomain
}

// claimItems turns claims into API items with their participants.
func (s *Server) claimItems(ctx context.Context, claims []storage.Claim) ([]claimItem, error) {
	ids := make([]int64, len(claims))
	for i, c := range claims {
		ids[i] = c.ID
	}
	parts, err := s.db.ParticipantsOfClaims(ctx, ids)
	if err != nil {
		return nil, err
	}
	scoped, err := s.db.ClaimsWithScope(ctx, ids)
	if err != nil {
		return nil, err
	}
	updated, err := s.db.LastUpdatesOfClaims(ctx, ids)
	if err != nil {
		return nil, err
	}
	opened, err := s.db.ClaimsOpenedAt(ctx, ids)
	if err != nil {
		return nil, err
	}
	// Billing is read as the last refresh of the claims' alerts left it,
	// as the attention order reads their alerts.
	billing, err := s.db.BillingOfClaims(ctx, ids, s.now())
	if err != nil {
		return nil, err
	}
	items := make([]claimItem, len(claims))
	for i, c := range claims {
		it := recordItem(c)
		it.OpenedAt = cmp.Or(opened[c.ID], c.CreatedAt)
		it.MissingFields = storage.MissingClaimFields(c, parts[c.ID], scoped[c.ID], s.requiredFields())
		if addr := s.claimForwardAddress(c.JobNumber); addr != "" {
			it.ForwardAddress = &addr
		}
		if at, ok := updated[c.ID]; ok {
			it.LastUpdateAt = &at
		}
		it.BillingMissing = []string{}
		if b, ok := billing[c.ID]; ok {
			due := b.Due.In(s.rulesOf(c.OfficeID).Calendar.Location())
			it.BillingDueAt, it.BillingMissing = &due, billingMissing(b)
		}
		for _, p := range parts[c.ID] {
			it.Participants = append(it.Participants, participantItem{Role: p.Role, Name: p.Name, Email: p.Email, Phone: p.Phone})
		}
		items[i] = it
	}
	return items, nil
}

// equipmentToConfirm is billing_missing's code for equipment from mail
// waiting for a person: the invoice bills only the equipment logged.
const equipmentToConfirm = "equipment_to_confirm"

// billingMissing is what billing packet b lacks, as billing_missing names
// it: its doc types, then equipmentToConfirm.
func billingMissing(b storage.ClaimBilling) []string {
	out := make([]string, 0, len(b.Missing)+1)
	for _, t := range b.Missing {
		out = append(out, string(t))
	}
	if b.ToConfirm > 0 {
		out = append(out, equipmentToConfirm)
	}
	return out
}

// recordItem is claim c's record as the API gives it, without what other
// tables add (participants, updates, billing).
func recordItem(c storage.Claim) claimItem {
	it := claimItem{
		ID: c.ID, OfficeID: c.OfficeID, ClaimNumber: c.ClaimNumber, JobNumber: c.JobNumber, Carrier: c.Carrier,
		PolicyNumber: c.PolicyNumber, InsuredName: c.InsuredName, LossAddress: c.LossAddress,
		LossType: c.LossType, AdjusterName: c.AdjusterName, AdjusterEmail: c.AdjusterEmail,
		Status: c.Status, Source: c.Source, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		Participants: []participantItem{},
		InsuredPhone: c.InsuredPhone, InsuredEmail: c.InsuredEmail, LossDescription: c.LossDescription,
		Cause: c.Cause, Cat: optionalNumber(c.Cat), Class: optionalNumber(c.Class), AdjusterPhone: c.AdjusterPhone,
		Company: c.Company, JobName: c.JobName, ClosedAt: c.ClosedAt, CloseNote: c.CloseNote,
	}
	if !c.DateOfLoss.IsZero() {
		d := c.DateOfLoss.Format(time.DateOnly)
		it.DateOfLoss = &d
	}
	if c.AdjusterFileNumber != "" {
		it.AdjusterFileNumber = &c.AdjusterFileNumber
	}
	return it
}

// optionalNumber is n, nil for 0 (unknown).
func optionalNumber(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// setUpdateDays gives f the current business day at now of the offices
// the request reads, for the daily update: Today while they count by one
// calendar, else Days, a day per calendar.
func (s *Server) setUpdateDays(ctx context.Context, f *storage.ClaimFilter, now time.Time) error {
	groups, err := s.officesByCalendar(ctx)
	if err != nil {
		return err
	}
	if len(groups) == 1 {
		f.Today = updateDayOn(groups[0].cal, now)
		return nil
	}
	for _, g := range groups {
		f.Days = append(f.Days, storage.OfficeDay{Offices: g.offices, Today: updateDayOn(g.cal, now)})
	}
	return nil
}

// updateDayOn is cal's business day of now for the daily update, nil when
// the office does not open that day. The update owed is due soon only in
// the board's warning window before closing (as the board's missing
// updates say it), and overdue once the office has closed.
func updateDayOn(cal *sla.Calendar, now time.Time) *storage.UpdateDay {
	d := cal.DateOf(now)
	day, ok := cal.BusinessDay(d)
	if !ok {
		return nil
	}
	return &storage.UpdateDay{
		Open: day.Open, Start: cal.StartOf(d), End: cal.StartOf(d.AddDays(1)),
		SoonFrom: day.Close.Add(-sla.DefaultUpdateWarn), Close: day.Close,
	}
}

func (s *Server) handleAPIClaims(w http.ResponseWriter, r *http.Request) {
	f, limit, err := s.claimsFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	claims, err := s.db.ListClaims(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next string
	if len(claims) > limit {
		claims = claims[:limit]
		last := claims[len(claims)-1]
		next = idCursor(last.ID).encode()
		if f.Sort == storage.ClaimSortAttention {
			if next, err = s.attentionNext(r.Context(), f, last); err != nil {
				s.fail(w, r, err)
				return
			}
		}
	}
	items, err := s.claimItems(r.Context(), claims)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := claimsPage{listResponse: listResponse[claimItem]{Items: items, NextCursor: next}}
	if next == "" && f.Query != "" {
		if page.SpeltDifferently, err = s.speltDifferently(r.Context(), f); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, page)
}

// claimsPage is a page of GET /api/claims. A search's claims found by
// close spellings of its words come apart from those found as typed, with
// its last page: a client that pages through gets them after the others,
// and never takes them for a match of what was typed.
type claimsPage struct {
	listResponse[claimItem]
	SpeltDifferently []closeClaimItem `json:"spelt_differently,omitempty"`
}

// closeClaimItem is a claim found by close spellings, with the words that
// found it.
type closeClaimItem struct {
	claimItem
	Spellings []spellingItem `json:"spellings"`
}

// speltDifferently returns the claims f's search finds with some of its
// words spelt otherwise (as the claims page shows them), the fewest
// letters changed first.
func (s *Server) speltDifferently(ctx context.Context, f storage.ClaimFilter) ([]closeClaimItem, error) {
	found, err := s.db.CloseClaims(ctx, f, closeClaimsShown)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	claims := make([]storage.Claim, len(found))
	for i, c := range found {
		claims[i] = c.Claim
	}
	items, err := s.claimItems(ctx, claims)
	if err != nil {
		return nil, err
	}
	out := make([]closeClaimItem, len(items))
	for i, it := range items {
		out[i] = closeClaimItem{claimItem: it, Spellings: spellingItems(found[i].Spellings)}
	}
	return out, nil
}

// claimsFilter reads the claims a list request asks for, from its cursor
// on, and the page size.
func (s *Server) claimsFilter(r *http.Request) (storage.ClaimFilter, int, error) {
	q := r.URL.Query()
	sort := q.Get("sort")
	if sort != storage.ClaimSortNewest && sort != storage.ClaimSortAttention {
		return storage.ClaimFilter{}, 0, badRequest("sort: want attention or nothing, got %q", sort)
	}
	limit, err := limitParam(q, defaultLimit)
	if err != nil {
		return storage.ClaimFilter{}, 0, err
	}
	coordinator, err := s.coordinatorParam(r.Context(), r)
	if err != nil {
		return storage.ClaimFilter{}, 0, err
	}
	f := storage.ClaimFilter{
		Query:    strings.TrimSpace(q.Get("q")),
		Carrier:  strings.TrimSpace(q.Get("carrier")),
		Adjuster: strings.TrimSpace(q.Get("adjuster")),
		Status:   strings.TrimSpace(q.Get("status")),
		Limit:    limit + 1, // one more than asked tells whether a next page exists
		Offices:  scopeFrom(r.Context()).offices().CoordinatedBy(coordinator),
	}
	if sort == storage.ClaimSortAttention {
		err = s.attentionPage(r.Context(), &f, q.Get("cursor"), s.now())
	} else if c := q.Get("cursor"); c != "" {
		var after idCursor
		after, err = decodeIDCursor(c)
		f.AfterID = int64(after)
	}
	if err != nil {
		return storage.ClaimFilter{}, 0, err
	}
	if err := s.claimStateFilter(r.Context(), &f, q); err != nil {
		return storage.ClaimFilter{}, 0, err
	}
	return f, limit, nil
}

// claimStateFilter sets f's status, overdue and incomplete filters from a
// list request's query q.
func (s *Server) claimStateFilter(ctx context.Context, f *storage.ClaimFilter, q url.Values) error {
	switch f.Status {
	case "all":
		f.Status = "" // as the claims page and the exports spell it
	case "", "open", "closed":
	default:
		return badRequest("unknown status %q: want open, closed or all", f.Status)
	}
	if v := q.Get("overdue"); v != "" {
		overdue, err := strconv.ParseBool(v)
		if err != nil {
			return badRequest("overdue: want true or false, got %q", v)
		}
		if overdue && f.Now.IsZero() {
			f.Now = s.now()
			if err := s.setUpdateDays(ctx, f, f.Now); err != nil {
				return err
			}
		}
		f.Overdue = overdue
	}
	if v := q.Get("incomplete"); v != "" {
		incomplete, err := strconv.ParseBool(v)
		if err != nil {
			return badRequest("incomplete: want true or false, got %q", v)
		}
		if incomplete {
			f.Incomplete = s.requiredFields()
		}
	}
	return nil
}

// lookupClaim returns claim id; its absence is a 404 that names it.
func (s *Server) lookupClaim(ctx context.Context, id int64) (storage.Claim, error) {
	c, err := s.db.GetClaim(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return c, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("claim %d not found", id)}
	}
	return c, err
}

// getClaimItem returns claim id as the API shows it.
func (s *Server) getClaimItem(ctx context.Context, id int64) (claimItem, error) {
	c, err := s.lookupClaim(ctx, id)
	if err != nil {
		return claimItem{}, err
	}
	items, err := s.claimItems(ctx, []storage.Claim{c})
	if err != nil {
		return claimItem{}, err
	}
	return items[0], nil
}

func (s *Server) handleAPIClaim(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeClaim(w, r, id)
}

// claimInput is a new claim as a client posts it.
type claimInput struct {
	// JobNumber is allocated from the job-number pattern when empty.
	JobNumber       string `json:"job_number"`
	ClaimNumber     string `json:"claim_number"`
	Carrier         string `json:"carrier"`
	PolicyNumber    string `json:"policy_number"`
	InsuredName     string `json:"insured_name"`
	InsuredPhone    string `json:"insured_phone"`
	InsuredEmail    string `json:"insured_email"`
	LossAddress     string `json:"loss_address"`
	LossType        string `json:"loss_type"`
	LossDescription string `json:"loss_description"`
	Cause           string `json:"cause"`
	AdjusterName    string `json:"adjuster_name"`
	AdjusterEmail   string `json:"adjuster_email"`
	AdjusterPhone   string `json:"adjuster_phone"`
	Company         string `json:"company"`
	JobName         string `json:"job_name"`
	// AdjusterFileNumber is the adjusting firm's own file number, or empty.
	AdjusterFileNumber string `json:"adjuster_file_number"`
	// DateOfLoss is YYYY-MM-DD or empty.
	DateOfLoss string `json:"date_of_loss"`
	// Cat and Class are numbers (or their digits as text), or null.
	Cat   fieldValue `json:"cat"`
	Class fieldValue `json:"class"`
	// Status is open (the default) or closed.
	Status       string            `json:"status"`
	Participants []participantItem `json:"participants"`
}

// fieldValue is a claim field's value as JSON gives it: a string, a
// number, or null (empty).
type fieldValue string

// UnmarshalJSON takes a string, a number or null.
func (v *fieldValue) UnmarshalJSON(b []byte) error {
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	switch t := x.(type) {
	case nil:
		*v = ""
	case string:
		*v = fieldValue(t)
	case float64:
		*v = fieldValue(strconv.FormatFloat(t, 'f', -1, 64))
	default:
		return fmt.Errorf("want a string, a number or null, got %s", b)
	}
	return nil
}

// maxClaimField bounds each text field of a claim: enough for any address,
// and a limit on what one request can store.
const maxClaimField = 500

// claim validates in and returns the claim it describes.
func (in claimInput) claim() (storage.Claim, error) {
	var c storage.Claim
	for name, v := range map[string]string{
		"job_number": in.JobNumber, "claim_number": in.ClaimNumber, "carrier": in.Carrier,
		"policy_number": in.PolicyNumber, "insured_name": in.InsuredName, "insured_phone": in.InsuredPhone,
		"insured_email": in.InsuredEmail, "loss_address": in.LossAddress, "loss_type": in.LossType,
		"loss_description": in.LossDescription, "cause": in.Cause, "adjuster_name": in.AdjusterName,
		"adjuster_email": in.AdjusterEmail, "adjuster_phone": in.AdjusterPhone, "company": in.Company,
		"job_name": in.JobName, "date_of_loss": in.DateOfLoss, "cat": string(in.Cat), "class": string(in.Class),
		"adjuster_file_number": in.AdjusterFileNumber,
	} {
		if err := checkFieldValue(name, v); err != nil {
			return c, err
		}
		if err := storage.SetClaimField(&c, name, v); err != nil {
			return c, badRequest("%s", strings.TrimSuffix(err.Error(), ": "+storage.ErrInvalid.Error()))
		}
	}
	c.Status = strings.TrimSpace(in.Status)
	// A loss phoned in, or referred by a plumber, has no carrier claim
	// number yet: the insured or the address tells the claim apart until
	// it comes (the record lists it as missing meanwhile).
	if classify.Normalize(c.ClaimNumber) == "" && strings.TrimSpace(c.InsuredName) == "" && strings.TrimSpace(c.LossAddress) == "" {
		return c, badRequest("claim_number: required, unless the claim has an insured_name or a loss_address")
	}
	if c.Status != "" && c.Status != "open" && c.Status != "closed" {
		return c, badRequest("status: want open or closed, got %q", c.Status)
	}
	return c, nil
}

// checkFieldValue refuses a value field name cannot hold: too long, a job
// number without letters or digits, an email address that is not one.
func checkFieldValue(name, v string) error {
	v = strings.TrimSpace(v)
	limit := maxClaimField
	if name == "loss_description" {
		limit = storage.MaxClaimDescription
	}
	if len(v) > limit {
		return badRequest("%s: longer than %d bytes", name, limit)
	}
	switch name {
	case "job_number":
		if v != "" && classify.Normalize(v) == "" {
			return badRequest("job_number: %q has no letters or digits", v)
		}
	case "adjuster_email", "insured_email":
		if v == "" {
			return nil
		}
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
			return badRequest("%s: %q is not an email address", name, v)
		}
	}
	return nil
}

// participants validates the participants a client sent.
func participantsInput(in []participantItem) ([]storage.ClaimParticipant, error) {
	out := make([]storage.ClaimParticipant, 0, len(in))
	for i, p := range in {
		if !slices.Contains(sla.ParticipantRoles, p.Role) {
			return nil, badRequest("participants[%d].role: want one of %s, got %q", i, strings.Join(sla.ParticipantRoles, ", "), p.Role)
		}
		if p.Email = strings.TrimSpace(p.Email); p.Email != "" {
			if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email {
				return nil, badRequest("participants[%d].email: %q is not an email address", i, p.Email)
			}
		}
		if len(p.Name) > maxClaimField || len(p.Phone) > maxClaimField || len(p.Email) > maxClaimField {
			return nil, badRequest("participants[%d]: longer than %d bytes", i, maxClaimField)
		}
		out = append(out, storage.ClaimParticipant{Role: p.Role, Name: p.Name, Email: p.Email, Phone: p.Phone})
	}
	return out, nil
}

// conflictError turns storage's claim conflict into a 409 that names the
// claim in the way.
func conflictError(err error) error {
	var ce *storage.ClaimConflictError
	if errors.As(err, &ce) {
		return &httpError{status: http.StatusConflict, msg: ce.Error()}
	}
	return err
}

// newClaimInput is a claim to create, and the office it is for (when the
// caller works for several).
type newClaimInput struct {
	claimInput
	OfficeID int64 `json:"office_id"`
}

func (s *Server) handleAPICreateClaim(w http.ResponseWriter, r *http.Request) {
	var in newClaimInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := in.claim()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c.OfficeID, err = officeForNewClaim(scopeFrom(r.Context()), in.OfficeID); err != nil {
		s.fail(w, r, err)
		return
	}
	ps, err := participantsInput(in.Participants)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Job numbers carry the office's year.
	at := s.now().In(s.rulesOf(c.OfficeID).Calendar.Location())
	var created storage.Claim
	err = s.db.InTx(r.Context(), func(tx pgx.Tx) error {
		var err error
		if created, err = storage.CreateClaimRecordTx(r.Context(), tx, c, ps, s.opts.JobPattern, at, storage.Opening{How: storage.OpenedByAPI, Actor: actorFrom(r.Context())}); err != nil {
			return err
		}
		return s.rematchNaming(r.Context(), tx, []storage.Claim{created})
	})
	if err != nil {
		s.fail(w, r, conflictError(err))
		return
	}
	it, err := s.getClaimItem(r.Context(), created.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/claims/"+strconv.FormatInt(created.ID, 10))
	writeJSON(w, http.StatusCreated, it)
}

// maxClaimsCSV bounds an uploaded claims file: 10 MB is some fifty thousand
// claims, more than an office imports at once.
const maxClaimsCSV = 10 << 20

// importResult is what a claims import did.
type importResult struct {
	// Error is set when no row could be imported.
	Error   string     `json:"error,omitempty"`
	Created int        `json:"created"`
	Updated int        `json:"updated"`
	Errors  []rowError `json:"errors"`
}

// rowError is a problem with one line of the file, and with one field of
// it when Field is set.
type rowError struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (s *Server) handleAPIImportClaims(w http.ResponseWriter, r *http.Request) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" || strings.HasPrefix(ct, "multipart/") {
		s.fail(w, r, &httpError{status: http.StatusUnsupportedMediaType,
			msg: "send the CSV file itself as the request body, with Content-Type: text/csv"})
		return
	}
	office, err := s.importOffice(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body := http.MaxBytesReader(w, r.Body, maxClaimsCSV)
	rows, readErrs := storage.ReadClaimsCSV(body)
	for i := range rows {
		rows[i].OfficeID = office
	}
	res := importResult{Errors: []rowError{}}
	for _, err := range readErrs {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.fail(w, r, &httpError{status: http.StatusRequestEntityTooLarge,
				msg: fmt.Sprintf("the file is larger than %d MB: split it", maxClaimsCSV>>20)})
			return
		}
		res.Errors = append(res.Errors, toRowError(err))
	}
	if len(rows) > 0 {
		created, updated, errs := s.db.ImportClaims(r.Context(), rows, s.rematchNaming)
		for _, err := range errs {
			var re *storage.RowError
			if !errors.As(err, &re) {
				s.fail(w, r, err) // the database failed, not the file
				return
			}
			res.Errors = append(res.Errors, toRowError(err))
		}
		res.Created, res.Updated = created, updated
	}
	status := http.StatusOK
	if res.Created+res.Updated == 0 && len(res.Errors) > 0 {
		status = http.StatusBadRequest
		res.Error = fmt.Sprintf("no claim imported: %d errors", len(res.Errors))
	}
	writeJSON(w, status, res)
}

// importOffice returns the office a claims file is for: ?office_id= when
// the caller works for several.
func (s *Server) importOffice(r *http.Request) (int64, error) {
	var asked int64
	if v := r.URL.Query().Get("office_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return 0, badRequest("office_id: want an office's id, got %q", v)
		}
		asked = id
	}
	return officeForNewClaim(scopeFrom(r.Context()), asked)
}

func toRowError(err error) rowError {
	var re *storage.RowError
	if errors.As(err, &re) {
		return rowError{Line: re.Line, Field: re.Field, Message: re.Msg}
	}
	return rowError{Message: err.Error()}
}

// requiredFields are the fields and roles a complete claim record has.
func (s *Server) requiredFields() []string {
	if s.opts.RequiredFields != nil {
		return s.opts.RequiredFields
	}
	f, _ := sla.ParseRequiredFields(sla.DefaultRequiredFields)
	return f
}
