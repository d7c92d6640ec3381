package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// mailboxNote is a mailbox claimdesk cannot reach, as every page says it:
// one short line for everyone (Address, Why), and for administrators what
// fixes it (Fix) with the mail server's own answer folded away.
type mailboxNote struct {
	// Address is the mailbox's address; Name its name in claimdesk's
	// mailbox commands.
	Address, Name string
	// Why says what is wrong in plain words.
	Why string
	// Fix is the administrator's next step: words and commands.
	Fix []fixPart
	// Detail is what the mail server (or the provider) answered.
	Detail                 string
	Failures               int
	LastSuccessAt, RetryAt time.Time
}

// fixPart is a piece of a next step: words, or a command to type (Code).
type fixPart struct {
	Text string
	Code bool
}

func fixWords(s string) fixPart   { return fixPart{Text: s} }
func fixCommand(s string) fixPart { return fixPart{Text: s, Code: true} }

// newMailboxNote words h, a mailbox being retried; m is its row when it is
// kept in the database, nil when it comes from CLAIMDESK_IMAP_URL.
func newMailboxNote(h storage.MailboxHealth, m *storage.MailboxAccount) mailboxNote {
	n := mailboxNote{Address: watchedAddress(h.Account, m), Name: h.Account, Why: problemWords(h.Problem, m),
		Detail: h.LastError, Failures: h.Failures, LastSuccessAt: h.LastSuccessAt, RetryAt: h.RetryAt}
	n.Fix = append(problemFix(h.Problem, h.Account, m),
		fixWords(" "), fixCommand("claimdesk mailbox test "+h.Account), fixWords(" shows what the mail server answers."))
	return n
}

// watchedAddress is the address of a mailbox: its user, which a
// CLAIMDESK_IMAP_URL mailbox's name (user@host:port) starts with.
func watchedAddress(name string, m *storage.MailboxAccount) string {
	if m != nil {
		return m.User
	}
	if settingsMailbox(name) {
		return name[:strings.LastIndex(name, "@")]
	}
	return name
}

// settingsMailbox reports whether a mailbox not in the database is one of
// CLAIMDESK_IMAP_URL's, by its name's form: user@host:port.
func settingsMailbox(name string) bool {
	i := strings.LastIndex(name, "@")
	return i > 0 && strings.Contains(name[i:], ":")
}

// problemWords says what is wrong with a mailbox, for anyone.
func problemWords(problem string, m *storage.MailboxAccount) string {
	switch problem {
	case storage.MailboxProblemPassword:
		return "the mail server refused its password"
	case storage.MailboxProblemLogin:
		return "the mail server refused claimdesk's sign-in"
	case storage.MailboxProblemToken:
		if m != nil && m.Provider != "" {
			return "its " + providerName(m.Provider) + " sign-in has expired or was withdrawn"
		}
		return "its sign-in has expired or was withdrawn"
	case storage.MailboxProblemUnreachable:
		return "claimdesk cannot reach the mail server"
	case storage.MailboxProblemTLS:
		return "the secure connection to the mail server failed"
	}
	return "claimdesk cannot connect to it"
}

func providerName(p string) string {
	switch p {
	case "microsoft":
		return "Microsoft"
	case "google":
		return "Google"
	}
	return p
}

// problemFix is the administrator's next step for a mailbox's problem.
func problemFix(problem, name string, m *storage.MailboxAccount) []fixPart {
	switch problem {
	case storage.MailboxProblemPassword:
		if m == nil {
			return []fixPart{fixWords("Put its right password in CLAIMDESK_IMAP_URL (/etc/claimdesk/claimdesk.conf) and restart claimdesk.")}
		}
		return []fixPart{fixWords("On the server, give it the right password (or an app password): "),
			fixCommand("claimdesk mailbox passwd " + name), fixWords(" tries it before saving.")}
	case storage.MailboxProblemToken:
		return tokenFix(name, m)
	case storage.MailboxProblemLogin:
		return []fixPart{fixWords("Check that the app may open this mailbox and that IMAP is on for it (README: Connecting mailboxes).")}
	case storage.MailboxProblemUnreachable:
		where := []fixPart{fixWords(" ("), fixCommand("claimdesk mailbox list"), fixWords(" shows it)")}
		if m == nil {
			where = []fixPart{fixWords(" in CLAIMDESK_IMAP_URL")}
		}
		return append(append([]fixPart{fixWords("Check the mail server's address")}, where...),
			fixWords(" and that this machine reaches it: network, firewall, the server itself."))
	case storage.MailboxProblemTLS:
		setting := "its TLS setting"
		if m == nil {
			setting = "its tls= in CLAIMDESK_IMAP_URL"
		}
		return []fixPart{fixWords("Check " + setting + " (tls for port 993, starttls for 143); a server with a certificate of its own needs it trusted by this machine.")}
	}
	return nil
}

// tokenFix is the next step when the provider refuses the credentials:
// new ones, given by adding the mailbox again.
func tokenFix(name string, m *storage.MailboxAccount) []fixPart {
	remove := fixCommand("claimdesk mailbox remove " + name)
	if m != nil && m.Auth == storage.MailboxAuthOAuthUser {
		return []fixPart{fixWords("Ask for the person's consent again: "), remove, fixWords(", then "),
			fixCommand("claimdesk mailbox connect --provider " + m.Provider + " --user " + m.User + " …"), fixWords(".")}
	}
	first, add := "Give it new credentials: ", "claimdesk mailbox add …"
	if m != nil && m.Auth == storage.MailboxAuthMicrosoftApp {
		first, add = "Make the app a new client secret or certificate (Microsoft Entra admin center), then ", "claimdesk mailbox add --auth microsoft --user "+m.User+" …"
	} else if m != nil && m.Auth == storage.MailboxAuthGoogleServiceAccount {
		first, add = "Make the service account a new key (Google Cloud console), then ", "claimdesk mailbox add --auth google --user "+m.User+" …"
	}
	return []fixPart{fixWords(first), remove, fixWords(" and "), fixCommand(add), fixWords(" with it.")}
}

// noMailbox reports whether the page should say that no mailbox is
// watched yet: the settings name none and the database holds none.
func (s *Server) noMailbox(r *http.Request) bool {
	if !s.opts.WarnNoMailbox {
		return false
	}
	found, err := s.db.HasMailboxAccounts(r.Context())
	if err != nil {
		s.warnUnlessGone("look for mailboxes", err)
		return false
	}
	return !found
}
