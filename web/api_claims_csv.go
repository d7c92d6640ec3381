package web

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// csvBatch is how many claims the export reads at a time: the file is
// written as it is read, whatever the number of claims.
const csvBatch = 500

// participantRoles are the roles a claim's people have, in the order of
// DESIGN's list: each is three export columns, ROLE_name, ROLE_email and
// ROLE_phone, as the import reads them.
var participantRoles = []string{"foreman", "coordinator", "estimator", "marketing", "technician",
	"insurance_company", "adjuster", "referred_by"}

// checklistTypes are the documents the export's checklist columns report,
// checklist_TYPE: present, unverified (a signed form not yet checked),
// rejected (a signed form found wrong, no copy since), missing (required
// and not on file), or empty (not required, none).
var checklistTypes = []sla.DocType{sla.DocPhoto, sla.DocScope, sla.DocEstimate, sla.DocSketch, sla.DocATP,
	sla.DocDryingLog, sla.DocCOS, sla.DocLabReport, sla.DocWaiver, sla.DocATR}

// participantColumn is one export column of a role's people: their
// names, emails or phones, "; " between two people of one role.
type participantColumn struct {
	role, name string
	value      func(storage.ClaimParticipant) string
}

// participantColumns are ROLE_name, ROLE_email and ROLE_phone per role,
// but for those a claim field already is (the adjuster's name and email
// are the claim's own): a header never names a column twice.
func participantColumns() []participantColumn {
	taken := map[string]bool{}
	for _, c := range claimColumns {
		taken[c.name] = true
	}
	var out []participantColumn
	for _, r := range participantRoles {
		for _, pc := range []participantColumn{
			{r, r + "_name", func(p storage.ClaimParticipant) string { return p.Name }},
			{r, r + "_email", func(p storage.ClaimParticipant) string { return p.Email }},
			{r, r + "_phone", func(p storage.ClaimParticipant) string { return p.Phone }},
		} {
			if !taken[pc.name] {
				out = append(out, pc)
			}
		}
	}
	return out
}

// claimsCSVHeader is the export's header: the claim's fields, when it was
// opened and for how many days, its people, its checklist, what the office
// still owes its senders (open requests), where the claim is: its office
// (slug) and its folder in the blob store, then its billing: the office's
// invoice as a checklist column, the billing packet's deadline and what it
// lacks, then the adjusting firm's file number. Columns are only ever added
// at the end: spreadsheets read them by position.
func claimsCSVHeader() []string {
	var h []string
	for _, c := range claimColumns {
		h = append(h, c.name)
	}
	h = append(h, "opened_at", "days_open")
	for _, pc := range participantColumns() {
		h = append(h, pc.name)
	}
	for _, t := range checklistTypes {
		h = append(h, "checklist_"+string(t))
	}
	return append(h, "open_requests", "open_request_items", "office", "folder", "checklist_invoice", "billing_due_at", "billing_missing",
		"adjuster_file_number")
}

// handleAPIClaimsCSV streams the claims of ?status= (open by default,
// closed, or all) and ?coordinator= as CSV, newest first, for the office's
// spreadsheets and the job system's import.
func (s *Server) handleAPIClaimsCSV(w http.ResponseWriter, r *http.Request) {
	r, status, first, err := s.firstExportBatch(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	setPrivateFile(w.Header(), "text/csv; charset=utf-8", "attachment", s.exportName(status)+".csv")
	cw := csv.NewWriter(w)
	if err := cw.Write(claimsCSVHeader()); err != nil {
		return // the client went away
	}
	if err := s.claimRows(r.Context(), status, first, cw.Write); err != nil {
		s.log.Warn("claims export cut short", "err", err)
		panic(http.ErrAbortHandler)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.log.Warn("claims export cut short", "err", err)
	}
}

// firstExportBatch reads an export's ?status= and ?coordinator= (as the
// claims list's "Mine" links it) and its first claims before the answer
// starts, so that a bad request or a failing database is an error answer
// and not an empty file. It returns r narrowed to the coordinator's claims.
func (s *Server) firstExportBatch(r *http.Request) (_ *http.Request, status string, first []storage.Claim, err error) {
	if status, err = exportStatus(r.URL.Query().Get("status")); err != nil {
		return r, "", nil, err
	}
	coordinator, err := s.coordinatorParam(r.Context(), r)
	if err != nil {
		return r, "", nil, err
	}
	r = r.WithContext(withCoordinator(r.Context(), coordinator))
	first, err = s.db.ListClaims(r.Context(), storage.ClaimFilter{Status: status, Limit: csvBatch,
		Offices: scopeFrom(r.Context()).claimOffices()})
	return r, status, first, err
}

// exportName is an export's file name without its extension.
func (s *Server) exportName(status string) string {
	return "claims-" + cmp.Or(status, "all") + "-" + s.now().In(s.calendar().Location()).Format(time.DateOnly)
}

// claimRows passes each claim row of status to emit, newest first, in
// claimsCSVHeader's order: first (the first batch), then csvBatch claims
// at a time.
func (s *Server) claimRows(ctx context.Context, status string, first []storage.Claim, emit func([]string) error) error {
	offices, err := s.officeSlugs(ctx)
	if err != nil {
		return err
	}
	for claims := first; len(claims) > 0; {
		ids := make([]int64, len(claims))
		for i, c := range claims {
			ids[i] = c.ID
		}
		people, err := s.db.ParticipantsOfClaims(ctx, ids)
		if err != nil {
			return err
		}
		facts, err := s.db.ClaimsFacts(ctx, ids)
		if err != nil {
			return err
		}
		asks, err := s.db.OpenRequestsOfClaims(ctx, ids)
		if err != nil {
			return err
		}
		for _, c := range claims {
			row, rep := s.claimCSVRow(c, people[c.ID], facts[c.ID])
			row = append(row, s.openRequestCells(asks[c.ID])...)
			row = append(row, placeCells(c, offices)...)
			row = append(row, s.billingCells(c, rep)...)
			row = append(row, c.AdjusterFileNumber)
			if err := emit(row); err != nil {
				return fmt.Errorf("write claim %d: %w", c.ID, err)
			}
		}
		if len(claims) < csvBatch {
			return nil
		}
		if claims, err = s.db.ListClaims(ctx, storage.ClaimFilter{Status: status, Limit: csvBatch,
			AfterID: claims[len(claims)-1].ID, Offices: scopeFrom(ctx).claimOffices()}); err != nil {
			return err
		}
	}
	return nil
}

// officeSlugs maps each office's id to its slug.
func (s *Server) officeSlugs(ctx context.Context) (map[int64]string, error) {
	offices, err := s.db.ListOffices(ctx)
	if err != nil {
		return nil, err
	}
	slugs := make(map[int64]string, len(offices))
	for _, o := range offices {
		slugs[o.ID] = o.Slug
	}
	return slugs, nil
}

// placeCells are claim c's office and folder cells: its office's slug and
// the folder its documents are browsable under, "offices/<slug>/claims/<job>/".
func placeCells(c storage.Claim, slugs map[int64]string) []string {
	slug := slugs[c.OfficeID]
	return []string{slug, storage.ClaimFolder{Office: slug, Job: c.JobNumber}.Key()}
}

// claimCSVRow is claim c's row, in claimsCSVHeader's order, up to its
// open requests, and its paperwork at now.
func (s *Server) claimCSVRow(c storage.Claim, people []storage.ClaimParticipant, f *sla.ClaimFacts) ([]string, sla.ClaimReport) {
	var row []string
	for _, col := range claimColumns {
		row = append(row, col.value(c))
	}
	if f == nil {
		f = &sla.ClaimFacts{OpenedAt: c.CreatedAt}
	}
	rules, now := s.rulesOf(c.OfficeID), s.now()
	loc := rules.Calendar.Location()
	row = append(row, f.OpenedAt.In(loc).Format(time.RFC3339), daysOpen(c, *f, now))
	for _, pc := range participantColumns() {
		var vals []string
		for _, p := range people {
			if p.Role == pc.role {
				vals = append(vals, pc.value(p))
			}
		}
		row = append(row, strings.Join(vals, "; "))
	}
	rep := rules.Calendar.CheckClaim(*f, rules.Milestones, now)
	state := checklistStates(rep)
	for _, t := range checklistTypes {
		row = append(row, state[t])
	}
	return row, rep
}

// checklistStates are the statuses of a claim's checklist by type.
func checklistStates(rep sla.ClaimReport) map[sla.DocType]string {
	state := map[sla.DocType]string{}
	for _, it := range rep.Checklist {
		state[it.Type] = string(it.Status)
	}
	return state
}

// billingCells are claim c's checklist_invoice (as the other checklist
// columns, the office's invoice being required by the billing packet:
// missing while the packet lacks it), billing_due_at (office time; empty
// once the packet is complete) and billing_missing: what the packet lacks
// as the checklist names it, "; " between, a signed form on file not yet
// verified saying so.
func (s *Server) billingCells(c storage.Claim, rep sla.ClaimReport) []string {
	cells := []string{checklistStates(rep)[sla.DocInvoice], "", ""}
	for _, m := range rep.Milestones {
		if m.Name != sla.MilestoneBilling || m.State.Done() || m.Due.IsZero() {
			continue
		}
		if cells[0] == "" && slices.Contains(m.Missing, sla.DocInvoice) {
			cells[0] = string(sla.ItemMissing)
		}
		cells[1] = m.Due.In(s.rulesOf(c.OfficeID).Calendar.Location()).Format(time.RFC3339)
		missing := make([]string, len(m.Missing))
		for i, t := range m.Missing {
			missing[i] = docTypeLabel(string(t))
			if slices.Contains(m.Unverified, t) {
				missing[i] += " (signature not verified)"
			}
		}
		cells[2] = strings.Join(missing, "; ")
	}
	return cells
}

// openRequestCells are a claim's open_requests (how many) and
// open_request_items: each request's asks in words, with its due time in
// office time when it has one, "; " between requests.
func (s *Server) openRequestCells(rs []storage.Request) []string {
	items := make([]string, len(rs))
	for i, r := range rs {
		items[i] = askedWords(r)
		if r.DueAt != nil {
			items[i] += " (due " + r.DueAt.In(s.calendar().Location()).Format("2006-01-02 15:04") + ")"
		}
	}
	return []string{strconv.Itoa(len(rs)), strings.Join(items, "; ")}
}

// daysOpen counts the calendar days from a claim's opening to now, or for
// a closed claim to the job's completion; empty for a closed claim with no
// completion recorded.
func daysOpen(c storage.Claim, f sla.ClaimFacts, now time.Time) string {
	end := now
	if c.Status == "closed" {
		if f.CompletedAt == nil {
			return ""
		}
		end = *f.CompletedAt
	}
	return strconv.Itoa(max(0, int(end.Sub(f.OpenedAt)/(24*time.Hour))))
}

// exportStatus reads ?status=: open (the default), closed or all, which
// the claim list filter spells as empty.
func exportStatus(v string) (string, error) {
	switch v {
	case "", "open":
		return "open", nil
	case "closed":
		return "closed", nil
	case "all":
		return "", nil
	}
	return "", badRequest("status: want open, closed or all, got %q", v)
}
