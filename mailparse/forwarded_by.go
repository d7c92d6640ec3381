package mailparse

import (
	"strings"

	"github.com/emersion/go-message"
)

// forwardedBy is the address whose automatic forwarding brought a message
// with header h, sent by from, to the mailbox that holds it; "" for mail
// that came straight (to the mailbox, one of its +tag addresses, or as a
// Bcc). It reads the marks forwarders leave, the first found of:
//   - X-Forwarded-For, which Gmail writes as the forwarding account, then
//     where it sent the message (a web form's client address is no mail
//     address, and is not taken);
//   - X-MS-Exchange-Inbox-Rules-Loop, the mailbox whose Exchange rule
//     passed the message on, unless it is the sender's own (an
//     out-of-office reply carries it too);
//   - the delivery headers: a message delivered to one address before the
//     mailbox's (Delivered-To, one per delivery, the latest first), or
//     first addressed to another one (X-Original-To, an alias's).
func forwardedBy(h message.Header, from string, deliveredTo, originalTo []string) string {
	if f := strings.Fields(h.Get("X-Forwarded-For")); len(f) > 0 {
		if a := strings.Trim(f[0], "<>,"); strings.Contains(a, "@") {
			return a
		}
	}
	if a := strings.Trim(strings.TrimSpace(h.Get("X-Ms-Exchange-Inbox-Rules-Loop")), "<>"); strings.Contains(a, "@") &&
		!strings.EqualFold(a, from) {
		return a
	}
	if len(deliveredTo) == 0 {
		return ""
	}
	earlier := append(append([]string(nil), originalTo...), deliveredTo[1:]...)
	for i := len(earlier) - 1; i >= 0; i-- {
		if !SameMailbox(earlier[i], deliveredTo[0]) {
			return earlier[i]
		}
	}
	return ""
}

// SameMailbox reports whether two addresses reach one mailbox: the same
// but for case and a +tag (mail to claims+26-1017@ is mail to claims@).
func SameMailbox(a, b string) bool {
	base := func(addr string) string {
		local, domain, _ := strings.Cut(strings.ToLower(strings.TrimSpace(addr)), "@")
		local, _, _ = strings.Cut(local, "+")
		return local + "@" + domain
	}
	return base(a) == base(b)
}
