package storage

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
)

// Claim is an insurance claim the office works on.
type Claim struct {
	ID            int64
	JobNumber     string
	ClaimNumber   string
	Carrier       string
	PolicyNumber  string
	InsuredName   string
	LossAddress   string
	LossType      string
	AdjusterName  string
	AdjusterEmail string
	DateOfLoss    time.Time // zero when unknown
	Status        string    // open or closed
	Source        string    // csv, assignment or manual
	CreatedAt     time.Time
	UpdatedAt     time.Time

	InsuredPhone    string
	InsuredEmail    string
	LossDescription string
	Cause           string
	Cat             int // water category 1-3; 0 when unknown
	Class           int // water class 1-4; 0 when unknown
	AdjusterPhone   string
	Company         string // the customer's company on a commercial loss
	JobName         string // what the office calls the job
	ClosedAt        *time.Time
	CloseNote       string
	// OfficeID is the office whose claim it is; saving a claim without
	// one puts it in the default office.
	OfficeID int64
	// AdjusterFileNumber is the independent adjuster's or TPA's own file
	// number for the claim; empty when none is known.
	AdjusterFileNumber string
}

// OwesUpdates reports whether the claim has an adjuster to send daily
// updates to: until the carrier names one (the homeowner has not called
// the insurer yet), no daily update is owed. hasAdjusterSQL is the same
// rule in SQL.
func (c Claim) OwesUpdates() bool { return c.AdjusterName != "" || c.AdjusterEmail != "" }

// hasAdjusterSQL is Claim.OwesUpdates of the claims row named alias.
func hasAdjusterSQL(alias string) string {
	return `(` + alias + `.adjuster_name <> '' OR ` + alias + `.adjuster_email <> '')`
}

// lacksAdjusterSQL is NOT hasAdjusterSQL, as claims_open_no_adjuster_idx
// spells it.
func lacksAdjusterSQL(alias string) string {
	return `(` + alias + `.adjuster_name = '' AND ` + alias + `.adjuster_email = '')`
}

// Claim sources.
const (
	SourceCSV        = "csv"
	SourceAssignment = "assignment"
	SourceManual     = "manual"
)

const claimColumns = `id, job_number, claim_number, carrier, policy_number, insured_name, loss_address, loss_type,
	adjuster_name, adjuster_email, coalesce(date_of_loss, '0001-01-01'::date), status, source, created_at, updated_at,
	insured_phone, insured_email, loss_description, cause, coalesce(cat, 0), coalesce(class, 0), adjuster_phone,
	company, job_name, closed_at, close_note, office_id, coalesce(adjuster_file_number, '')`

// claimDest is where a row of claimColumns scans into, then extra.
func claimDest(c *Claim, extra ...any) []any {
	return append([]any{&c.ID, &c.JobNumber, &c.ClaimNumber, &c.Carrier, &c.PolicyNumber, &c.InsuredName, &c.LossAddress,
		&c.LossType, &c.AdjusterName, &c.AdjusterEmail, &c.DateOfLoss, &c.Status, &c.Source, &c.CreatedAt, &c.UpdatedAt,
		&c.InsuredPhone, &c.InsuredEmail, &c.LossDescription, &c.Cause, &c.Cat, &c.Class, &c.AdjusterPhone,
		&c.Company, &c.JobName, &c.ClosedAt, &c.CloseNote, &c.OfficeID, &c.AdjusterFileNumber}, extra...)
}

func scanClaim(row pgx.Row) (Claim, error) {
	var c Claim
	err := row.Scan(claimDest(&c)...)
	if c.DateOfLoss.Year() == 1 {
		c.DateOfLoss = time.Time{}
	}
	return c, err
}

func collectClaims(rows pgx.Rows, err error) ([]Claim, error) {
	if err != nil {
		return nil, fmt.Errorf("query claims: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Claim, error) { return scanClaim(r) })
}

// GetClaim returns claim id; ErrNotFound when there is none.
func (db *DB) GetClaim(ctx context.Context, id int64) (Claim, error) {
	c, err := scanClaim(db.pool.QueryRow(ctx, `SELECT `+claimColumns+` FROM claims WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return c, fmt.Errorf("claim %d: %w", id, ErrNotFound)
	}
	return c, err
}

// ClaimsTx returns the claims ids, within tx, in the order of their ids.
func ClaimsTx(ctx context.Context, tx pgx.Tx, ids []int64) ([]Claim, error) {
	return collectClaims(tx.Query(ctx, `SELECT `+claimColumns+` FROM claims WHERE id = ANY($1) ORDER BY id`, ids))
}

// ClaimsByClaimNumber returns the claims whose normalized carrier claim
// number is norm.
func (db *DB) ClaimsByClaimNumber(ctx context.Context, norm string) ([]Claim, error) {
	return collectClaims(db.pool.Query(ctx, `SELECT `+claimColumns+` FROM claims WHERE claim_number_norm = $1`, norm))
}

// ClaimsByThread returns the claims of office that hold filed messages
// (either direction) whose Message-ID is one of ids: a thread never leads
// into another office's claim.
func (db *DB) ClaimsByThread(ctx context.Context, office int64, ids []string) ([]Claim, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return collectClaims(db.pool.Query(ctx, `SELECT `+claimColumns+` FROM claims
		WHERE office_id = $2
		  AND id IN (SELECT claim_id FROM messages WHERE message_id = ANY($1) AND claim_id IS NOT NULL)`, ids, office))
}

// OpenClaims returns the open claims of office.
func (db *DB) OpenClaims(ctx context.Context, office int64) ([]Claim, error) {
	return collectClaims(db.pool.Query(ctx, `SELECT `+claimColumns+` FROM claims
		WHERE status = 'open' AND office_id = $1 ORDER BY id`, office))
}

// SaveClaim inserts c or, when a claim with its job number exists, updates
// it; it returns the stored claim and whether it was created. A carrier
// claim number that belongs to another job is ErrConflict.
func SaveClaim(ctx context.Context, tx pgx.Tx, c Claim) (Claim, bool, error) {
	plainClaim(&c)
	if err := checkClaimFields(c); err != nil {
		return Claim{}, false, err
	}
	c.Source = cmp.Or(c.Source, SourceManual)
	var created bool
	row := tx.QueryRow(ctx, `
		INSERT INTO claims (job_number, job_number_norm, claim_number, claim_number_norm, carrier, policy_number,
		                    policy_number_norm, insured_name, loss_address, loss_type, adjuster_name, adjuster_email,
		                    date_of_loss, status, source, insured_phone, insured_email, loss_description, cause,
		                    cat, class, adjuster_phone, company, job_name, closed_at, office_id,
		                    adjuster_file_number, adjuster_file_number_norm)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, coalesce(nullif($14::text, ''), 'open'), $15, $16, $17, $18, $19, $20, $21, $22,
		        $23, $24, CASE WHEN $14 = 'closed' THEN coalesce($25::timestamptz, now()) END, $26, nullif($27, ''), $28)
		ON CONFLICT (office_id, job_number) DO UPDATE SET
			claim_number = EXCLUDED.claim_number, claim_number_norm = EXCLUDED.claim_number_norm,
			carrier = EXCLUDED.carrier, policy_number = EXCLUDED.policy_number,
			policy_number_norm = EXCLUDED.policy_number_norm, insured_name = EXCLUDED.insured_name,
			loss_address = EXCLUDED.loss_address, loss_type = EXCLUDED.loss_type,
			adjuster_name = EXCLUDED.adjuster_name, adjuster_email = EXCLUDED.adjuster_email,
			date_of_loss = coalesce(EXCLUDED.date_of_loss, claims.date_of_loss),
			-- a file without a status leaves it as it is
			status = coalesce(nullif($14, ''), claims.status),
			closed_at = CASE WHEN coalesce(nullif($14, ''), claims.status) = 'closed'
			                 THEN coalesce($25, claims.closed_at, now()) END,
			-- the later fields are optional in a file: one it leaves empty
			-- keeps what the claim has
			insured_phone = coalesce(nullif(EXCLUDED.insured_phone, ''), claims.insured_phone),
			insured_email = coalesce(nullif(EXCLUDED.insured_email, ''), claims.insured_email),
			loss_description = coalesce(nullif(EXCLUDED.loss_description, ''), claims.loss_description),
			cause = coalesce(nullif(EXCLUDED.cause, ''), claims.cause),
			cat = coalesce(EXCLUDED.cat, claims.cat), class = coalesce(EXCLUDED.class, claims.class),
			adjuster_phone = coalesce(nullif(EXCLUDED.adjuster_phone, ''), claims.adjuster_phone),
			company = coalesce(nullif(EXCLUDED.company, ''), claims.company),
			job_name = coalesce(nullif(EXCLUDED.job_name, ''), claims.job_name),
			adjuster_file_number = coalesce(EXCLUDED.adjuster_file_number, claims.adjuster_file_number),
			adjuster_file_number_norm = CASE WHEN EXCLUDED.adjuster_file_number IS NULL
			                                 THEN claims.adjuster_file_number_norm
			                                 ELSE EXCLUDED.adjuster_file_number_norm END,
			updated_at = now()
		RETURNING `+claimColumns+`, (xmax = 0)`,
		c.JobNumber, classify.Normalize(c.JobNumber), c.ClaimNumber, classify.Normalize(c.ClaimNumber), c.Carrier,
		c.PolicyNumber, classify.Normalize(c.PolicyNumber), c.InsuredName, c.LossAddress, c.LossType, c.AdjusterName,
		strings.ToLower(c.AdjusterEmail), nullDate(c.DateOfLoss), c.Status, c.Source, c.InsuredPhone,
		strings.ToLower(c.InsuredEmail), c.LossDescription, c.Cause, nullInt(c.Cat), nullInt(c.Class), c.AdjusterPhone,
		c.Company, c.JobName, c.ClosedAt, cmp.Or(c.OfficeID, DefaultOfficeID),
		c.AdjusterFileNumber, classify.Normalize(c.AdjusterFileNumber))
	var out Claim
	err := row.Scan(claimDest(&out, &created)...)
	if isUniqueViolation(err) {
		return Claim{}, false, fmt.Errorf("claim number %s already belongs to another job: %w", c.ClaimNumber, ErrConflict)
	}
	if err != nil {
		return Claim{}, false, fmt.Errorf("save claim %s: %w", c.JobNumber, err)
	}
	if out.DateOfLoss.Year() == 1 {
		out.DateOfLoss = time.Time{}
	}
	return out, created, nil
}

// ClaimFromAssignment creates the claim an assignment describes in its
// office (a.OfficeID), with the office's next job number (pattern when the
// office has none of its own), or, when its claim number is known in that
// office already, fills in what the assignment adds to it (a repeated
// assignment updates, never duplicates). Another office's claim of the same
// number is never touched. created reports which happened.
func ClaimFromAssignment(ctx context.Context, tx pgx.Tx, a Claim, pattern string, at time.Time, messageID int64) (Claim, bool, error) {
	plainClaim(&a) // what fills in an existing claim too
	norm := classify.Normalize(a.ClaimNumber)
	if norm == "" {
		return Claim{}, false, errors.New("assignment without a claim number")
	}
	a.OfficeID = cmp.Or(a.OfficeID, DefaultOfficeID)
	existing, found, err := assignedClaim(ctx, tx, a, norm)
	if err != nil {
		return Claim{}, false, err
	}
	if found {
		c, err := fillClaimFromAssignment(ctx, tx, existing, a, messageID)
		return c, false, err
	}
	c, err := newClaimFromAssignment(ctx, tx, a, pattern, at, messageID)
	if err != nil {
		return Claim{}, false, err
	}
	return c, true, nil
}

// assignedClaim returns the claim of a's normalized claim number norm in
// a's office; found is false when the office has none yet, with the lock
// on job numbers then held for the new claim's.
func assignedClaim(ctx context.Context, tx pgx.Tx, a Claim, norm string) (c Claim, found bool, err error) {
	const byNumber = `SELECT ` + claimColumns + ` FROM claims WHERE claim_number_norm = $1 AND office_id = $2`
	c, err = scanClaim(tx.QueryRow(ctx, byNumber, norm, a.OfficeID))
	if errors.Is(err, pgx.ErrNoRows) {
		// One allocation at a time: job numbers come from a sequence we
		// read and advance. A repeated assignment allocates none, and does
		// not hold up the others until it commits.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockID("job-numbers")); err != nil {
			return Claim{}, false, err
		}
		c, err = scanClaim(tx.QueryRow(ctx, byNumber, norm, a.OfficeID))
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Claim{}, false, nil
	case err != nil:
		return Claim{}, false, fmt.Errorf("look up claim %s: %w", a.ClaimNumber, err)
	}
	return c, true, nil
}

// fillFromAssignmentSQL fills in claim $1's fields that the earlier source
// left empty from an assignment's ($2 to $18, in
// fillClaimFromAssignment's order, then the file number and its normalized
// form); it never overwrites.
const fillFromAssignmentSQL = `
			UPDATE claims SET
				carrier = CASE WHEN carrier = '' THEN $2 ELSE carrier END,
				policy_number = CASE WHEN policy_number = '' THEN $3 ELSE policy_number END,
				policy_number_norm = CASE WHEN policy_number = '' THEN $4 ELSE policy_number_norm END,
				insured_name = CASE WHEN insured_name = '' THEN $5 ELSE insured_name END,
				loss_address = CASE WHEN loss_address = '' THEN $6 ELSE loss_address END,
				loss_type = CASE WHEN loss_type = '' THEN $7 ELSE loss_type END,
				adjuster_name = CASE WHEN adjuster_name = '' THEN $8 ELSE adjuster_name END,
				adjuster_email = CASE WHEN adjuster_email = '' THEN $9 ELSE adjuster_email END,
				date_of_loss = coalesce(date_of_loss, $10),
				insured_phone = CASE WHEN insured_phone = '' THEN $11 ELSE insured_phone END,
				insured_email = CASE WHEN insured_email = '' THEN $12 ELSE insured_email END,
				loss_description = CASE WHEN loss_description = '' THEN $13 ELSE loss_description END,
				cause = CASE WHEN cause = '' THEN $14 ELSE cause END,
				adjuster_phone = CASE WHEN adjuster_phone = '' THEN $15 ELSE adjuster_phone END,
				company = CASE WHEN company = '' THEN $16 ELSE company END,
				cat = coalesce(cat, $17), class = coalesce(class, $18),
				adjuster_file_number_norm = CASE WHEN adjuster_file_number IS NULL AND $19 <> '' THEN $20
				                                 ELSE adjuster_file_number_norm END,
				adjuster_file_number = coalesce(adjuster_file_number, nullif($19, '')),
				updated_at = now()
			WHERE id = $1`

// fillClaimFromAssignment fills in what assignment a, in message
// messageID, adds to the existing claim, and returns the claim as it is
// then.
func fillClaimFromAssignment(ctx context.Context, tx pgx.Tx, existing, a Claim, messageID int64) (Claim, error) {
	_, err := tx.Exec(ctx, fillFromAssignmentSQL,
		existing.ID, a.Carrier, a.PolicyNumber, classify.Normalize(a.PolicyNumber), a.InsuredName,
		a.LossAddress, a.LossType, a.AdjusterName, strings.ToLower(a.AdjusterEmail), nullDate(a.DateOfLoss),
		a.InsuredPhone, strings.ToLower(a.InsuredEmail), a.LossDescription, a.Cause, a.AdjusterPhone, a.Company,
		nullInt(a.Cat), nullInt(a.Class), a.AdjusterFileNumber, classify.Normalize(a.AdjusterFileNumber))
	if err != nil {
		return Claim{}, fmt.Errorf("update claim %s from assignment: %w", existing.JobNumber, err)
	}
	c, err := scanClaim(tx.QueryRow(ctx, `SELECT `+claimColumns+` FROM claims WHERE id = $1`, existing.ID))
	if err != nil {
		return Claim{}, err
	}
	// What the assignment filled in is in the claim's history.
	return c, recordDiff(ctx, tx, existing, c, "assignment", messageID)
}

// newClaimFromAssignment creates the claim of assignment a with office's
// next job number, noting messageID (when not 0) as the message it came
// from.
func newClaimFromAssignment(ctx context.Context, tx pgx.Tx, a Claim, pattern string, at time.Time, messageID int64) (Claim, error) {
	var err error
	a.JobNumber, err = nextJobNumber(ctx, tx, a.OfficeID, pattern, at, a.LossType)
	if err != nil {
		return Claim{}, err
	}
	a.Source = SourceAssignment
	c, _, err := SaveClaim(ctx, tx, a)
	if err != nil {
		return Claim{}, err
	}
	if messageID != 0 {
		if _, err := tx.Exec(ctx, `UPDATE claims SET source_message_id = $2 WHERE id = $1`, c.ID, messageID); err != nil {
			return Claim{}, err
		}
	}
	return c, recordOpened(ctx, tx, c.ID, OpenedFromAssignment, "assignment", messageID)
}

// ClaimConflictError reports that a new claim's job or claim number is
// taken. It is an ErrConflict.
type ClaimConflictError struct {
	// Field is job_number or claim_number.
	Field string
	Value string
	// JobNumber is the job of the claim that has it.
	JobNumber string
}

// Error names the number and, for a claim number, the job that has it.
func (e *ClaimConflictError) Error() string {
	if e.Field == "job_number" {
		return fmt.Sprintf("job number %s exists already", e.Value)
	}
	return fmt.Sprintf("claim number %s already belongs to job %s", e.Value, e.JobNumber)
}

// Is makes a ClaimConflictError match ErrConflict.
func (e *ClaimConflictError) Is(target error) bool { return target == ErrConflict }

// CreateClaim creates claim c in its office (c.OfficeID), never updating
// one: a job or claim number the office has already is a
// *ClaimConflictError. A claim without a job number gets the office's next
// one (of pattern when the office has none of its own) for the date of at
// (in at's location), as claims from assignments do. A loss type the office wrote its own way is kept
// unless it names a known one ("supply line leak" is Water). A messageID
// other than 0 records the message that asked for the claim. Claims made
// this way are the office's own (SourceManual), whoever asks: the API, or a
// coordinator on a message.
func (db *DB) CreateClaim(ctx context.Context, c Claim, pattern string, at time.Time, messageID int64) (Claim, error) {
	var out Claim
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = CreateClaimTx(ctx, tx, c, pattern, at, messageID)
		return err
	})
	if err != nil {
		return Claim{}, err
	}
	return out, nil
}

// CreateClaimTx is CreateClaim within the caller's transaction: a claim
// made from a message commits with the message's filing into it.
func CreateClaimTx(ctx context.Context, tx pgx.Tx, c Claim, pattern string, at time.Time, messageID int64) (Claim, error) {
	plainClaim(&c) // before its numbers are looked up
	c.LossType = cmpLossType(c.LossType)
	// The lock that assignments take: both allocate job numbers, and a
	// check-then-insert must not race another creation.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockID("job-numbers")); err != nil {
		return Claim{}, err
	}
	c.OfficeID = cmp.Or(c.OfficeID, DefaultOfficeID)
	c.JobNumber = strings.TrimSpace(c.JobNumber)
	if c.JobNumber == "" {
		job, err := nextJobNumber(ctx, tx, c.OfficeID, pattern, at, c.LossType)
		if err != nil {
			return Claim{}, fmt.Errorf("allocate job number: %w", err)
		}
		c.JobNumber = job
	}
	// Numbers are an office's own: another office's claim of the same
	// number is no conflict, and is not named.
	var taken string
	err := tx.QueryRow(ctx, `SELECT job_number FROM claims WHERE (job_number = $1 OR job_number_norm = $2) AND office_id = $3 LIMIT 1`,
		c.JobNumber, classify.Normalize(c.JobNumber), c.OfficeID).Scan(&taken)
	if err == nil {
		return Claim{}, &ClaimConflictError{Field: "job_number", Value: c.JobNumber, JobNumber: taken}
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return Claim{}, fmt.Errorf("look up job number %s: %w", c.JobNumber, err)
	}
	if norm := classify.Normalize(c.ClaimNumber); norm != "" {
		err := tx.QueryRow(ctx, `SELECT job_number FROM claims WHERE claim_number_norm = $1 AND office_id = $2`, norm, c.OfficeID).Scan(&taken)
		if err == nil {
			return Claim{}, &ClaimConflictError{Field: "claim_number", Value: c.ClaimNumber, JobNumber: taken}
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return Claim{}, fmt.Errorf("look up claim number %s: %w", c.ClaimNumber, err)
		}
	}
	c.Source = SourceManual
	created, _, err := SaveClaim(ctx, tx, c)
	if err != nil {
		return Claim{}, err
	}
	if messageID == 0 {
		return created, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE claims SET source_message_id = $2 WHERE id = $1`, created.ID, messageID); err != nil {
		return Claim{}, fmt.Errorf("link claim %s to message %d: %w", created.JobNumber, messageID, err)
	}
	return created, nil
}

// nextJobNumber allocates office's next job number for the year of at on
// the office's clock (at's own zone for an office without one): one above
// the highest sequence number a claim of the office has that year, and at
// least the office's sequence start. The office's own job pattern is used,
// else pattern (the configured one).
func nextJobNumber(ctx context.Context, tx pgx.Tx, office int64, pattern string, at time.Time, lossType string) (string, error) {
	var own, zone string
	var first int
	err := tx.QueryRow(ctx, `SELECT job_pattern, job_sequence_start, timezone FROM offices WHERE id = $1`, office).
		Scan(&own, &first, &zone)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("office %d: %w", office, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("read office %d's job numbering: %w", office, err)
	}
	// A zone the office's settings check let by loads; one that no longer
	// does (a removed zone) leaves at as it is rather than refuse a claim.
	if loc, err := time.LoadLocation(zone); zone != "" && err == nil {
		at = at.In(loc)
	}
	rows, err := tx.Query(ctx, `SELECT job_number FROM claims WHERE office_id = $1`, office)
	if err != nil {
		return "", fmt.Errorf("read job numbers: %w", err)
	}
	numbers, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	return classify.NextJobNumberFrom(cmp.Or(own, pattern), at, lossType, numbers, first)
}

func lockID(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("claimdesk\x00" + name))
	return int64(h.Sum64())
}

// nullInt is n, or NULL for 0 (unknown).
func nullInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func nullDate(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// MaxClaimField is the longest a claim's field may be, in bytes: far above
// any real number, name or address, and well under what an index entry
// holds, so text pulled from hostile mail cannot make the insert fail.
const MaxClaimField = 500

// MaxClaimDescription is the longest a loss description may be, in bytes:
// a few paragraphs of an assignment's narrative.
const MaxClaimDescription = 8000

// checkClaimFields refuses a claim with a field longer than MaxClaimField.
func checkClaimFields(c Claim) error {
	for _, f := range []struct{ name, value string }{
		{"job_number", c.JobNumber}, {"claim_number", c.ClaimNumber}, {"carrier", c.Carrier},
		{"policy_number", c.PolicyNumber}, {"insured_name", c.InsuredName}, {"loss_address", c.LossAddress},
		{"loss_type", c.LossType}, {"adjuster_name", c.AdjusterName}, {"adjuster_email", c.AdjusterEmail},
		{"insured_phone", c.InsuredPhone}, {"insured_email", c.InsuredEmail}, {"cause", c.Cause},
		{"adjuster_phone", c.AdjusterPhone}, {"company", c.Company}, {"job_name", c.JobName},
	} {
		if len(f.value) > MaxClaimField {
			return fmt.Errorf("%s: %d bytes, longer than the %d a claim's field may have: %w", f.name, len(f.value), MaxClaimField, ErrInvalid)
		}
	}
	if len(c.LossDescription) > MaxClaimDescription {
		return fmt.Errorf("loss_description: %d bytes, longer than %d: %w", len(c.LossDescription), MaxClaimDescription, ErrInvalid)
	}
	if c.Cat < 0 || c.Cat > 3 || c.Class < 0 || c.Class > 4 {
		return fmt.Errorf("cat %d or class %d out of range (1-3, 1-4): %w", c.Cat, c.Class, ErrInvalid)
	}
	return nil
}

// OpenedFromMail returns the message a person opened claim id from (its
// id and subject); ok is false for a claim opened otherwise: by hand, from
// an assignment, imported.
func (db *DB) OpenedFromMail(ctx context.Context, id int64) (messageID int64, subject string, ok bool, err error) {
	err = db.pool.QueryRow(ctx, `SELECT m.id, m.subject FROM claims c JOIN messages m ON m.id = c.source_message_id
		WHERE c.id = $1 AND c.source = $2`, id, SourceManual).Scan(&messageID, &subject)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, "", false, nil
	}
	if err != nil {
		return 0, "", false, fmt.Errorf("mail claim %d was opened from: %w", id, err)
	}
	return messageID, subject, true, nil
}
