package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

//go:embed templates
var templateFiles embed.FS

// pageData is what every page template gets.
type pageData struct {
	Title string
	// Nav names the current section of the navigation (sla, claims,
	// triage, messages).
	Nav  string
	User *storage.User
	// CSRF is the session's token, put into every form that posts.
	CSRF string
	// Disconnected are the mailboxes claimdesk cannot reach now: while
	// one is, its new mail does not arrive, and every page says so.
	Disconnected []mailboxNote
	// NoMailbox says no mailbox is watched yet: no mail arrives.
	NoMailbox bool
	// Triage counts the messages of the viewer's offices waiting in
	// triage, which the navigation's Triage link shows; render counts them
	// unless the page did.
	Triage int
	// Offices is the office switcher of a person of several offices, and
	// OfficeNames the names rows show while they look at all of them;
	// both empty for one office.
	Offices     *officeSwitch
	OfficeNames map[int64]string
	// Path is the page's own address, where the office switcher returns.
	Path string
	// ReadOnly says the viewer may change nothing the page is about: the
	// layout says so once. A page about one office's claim or message
	// sets it; render sets it for the offices the viewer reads.
	ReadOnly bool
	// Mine is the "All claims | Mine" toggle of the pages that offer it;
	// nil elsewhere.
	Mine *mineSwitch
	Data any
	// scope is the viewer's, which Acts asks.
	scope scope
}

// SettingsNav reports whether the page is one of the settings pages, which
// the Settings link and its own navigation lead between.
func (p pageData) SettingsNav() bool {
	switch p.Nav {
	case "users", "templates", "people", "calendars", "mailboxes", "tokens":
		return true
	}
	return false
}

// Acts reports whether the viewer may change the office's things: a page
// offers a row's forms only then, since the server refuses the others.
func (p pageData) Acts(office int64) bool { return p.scope.canAct(office) }

// Administrator reports whether the viewer administers an office: the
// server's settings are named to them alone.
func (p pageData) Administrator() bool { return p.scope.isAdmin() }

// pages are the parsed templates, one set per page: the layout, the
// partials and the page itself.
type pages struct {
	byName map[string]*template.Template
}

// loadPages parses the embedded templates. They are part of the binary, so
// a template that does not parse is a bug the tests catch: it panics.
func loadPages(loc *time.Location, who func(string) string) *pages {
	shared := template.Must(template.New("").Funcs(pageFuncs(loc, who)).ParseFS(templateFiles, "templates/layout/*.html"))
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err)
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, file := range names {
		name := strings.TrimSuffix(path.Base(file), ".html")
		p.byName[name] = template.Must(template.Must(shared.Clone()).ParseFS(templateFiles, file))
	}
	return p
}

// pageFuncs are the functions templates call, times shown on loc's clock
// and people named by who.
func pageFuncs(loc *time.Location, who func(string) string) template.FuncMap {
	funcs := template.FuncMap{
		// who names the person a row says did something (displayNames).
		"who":    who,
		"static": staticURL,
		"dotted": dotted,
		"when": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(loc).Format("Mon Jan 2, 15:04")
		},
		// clockTime is when's time of day alone, for a list of today's.
		"clockTime": func(t time.Time) string { return t.In(loc).Format("15:04") },
		// whenOffice is when of a time put in its office's zone: it shows
		// in that zone, named when it is not the viewer's (home), so that
		// a board of offices in several zones says whose clock a
		// deadline is on.
		"whenOffice": func(t time.Time, home *time.Location) string {
			return officeClock(t, "Mon Jan 2, 15:04", home)
		},
		"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		// dayOffice and isoDay tell a day known without its time, put in
		// its office's zone: mail that names only the day.
		"dayOffice": func(t time.Time) string { return t.Format("Mon Jan 2") },
		"isoDay":    func(t time.Time) string { return t.Format(time.DateOnly) },
		// dueDay and isoDueDay tell a deadline of a day alone by the day
		// its close ends (sla.ClosingDay).
		"dueDay":     func(t time.Time) string { return sla.ClosingDay(t).Format("Mon Jan 2") },
		"isoDueDay":  func(t time.Time) string { return sla.ClosingDay(t).String() },
		"outboxList": newOutboxList,
		// docLabel names a document type in words: pages never show codes.
		"docLabel": docTypeLabel,
		// sourceLabel names claim origins in words, for the same reason.
		"sourceLabel": sourceLabel,
		"whereLabel":  classify.WhereWords,
		// matchLabel says why evidence points at a claim, and
		// statusLabel names a message's status, in words.
		"matchLabel":  matchWords,
		"matchShown":  matchShown,
		"statusLabel": messageStatusLabel,
		// businessTime is a span of business minutes in words.
		"businessTime": businessSpanText,
		// roleLabel names a participant role in words.
		"roleLabel": roleLabel,
		// outboxKindLabel names what kind of mail the office sent.
		"outboxKindLabel": outboxKindLabel,
		// personRow gives a person row of the record form the roles its
		// spare rows offer.
		"personRow": func(row participantRow, roles []roleOption) personRowView { return personRowView{row, roles} },
		// The buttons that send the office's templates, worded as the
		// templates page names them (reply_buttons.go).
		"ackButton":    func() string { return buttonAcknowledge },
		"updateButton": func() string { return buttonSendUpdate },
	}
	maps.Copy(funcs, formFuncs())
	return funcs
}

// formFuncs give a page's forms what they post with: the row or button
// they act on and the session's CSRF token, as one value a template can
// pass to the form's own template.
func formFuncs() template.FuncMap {
	return template.FuncMap{
		// remindForm gives a reminder button its form's CSRF token, and
		// where it leads back to.
		"remindForm": newRemindForm,
		// tokenRow gives an API token's row its revoke form's CSRF token.
		"tokenRow": func(row apiTokenRow, csrf string) apiTokenRowForm { return apiTokenRowForm{row, csrf} },
		// markSeen gives a "mark seen" button its message, note, label and
		// form's CSRF token.
		"markSeen": func(id int64, note, label, csrf string) markSeenView {
			return markSeenView{ID: id, Note: note, Label: label, CSRF: csrf}
		},
		"markSeenFrom": func(id int64, note, label, next, csrf string) markSeenView {
			return markSeenView{ID: id, Note: note, Label: label, CSRF: csrf, Next: next}
		},
		// requestDoneForm gives a request's "Mark done" what it asked, its
		// claim's job on a page of many claims, where it leads back to and
		// its form's CSRF token.
		"requestDoneForm": func(id int64, asked, job, next, csrf string) requestDoneFormView {
			return requestDoneFormView{ID: id, Asked: asked, Job: job, Next: next, CSRF: csrf}
		},
		// askedForm gives an "I sent it" button its equipment line and
		// form's CSRF token.
		"askedForm": func(id int64, csrf string) askedFormView { return askedFormView{id, csrf} },
		// claimReturnedForm gives the claim page's returned mail its
		// forms' CSRF token, and whether the viewer may act on it.
		"claimReturnedForm": func(r claimReturned, canEdit bool, csrf string) claimReturnedForm {
			return claimReturnedForm{r, canEdit, csrf}
		},
		// claimStepForm gives a next step of the claim page its forms'
		// CSRF token.
		"claimStepForm": func(st claimStep, csrf string) claimStepFormView { return claimStepFormView{st, csrf} },
		// sentForm gives a reminder's "I sent it" button its form's CSRF
		// token, and where it leads back to.
		"sentForm": newReminderSentForm,
		// addPersonForm gives a line's "Add to the claim" its claim, role,
		// the people to pick from and its form's CSRF token.
		"addPersonForm": func(claim int64, role string, people []storage.Person, csrf string) addPersonFormView {
			return addPersonFormView{claim, role, people, csrf}
		},
	}
}

// render answers with page name. It renders into a buffer first, so that a
// failing template gives a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) {
	if sess := sessionFrom(r.Context()); sess != nil {
		data.User = &sess.User
		data.CSRF = sess.CSRFToken
		if data.Nav != "mailboxes" { // that page says it in full
			data.Disconnected = s.disconnectedMailboxes(r)
		}
		data.NoMailbox = s.noMailbox(r)
		if data.Triage == 0 { // not counted by the page itself
			data.Triage = s.triageCount(r)
		}
	}
	sc := scopeFrom(r.Context())
	data.Offices, data.OfficeNames, data.Path = officeSwitchOf(sc), rowOffices(sc), r.URL.RequestURI()
	data.scope = sc
	data.ReadOnly = data.User != nil && (data.ReadOnly || sc.readsOnly())
	t, ok := s.pages.byName[name]
	if !ok {
		s.log.Error("no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// warnUnlessGone logs a read that a page does without. A reader who leaves
// mid-load cancels the page's reads: nothing is wrong, so no warning.
func (s *Server) warnUnlessGone(msg string, err error) {
	level := slog.LevelWarn
	if errors.Is(err, context.Canceled) {
		level = slog.LevelDebug
	}
	s.log.Log(context.Background(), level, msg, "err", err)
}

// triageCount is how many messages of the caller's offices wait in triage.
// A page still renders when it cannot be read: the count is the part to
// lose.
func (s *Server) triageCount(r *http.Request) int {
	n, err := s.db.CountTriage(r.Context(), scopeFrom(r.Context()).offices())
	if err != nil {
		s.warnUnlessGone("count messages in triage", err)
		return 0
	}
	return n
}

// disconnectedMailboxes lists the mailboxes of the caller's offices being
// retried. A page still renders when the list cannot be read: the warning
// is the part to lose.
func (s *Server) disconnectedMailboxes(r *http.Request) []mailboxNote {
	healths, err := s.db.MailboxHealths(r.Context())
	if err != nil {
		s.warnUnlessGone("read mailbox health", err)
		return nil
	}
	var retrying []storage.MailboxHealth
	var names []string
	for _, h := range healths {
		if h.State == storage.MailboxRetrying {
			retrying = append(retrying, h)
			names = append(names, h.Account)
		}
	}
	if len(retrying) == 0 {
		return nil
	}
	in, err := s.db.MailboxAccountsIn(r.Context(), scopeFrom(r.Context()).offices(), names)
	if err != nil {
		s.warnUnlessGone("read offices of mailboxes", err)
		return nil
	}
	// The database's mailboxes are fixed with claimdesk mailbox commands,
	// the others in the settings.
	rows, err := s.db.MailboxAccounts(r.Context())
	if err != nil {
		s.warnUnlessGone("read mailboxes", err)
		return nil
	}
	managed := map[string]*storage.MailboxAccount{}
	for i := range rows {
		managed[rows[i].Name] = &rows[i]
	}
	var out []mailboxNote
	for _, h := range retrying {
		if in[h.Account] {
			out = append(out, newMailboxNote(h, managed[h.Account]))
		}
	}
	return out
}

// dotted joins what a label has, skipping what is empty, with " · ": a
// claim without a claim number yet is "Brian Kessler", never
// " · Brian Kessler".
func dotted(parts ...string) string {
	kept := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}
