package storage

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
)

// Person is someone an office works with often, in one role: its
// technicians, estimators, marketing reps, referral sources. The office's
// claims pick them from its list instead of retyping them; another
// office's claims never do.
type Person struct {
	ID    int64
	Name  string
	Email string
	Phone string
	Role  string
	// Language is what the office writes to them in: "en" (the default)
	// or "es"; reminders to the field use it.
	Language string
	// OfficeID is the office whose list the person is on.
	OfficeID int64
}

// PersonLanguages are the languages a person can be written to in.
var PersonLanguages = []string{"en", "es"}

const personColumns = `p.id, p.name, p.email, p.phone, p.role, p.language, p.office_id`

// roleOrder is the SQL ordering of a participant role column by the order
// of sla.ParticipantRoles, passed as parameter $param: foreman first,
// referred_by last, not the keys' alphabet.
func roleOrder(column string, param int) string {
	return fmt.Sprintf("array_position($%d::text[], %s)", param, column)
}

// People returns office's people list by role (in the order of
// sla.ParticipantRoles), then name.
func (db *DB) People(ctx context.Context, office int64) ([]Person, error) {
	out, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[Person], `SELECT `+personColumns+`
		FROM people p WHERE p.office_id = $1 ORDER BY `+roleOrder("p.role", 2)+`, lower(p.name), p.id`,
		office, sla.ParticipantRoles)
	if err != nil {
		return nil, fmt.Errorf("people of office %d: %w", office, err)
	}
	return out, nil
}

// PeopleOfClaims returns, per claim id, the people list of the claim's
// office; claims whose office lists nobody are left out.
func (db *DB) PeopleOfClaims(ctx context.Context, claimIDs []int64) (map[int64][]Person, error) {
	rows, err := db.pool.Query(ctx, `SELECT c.id, `+personColumns+`
		FROM claims c JOIN people p ON p.office_id = c.office_id
		WHERE c.id = ANY($1) ORDER BY c.id, `+roleOrder("p.role", 2)+`, lower(p.name), p.id`, claimIDs, sla.ParticipantRoles)
	if err != nil {
		return nil, fmt.Errorf("people of claims: %w", err)
	}
	out := map[int64][]Person{}
	var (
		claim int64
		p     Person
	)
	_, err = pgx.ForEachRow(rows, []any{&claim, &p.ID, &p.Name, &p.Email, &p.Phone, &p.Role, &p.Language, &p.OfficeID}, func() error {
		out[claim] = append(out[claim], p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("people of claims: %w", err)
	}
	return out, nil
}

// SavePerson adds p to office p.OfficeID's people list, or updates the
// email, phone and language of its person of that role and name.
func (db *DB) SavePerson(ctx context.Context, p Person) (Person, error) {
	p.Name, p.Email, p.Phone = strings.TrimSpace(p.Name), strings.ToLower(strings.TrimSpace(p.Email)), strings.TrimSpace(p.Phone)
	switch {
	case p.OfficeID == 0:
		return p, fmt.Errorf("person %s: no office: %w", p.Name, ErrInvalid)
	case p.Name == "":
		return p, fmt.Errorf("a person needs a name: %w", ErrInvalid)
	case !slices.Contains(sla.ParticipantRoles, p.Role):
		return p, fmt.Errorf("role %q: want one of %s: %w", p.Role, strings.Join(sla.ParticipantRoles, ", "), ErrInvalid)
	case len(p.Name) > MaxClaimField || len(p.Email) > MaxClaimField || len(p.Phone) > MaxClaimField:
		return p, fmt.Errorf("longer than %d bytes: %w", MaxClaimField, ErrInvalid)
	case p.Language != "" && !slices.Contains(PersonLanguages, p.Language):
		return p, fmt.Errorf("language %q: want en or es: %w", p.Language, ErrInvalid)
	case p.Email != "" && !validEmail(p.Email):
		return p, fmt.Errorf("%q is not an email address: %w", p.Email, ErrInvalid)
	}
	p.Language = cmp.Or(p.Language, "en")
	err := db.pool.QueryRow(ctx, `
		INSERT INTO people (office_id, name, email, phone, role, language) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (office_id, role, name) DO UPDATE
		SET email = EXCLUDED.email, phone = EXCLUDED.phone, language = EXCLUDED.language
		RETURNING id`, p.OfficeID, p.Name, p.Email, p.Phone, p.Role, p.Language).Scan(&p.ID)
	if err != nil {
		return p, fmt.Errorf("save person %s: %w", p.Name, err)
	}
	return p, nil
}

// RemovePerson takes person id off the list; the claims they are on keep
// them.
func (db *DB) RemovePerson(ctx context.Context, id int64) error {
	tag, err := db.pool.Exec(ctx, `DELETE FROM people WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("remove person %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("person %d: %w", id, ErrNotFound)
	}
	return nil
}
