package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
)

// ClaimPatch is a change to some of a claim's fields.
type ClaimPatch struct {
	// Fields are new values by API name (claim_number, insured_phone,
	// cat, date_of_loss as YYYY-MM-DD...); an empty value clears the field.
	Fields map[string]string
	// Participants, when not nil, replace the claim's participants.
	Participants *[]ClaimParticipant
}

// claimFieldColumns are the fields a ClaimPatch may set, and the normalized
// column each number keeps beside it. Status is not among them: a claim is
// closed and reopened by CloseClaim and ReopenClaim.
var claimFieldColumns = map[string]string{
	"job_number": "job_number_norm", "claim_number": "claim_number_norm", "carrier": "",
	"policy_number": "policy_number_norm", "insured_name": "", "insured_phone": "", "insured_email": "",
	"loss_address": "", "loss_type": "", "loss_description": "", "cause": "", "date_of_loss": "", "cat": "",
	"class": "", "adjuster_name": "", "adjuster_email": "", "adjuster_phone": "", "company": "", "job_name": "",
	"adjuster_file_number": "adjuster_file_number_norm",
}

// IsClaimField reports whether name is a field a ClaimPatch may set.
func IsClaimField(name string) bool {
	_, ok := claimFieldColumns[name]
	return ok
}

// claimText are the claim's fields held as plain text, by API name: one
// list that ClaimField reads and SetClaimField writes.
var claimText = map[string]func(*Claim) *string{
	"job_number":           func(c *Claim) *string { return &c.JobNumber },
	"claim_number":         func(c *Claim) *string { return &c.ClaimNumber },
	"carrier":              func(c *Claim) *string { return &c.Carrier },
	"policy_number":        func(c *Claim) *string { return &c.PolicyNumber },
	"insured_name":         func(c *Claim) *string { return &c.InsuredName },
	"insured_phone":        func(c *Claim) *string { return &c.InsuredPhone },
	"insured_email":        func(c *Claim) *string { return &c.InsuredEmail },
	"loss_address":         func(c *Claim) *string { return &c.LossAddress },
	"loss_type":            func(c *Claim) *string { return &c.LossType },
	"loss_description":     func(c *Claim) *string { return &c.LossDescription },
	"cause":                func(c *Claim) *string { return &c.Cause },
	"adjuster_name":        func(c *Claim) *string { return &c.AdjusterName },
	"adjuster_email":       func(c *Claim) *string { return &c.AdjusterEmail },
	"adjuster_phone":       func(c *Claim) *string { return &c.AdjusterPhone },
	"company":              func(c *Claim) *string { return &c.Company },
	"job_name":             func(c *Claim) *string { return &c.JobName },
	"adjuster_file_number": func(c *Claim) *string { return &c.AdjusterFileNumber },
}

// ClaimField returns field name of c as text: what history records, forms
// show and required fields check. Unknown names are empty.
func ClaimField(c Claim, name string) string {
	if f, ok := claimText[name]; ok {
		return *f(&c)
	}
	switch name {
	case "date_of_loss":
		if c.DateOfLoss.IsZero() {
			return ""
		}
		return c.DateOfLoss.Format(time.DateOnly)
	case "cat":
		return optionalInt(c.Cat)
	case "class":
		return optionalInt(c.Class)
	}
	return ""
}

func optionalInt(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// SetClaimField sets field name of c from its text; a value the field
// cannot hold (a date that is not YYYY-MM-DD, a category out of 1-3) is
// ErrInvalid.
func SetClaimField(c *Claim, name, v string) error {
	v = strings.TrimSpace(plainField(v))
	if f, ok := claimText[name]; ok {
		if name == "insured_email" || name == "adjuster_email" {
			v = strings.ToLower(v)
		}
		*f(c) = v
		return nil
	}
	switch name {
	case "date_of_loss":
		c.DateOfLoss = time.Time{}
		if v != "" {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return fmt.Errorf("date_of_loss: want YYYY-MM-DD, got %q: %w", v, ErrInvalid)
			}
			c.DateOfLoss = d
		}
	case "cat", "class":
		n, top := 0, 3
		if name == "class" {
			top = 4
		}
		if v != "" {
			var err error
			if n, err = strconv.Atoi(v); err != nil || n < 1 || n > top {
				return fmt.Errorf("%s: want 1 to %d, got %q: %w", name, top, v, ErrInvalid)
			}
		}
		if name == "cat" {
			c.Cat = n
		} else {
			c.Class = n
		}
	default:
		return fmt.Errorf("%s: not a claim field: %w", name, ErrInvalid)
	}
	return nil
}

// claimFieldArg is the value field name of c is stored as.
func claimFieldArg(c Claim, name string) any {
	switch name {
	case "date_of_loss":
		return nullDate(c.DateOfLoss)
	case "cat":
		return nullInt(c.Cat)
	case "class":
		return nullInt(c.Class)
	case "adjuster_file_number":
		if c.AdjusterFileNumber == "" {
			return nil // unknown, not an empty file number
		}
	}
	return ClaimField(c, name)
}

// CreateClaimRecord is CreateClaim with the claim's participants, made in
// one transaction, opened as o says.
func (db *DB) CreateClaimRecord(ctx context.Context, c Claim, ps []ClaimParticipant, pattern string, at time.Time, o Opening) (Claim, error) {
	var out Claim
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = CreateClaimRecordTx(ctx, tx, c, ps, pattern, at, o)
		return err
	})
	return out, err
}

// CreateClaimRecordTx is CreateClaimRecord within the caller's
// transaction. A claim opened from mail (o.MessageID) records the message.
func CreateClaimRecordTx(ctx context.Context, tx pgx.Tx, c Claim, ps []ClaimParticipant, pattern string, at time.Time, o Opening) (Claim, error) {
	out, err := CreateClaimTx(ctx, tx, c, pattern, at, o.MessageID)
	if err != nil {
		return out, err
	}
	if err := recordOpened(ctx, tx, out.ID, o.How, o.Actor, 0); err != nil {
		return out, err
	}
	if len(ps) == 0 {
		return out, nil
	}
	return out, replaceParticipants(ctx, tx, out.ID, ps, o.Actor)
}

// ClaimChange is one recorded change of a claim's field, of one of its
// documents' types (Field FieldDocType) or signature checks
// (FieldSignature), of what mail proposed for its equipment log
// (FieldEquipmentProposal), or of its daily-update notes (FieldUpdateNote).
type ClaimChange struct {
	At    time.Time
	Actor string
	Field string
	Old   string
	New   string
	// DocumentID is the document whose type or check changed; 0 for a
	// field of the claim, and once the document is gone. Document is its
	// name.
	DocumentID int64
	Document   string
	// Proposal is the equipment proposal a person dismissed or restored;
	// zero for other changes, and once reading its message again replaced
	// it.
	Proposal EquipmentProposal
	// Message is the mail the claim was opened from, on its FieldOpened
	// row; zero otherwise.
	Message ChangeMessage
}

// UpdateClaim applies p to claim id on behalf of actor and records every
// field it changes. A job or claim number another claim has is
// ErrConflict; a value a field cannot hold is ErrInvalid.
func (db *DB) UpdateClaim(ctx context.Context, id int64, p ClaimPatch, actor string) (Claim, error) {
	var out Claim
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = UpdateClaimTx(ctx, tx, id, p, actor)
		return err
	})
	return out, err
}

// UpdateClaimTx is UpdateClaim within the caller's transaction.
func UpdateClaimTx(ctx context.Context, tx pgx.Tx, id int64, p ClaimPatch, actor string) (Claim, error) {
	old, err := scanClaim(tx.QueryRow(ctx, `SELECT `+claimColumns+` FROM claims WHERE id = $1 FOR UPDATE`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Claim{}, fmt.Errorf("claim %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Claim{}, fmt.Errorf("read claim %d: %w", id, err)
	}
	next, names, err := patchedClaim(old, p)
	if err != nil {
		return Claim{}, err
	}
	for _, name := range names {
		if err := updateClaimField(ctx, tx, old, next, name, actor); err != nil {
			return Claim{}, err
		}
	}
	if next.JobNumber != old.JobNumber {
		if err := checkJobNumberFree(ctx, tx, next); err != nil {
			return Claim{}, err
		}
	}
	if p.Participants != nil {
		if err := replaceParticipants(ctx, tx, id, *p.Participants, actor); err != nil {
			return Claim{}, err
		}
	}
	return scanClaim(tx.QueryRow(ctx, `SELECT `+claimColumns+` FROM claims WHERE id = $1`, id))
}

// patchedClaim is old with p's fields set, and the names of those fields
// in order: sorted, so that the history and the first error do not
// depend on a map's order. A value a field cannot hold is ErrInvalid.
func patchedClaim(old Claim, p ClaimPatch) (Claim, []string, error) {
	next := old
	names := make([]string, 0, len(p.Fields))
	for name := range p.Fields {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := SetClaimField(&next, name, p.Fields[name]); err != nil {
			return Claim{}, nil, err
		}
	}
	if err := checkClaimFields(next); err != nil {
		return Claim{}, nil, err
	}
	if next.JobNumber == "" || classify.Normalize(next.ClaimNumber) == "" && old.ClaimNumber != "" {
		return Claim{}, nil, fmt.Errorf("job and claim numbers cannot be emptied: %w", ErrInvalid)
	}
	return next, names, nil
}

// updateClaimField writes field name of the claim as next has it, with
// its normalized column, and records the change; nothing when old has
// the same.
func updateClaimField(ctx context.Context, tx pgx.Tx, old, next Claim, name, actor string) error {
	before, after := ClaimField(old, name), ClaimField(next, name)
	if before == after {
		return nil
	}
	set := name + " = $2"
	args := []any{old.ID, claimFieldArg(next, name)}
	if norm := claimFieldColumns[name]; norm != "" {
		set += ", " + norm + " = $3"
		args = append(args, classify.Normalize(after))
	}
	_, err := tx.Exec(ctx, `UPDATE claims SET `+set+`, updated_at = now() WHERE id = $1`, args...)
	if isUniqueViolation(err) {
		return fmt.Errorf("%s %s belongs to another claim: %w", name, after, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("update claim %d %s: %w", old.ID, name, err)
	}
	return recordChange(ctx, tx, old.ID, actor, name, before, after)
}

// checkJobNumberFree is ErrConflict when another claim of c's office has
// c's job number. Job numbers are unique without their punctuation too,
// within the office: another office's job of that number is no conflict.
func checkJobNumberFree(ctx context.Context, tx pgx.Tx, c Claim) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM claims WHERE job_number_norm = $1 AND office_id = $2`,
		classify.Normalize(c.JobNumber), c.OfficeID).Scan(&n); err != nil {
		return err
	}
	if n > 1 {
		return fmt.Errorf("job number %s belongs to another claim: %w", c.JobNumber, ErrConflict)
	}
	return nil
}

// recordDiff records every field in which after differs from before, the
// same claim as another source (a file, an assignment in message
// messageID: 0 for none) left it.
func recordDiff(ctx context.Context, tx pgx.Tx, before, after Claim, actor string, messageID int64) error {
	for _, f := range append(slices.Clone(sla.RecordFields), "status") {
		old, now := ClaimField(before, f), ClaimField(after, f)
		if f == "status" {
			old, now = before.Status, after.Status
		}
		if old == now {
			continue
		}
		if err := recordMailChange(ctx, tx, after.ID, messageID, actor, f, old, now); err != nil {
			return err
		}
	}
	return nil
}

func recordChange(ctx context.Context, tx pgx.Tx, id int64, actor, field, before, after string) error {
	return recordMailChange(ctx, tx, id, 0, actor, field, before, after)
}

// recordMailChange is recordChange for a change message messageID made
// (0: none, now): timed when the message arrived, the time its SLA clock
// counts from, so that mail processed late (a backfill, a retry) takes its
// place in the history by arrival, not by when it was read.
func recordMailChange(ctx context.Context, tx pgx.Tx, id, messageID int64, actor, field, before, after string) error {
	_, err := tx.Exec(ctx, `INSERT INTO claim_changes (claim_id, actor, field, old_value, new_value, at)
		VALUES ($1, $2, $3, $4, $5, coalesce((SELECT `+arrivedAt+` FROM messages WHERE id = $6), now()))`,
		id, actor, field, before, after, messageID)
	if err != nil {
		return fmt.Errorf("record change of claim %d: %w", id, err)
	}
	return nil
}

// participantsText is a participant list as history shows it, one
// "role: name <email> phone" per line, in role order.
func participantsText(ps []ClaimParticipant) string {
	lines := make([]string, 0, len(ps))
	for _, p := range ps {
		l := p.Role + ": " + p.Name
		if p.Email != "" {
			l += " <" + p.Email + ">"
		}
		if p.Phone != "" {
			l += " " + p.Phone
		}
		lines = append(lines, l)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// replaceParticipants makes ps the participants of claim id, recording the
// change when there is one, and ends the dismissal of their addresses from
// the claim's suggestions (DismissClaimSender). A participant without a
// name, email or phone is left out; an unknown role is ErrInvalid.
func replaceParticipants(ctx context.Context, tx pgx.Tx, id int64, ps []ClaimParticipant, actor string) error {
	old, err := participantsTx(ctx, tx, id)
	if err != nil {
		return err
	}
	var keep []ClaimParticipant
	for _, p := range ps {
		p.ClaimID, p.Role = id, strings.TrimSpace(p.Role)
		p.Name, p.Email, p.Phone = plainParticipant(p.Name), strings.ToLower(plainParticipant(p.Email)), plainParticipant(p.Phone)
		if !slices.Contains(sla.ParticipantRoles, p.Role) {
			return fmt.Errorf("participant role %q: want one of %s: %w", p.Role, strings.Join(sla.ParticipantRoles, ", "), ErrInvalid)
		}
		if p.Name == "" && p.Email == "" && p.Phone == "" {
			continue
		}
		if len(p.Name) > MaxClaimField || len(p.Email) > MaxClaimField || len(p.Phone) > MaxClaimField {
			return fmt.Errorf("participant %s: longer than %d bytes: %w", p.Role, MaxClaimField, ErrInvalid)
		}
		if slices.ContainsFunc(keep, func(k ClaimParticipant) bool {
			return k.Role == p.Role && k.Name == p.Name && k.Email == p.Email
		}) {
			continue // the same person twice in one role is once
		}
		keep = append(keep, p)
	}
	before, after := participantsText(old), participantsText(keep)
	if before == after {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM claim_participants WHERE claim_id = $1`, id); err != nil {
		return fmt.Errorf("replace participants of claim %d: %w", id, err)
	}
	for _, p := range keep {
		_, err := tx.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email, phone)
			VALUES ($1, $2, $3, $4, $5)`, id, p.Role, p.Name, p.Email, p.Phone)
		if err != nil {
			return fmt.Errorf("add participant to claim %d: %w", id, err)
		}
	}
	// Someone among the claim's people is part of it: a dismissal of their
	// suggestion ends, and they are suggested again if taken off later.
	var emails []string
	for _, p := range keep {
		if p.Email != "" {
			emails = append(emails, p.Email)
		}
	}
	if len(emails) > 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM claim_dismissed_senders WHERE claim_id = $1 AND email = ANY($2)`, id, emails); err != nil {
			return fmt.Errorf("end dismissals of claim %d's people: %w", id, err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE claims SET updated_at = now() WHERE id = $1`, id); err != nil {
		return err
	}
	return recordChange(ctx, tx, id, actor, "participants", before, after)
}

// participantsTx returns the participants of claim id as they stand in tx,
// by role.
func participantsTx(ctx context.Context, tx pgx.Tx, id int64) ([]ClaimParticipant, error) {
	rows, err := tx.Query(ctx, `SELECT claim_id, role, name, email, phone FROM claim_participants
		WHERE claim_id = $1 ORDER BY role, id`, id)
	if err != nil {
		return nil, fmt.Errorf("participants of claim %d: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ClaimParticipant])
	if err != nil {
		return nil, fmt.Errorf("participants of claim %d: %w", id, err)
	}
	return out, nil
}

// ClaimChanges returns the recorded changes of claim id, the latest first,
// at most limit.
func (db *DB) ClaimChanges(ctx context.Context, id int64, limit int) ([]ClaimChange, error) {
	out, err := queryAll(ctx, db.pool, scanClaimChange, `
		SELECT ch.at, ch.actor, ch.field, ch.old_value, ch.new_value, coalesce(d.id, 0), coalesce(d.filename, ''),
		       coalesce(p.id, 0), coalesce(p.action, ''), coalesce(p.kind, ''), coalesce(p.count, 0), coalesce(p.address, ''),
		       coalesce(m.id, 0), coalesce(nullif(m.from_name, ''), m.from_address, ''),
		       `+arrivedAtOf("m")+`
		FROM claim_changes ch LEFT JOIN documents d ON d.id = ch.document_id
		LEFT JOIN equipment_proposals p ON p.id = ch.proposal_id
		LEFT JOIN claims c ON c.id = ch.claim_id AND ch.field = '`+FieldOpened+`'
		LEFT JOIN messages m ON m.id = c.source_message_id
		WHERE ch.claim_id = $1 ORDER BY ch.at DESC, ch.id DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("changes of claim %d: %w", id, err)
	}
	return out, nil
}

// CloseClaim closes claim id on behalf of actor with note, recording the
// change; closing a closed claim changes nothing. Its daily-update and
// milestone alerts stop with the next refresh, which the status change
// queues.
func (db *DB) CloseClaim(ctx context.Context, id int64, note, actor string) (Claim, error) {
	return db.setClaimStatus(ctx, id, "closed", note, actor)
}

// ReopenClaim opens claim id again on behalf of actor, recording the change.
func (db *DB) ReopenClaim(ctx context.Context, id int64, actor string) (Claim, error) {
	return db.setClaimStatus(ctx, id, "open", "", actor)
}

func (db *DB) setClaimStatus(ctx context.Context, id int64, status, note, actor string) (Claim, error) {
	var out Claim
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var before string
		err := tx.QueryRow(ctx, `SELECT status FROM claims WHERE id = $1 FOR UPDATE`, id).Scan(&before)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("claim %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read claim %d: %w", id, err)
		}
		if before != status {
			_, err = tx.Exec(ctx, `UPDATE claims SET status = $2,
				closed_at = CASE WHEN $2 = 'closed' THEN now() END, close_note = $3, updated_at = now()
				WHERE id = $1`, id, status, note)
			if err != nil {
				return fmt.Errorf("set claim %d %s: %w", id, status, err)
			}
			after := status
			if note != "" {
				after += ": " + note
			}
			if err := recordChange(ctx, tx, id, actor, "status", before, after); err != nil {
				return err
			}
		}
		out, err = scanClaim(tx.QueryRow(ctx, `SELECT `+claimColumns+` FROM claims WHERE id = $1`, id))
		return err
	})
	return out, err
}

// ClaimsWithScope returns which of the claims ids have a scope filed: their
// water category and class are due once it is in.
func (db *DB) ClaimsWithScope(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT DISTINCT claim_id FROM documents
		WHERE claim_id = ANY($1) AND doc_type = 'scope'`, ids)
	if err != nil {
		return nil, fmt.Errorf("scopes of claims: %w", err)
	}
	scoped, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("scopes of claims: %w", err)
	}
	for _, id := range scoped {
		out[id] = true
	}
	return out, nil
}

// MissingClaimFields lists the fields and roles of required that claim c,
// with participants ps, leaves empty; scopeIn says whether its scope is
// filed. The adjuster role is met by the claim's adjuster_name too.
func MissingClaimFields(c Claim, ps []ClaimParticipant, scopeIn bool, required []string) []string {
	return sla.MissingFields(required, func(f string) bool {
		if f == "adjuster" && c.AdjusterName != "" {
			return true // the claim's own adjuster fields name one
		}
		if slices.Contains(sla.ParticipantRoles, f) {
			return slices.ContainsFunc(ps, func(p ClaimParticipant) bool { return p.Role == f && p.Name != "" })
		}
		return ClaimField(c, f) != ""
	}, scopeIn)
}

// incompleteCondition is the SQL condition of claims c lacking one of
// required, as MissingClaimFields decides.
func incompleteCondition(required []string, arg func(any) string) string {
	var cond []string
	for _, f := range required {
		switch {
		case slices.Contains(sla.ParticipantRoles, f):
			role := `NOT EXISTS (SELECT 1 FROM claim_participants p
				WHERE p.claim_id = c.id AND p.role = ` + arg(f) + ` AND p.name <> '')`
			if f == "adjuster" {
				role = "(c.adjuster_name = '' AND " + role + ")"
			}
			cond = append(cond, role)
		case f == "cat" || f == "class":
			cond = append(cond, `(c.`+f+` IS NULL AND EXISTS (SELECT 1 FROM documents d
				WHERE d.claim_id = c.id AND d.doc_type = 'scope'))`)
		case f == "date_of_loss":
			cond = append(cond, "c.date_of_loss IS NULL")
		case IsClaimField(f):
			// f is one of the fixed column names, never the caller's text.
			cond = append(cond, "c."+f+" = ''")
		}
	}
	if len(cond) == 0 {
		return "false"
	}
	return "(" + strings.Join(cond, " OR ") + ")"
}

// FillWaterCategory sets the water category and class of claim id to cat
// and class where the claim has none yet (0 leaves a field alone),
// recording each change on behalf of actor, such as the scope that named
// it, as of the arrival of message messageID that carried it. A category
// out of range is ignored: the text that gave it was wrong.
func FillWaterCategory(ctx context.Context, tx pgx.Tx, id, messageID int64, cat, class int, actor string) error {
	for _, f := range []struct {
		col      string
		v, limit int
	}{{"cat", cat, 3}, {"class", class, 4}} {
		if f.v < 1 || f.v > f.limit {
			continue
		}
		// f.col is one of the two names above, never the caller's text.
		tag, err := tx.Exec(ctx, `UPDATE claims SET `+f.col+` = $2, updated_at = now()
			WHERE id = $1 AND `+f.col+` IS NULL`, id, f.v)
		if err != nil {
			return fmt.Errorf("fill %s of claim %d: %w", f.col, id, err)
		}
		if tag.RowsAffected() == 1 {
			if err := recordMailChange(ctx, tx, id, messageID, actor, f.col, "", strconv.Itoa(f.v)); err != nil {
				return err
			}
		}
	}
	return nil
}
