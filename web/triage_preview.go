package web

import (
	"cmp"
	"context"
	"strings"
	"unicode"

	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
)

// snippetRunes bounds the first line triage shows of a message's body.
const snippetRunes = 140

// sentTo names which of the office's addresses a message went to: the
// To and Cc addresses in the office's domain or the mailbox's own; when
// none is, as for mail the office got as a Bcc or forwarded, the mailbox
// it arrived in; failing that, whom it was addressed to. Mail the office
// sent says to whom it went.
func sentTo(row storage.TriageRow, domain string) []string {
	if row.Direction == "out" {
		return firstN(row.Recipients, 2)
	}
	box := mailboxAddress(row.Mailbox, domain)
	var own []string
	for _, a := range row.Recipients {
		if inDomain(a, domain) || box != "" && strings.EqualFold(a, box) {
			own = append(own, a)
		}
	}
	switch {
	case len(own) > 0:
		return firstN(own, 2)
	case box != "":
		return []string{box}
	}
	return firstN(row.Recipients, 2)
}

// forwarded says, of mail an account or a rule forwarded automatically
// into the office's mailbox, the address it was sent to, the forwarder's,
// and the mailbox's address it was forwarded to ("" when the mailbox's
// login is no address); ok is false for mail that came straight. Its To
// says little then: the forwarder's own address, or one of the office's
// that passed it on, or the mailbox when taken for a Bcc.
func forwarded(row storage.TriageRow, domain string) (by, into string, ok bool) {
	box := mailboxAddress(row.Mailbox, domain)
	if row.Direction == "out" || row.ForwardedBy == "" || box != "" && mailparse.SameMailbox(row.ForwardedBy, box) {
		return "", "", false
	}
	return row.ForwardedBy, box, true
}

// mailboxAddress is the address of a mailbox account, named login@host:
// its login when that is an address, or the account when it is one of the
// office's addresses; "" when it is neither (a login such as "claims").
func mailboxAddress(account, domain string) string {
	if i := strings.LastIndex(account, "@"); strings.Contains(account[:max(i, 0)], "@") {
		return account[:i]
	}
	if inDomain(account, domain) {
		return account
	}
	return ""
}

func inDomain(address, domain string) bool {
	return domain != "" && strings.HasSuffix(strings.ToLower(address), "@"+strings.ToLower(domain))
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "…")
	}
	return s
}

// firstLine is the line of a body that says what the message is about:
// the first that is not blank, a greeting or quoted text, in one line of
// at most snippetRunes, control characters dropped. HTML mail is read as
// text first; the page escapes what remains.
func firstLine(text, html string) string {
	if strings.TrimSpace(text) == "" && html != "" {
		text = mailparse.HTMLToText(html)
	}
	for line := range strings.Lines(text) {
		line = strings.Join(strings.FieldsFunc(line, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r)
		}), " ")
		if line == "" || strings.HasPrefix(line, ">") || isGreeting(line) {
			continue
		}
		if r := []rune(line); len(r) > snippetRunes {
			line = strings.TrimSpace(string(r[:snippetRunes])) + "…"
		}
		return line
	}
	return ""
}

// isGreeting reports whether line is only a salutation ("Hello,", "Hi
// Gretchen,"), which says nothing of what the message is about.
func isGreeting(line string) bool {
	if len(line) > 40 || !strings.HasSuffix(line, ",") && !strings.HasSuffix(line, "!") {
		return false
	}
	first, _, _ := strings.Cut(strings.ToLower(line), " ")
	switch strings.TrimRight(first, ",!") {
	case "hello", "hi", "hey", "dear", "good", "greetings", "hola", "buenos", "buenas", "estimado", "estimada", "all", "team":
		return true
	}
	return false
}

// officeDomains is each office's mail domain: its own, or the one the
// configuration names.
func (s *Server) officeDomains(ctx context.Context) (map[int64]string, error) {
	all, err := s.db.ListOffices(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(all))
	for _, o := range all {
		out[o.ID] = cmp.Or(o.Domain, s.opts.OfficeDomain)
	}
	return out, nil
}
