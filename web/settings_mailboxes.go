package web

import (
	"context"
	"net/http"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// The mailboxes page shows, read only, the mailboxes of the caller's
// offices: whether mail arrives, the newest mail read, what waits, and
// for administrators what fixes a failing one. Mailboxes are added,
// changed and removed on the server (claimdesk mailbox ...), where their
// credentials stay: the page names the commands and shows no secret.

// mailboxesView is the mailboxes page.
type mailboxesView struct {
	Mailboxes []mailboxRow
	// Offices are the caller's offices, listed when there are several;
	// Office is the one office otherwise.
	Offices []officeRow
	Office  *officeRow
	// Admin: the page says what to run on the server, and what the mail
	// server answered.
	Admin bool
	// Home is the viewer's clock; times of an office on another are
	// named with their zone.
	Home *time.Location
}

// mailboxRow is one mailbox, its times on its office's clock.
type mailboxRow struct {
	mailboxNote
	// State is watching, failing, signin (its OAuth consent must be given
	// again) or waiting (no watcher has connected yet).
	State, StateLabel string
	Office            string
	Login             string
	// Managed: the server's commands or settings change it.
	Managed bool
	Folders []folderRow
	// LastErrorAt is when it last failed; LastMailAt when its newest mail
	// arrived.
	LastErrorAt, LastMailAt time.Time
	// Waiting and Failed count its messages not processed yet, and those
	// whose processing failed.
	Waiting, Failed int
}

// folderRow is a folder of a mailbox in words.
type folderRow struct {
	Name, Role string
	LastMailAt time.Time
}

// officeRow is one office on the page.
type officeRow struct {
	Name, Slug, Domain string
}

// handleMailboxesPage shows the mailboxes of the caller's offices.
func (s *Server) handleMailboxesPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.mailboxesView(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "mailboxes", pageData{Title: "Mailboxes", Nav: "mailboxes", Data: v})
}

// mailboxesView gathers the page.
func (s *Server) mailboxesView(ctx context.Context) (mailboxesView, error) {
	sc := scopeFrom(ctx)
	v := mailboxesView{Admin: sc.isAdmin()}
	items, accounts, err := s.watchedMailboxes(ctx)
	if err != nil {
		return v, err
	}
	folders, err := s.db.MailboxFolders(ctx, sc.offices())
	if err != nil {
		return v, err
	}
	if v.Home, err = s.viewerZone(ctx); err != nil {
		return v, err
	}
	managed := map[string]*storage.MailboxAccount{}
	for i := range accounts {
		managed[accounts[i].Name] = &accounts[i]
	}
	byAccount := map[string][]storage.MailboxFolder{}
	for _, f := range folders {
		byAccount[f.Account] = append(byAccount[f.Account], f)
	}
	for _, m := range items {
		v.Mailboxes = append(v.Mailboxes, s.mailboxRowOf(m, managed[m.Account], byAccount[m.Account], sc))
	}
	return v, s.addOffices(ctx, &v)
}

// mailboxRowOf words mailbox m: a is its database row (nil for one from
// CLAIMDESK_IMAP_URL), fs its folders read so far.
func (s *Server) mailboxRowOf(m *apiMailbox, a *storage.MailboxAccount, fs []storage.MailboxFolder, sc scope) mailboxRow {
	office := storage.MailboxOffice(m.Account, fs)
	loc := s.zoneOf(office)
	h := storage.MailboxHealth{Account: m.Account, State: m.State, LastError: m.LastError, Problem: m.Problem, Failures: m.Failures}
	h.LastSuccessAt, h.LastErrorAt, h.RetryAt = inZone(m.LastSuccessAt, loc), inZone(m.LastErrorAt, loc), inZone(m.RetryAt, loc)
	row := mailboxRow{mailboxNote: newMailboxNote(h, a), LastErrorAt: h.LastErrorAt}
	// One neither in the database nor in the settings is built in (the
	// demo's sample): no command changes it.
	row.Managed = a != nil || settingsMailbox(m.Account)
	if row.Managed {
		row.Login = loginWords(a)
	}
	if sc.several() {
		row.Office = sc.names[office]
	}
	row.State, row.StateLabel = mailboxState(h, a)
	for _, f := range fs {
		fr := folderRow{Name: f.Folder, Role: "mail arrives here", LastMailAt: f.LastMailAt.In(loc)}
		if f.Role == storage.RoleSent {
			fr.Role = "the office's sent mail, for its answers"
		} else if f.LastMailAt.After(row.LastMailAt) {
			row.LastMailAt = fr.LastMailAt
		}
		row.Folders = append(row.Folders, fr)
		row.Waiting += f.Waiting
		row.Failed += f.Failed
	}
	return row
}

// inZone is t on loc's clock; zero for none.
func inZone(t *time.Time, loc *time.Location) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.In(loc)
}

// mailboxState says in a word how mail reaches claimdesk from a mailbox.
func mailboxState(h storage.MailboxHealth, a *storage.MailboxAccount) (state, label string) {
	switch {
	case h.State == storage.MailboxConnected:
		return "watching", "Watching"
	case h.State != storage.MailboxRetrying:
		return "waiting", "Not connected yet"
	case h.Problem == storage.MailboxProblemToken && a != nil && a.Auth == storage.MailboxAuthOAuthUser:
		return "signin", "Sign-in needed"
	}
	return "failing", "Mail not arriving"
}

// loginWords says how claimdesk signs in to a mailbox.
func loginWords(a *storage.MailboxAccount) string {
	if a == nil {
		return "password, set in the server's settings (CLAIMDESK_IMAP_URL)"
	}
	switch a.Auth {
	case storage.MailboxAuthMicrosoftApp:
		return "Microsoft 365 app"
	case storage.MailboxAuthGoogleServiceAccount:
		return "Google service account"
	case storage.MailboxAuthOAuthUser:
		return "a person's " + providerName(a.Provider) + " sign-in"
	}
	return "password"
}

// addOffices lists the caller's offices on the page.
func (s *Server) addOffices(ctx context.Context, v *mailboxesView) error {
	ms, err := s.callerOffices(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		o := m.Office
		v.Offices = append(v.Offices, officeRow{Name: o.Name, Slug: o.Slug, Domain: s.officeDomain(o)})
	}
	if len(v.Offices) == 1 {
		v.Office, v.Offices = &v.Offices[0], nil
	}
	return nil
}
