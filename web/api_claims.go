package web

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// claimItem is a claim as the API shows it.
type claimItem struct {
	ID            int64  `json:"id"`
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
	UpdatedAt      time.Time         `json:"updated_at"`
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
	items := make([]claimItem, len(claims))
	for i, c := range claims {
		it := claimItem{
			ID: c.ID, ClaimNumber: c.ClaimNumber, JobNumber: c.JobNumber, Carrier: c.Carrier,
			PolicyNumber: c.PolicyNumber, InsuredName: c.InsuredName, LossAddress: c.LossAddress,
			LossType: c.LossType, AdjusterName: c.AdjusterName, AdjusterEmail: c.AdjusterEmail,
			Status: c.Status, Source: c.Source, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
			Participants: []participantItem{},
		}
		if !c.DateOfLoss.IsZero() {
			d := c.DateOfLoss.Format(time.DateOnly)
			it.DateOfLoss = &d
		}
		if addr := s.claimForwardAddress(c.JobNumber); addr != "" {
			it.ForwardAddress = &addr
		}
		for _, p := range parts[c.ID] {
			it.Participants = append(it.Participants, participantItem{Role: p.Role, Name: p.Name, Email: p.Email, Phone: p.Phone})
		}
		items[i] = it
	}
	return items, nil
}

// todayUpdateDay is the office's current business day for the daily
// update, nil when the office does not open today.
func (s *Server) todayUpdateDay(now time.Time) *storage.UpdateDay {
	cal := s.calendar()
	d := cal.DateOf(now)
	day, ok := cal.BusinessDay(d)
	if !ok {
		return nil
	}
	return &storage.UpdateDay{Open: day.Open, Start: cal.StartOf(d), End: cal.StartOf(d.AddDays(1))}
}

func (s *Server) handleAPIClaims(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, after, err := pageParams(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := storage.ClaimFilter{
		Query:    strings.TrimSpace(q.Get("q")),
		Carrier:  strings.TrimSpace(q.Get("carrier")),
		Adjuster: strings.TrimSpace(q.Get("adjuster")),
		Status:   strings.TrimSpace(q.Get("status")),
		AfterID:  int64(after),
		Limit:    limit + 1, // one more than asked tells whether a next page exists
	}
	if f.Status != "" && f.Status != "open" && f.Status != "closed" {
		s.fail(w, r, badRequest("unknown status %q: want open or closed", f.Status))
		return
	}
	if v := q.Get("overdue"); v != "" {
		overdue, err := strconv.ParseBool(v)
		if err != nil {
			s.fail(w, r, badRequest("overdue: want true or false, got %q", v))
			return
		}
		if overdue {
			f.Overdue, f.Now = true, s.now()
			f.Today = s.todayUpdateDay(f.Now)
		}
	}
	claims, err := s.db.ListClaims(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next string
	if len(claims) > limit {
		claims = claims[:limit]
		next = idCursor(claims[len(claims)-1].ID).encode()
	}
	items, err := s.claimItems(r.Context(), claims)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listResponse[claimItem]{Items: items, NextCursor: next})
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
	it, err := s.getClaimItem(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, it)
}

// claimInput is a new claim as a client posts it.
type claimInput struct {
	// JobNumber is allocated from the job-number pattern when empty.
	JobNumber     string `json:"job_number"`
	ClaimNumber   string `json:"claim_number"`
	Carrier       string `json:"carrier"`
	PolicyNumber  string `json:"policy_number"`
	InsuredName   string `json:"insured_name"`
	LossAddress   string `json:"loss_address"`
	LossType      string `json:"loss_type"`
	AdjusterName  string `json:"adjuster_name"`
	AdjusterEmail string `json:"adjuster_email"`
	// DateOfLoss is YYYY-MM-DD or empty.
	DateOfLoss string `json:"date_of_loss"`
	// Status is open (the default) or closed.
	Status string `json:"status"`
}

// maxClaimField bounds each text field of a claim: enough for any address,
// and a limit on what one request can store.
const maxClaimField = 500

// claim validates in and returns the claim it describes.
func (in claimInput) claim() (storage.Claim, error) {
	c := storage.Claim{
		JobNumber: strings.TrimSpace(in.JobNumber), ClaimNumber: strings.TrimSpace(in.ClaimNumber),
		Carrier: strings.TrimSpace(in.Carrier), PolicyNumber: strings.TrimSpace(in.PolicyNumber),
		InsuredName: strings.TrimSpace(in.InsuredName), LossAddress: strings.TrimSpace(in.LossAddress),
		LossType: strings.TrimSpace(in.LossType), AdjusterName: strings.TrimSpace(in.AdjusterName),
		AdjusterEmail: strings.TrimSpace(in.AdjusterEmail), Status: strings.TrimSpace(in.Status),
	}
	for name, v := range map[string]string{
		"job_number": c.JobNumber, "claim_number": c.ClaimNumber, "carrier": c.Carrier, "policy_number": c.PolicyNumber,
		"insured_name": c.InsuredName, "loss_address": c.LossAddress, "loss_type": c.LossType,
		"adjuster_name": c.AdjusterName, "adjuster_email": c.AdjusterEmail,
	} {
		if len(v) > maxClaimField {
			return c, badRequest("%s: longer than %d bytes", name, maxClaimField)
		}
	}
	if classify.Normalize(c.ClaimNumber) == "" {
		return c, badRequest("claim_number: required")
	}
	if c.JobNumber != "" && classify.Normalize(c.JobNumber) == "" {
		return c, badRequest("job_number: %q has no letters or digits", c.JobNumber)
	}
	if c.AdjusterEmail != "" {
		if a, err := mail.ParseAddress(c.AdjusterEmail); err != nil || a.Address != c.AdjusterEmail {
			return c, badRequest("adjuster_email: %q is not an email address", c.AdjusterEmail)
		}
	}
	if c.Status != "" && c.Status != "open" && c.Status != "closed" {
		return c, badRequest("status: want open or closed, got %q", c.Status)
	}
	if v := strings.TrimSpace(in.DateOfLoss); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return c, badRequest("date_of_loss: want YYYY-MM-DD, got %q", v)
		}
		c.DateOfLoss = d
	}
	return c, nil
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

func (s *Server) handleAPICreateClaim(w http.ResponseWriter, r *http.Request) {
	var in claimInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := in.claim()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Job numbers carry the office's year.
	created, err := s.db.CreateClaim(r.Context(), c, s.opts.JobPattern, s.now().In(s.calendar().Location()), 0)
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
	body := http.MaxBytesReader(w, r.Body, maxClaimsCSV)
	rows, readErrs := storage.ReadClaimsCSV(body)
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
		created, updated, errs := s.db.ImportClaims(r.Context(), rows)
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

func toRowError(err error) rowError {
	var re *storage.RowError
	if errors.As(err, &re) {
		return rowError{Line: re.Line, Field: re.Field, Message: re.Msg}
	}
	return rowError{Message: err.Error()}
}
