package storage

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Office is one territory of the business: its own inbox and forward
// domain, job numbers, hours, holidays and time zone. A database made
// before offices existed has one, the default office, holding everything.
type Office struct {
	ID   int64
	Slug string // short name for URLs, blob keys and the command line
	Name string
	// Domain makes forward addresses (claims+JOB@domain); mail from it is
	// the office's own.
	Domain string
	// TimeZone is an IANA zone name; empty: the server's own zone.
	TimeZone string
	// BusinessHours is written as CLAIMDESK_BUSINESS_HOURS; empty: the
	// default hours.
	BusinessHours string
	// Holidays is written as CLAIMDESK_HOLIDAYS.
	Holidays string
	// HolidaysICal is the content of an iCalendar file of the days the
	// office is closed, as CLAIMDESK_HOLIDAYS_ICAL names one.
	HolidaysICal string
	// Milestones are the office's paperwork deadlines, written as
	// CLAIMDESK_MILESTONES; those it does not name are the configured ones.
	Milestones string
	// JobPattern forms the office's job numbers; empty: YY-NNNN-CODE.
	JobPattern string
	// Phone is the office's phone number, which replies give for anything
	// urgent; empty: they give none.
	Phone string
	// JobSequenceStart is the sequence number the office's first job
	// number of a year takes; 0 is taken for 1.
	JobSequenceStart int
	// ConfiguredAt is when the settings were last filled or set; zero for
	// the default office until claimdesk first starts with its
	// configuration.
	ConfiguredAt time.Time
	// SettingsSetAt is when a person last changed the settings; zero while
	// they follow the configuration, filled from it at every start.
	SettingsSetAt time.Time
	CreatedAt     time.Time
}

// DefaultOfficeID is the office a database made before offices existed
// put all its rows in, and the one inserts that name no office land in.
const DefaultOfficeID int64 = 1

// Role is what a user may do in one office.
type Role string

// The roles a user may have in an office.
const (
	RoleAdministrator Role = "administrator" // manages the office's users, mailboxes and templates
	RoleCoordinator   Role = "coordinator"   // does the daily work
	RoleReadOnly      Role = "readonly"      // watches: an estimator, the operations manager
)

// ParseRole returns the role named s; ErrInvalid for any other name.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleAdministrator, RoleCoordinator, RoleReadOnly:
		return r, nil
	case "read-only":
		return RoleReadOnly, nil
	}
	return "", fmt.Errorf("role %q: want administrator, coordinator or readonly: %w", s, ErrInvalid)
}

// OfficeMembership is an office and the role a user has in it.
type OfficeMembership struct {
	Office Office
	Role   Role
}

// OfficeMember is a user of an office and their role in it.
type OfficeMember struct {
	UserID int64
	Email  string
	Role   Role
}

var slugRe = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$`)

// storedOffice is o as creating or updating it stores it: its slug, name
// and phone trimmed, its jobs numbered from 1 unless it says otherwise;
// ErrInvalid when a field is wrong (checkOffice).
func storedOffice(o Office) (Office, error) {
	o.Slug, o.Name, o.Phone = strings.TrimSpace(o.Slug), strings.TrimSpace(o.Name), strings.TrimSpace(o.Phone)
	if o.JobSequenceStart == 0 {
		o.JobSequenceStart = 1
	}
	return o, checkOffice(o)
}

// checkOffice says what is wrong with o's fields, as ErrInvalid.
func checkOffice(o Office) error {
	switch {
	case !slugRe.MatchString(o.Slug):
		return fmt.Errorf("office slug %q: want 1-40 lower-case letters, digits and inner dashes: %w", o.Slug, ErrInvalid)
	case strings.TrimSpace(o.Name) == "":
		return fmt.Errorf("office %s: a name is needed: %w", o.Slug, ErrInvalid)
	case strings.ContainsAny(o.Domain, "@ \t"):
		return fmt.Errorf("office %s: domain %q: want a bare mail domain: %w", o.Slug, o.Domain, ErrInvalid)
	case o.JobSequenceStart < 1:
		return fmt.Errorf("office %s: job sequence start %d: want 1 or more: %w", o.Slug, o.JobSequenceStart, ErrInvalid)
	}
	return nil
}

const officeColumns = `o.id, o.slug, o.name, o.domain, o.timezone, o.business_hours, o.holidays, o.job_pattern,
	o.job_sequence_start, o.configured_at, o.created_at, o.holidays_ical, o.milestones, o.settings_set_at, o.phone`

func scanOffice(row pgx.Row, extra ...any) (Office, error) {
	var (
		o               Office
		configured, set *time.Time
	)
	dest := append([]any{&o.ID, &o.Slug, &o.Name, &o.Domain, &o.TimeZone, &o.BusinessHours, &o.Holidays,
		&o.JobPattern, &o.JobSequenceStart, &configured, &o.CreatedAt, &o.HolidaysICal, &o.Milestones, &set, &o.Phone}, extra...)
	err := row.Scan(dest...)
	if configured != nil {
		o.ConfiguredAt = *configured
	}
	if set != nil {
		o.SettingsSetAt = *set
	}
	return o, err
}

// CreateOffice adds an office with its settings, set as of now; ErrConflict
// when its slug is taken, ErrInvalid for a bad slug or a missing name.
func (db *DB) CreateOffice(ctx context.Context, o Office) (Office, error) {
	o, err := storedOffice(o)
	if err != nil {
		return Office{}, err
	}
	created, err := scanOffice(db.pool.QueryRow(ctx, `
		INSERT INTO offices AS o (slug, name, domain, timezone, business_hours, holidays, job_pattern,
		                          job_sequence_start, holidays_ical, milestones, phone, configured_at, settings_set_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), now())
		RETURNING `+officeColumns,
		o.Slug, o.Name, o.Domain, o.TimeZone, o.BusinessHours, o.Holidays, o.JobPattern, o.JobSequenceStart,
		o.HolidaysICal, o.Milestones, o.Phone))
	if isUniqueViolation(err) {
		return Office{}, fmt.Errorf("office %s: %w", o.Slug, ErrConflict)
	}
	if err != nil {
		return Office{}, fmt.Errorf("create office %s: %w", o.Slug, err)
	}
	return created, nil
}

// ListOffices returns every office, the default one first.
func (db *DB) ListOffices(ctx context.Context) ([]Office, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+officeColumns+` FROM offices o ORDER BY o.id`)
	if err != nil {
		return nil, fmt.Errorf("list offices: %w", err)
	}
	offices, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Office, error) { return scanOffice(r) })
	if err != nil {
		return nil, fmt.Errorf("list offices: %w", err)
	}
	return offices, nil
}

// OfficeBySlug returns the office with that slug; ErrNotFound when there
// is none.
func (db *DB) OfficeBySlug(ctx context.Context, slug string) (Office, error) {
	o, err := scanOffice(db.pool.QueryRow(ctx, `SELECT `+officeColumns+` FROM offices o WHERE o.slug = $1`,
		strings.TrimSpace(slug)))
	if errors.Is(err, pgx.ErrNoRows) {
		return Office{}, fmt.Errorf("office %s: %w", slug, ErrNotFound)
	}
	if err != nil {
		return Office{}, fmt.Errorf("get office %s: %w", slug, err)
	}
	return o, nil
}

// UpdateOffice stores o's slug, name and settings under o.ID. Settings
// that change are set by a person as of now: the office keeps them rather
// than follow the configuration. ErrNotFound when no office has that id, ErrConflict when another has
// the slug.
func (db *DB) UpdateOffice(ctx context.Context, o Office) (Office, error) {
	o, err := storedOffice(o)
	if err != nil {
		return Office{}, err
	}
	updated, err := scanOffice(db.pool.QueryRow(ctx, `
		UPDATE offices AS o SET slug = $2, name = $3, domain = $4, timezone = $5, business_hours = $6,
		       holidays = $7, job_pattern = $8, job_sequence_start = $9, holidays_ical = $10, milestones = $11,
		       phone = $12, configured_at = now(),
		       settings_set_at = CASE
		           WHEN (o.domain, o.timezone, o.business_hours, o.holidays, o.job_pattern, o.job_sequence_start,
		                 o.holidays_ical, o.milestones, o.phone) IS DISTINCT FROM ($4, $5, $6, $7, $8, $9, $10, $11, $12)
		           THEN now() ELSE o.settings_set_at END
		WHERE o.id = $1
		RETURNING `+officeColumns,
		o.ID, o.Slug, o.Name, o.Domain, o.TimeZone, o.BusinessHours, o.Holidays, o.JobPattern, o.JobSequenceStart,
		o.HolidaysICal, o.Milestones, o.Phone))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Office{}, fmt.Errorf("office %d: %w", o.ID, ErrNotFound)
	case isUniqueViolation(err):
		return Office{}, fmt.Errorf("office %s: %w", o.Slug, ErrConflict)
	case err != nil:
		return Office{}, fmt.Errorf("update office %s: %w", o.Slug, err)
	}
	return updated, nil
}

// ConfigureOffices gives the offices whose settings follow the
// configuration (the default office, until a person changes its settings)
// the domain, time zone, hours, holidays, job pattern and phone of s, the
// configuration's. It reports how many offices it changed; an office a
// person set keeps its own settings.
func (db *DB) ConfigureOffices(ctx context.Context, s Office) (int64, error) {
	tag, err := db.pool.Exec(ctx, `
		UPDATE offices SET domain = $1, timezone = $2, business_hours = $3, holidays = $4, job_pattern = $5,
		       phone = $6, configured_at = now()
		WHERE settings_set_at IS NULL AND (configured_at IS NULL
		      OR (domain, timezone, business_hours, holidays, job_pattern, phone) IS DISTINCT FROM ($1, $2, $3, $4, $5, $6))`,
		strings.TrimSpace(s.Domain), s.TimeZone, s.BusinessHours, s.Holidays, s.JobPattern, strings.TrimSpace(s.Phone))
	if err != nil {
		return 0, fmt.Errorf("fill office settings: %w", err)
	}
	return tag.RowsAffected(), nil
}

// SetOfficeRole makes the user a member of the office with role, or gives
// a member that role; ErrNotFound when the user or the office is missing.
func (db *DB) SetOfficeRole(ctx context.Context, userID, officeID int64, role Role) error {
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	_, err := db.pool.Exec(ctx, `
		INSERT INTO user_offices (user_id, office_id, role) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, office_id) DO UPDATE SET role = EXCLUDED.role`, userID, officeID, string(role))
	if isForeignKeyViolation(err) {
		return fmt.Errorf("user %d in office %d: %w", userID, officeID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("set role of user %d in office %d: %w", userID, officeID, err)
	}
	return nil
}

// RemoveFromOffice ends the user's membership of the office; ErrNotFound
// when they were no member.
func (db *DB) RemoveFromOffice(ctx context.Context, userID, officeID int64) error {
	tag, err := db.pool.Exec(ctx, `DELETE FROM user_offices WHERE user_id = $1 AND office_id = $2`, userID, officeID)
	if err != nil {
		return fmt.Errorf("remove user %d from office %d: %w", userID, officeID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("user %d in office %d: %w", userID, officeID, ErrNotFound)
	}
	return nil
}

// UserOffices returns the offices the user belongs to, with their role in
// each, in the order the offices were made.
func (db *DB) UserOffices(ctx context.Context, userID int64) ([]OfficeMembership, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT `+officeColumns+`, uo.role
		FROM user_offices uo JOIN offices o ON o.id = uo.office_id
		WHERE uo.user_id = $1
		ORDER BY o.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("offices of user %d: %w", userID, err)
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OfficeMembership, error) {
		var m OfficeMembership
		var err error
		m.Office, err = scanOffice(r, &m.Role)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("offices of user %d: %w", userID, err)
	}
	return ms, nil
}

// OfficeMembers returns the users of the office and their roles, by email.
func (db *DB) OfficeMembers(ctx context.Context, officeID int64) ([]OfficeMember, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT u.id, u.email, uo.role
		FROM user_offices uo JOIN users u ON u.id = uo.user_id
		WHERE uo.office_id = $1
		ORDER BY lower(u.email)`, officeID)
	if err != nil {
		return nil, fmt.Errorf("members of office %d: %w", officeID, err)
	}
	ms, err := pgx.CollectRows(rows, pgx.RowToStructByPos[OfficeMember])
	if err != nil {
		return nil, fmt.Errorf("members of office %d: %w", officeID, err)
	}
	return ms, nil
}

func isForeignKeyViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23503"
}
