package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/storage"
)

// listedMailbox is one line of claimdesk mailbox list.
type listedMailbox struct {
	name, host, user, login, from string
}

// mailboxList shows every mailbox, from the database, from
// CLAIMDESK_IMAP_URL and those a running serve watches from its own
// settings, with how its connection is doing, its times in its office's
// zone. No secrets.
func mailboxList(ctx context.Context, e *env, db *storage.DB) error {
	listed, err := listedMailboxes(ctx, e.cfg, db)
	if err != nil {
		return err
	}
	healths, err := db.MailboxHealths(ctx)
	if err != nil {
		return err
	}
	health := map[string]storage.MailboxHealth{}
	for _, h := range healths {
		health[h.Account] = h
	}
	zoneOf, err := mailboxZones(ctx, e.cfg, db)
	if err != nil {
		return err
	}
	zones := map[string]bool{}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSERVER\tUSER\tLOGIN\tFROM\tSTATE\tLAST SUCCESS\tLAST ERROR")
	for _, m := range listed {
		zone := zoneOf(m.name)
		zones[zone.words] = true
		at := zone.format
		h, ok := health[m.name]
		state, success, lastErr := "not yet watched", "never", ""
		if ok {
			state = h.State
			if h.State == storage.MailboxRetrying && !h.RetryAt.IsZero() {
				state += fmt.Sprintf(" (%d failures, next try %s)", h.Failures, at(h.RetryAt))
			}
			if !h.LastSuccessAt.IsZero() {
				success = at(h.LastSuccessAt)
			}
			if h.LastError != "" {
				lastErr = at(h.LastErrorAt) + " " + oneLine(h.LastError, 100)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.name, m.host, m.user, m.login, m.from, state, success, lastErr)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return sayZones(e, zones)
}

// sayZones ends the list with the zone its times are in, or says that
// each is its mailbox's office's.
func sayZones(e *env, zones map[string]bool) error {
	if len(zones) > 1 {
		_, err := fmt.Fprintln(e.stdout, "Times are in the time zone of each mailbox's office, named after each time.")
		return err
	}
	for words := range zones {
		_, err := fmt.Fprintf(e.stdout, "Times are in %s.\n", words)
		return err
	}
	return nil
}

// listedMailboxes are the database's mailboxes, CLAIMDESK_IMAP_URL's, and
// those a running serve watches from settings this command was not given
// (its CLAIMDESK_IMAP_URL, or the sample mailbox of serve --demo).
func listedMailboxes(ctx context.Context, cfg *config.Config, db *storage.DB) ([]listedMailbox, error) {
	managed, err := db.MailboxAccounts(ctx)
	if err != nil {
		return nil, err
	}
	watchers, err := db.MailboxWatchers(ctx)
	if err != nil {
		return nil, err
	}
	var out []listedMailbox
	seen := map[string]bool{}
	add := func(m listedMailbox) {
		if !seen[m.name] {
			seen[m.name] = true
			out = append(out, m)
		}
	}
	for _, m := range managed {
		add(listedMailbox{m.Name, m.Host, m.User, loginName(m), "database"})
	}
	for _, a := range cfg.IMAP {
		add(listedMailbox{a.Name(), a.Host, a.User, "password", "CLAIMDESK_IMAP_URL"})
	}
	for _, w := range watchers {
		if strings.HasSuffix(w.Account, sampleMailboxSuffix) {
			add(listedMailbox{w.Account, "built in", strings.TrimSuffix(w.Account, sampleMailboxSuffix), "password", "serve --demo on " + w.Process})
			continue
		}
		// A CLAIMDESK_IMAP_URL mailbox is named user@host:port.
		i := strings.LastIndex(w.Account, "@")
		add(listedMailbox{w.Account, w.Account[i+1:], w.Account[:max(i, 0)], "password", "CLAIMDESK_IMAP_URL of serve on " + w.Process})
	}
	return out, nil
}

// listZone is a zone mailbox list gives times in, and its words for the
// list's last line.
type listZone struct {
	loc   *time.Location
	words string
}

// mailboxZones returns the zone of each mailbox's times, as the dashboard
// shows them: its office's (officeZones); its office is
// storage.MailboxOffice.
func mailboxZones(ctx context.Context, cfg *config.Config, db *storage.DB) (func(account string) listZone, error) {
	zoneOf, err := officeZones(ctx, cfg, db)
	if err != nil {
		return nil, err
	}
	folders, err := db.MailboxFolders(ctx, storage.AllOffices)
	if err != nil {
		return nil, err
	}
	return func(account string) listZone {
		return zoneOf(storage.MailboxOffice(account, folders))
	}, nil
}

// officeZones returns the zone of each office's times, as the dashboard
// shows them: the office's own, else CLAIMDESK_TIMEZONE's (configuredZone).
func officeZones(ctx context.Context, cfg *config.Config, db *storage.DB) (func(office int64) listZone, error) {
	offices, err := db.ListOffices(ctx)
	if err != nil {
		return nil, err
	}
	configured := configuredZone(cfg)
	zones := map[int64]listZone{}
	for _, o := range offices {
		zones[o.ID] = configured
		if loc, err := time.LoadLocation(o.TimeZone); o.TimeZone != "" && err == nil {
			zones[o.ID] = listZone{loc, loc.String() + ", the office's time zone"}
		}
	}
	return func(office int64) listZone {
		if z, ok := zones[office]; ok {
			return z
		}
		return configured
	}, nil
}

// configuredZone is CLAIMDESK_TIMEZONE's zone, else this machine's.
func configuredZone(cfg *config.Config) listZone {
	if cfg.TimeZoneSet {
		return listZone{cfg.Location, cfg.Location.String() + " (CLAIMDESK_TIMEZONE)"}
	}
	return listZone{time.Local, "this machine's time zone, " + zoneName(time.Local) + " (CLAIMDESK_TIMEZONE names the office's)"}
}

// defaultOfficeZone is the zone of the default office's times: that of
// what belongs to no one office (API tokens, migrations).
func defaultOfficeZone(ctx context.Context, cfg *config.Config, db *storage.DB) (listZone, error) {
	zoneOf, err := officeZones(ctx, cfg, db)
	if err != nil {
		return listZone{}, err
	}
	return zoneOf(storage.DefaultOfficeID), nil
}

// format is t on the zone's clock, the zone named after it.
func (z listZone) format(t time.Time) string { return t.In(z.loc).Format("2006-01-02 15:04 MST") }

// zoneName names loc, "Local" by the abbreviation it has now.
func zoneName(loc *time.Location) string {
	if loc.String() != "Local" {
		return loc.String()
	}
	name, _ := time.Now().In(loc).Zone()
	return name
}
