package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// Offices is the set of offices a read may see: a request's scope. The
// zero value sees none, so a read that forgets its caller's scope shows
// nothing rather than everything; AllOffices sees every office (workers,
// digests, the command line).
type Offices struct {
	ids []int64
	all bool
}

// AllOffices sees every office.
var AllOffices = Offices{all: true}

// OnlyOffices sees the offices ids and no other.
func OnlyOffices(ids ...int64) Offices {
	// Never nil: an empty list must match nothing in SQL, where a NULL
	// array would make the comparison unknown rather than false.
	return Offices{ids: append([]int64{}, ids...)}
}

// Contains reports whether the office is in the set.
func (o Offices) Contains(id int64) bool { return o.all || slices.Contains(o.ids, id) }

// IsAll reports whether the set is every office.
func (o Offices) IsAll() bool { return o.all }

// IDs returns the offices of a limited set; nil for every office.
func (o Offices) IDs() []int64 {
	if o.all {
		return nil
	}
	return append([]int64{}, o.ids...)
}

// sqlIDs returns the set as a query argument: NULL for every office, an
// array (empty for none) otherwise.
func (o Offices) sqlIDs() []int64 {
	if o.all {
		return nil
	}
	return append([]int64{}, o.ids...)
}

// condition returns an SQL condition keeping rows whose column names an
// office of the set, its argument kept by arg.
func (o Offices) condition(column string, arg func(any) string) string {
	if o.all {
		return "TRUE"
	}
	return column + " = ANY(" + arg(o.sqlIDs()) + "::bigint[])"
}

// Kind names a table whose rows a request may ask for by id.
type Kind string

// The kinds of row a URL names by id.
const (
	KindClaim     Kind = "claim"
	KindMessage   Kind = "message"
	KindDocument  Kind = "document"
	KindRequest   Kind = "request"
	KindEquipment Kind = "equipment"
	KindOutbox    Kind = "outbox"
	KindDraft     Kind = "draft"
	KindProposal  Kind = "equipment proposal"
	KindPerson    Kind = "person"
)

// officeOfQueries finds a row's office. Drafts and proposals take their
// claim's: they carry no office of their own (see migration 00028).
var officeOfQueries = map[Kind]string{
	KindClaim:     `SELECT office_id FROM claims WHERE id = $1`,
	KindMessage:   `SELECT office_id FROM messages WHERE id = $1`,
	KindDocument:  `SELECT office_id FROM documents WHERE id = $1`,
	KindRequest:   `SELECT office_id FROM requests WHERE id = $1`,
	KindEquipment: `SELECT office_id FROM equipment WHERE id = $1`,
	KindOutbox:    `SELECT office_id FROM outbox WHERE id = $1`,
	KindDraft:     `SELECT c.office_id FROM outbox_drafts d JOIN claims c ON c.id = d.claim_id WHERE d.id = $1`,
	KindProposal:  `SELECT c.office_id FROM equipment_proposals p JOIN claims c ON c.id = p.claim_id WHERE p.id = $1`,
	KindPerson:    `SELECT office_id FROM people WHERE id = $1`,
}

// OfficeOf returns the office of the row of kind k with that id;
// ErrNotFound when there is none.
func (db *DB) OfficeOf(ctx context.Context, k Kind, id int64) (int64, error) {
	q, ok := officeOfQueries[k]
	if !ok {
		return 0, fmt.Errorf("office of %s %d: unknown kind: %w", k, id, ErrInvalid)
	}
	var office int64
	err := db.pool.QueryRow(ctx, q, id).Scan(&office)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("%s %d: %w", k, id, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("office of %s %d: %w", k, id, err)
	}
	return office, nil
}

// OfficeRoles returns the user's role in each office they belong to.
func (db *DB) OfficeRoles(ctx context.Context, userID int64) (map[int64]Role, error) {
	rows, err := db.pool.Query(ctx, `SELECT office_id, role FROM user_offices WHERE user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("office roles of user %d: %w", userID, err)
	}
	roles := map[int64]Role{}
	var (
		office int64
		role   Role
	)
	if _, err := pgx.ForEachRow(rows, []any{&office, &role}, func() error {
		roles[office] = role
		return nil
	}); err != nil {
		return nil, fmt.Errorf("office roles of user %d: %w", userID, err)
	}
	return roles, nil
}
