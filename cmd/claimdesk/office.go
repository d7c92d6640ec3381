package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"text/tabwriter"

	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/storage"
)

// officeSettingFlags are the shared settings an office keeps its own copy
// of: given on the command line of office add or set, they are that
// office's, under the names they have as settings.
var officeSettingFlags = []string{"office-domain", "office-phone", "timezone", "business-hours", "holidays", "job-pattern"}

func bindOffice(fs *flag.FlagSet) runFunc {
	slug := fs.String("slug", "", "the office's short name: lower-case letters, digits and dashes (add, set)")
	name := fs.String("name", "", "the office's name, as people read it (add, set)")
	userEmail := fs.String("user", "", "a user to give a role in the office, by email (set, with --role)")
	role := fs.String("role", "", "the user's role in the office: administrator, coordinator or readonly (set)")
	removeUser := fs.String("remove-user", "", "a user to take out of the office, by email (set)")
	seqStart := fs.Int("job-sequence-start", 0, "the sequence number the office's first job number of a year takes, e.g. 1001 (add, set); default 1")
	mailbox := fs.String("mailbox", "", "a mailbox account whose mail, from now on, is the office's: every folder of it claimdesk reads (set)")
	moveMail := fs.Bool("move-mail", false, "with --mailbox: move the mailbox's earlier mail in no claim, and the claims made from its mail, into the office too (set)")
	return func(ctx context.Context, e *env, args []string) error {
		if err := needAction(fs, args); err != nil {
			return err
		}
		if len(args) != 1 || (args[0] != "add" && args[0] != "list" && args[0] != "set") {
			return fmt.Errorf("unknown action %q: want add, list or set", strings.Join(args, " "))
		}
		if args[0] != "list" && strings.TrimSpace(*slug) == "" {
			return errors.New("--slug: say which office")
		}
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		db, closeDB, err := openMigratedDatabase(ctx, e)
		if err != nil {
			return err
		}
		defer closeDB()
		switch args[0] {
		case "add":
			return addOffice(ctx, e, db, storage.Office{Slug: *slug, Name: *name, JobSequenceStart: *seqStart}, given)
		case "set":
			m := membershipChange{email: *userEmail, role: *role, remove: *removeUser}
			if err := setOffice(ctx, e, db, officeChange{slug: *slug, name: *name, seqStart: *seqStart}, given, m); err != nil {
				return err
			}
			return setMailboxOffice(ctx, e, db, *slug, *mailbox, *moveMail)
		}
		return listOffices(ctx, e, db)
	}
}

// withSettings returns o with the office settings given on the command
// line, as the configuration read them.
func withSettings(o storage.Office, cfg *config.Config, given map[string]bool) storage.Office {
	s := cfg.Office()
	if given["office-domain"] {
		o.Domain = s.Domain
	}
	if given["office-phone"] {
		o.Phone = s.Phone
	}
	if given["timezone"] {
		o.TimeZone = s.TimeZone
	}
	if given["business-hours"] {
		o.BusinessHours = s.BusinessHours
	}
	if given["holidays"] {
		o.Holidays = s.Holidays
	}
	if given["job-pattern"] {
		o.JobPattern = s.JobPattern
	}
	return withCalendarSettings(o, cfg, given)
}

func addOffice(ctx context.Context, e *env, db *storage.DB, o storage.Office, given map[string]bool) error {
	o = withSettings(o, e.cfg, given)
	if err := checkOfficeCalendar(o); err != nil {
		return err
	}
	o, err := db.CreateOffice(ctx, o)
	if errors.Is(err, storage.ErrConflict) {
		return fmt.Errorf("an office with slug %s already exists (claimdesk office set changes it)", o.Slug)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added office %s (%s)\n", o.Slug, o.Name)
	return nil
}

// membershipChange is what office set is asked to do to a user's
// membership, if anything.
type membershipChange struct {
	email, role, remove string
}

// officeChange is what office set is asked to change of the office itself.
type officeChange struct {
	slug, name string
	seqStart   int
}

func setOffice(ctx context.Context, e *env, db *storage.DB, c officeChange, given map[string]bool, m membershipChange) error {
	o, err := db.OfficeBySlug(ctx, c.slug)
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("no office with slug %s (claimdesk office list shows them)", c.slug)
	}
	if err != nil {
		return err
	}
	if (m.email == "") != (m.role == "") {
		return errors.New("--user and --role: give both, to set a user's role in the office")
	}
	changed := given["name"] || given["job-sequence-start"]
	for _, f := range append(officeSettingFlags, officeCalendarFlags...) {
		changed = changed || given[f]
	}
	if changed {
		if given["name"] {
			o.Name = c.name
		}
		if given["job-sequence-start"] {
			o.JobSequenceStart = c.seqStart
		}
		o = withSettings(o, e.cfg, given)
		if err := checkOfficeCalendar(o); err != nil {
			return err
		}
		if o, err = db.UpdateOffice(ctx, o); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "updated office %s\n", o.Slug)
	}
	if m.email != "" {
		if err := setMember(ctx, e, db, o, m.email, m.role); err != nil {
			return err
		}
	}
	if m.remove != "" {
		u, err := db.GetUserByEmail(ctx, m.remove)
		if err != nil {
			return err
		}
		if err := db.RemoveFromOffice(ctx, u.ID, o.ID); errors.Is(err, storage.ErrNotFound) {
			return fmt.Errorf("%s is not in office %s", u.Email, o.Slug)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "removed %s from office %s\n", u.Email, o.Slug)
	}
	return nil
}

func setMember(ctx context.Context, e *env, db *storage.DB, o storage.Office, email, roleName string) error {
	role, err := storage.ParseRole(roleName)
	if err != nil {
		return err
	}
	u, err := db.GetUserByEmail(ctx, email)
	if err != nil {
		return err
	}
	if err := db.SetOfficeRole(ctx, u.ID, o.ID, role); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s is %s in office %s\n", u.Email, role, o.Slug)
	return nil
}

func listOffices(ctx context.Context, e *env, db *storage.DB) error {
	offices, err := db.ListOffices(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SLUG\tNAME\tDOMAIN\tTIMEZONE\tHOURS\tJOB PATTERN\tSETTINGS\tUSERS")
	for _, o := range offices {
		members, err := db.OfficeMembers(ctx, o.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", o.Slug, o.Name, orDash(o.Domain), orDash(o.TimeZone),
			orDash(o.BusinessHours), orDash(o.JobPattern), settingsSource(o), len(members))
	}
	return tw.Flush()
}

// orDash shows an unset setting as a dash, so that columns stay readable.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// settingsSource says whether office o's settings follow the
// configuration or were set for the office by a person.
func settingsSource(o storage.Office) string {
	if o.SettingsSetAt.IsZero() {
		return "as configured"
	}
	return "set here"
}

// configureOffices gives the offices whose settings follow the
// configuration (the default office, until a person sets it) the
// configuration's at every start, so that a one-office deployment's office
// is what its variables say.
func configureOffices(ctx context.Context, cfg *config.Config, db *storage.DB, log *slog.Logger) error {
	s := cfg.Office()
	// The holiday file and milestones are not copied: the office follows
	// the configuration's as long as it sets none of its own.
	n, err := db.ConfigureOffices(ctx, storage.Office{Domain: s.Domain, TimeZone: s.TimeZone,
		BusinessHours: s.BusinessHours, Holidays: s.Holidays, JobPattern: s.JobPattern, Phone: s.Phone})
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("offices that follow the configuration now have its settings", "offices", n)
	}
	return nil
}
