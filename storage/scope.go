package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Offices is the set of offices a read may see: a request's scope. The
// zero value sees none, so a read that forgets its caller's scope shows
// nothing rather than everything; AllOffices sees every office (workers,
// digests, the command line).
type Offices struct {
	ids []int64
	all bool
	// coordinator narrows the claims read to those of one coordinator
	// (see CoordinatedBy); empty for every claim of the offices.
	coordinator string
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

// CoordinatedBy returns o narrowed to the claims whose coordinator has the
// email address (compared without case), with the mail of those claims
// and the mail filed on no claim, which is everyone's to sort: a
// coordinator's own share of the offices' work. The claims list and the
// board's reads honour it (ListClaims, CountIncompleteClaims, AckQueue,
// ClaimsMissingUpdate, ClaimAlertsAt, ClaimAlertsByClaimAt, OpenRequests,
// ApprovalsAwaited, MailOnClosedClaims, UndeliveredMail); every other read
// takes the offices whole. An empty address narrows nothing.
func (o Offices) CoordinatedBy(email string) Offices {
	o.coordinator = strings.TrimSpace(email)
	return o
}

// Coordinator returns the address CoordinatedBy narrowed o to; empty when
// o is not narrowed.
func (o Offices) Coordinator() string { return o.coordinator }

// coordinatorArg returns the coordinator's address as a query argument:
// NULL when o is not narrowed, as coordinatedSQL expects.
func (o Offices) coordinatorArg() *string {
	if o.coordinator == "" {
		return nil
	}
	return &o.coordinator
}

// coordinates is the SQL condition that the claim column claim names a
// claim whose coordinator has the address arg; claim is qualified (by its
// table or alias), or inside the EXISTS it would name the participant's.
// Joined as a semi-join, it lets the planner walk a page of claims and
// their coordinators' index side by side, or hash the coordinator's claims
// to count the open ones, as their numbers say: the coordinator is known
// when the statement is planned (planArgs), and how many claims they
// coordinate from claim_participants_role_email_stats.
func coordinates(claim, arg string) string {
	return `EXISTS (SELECT FROM claim_participants p WHERE ` + coordinatorOf(claim, arg) + `)`
}

// coordinatesOpen is coordinates for a read of open claims alone: the
// coordinator's open claims are read from their own index
// (claim_participants_open_coordinator_idx), without the closed claims of
// the years before, ten for each open one in an office with a history.
func coordinatesOpen(claim, arg string) string {
	return `EXISTS (SELECT FROM claim_participants p WHERE ` + coordinatorOf(claim, arg) + ` AND p.claim_open)`
}

// coordinatorOf is the SQL condition on a claim_participants row p that it
// is the coordinator with the address arg of the claim in column claim.
func coordinatorOf(claim, arg string) string {
	return `p.claim_id = ` + claim + ` AND p.role = 'coordinator' AND lower(p.email) = lower(` + arg + `)`
}

// coordinatedSQL is the SQL condition keeping rows whose claim column names
// a claim coordinated by the address arg (coordinatorArg), or every row
// when arg is NULL; unfiled keeps the rows of no claim too (mail in
// triage). Inside an OR, an EXISTS is hashed whenever the planner expects
// many rows: every claim a coordinator ever had (half of an office's years,
// for some) read for the few messages waiting. The scalar read here is a
// probe of each row's claim, whose cost follows the rows kept.
func coordinatedSQL(claim, arg string, unfiled bool) string {
	cond := arg + `::text IS NULL OR `
	if unfiled {
		cond += claim + ` IS NULL OR `
	}
	return `(` + cond + `coalesce((SELECT true FROM claim_participants p WHERE ` + coordinatorOf(claim, arg) + ` LIMIT 1), false))`
}

// coordinatedOpenSQL is coordinatedSQL for rows of open claims alone (the
// alerts, first deadlines and starts a refresh keeps, the claims queued for
// one): the coordinator's open claims, read once from their own index, are
// a set the rows are checked against.
// A read planned for its arguments (customPlan) drops the OR when arg is
// not NULL.
func coordinatedOpenSQL(claim, arg string) string {
	return `(` + arg + `::text IS NULL OR ` + claim + ` IN (SELECT p.claim_id FROM claim_participants p
		WHERE p.role = 'coordinator' AND p.claim_open AND lower(p.email) = lower(` + arg + `)))`
}

// claimCondition returns an SQL condition keeping rows whose claim column
// names a claim of o's coordinator, its argument kept by arg; TRUE when o
// is not narrowed.
func (o Offices) claimCondition(claim string, arg func(any) string) string {
	if o.coordinator == "" {
		return "TRUE"
	}
	return coordinates(claim, arg(o.coordinator))
}

// openClaimCondition is claimCondition for a read of open claims alone
// (see coordinatesOpen).
func (o Offices) openClaimCondition(claim string, arg func(any) string) string {
	if o.coordinator == "" {
		return "TRUE"
	}
	return coordinatesOpen(claim, arg(o.coordinator))
}

// openClaimSet is openClaimCondition for a count over all of o's open
// claims: the coordinator's open claims, read once from their index, are a
// set each claim is checked against (coordinatedOpenSQL), where a semi-join
// would visit each of their rows in turn. The count then reads the
// claims' own index alone, for a coordinator of a few claims or of half
// the office.
func (o Offices) openClaimSet(claim string, arg func(any) string) string {
	if o.coordinator == "" {
		return "TRUE"
	}
	return coordinatedOpenSQL(claim, arg(o.coordinator))
}

// planArgs returns the arguments args of a read of o's claims, led by
// customPlan when o is narrowed to a coordinator: a plan made for no one
// in particular guesses how many claims they coordinate, and a person with
// a few and one with half the office's need different plans.
func (o Offices) planArgs(args ...any) []any {
	if o.coordinator == "" || (len(args) > 0 && args[0] == customPlan) {
		return args
	}
	return append([]any{customPlan}, args...)
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
	KindUpdate    Kind = "update"
)

// officeOfQueries finds a row's office. Drafts, proposals and updates take
// their claim's: they carry no office of their own (see migration 00028).
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
	KindUpdate:    `SELECT c.office_id FROM claim_updates u JOIN claims c ON c.id = u.claim_id WHERE u.id = $1`,
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
