package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Proposal statuses: waiting for a person, or decided.
const (
	ProposalOpen      = "proposed"
	ProposalConfirmed = "confirmed"
	ProposalDismissed = "dismissed"
)

// EquipmentProposal is what a message says about a claim's equipment, for a
// person to confirm into the log or dismiss.
type EquipmentProposal struct {
	ID        int64
	ClaimID   int64
	MessageID int64
	Seq       int
	Action    string // equipment.ActionPlaced, ActionPickedUp, or an approval answer (equipment.ApprovalApproved, ApprovalDenied)
	Kind      string
	Count     int
	At        time.Time
	// DayOnly says the mail names the day alone, no time of it: At stands
	// at equipment.OnDay of that day.
	DayOnly bool
	Address string
	Text    string
	// EquipmentID is the line an approval answer is about.
	EquipmentID *int64
	Status      string
	DecidedBy   string
	DecidedAt   *time.Time
}

const proposalColumns = `id, claim_id, message_id, seq, action, kind, count, at, day_only, address, text, equipment_id, status,
	decided_by, decided_at`

func scanProposal(row pgx.CollectableRow) (EquipmentProposal, error) {
	var p EquipmentProposal
	err := row.Scan(&p.ID, &p.ClaimID, &p.MessageID, &p.Seq, &p.Action, &p.Kind, &p.Count, &p.At, &p.DayOnly, &p.Address, &p.Text,
		&p.EquipmentID, &p.Status, &p.DecidedBy, &p.DecidedAt)
	return p, err
}

// RecordEquipmentProposals saves, within tx, what message messageID on
// claim claimID proposes, in order. Processing the message again replaces
// what still waits for a person and keeps what someone decided.
func RecordEquipmentProposals(ctx context.Context, tx pgx.Tx, claimID, messageID int64, ps []EquipmentProposal) error {
	b := &pgx.Batch{}
	QueueEquipmentProposals(b, claimID, messageID, ps)
	return SendQueued(ctx, tx, b)
}

// QueueEquipmentProposals queues RecordEquipmentProposals' statements on b.
func QueueEquipmentProposals(b *pgx.Batch, claimID, messageID int64, ps []EquipmentProposal) {
	queueExec(b, fmt.Sprintf("replace equipment proposals of message %d", messageID),
		`DELETE FROM equipment_proposals WHERE message_id = $1 AND status = 'proposed'`, messageID)
	for i, p := range ps {
		queueExec(b, fmt.Sprintf("record equipment proposal of message %d", messageID), `
			INSERT INTO equipment_proposals (claim_id, message_id, seq, action, kind, count, at, day_only, address, text, equipment_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (message_id, seq) DO NOTHING`,
			claimID, messageID, i+1, p.Action, p.Kind, p.Count, p.At, p.DayOnly, pgText(p.Address), pgText(p.Text), p.EquipmentID)
	}
}

// ClaimEquipmentProposals returns the proposals of claim claimID waiting
// for a person, oldest first.
func (db *DB) ClaimEquipmentProposals(ctx context.Context, claimID int64) ([]EquipmentProposal, error) {
	out, err := queryAll(ctx, db.pool, scanProposal, `SELECT `+proposalColumns+` FROM equipment_proposals
		WHERE claim_id = $1 AND status = 'proposed' ORDER BY at, message_id, seq`, claimID)
	if err != nil {
		return nil, fmt.Errorf("equipment proposals of claim %d: %w", claimID, err)
	}
	return out, nil
}

// EquipmentProposalsOfClaims returns, by claim, the proposals of the
// claims ids waiting for a person, oldest first, as
// ClaimEquipmentProposals does for one.
func (db *DB) EquipmentProposalsOfClaims(ctx context.Context, ids []int64) (map[int64][]EquipmentProposal, error) {
	out := map[int64][]EquipmentProposal{}
	if len(ids) == 0 {
		return out, nil
	}
	ps, err := queryAll(ctx, db.pool, scanProposal, `SELECT `+proposalColumns+` FROM equipment_proposals
		WHERE claim_id = ANY($1) AND status = 'proposed' ORDER BY at, message_id, seq`, ids)
	if err != nil {
		return nil, fmt.Errorf("equipment proposals of claims: %w", err)
	}
	for _, p := range ps {
		out[p.ClaimID] = append(out[p.ClaimID], p)
	}
	return out, nil
}

// DismissedEquipmentProposals returns the proposals of claim claimID that
// people dismissed, the latest dismissed first: the claim page lists them,
// folded, to restore.
func (db *DB) DismissedEquipmentProposals(ctx context.Context, claimID int64) ([]EquipmentProposal, error) {
	out, err := queryAll(ctx, db.pool, scanProposal, `SELECT `+proposalColumns+` FROM equipment_proposals
		WHERE claim_id = $1 AND status = 'dismissed' ORDER BY decided_at DESC, id DESC`, claimID)
	if err != nil {
		return nil, fmt.Errorf("dismissed equipment proposals of claim %d: %w", claimID, err)
	}
	return out, nil
}

// DecideEquipmentProposal records, within tx, that by confirmed or
// dismissed proposal id (status), and returns it. ErrNotFound when there
// is none, ErrConflict when someone decided it already.
func DecideEquipmentProposal(ctx context.Context, tx pgx.Tx, id int64, status, by string, at time.Time) (EquipmentProposal, error) {
	if status != ProposalConfirmed && status != ProposalDismissed {
		return EquipmentProposal{}, fmt.Errorf("proposal status %q: %w", status, ErrInvalid)
	}
	p, err := lockProposalAndClaim(ctx, tx, id)
	switch {
	case err != nil:
		return p, err
	case p.Status != ProposalOpen:
		return p, fmt.Errorf("equipment proposal %d was %s already: %w", id, p.Status, ErrConflict)
	}
	if _, err := tx.Exec(ctx, `UPDATE equipment_proposals SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1`,
		id, status, pgText(by), at); err != nil {
		return p, fmt.Errorf("decide equipment proposal %d: %w", id, err)
	}
	p.Status, p.DecidedBy, p.DecidedAt = status, by, &at
	if status == ProposalDismissed {
		// Dismissing leaves the log as it was: the history is its trace.
		return p, recordItemChange(ctx, tx, itemChange{claimID: p.ClaimID, at: at, actor: by,
			field: FieldEquipmentProposal, old: ProposalOpen, new: ProposalDismissed, proposal: &id})
	}
	return p, nil
}

// SetEquipmentProposalCount records, within tx, how many items proposal id
// is about, as a person said it when its mail did not.
func SetEquipmentProposalCount(ctx context.Context, tx pgx.Tx, id int64, count int) error {
	if _, err := tx.Exec(ctx, `UPDATE equipment_proposals SET count = $2 WHERE id = $1`, id, count); err != nil {
		return fmt.Errorf("set equipment proposal %d count: %w", id, err)
	}
	return nil
}

// RestoreEquipmentProposal puts dismissed proposal id back among those
// waiting for a person, on behalf of by at at, and records it in its
// claim's history. ErrNotFound when there is none, ErrConflict when it is
// not dismissed (waiting already, or confirmed into the log).
func (db *DB) RestoreEquipmentProposal(ctx context.Context, id int64, by string, at time.Time) (EquipmentProposal, error) {
	var p EquipmentProposal
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if p, err = lockProposalAndClaim(ctx, tx, id); err != nil {
			return err
		}
		if p.Status != ProposalDismissed {
			return fmt.Errorf("equipment proposal %d is %s, not dismissed: %w", id, p.Status, ErrConflict)
		}
		if _, err := tx.Exec(ctx, `UPDATE equipment_proposals SET status = $2, decided_by = '', decided_at = NULL
			WHERE id = $1`, id, ProposalOpen); err != nil {
			return fmt.Errorf("restore equipment proposal %d: %w", id, err)
		}
		p.Status, p.DecidedBy, p.DecidedAt = ProposalOpen, "", nil
		return recordItemChange(ctx, tx, itemChange{claimID: p.ClaimID, at: at, actor: by,
			field: FieldEquipmentProposal, old: ProposalDismissed, new: ProposalOpen, proposal: &id})
	})
	return p, err
}

// lockProposalAndClaim locks proposal id and its claim within tx and
// returns it. The claim is locked first, as moving the proposal's message
// locks it (see LockClaimsForChange): the proposal's claim is read, locked,
// and read again with the proposal's lock, until a move made meanwhile no
// longer changes it.
func lockProposalAndClaim(ctx context.Context, tx pgx.Tx, id int64) (EquipmentProposal, error) {
	for range 3 {
		var claim int64
		err := tx.QueryRow(ctx, `SELECT claim_id FROM equipment_proposals WHERE id = $1`, id).Scan(&claim)
		if errors.Is(err, pgx.ErrNoRows) {
			return EquipmentProposal{}, fmt.Errorf("equipment proposal %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return EquipmentProposal{}, fmt.Errorf("get equipment proposal %d: %w", id, err)
		}
		if err := LockClaimsForChange(ctx, tx, claim); err != nil {
			return EquipmentProposal{}, err
		}
		rows, err := tx.Query(ctx, `SELECT `+proposalColumns+` FROM equipment_proposals WHERE id = $1 FOR UPDATE`, id)
		if err != nil {
			return EquipmentProposal{}, fmt.Errorf("get equipment proposal %d: %w", id, err)
		}
		p, err := pgx.CollectExactlyOneRow(rows, scanProposal)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return p, fmt.Errorf("equipment proposal %d: %w", id, ErrNotFound)
		case err != nil:
			return p, fmt.Errorf("get equipment proposal %d: %w", id, err)
		case p.ClaimID == claim:
			return p, nil
		}
	}
	return EquipmentProposal{}, fmt.Errorf("equipment proposal %d moved between claims while it was decided: %w", id, ErrConflict)
}

// OpenEquipment returns, within tx, the lines of the kinds on claim
// claimID still on the job, oldest first, locked until tx ends: a pickup
// is matched to them.
func OpenEquipment(ctx context.Context, tx pgx.Tx, claimID int64, kinds ...string) ([]Equipment, error) {
	out, err := queryAll(ctx, tx, scanEquipment, `SELECT `+equipmentColumns+` FROM equipment
		WHERE claim_id = $1 AND kind = ANY($2) AND picked_up_at IS NULL
		ORDER BY coalesce(placed_at, created_at), id FOR UPDATE`, claimID, kinds)
	if err != nil {
		return nil, fmt.Errorf("equipment on the job of claim %d: %w", claimID, err)
	}
	return out, nil
}

// ApprovalRequestsInThread returns the lines of claim claimID waiting for
// the carrier's approval whose request was sent as one of the Message-IDs
// refs (an answer's In-Reply-To and References).
func ApprovalRequestsInThread(ctx context.Context, tx pgx.Tx, claimID int64, refs []string) ([]Equipment, error) {
	out, err := queryAll(ctx, tx, scanEquipment, `SELECT `+equipmentColumns+` FROM equipment
		WHERE claim_id = $1 AND approval = 'requested'
		  AND approval_outbox_id IN (SELECT id FROM outbox WHERE message_id = ANY($2))
		ORDER BY id`, claimID, refs)
	if err != nil {
		return nil, fmt.Errorf("approval requests of claim %d: %w", claimID, err)
	}
	return out, nil
}

// MoveEquipmentProposals takes, within tx, what message messageID proposes
// and nobody decided yet along to claim claimID, and reports whether the
// message had proposals at all (decided or not).
func MoveEquipmentProposals(ctx context.Context, tx pgx.Tx, messageID, claimID int64) (bool, error) {
	if _, err := tx.Exec(ctx, `UPDATE equipment_proposals SET claim_id = $2 WHERE message_id = $1 AND status = 'proposed'`,
		messageID, claimID); err != nil {
		return false, fmt.Errorf("move equipment proposals of message %d: %w", messageID, err)
	}
	var any bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM equipment_proposals WHERE message_id = $1)`, messageID).Scan(&any); err != nil {
		return false, fmt.Errorf("equipment proposals of message %d: %w", messageID, err)
	}
	return any, nil
}

// ClaimProposals is an open claim with what mail proposes for its
// equipment log and nobody decided yet.
type ClaimProposals struct {
	ClaimID     int64
	OfficeID    int64
	JobNumber   string
	InsuredName string
	// Count is how many proposals wait; Since is the mail's time of the
	// oldest.
	Count int
	Since time.Time
}

// ProposalsToConfirm returns up to limit open claims of the offices with
// proposals waiting for a person, the longest waiting first, and how many
// claims and proposals wait in all.
func (db *DB) ProposalsToConfirm(ctx context.Context, offices Offices, limit int) (out []ClaimProposals, claims, proposals int, err error) {
	rows, err := db.pool.Query(ctx, `SELECT c.id, c.office_id, c.job_number, c.insured_name, count(*), min(p.at),
			(count(*) OVER ())::int, (sum(count(*)) OVER ())::int
		FROM equipment_proposals p JOIN claims c ON c.id = p.claim_id
		WHERE p.status = 'proposed' AND c.status = 'open' AND ($2::bigint[] IS NULL OR c.office_id = ANY($2))
		  AND `+coordinatedSQL("c.id", "$3", false)+`
		GROUP BY c.id ORDER BY min(p.at), c.id LIMIT $1`,
		offices.planArgs(limit, offices.sqlIDs(), offices.coordinatorArg())...)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("equipment proposals to confirm: %w", err)
	}
	var c ClaimProposals
	_, err = pgx.ForEachRow(rows, []any{&c.ClaimID, &c.OfficeID, &c.JobNumber, &c.InsuredName, &c.Count, &c.Since, &claims, &proposals},
		func() error {
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, 0, 0, fmt.Errorf("equipment proposals to confirm: %w", err)
	}
	return out, claims, proposals, nil
}
