package storage

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
)

// ClaimsCSVColumns is the header of a claims CSV file, in DESIGN order.
var ClaimsCSVColumns = []string{"job_number", "claim_number", "carrier", "policy_number", "insured_name",
	"loss_address", "loss_type", "adjuster_name", "adjuster_email"}

// ClaimsCSVOptionalColumns are the columns a claims CSV file may add: the
// other claim fields by their API names, and per participant role
// ROLE_name, ROLE_email and ROLE_phone (foreman_name, referred_by_phone...;
// the adjuster's are the claim's adjuster fields).
var ClaimsCSVOptionalColumns = optionalCSVColumns()

func optionalCSVColumns() []string {
	cols := []string{"insured_phone", "insured_email", "loss_description", "cause", "date_of_loss", "cat", "class",
		"adjuster_phone", "company", "job_name", "status", "closed_at", "adjuster_file_number"}
	for _, role := range csvRoles() {
		cols = append(cols, role+"_name", role+"_email", role+"_phone")
	}
	return cols
}

// csvRoles are the participant roles with columns of their own: the
// adjuster's columns (adjuster_name...) are the claim's own fields.
func csvRoles() []string {
	return slices.DeleteFunc(slices.Clone(sla.ParticipantRoles), func(r string) bool { return r == "adjuster" })
}

// RowError is a problem with one field of one line of a CSV file.
type RowError struct {
	Line  int
	Field string
	Msg   string
}

func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Msg)
}

// ClaimRow is a claim read from line Line of a CSV file.
type ClaimRow struct {
	Line int
	Claim
	// Participants are the people the line names, at most one per role:
	// they replace the claim's participants of those roles.
	Participants []ClaimParticipant
}

// ReadClaimsCSV reads claims from a CSV file with the ClaimsCSVColumns
// header (columns in any order; extra columns are an error, so a typo is not
// silently dropped). It returns the good rows and one RowError per bad one;
// a file that cannot be read at all is a single error.
func ReadClaimsCSV(r io.Reader) ([]ClaimRow, []error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, col, err := readClaimsCSVHeader(cr)
	if err != nil {
		return nil, []error{err}
	}
	return readClaimRows(cr, len(header), col)
}

// readClaimsCSVHeader reads the header line and returns it with each
// column's index by its name.
func readClaimsCSVHeader(cr *csv.Reader) ([]string, map[string]int, error) {
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, &RowError{Line: 1, Msg: "empty file: want the header " + strings.Join(ClaimsCSVColumns, ",")}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read CSV: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !known(h) {
			return nil, nil, &RowError{Line: 1, Field: h, Msg: "unknown column (want " + strings.Join(ClaimsCSVColumns, ",") +
				" and optionally " + strings.Join(ClaimsCSVOptionalColumns, ",") + ")"}
		}
		if _, dup := col[h]; dup {
			return nil, nil, &RowError{Line: 1, Field: h, Msg: "column given twice"}
		}
		col[h] = i
	}
	for _, need := range []string{"job_number", "claim_number"} {
		if _, ok := col[need]; !ok {
			return nil, nil, &RowError{Line: 1, Field: need, Msg: "required column missing"}
		}
	}
	return header, col, nil
}

// readClaimRows reads the lines after the header, each of width fields. A
// line the CSV parser rejects spoils only itself; any other read error
// leaves the rest of the file unreadable.
func readClaimRows(cr *csv.Reader, width int, col map[string]int) ([]ClaimRow, []error) {
	var claims []ClaimRow
	var errs []error
	seenJob, seenClaim := map[string]int{}, map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			errs = append(errs, &RowError{Line: line, Msg: err.Error()})
			if _, ok := err.(*csv.ParseError); ok {
				continue
			}
			break
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != width {
			errs = append(errs, &RowError{Line: line, Msg: fmt.Sprintf("%d fields, want %d", len(rec), width)})
			continue
		}
		row, err := claimRow(line, rec, col, seenJob, seenClaim)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		claims = append(claims, row)
	}
	return claims, errs
}

// claimRow reads the claim on a line or returns the line's RowError.
// seenJob and seenClaim hold the line of each job and claim number read so
// far, so that a number given twice names both lines; claimRow records the
// line's numbers there once it is good.
func claimRow(line int, rec []string, col map[string]int, seenJob, seenClaim map[string]int) (ClaimRow, error) {
	get := func(f string) string {
		if i, ok := col[f]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	c := Claim{
		JobNumber: get("job_number"), ClaimNumber: get("claim_number"), Carrier: get("carrier"),
		PolicyNumber: get("policy_number"), InsuredName: get("insured_name"), LossAddress: get("loss_address"),
		LossType: get("loss_type"), AdjusterName: get("adjuster_name"), AdjusterEmail: get("adjuster_email"),
		Source: SourceCSV,
	}
	bad := func(field, msg string) (ClaimRow, error) {
		return ClaimRow{}, &RowError{Line: line, Field: field, Msg: msg}
	}
	if field, err := readOptionalColumns(&c, get); err != nil {
		return bad(field, err.Error())
	}
	ps := csvParticipants(get)
	claimNumber := classify.Normalize(c.ClaimNumber)
	switch {
	case c.JobNumber == "":
		return bad("job_number", "empty")
	case claimNumber == "" && c.InsuredName == "" && c.LossAddress == "":
		// A loss phoned in has no claim number yet: its insured or
		// address tells it apart meanwhile.
		return bad("claim_number", "empty, and no insured_name or loss_address to tell the claim apart")
	case seenJob[classify.Normalize(c.JobNumber)] != 0:
		return bad("job_number", fmt.Sprintf("%s is also on line %d", c.JobNumber, seenJob[classify.Normalize(c.JobNumber)]))
	case claimNumber != "" && seenClaim[claimNumber] != 0:
		return bad("claim_number", fmt.Sprintf("%s is also on line %d", c.ClaimNumber, seenClaim[claimNumber]))
	case c.AdjusterEmail != "" && !validEmail(c.AdjusterEmail):
		return bad("adjuster_email", fmt.Sprintf("%q is not an email address", c.AdjusterEmail))
	}
	if c.LossType != "" {
		c.LossType = cmpLossType(c.LossType)
	}
	seenJob[classify.Normalize(c.JobNumber)] = line
	if claimNumber != "" {
		seenClaim[claimNumber] = line
	}
	return ClaimRow{Line: line, Claim: c, Participants: ps}, nil
}

func known(col string) bool {
	return slices.Contains(ClaimsCSVColumns, col) || slices.Contains(ClaimsCSVOptionalColumns, col)
}

// readOptionalColumns sets c's optional fields from a line; it returns the
// column at fault with an error when a value does not fit its field.
func readOptionalColumns(c *Claim, get func(string) string) (string, error) {
	for _, f := range []string{"insured_phone", "insured_email", "loss_description", "cause", "date_of_loss", "cat",
		"class", "adjuster_phone", "company", "job_name", "adjuster_file_number"} {
		if err := SetClaimField(c, f, get(f)); err != nil {
			return f, errors.New(strings.TrimSuffix(strings.TrimPrefix(err.Error(), f+": "), ": "+ErrInvalid.Error()))
		}
	}
	if c.InsuredEmail != "" && !validEmail(c.InsuredEmail) {
		return "insured_email", fmt.Errorf("%q is not an email address", c.InsuredEmail)
	}
	switch st := strings.ToLower(get("status")); st {
	case "", "open", "closed":
		c.Status = st
	default:
		return "status", fmt.Errorf("want open or closed, got %q", st)
	}
	if v := get("closed_at"); v != "" {
		at, err := time.Parse(time.RFC3339, v)
		if err != nil {
			if at, err = time.Parse(time.DateOnly, v); err != nil {
				return "closed_at", fmt.Errorf("want an RFC 3339 time or YYYY-MM-DD, got %q", v)
			}
		}
		c.ClosedAt = &at
		c.Status = "closed"
	}
	return "", nil
}

// csvParticipants are the people a line names by their roles' columns.
func csvParticipants(get func(string) string) []ClaimParticipant {
	var ps []ClaimParticipant
	for _, role := range csvRoles() {
		p := ClaimParticipant{Role: role, Name: get(role + "_name"), Email: get(role + "_email"), Phone: get(role + "_phone")}
		if p.Name != "" || p.Email != "" || p.Phone != "" {
			ps = append(ps, p)
		}
	}
	return ps
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// cmpLossType keeps the office's own word unless it is a known loss type
// written differently ("water damage" is Water).
func cmpLossType(s string) string {
	if t := classify.LossTypeOf(s); t != "" && t != classify.LossOther {
		return t
	}
	return s
}

// ImportClaims saves each row (creating new claims, updating those whose job
// number exists) and returns what it did; a row that cannot be saved, such
// as a claim number already on another job, is a RowError and the other
// rows are still saved. then, unless nil, is given the claims created and
// those whose numbers changed, in the import's transaction (mail naming
// them is matched again there).
func (db *DB) ImportClaims(ctx context.Context, rows []ClaimRow, then func(context.Context, pgx.Tx, []Claim) error) (created, updated int, errs []error) {
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var claims []Claim
		for _, r := range rows {
			// A savepoint per row: one bad row must not undo the others.
			sp, err := tx.Begin(ctx)
			if err != nil {
				return err
			}
			plainClaim(&r.Claim) // before its job number is looked up
			before, err := scanClaim(sp.QueryRow(ctx, `SELECT `+claimColumns+` FROM claims WHERE job_number = $1 AND office_id = $2`,
				r.JobNumber, cmp.Or(r.OfficeID, DefaultOfficeID)))
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			saved, isNew, err := SaveClaim(ctx, sp, r.Claim)
			if errors.Is(err, ErrConflict) {
				errs = append(errs, &RowError{Line: r.Line, Field: "claim_number", Msg: r.ClaimNumber + " already belongs to another job"})
				if err := sp.Rollback(ctx); err != nil {
					return err
				}
				continue
			}
			if err != nil {
				return err
			}
			// What a file changes on a claim is in its history like any
			// other change; a claim it makes starts there.
			if isNew {
				err = recordOpened(ctx, sp, saved.ID, OpenedByImport, "csv import", 0)
			} else {
				err = recordDiff(ctx, sp, before, saved, "csv import", 0)
			}
			if err != nil {
				return err
			}
			if len(r.Participants) > 0 {
				if err := mergeParticipants(ctx, sp, saved.ID, r.Participants, "csv import"); err != nil {
					return err
				}
			}
			if err := sp.Commit(ctx); err != nil {
				return err
			}
			if isNew || saved.ClaimNumber != before.ClaimNumber || saved.PolicyNumber != before.PolicyNumber ||
				saved.AdjusterFileNumber != before.AdjusterFileNumber {
				claims = append(claims, saved)
			}
			if isNew {
				created++
			} else {
				updated++
			}
		}
		if then == nil || len(claims) == 0 {
			return nil
		}
		return then(ctx, tx, claims)
	})
	if err != nil {
		return 0, 0, append(errs, fmt.Errorf("import claims: %w", err))
	}
	return created, updated, errs
}

// mergeParticipants replaces the participants of claim id in the roles ps
// names with ps, keeping those of other roles.
func mergeParticipants(ctx context.Context, tx pgx.Tx, id int64, ps []ClaimParticipant, actor string) error {
	old, err := participantsTx(ctx, tx, id)
	if err != nil {
		return err
	}
	merged := slices.Clone(ps)
	for _, p := range old {
		if !slices.ContainsFunc(ps, func(n ClaimParticipant) bool { return n.Role == p.Role }) {
			merged = append(merged, p)
		}
	}
	return replaceParticipants(ctx, tx, id, merged, actor)
}
