package web

import (
	"net/url"
	"strings"

	"github.com/claimdesk/claimdesk/outbox"
)

// maxMailto bounds a mail link: some mail programs and systems cut or
// refuse longer ones (at 2,048 characters).
const maxMailto = 2000

// mailLink opens the coordinator's mail program with a message written:
// what the pages offer where claimdesk cannot send (no CLAIMDESK_SMTP_URL).
type mailLink struct {
	Label string
	Href  string
}

// mailtoURL is draft d as a mailto: link (RFC 6068): its addressees, its
// subject, the message it answers (In-Reply-To, which keeps the reply in
// the thread in mail programs that take it) and its body. A body too long
// for maxMailto is cut after its last line that fits, marked with "…".
func mailtoURL(d outbox.Draft) string {
	to := make([]string, len(d.To))
	for i, a := range d.To {
		to[i] = strings.ReplaceAll(mailtoEscape(a), "%40", "@")
	}
	head := "mailto:" + strings.Join(to, ",") + "?subject=" + escapeWithin(d.Subject, maxMailto/4)
	if d.Thread != nil && d.Thread.MessageID != "" && len(d.Thread.MessageID) < maxMailto/4 {
		head += "&In-Reply-To=" + mailtoEscape(d.Thread.MessageID)
	}
	body := strings.ReplaceAll(strings.ReplaceAll(d.Body, "\r\n", "\n"), "\n", "\r\n")
	return head + "&body=" + escapeWithin(body, maxMailto-len(head)-len("&body="))
}

// mailtoEscape percent-encodes s for a mailto: link, a space as %20: mail
// programs read a "+" there as itself.
func mailtoEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// escapeWithin is s percent-encoded in at most n characters: whole when it
// fits, else cut after its last line that fits (a text of one line, after
// its last character that fits) and ended with "…".
func escapeWithin(s string, n int) string {
	if e := mailtoEscape(s); len(e) <= n {
		return e
	}
	mark := mailtoEscape("…")
	var b strings.Builder
	lineEnd := 0 // b's length after the last whole line
	for _, r := range s {
		e := mailtoEscape(string(r))
		if b.Len()+len(e)+len(mark) > n {
			break
		}
		b.WriteString(e)
		if r == '\n' {
			lineEnd = b.Len()
		}
	}
	out := b.String()
	if lineEnd > 0 {
		out = out[:lineEnd]
	}
	return out + mark
}
