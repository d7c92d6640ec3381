package web

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// apiMailbox is one watched mailbox and how its connection is doing.
type apiMailbox struct {
	Account string `json:"account"`
	// Managed: kept in the database (claimdesk mailbox add); otherwise
	// configured by CLAIMDESK_IMAP_URL.
	Managed bool   `json:"managed"`
	Host    string `json:"host,omitempty"`
	Auth    string `json:"auth,omitempty"`
	// State is connected, retrying, or unknown before a watcher has
	// reported.
	State         string     `json:"state"`
	LastSuccessAt *time.Time `json:"last_success_at"`
	LastError     string     `json:"last_error"`
	// Problem is the kind of the last error: password_refused,
	// login_refused, token_refused, unreachable, tls, or empty.
	Problem     string     `json:"problem"`
	LastErrorAt *time.Time `json:"last_error_at"`
	ErrorFolder string     `json:"error_folder,omitempty"`
	Failures    int        `json:"failures"`
	RetryAt     *time.Time `json:"retry_at"`
	// WatchedBy is the claimdesk process (host:pid) watching the mailbox,
	// empty while none does.
	WatchedBy      string     `json:"watched_by"`
	WatchedBySince *time.Time `json:"watched_by_since"`
}

// handleAPIMailboxes lists the mailboxes claimdesk watches with their
// connection state, last success, last error and next retry. A short list:
// one page, no cursor.
func (s *Server) handleAPIMailboxes(w http.ResponseWriter, r *http.Request) {
	items, _, err := s.watchedMailboxes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next_cursor": ""})
}

// watchedMailboxes returns the mailboxes of the caller's offices by name,
// those kept in the database and those a watcher reported on, and the
// database's rows.
func (s *Server) watchedMailboxes(ctx context.Context) ([]*apiMailbox, []storage.MailboxAccount, error) {
	accounts, err := s.db.MailboxAccounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	healths, err := s.db.MailboxHealths(ctx)
	if err != nil {
		return nil, nil, err
	}
	byName := map[string]*apiMailbox{}
	for _, a := range accounts {
		byName[a.Name] = &apiMailbox{Account: a.Name, Managed: true, Host: a.Host, Auth: a.Auth, State: "unknown"}
	}
	for _, h := range healths {
		m := byName[h.Account]
		if m == nil {
			m = &apiMailbox{Account: h.Account}
			byName[h.Account] = m
		}
		m.State, m.LastError, m.Problem, m.ErrorFolder, m.Failures = h.State, h.LastError, h.Problem, h.ErrorFolder, h.Failures
		m.LastSuccessAt, m.LastErrorAt, m.RetryAt = optionalTime(h.LastSuccessAt), optionalTime(h.LastErrorAt), optionalTime(h.RetryAt)
		if h.State == storage.MailboxConnected {
			m.RetryAt = nil
		}
	}
	watchers, err := s.db.MailboxWatchers(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, wr := range watchers {
		if m := byName[wr.Account]; m != nil {
			m.WatchedBy, m.WatchedBySince = wr.Process, optionalTime(wr.Since)
		}
	}
	items, err := s.mailboxesInScope(ctx, byName)
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Account < items[j].Account })
	return items, accounts, nil
}

// mailboxesInScope returns the mailboxes of the caller's offices: another
// office's inbox, its host and its errors are its own.
func (s *Server) mailboxesInScope(ctx context.Context, byName map[string]*apiMailbox) ([]*apiMailbox, error) {
	names := make([]string, 0, len(byName))
	for name := range byName {
		names = append(names, name)
	}
	in, err := s.db.MailboxAccountsIn(ctx, scopeFrom(ctx).offices(), names)
	if err != nil {
		return nil, err
	}
	items := make([]*apiMailbox, 0, len(in))
	for name, m := range byName {
		if in[name] {
			items = append(items, m)
		}
	}
	return items, nil
}

// optionalTime is nil for the zero time, so JSON says null rather than
// year one.
func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
