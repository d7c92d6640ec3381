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

// Person is someone the office works with often, in one role: its
// technicians, estimators, marketing reps, referral sources. Claims pick
// them from the list instead of retyping them.
type Person struct {
	ID    int64
	Name  string
	Email string
	Phone string
	Role  string
	// Language is what the office writes to them in: "en" (the default)
	// or "es"; reminders to the field use it.
	Language string
}

// PersonLanguages are the languages a person can be written to in.
var PersonLanguages = []string{"en", "es"}

// People returns the office's people list by role, then name.
func (db *DB) People(ctx context.Context) ([]Person, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, name, email, phone, role, language FROM people ORDER BY role, lower(name), id`)
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Person])
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	return out, nil
}

// SavePerson adds p to the people list, or updates the email and phone of
// the person of that role and name.
func (db *DB) SavePerson(ctx context.Context, p Person) (Person, error) {
	p.Name, p.Email, p.Phone = strings.TrimSpace(p.Name), strings.ToLower(strings.TrimSpace(p.Email)), strings.TrimSpace(p.Phone)
	switch {
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
		INSERT INTO people (name, email, phone, role, language) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (role, name) DO UPDATE SET email = EXCLUDED.email, phone = EXCLUDED.phone, language = EXCLUDED.language
		RETURNING id`, p.Name, p.Email, p.Phone, p.Role, p.Language).Scan(&p.ID)
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
