package outbox

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"
)

// OutgoingMail is a reply as it goes out: one plain-text part, written by a
// person (so without Auto-Submitted: recipients' rules must treat it as a
// person's mail, and our own Sent-folder watcher as the office's answer).
type OutgoingMail struct {
	From      mail.Address
	To        []mail.Address
	Subject   string
	Body      string
	MessageID string // with angle brackets; NewMessageID makes one
	// InReplyTo and References thread it: the answered message's
	// Message-ID, and its References followed by that Message-ID.
	InReplyTo  string
	References []string
	Date       time.Time
}

// NewMessageID makes a Message-ID of our own, <random@domain>.
func NewMessageID(domain string) string {
	b := make([]byte, 15)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return "<" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)) + "." +
		"claimdesk@" + domain + ">"
}

// ReplySubject is the subject of a reply to subject: "Re:" once, however
// many the thread already has.
func ReplySubject(subject string) string {
	s := strings.TrimSpace(subject)
	for {
		lower := strings.ToLower(s)
		if !strings.HasPrefix(lower, "re:") && !strings.HasPrefix(lower, "re :") {
			break
		}
		_, s, _ = strings.Cut(s, ":")
		s = strings.TrimSpace(s)
	}
	if s == "" {
		return "Re:"
	}
	return "Re: " + s
}

// maxReferences bounds the References a reply carries; a long thread keeps
// its first message and the latest ones (RFC 5322 section 3.6.4).
const maxReferences = 20

// ThreadReferences are the References of a reply to a message with
// messageID and refs.
func ThreadReferences(refs []string, messageID string) []string {
	out := make([]string, 0, len(refs)+1)
	for _, r := range refs {
		if r != "" && r != messageID {
			out = append(out, r)
		}
	}
	if messageID != "" {
		out = append(out, messageID)
	}
	if len(out) > maxReferences {
		out = append(out[:1], out[len(out)-maxReferences+1:]...)
	}
	return out
}

// Compose writes m as RFC 5322 bytes: encoded-word headers for non-ASCII
// subjects and names, and a quoted-printable UTF-8 body with CRLF lines.
func Compose(m OutgoingMail) ([]byte, error) {
	if m.MessageID == "" || len(m.To) == 0 || m.From.Address == "" {
		return nil, fmt.Errorf("compose: a message needs From, To and a Message-ID")
	}
	var h mail.Header
	h.SetDate(m.Date)
	h.SetAddressList("From", []*mail.Address{&m.From})
	to := make([]*mail.Address, len(m.To))
	for i := range m.To {
		to[i] = &m.To[i]
	}
	h.SetAddressList("To", to)
	h.SetSubject(m.Subject)
	h.Set("Message-ID", m.MessageID)
	if m.InReplyTo != "" {
		h.Set("In-Reply-To", m.InReplyTo)
	}
	if len(m.References) > 0 {
		h.Set("References", strings.Join(m.References, " "))
	}
	h.Set("MIME-Version", "1.0")
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	var buf bytes.Buffer
	w, err := mail.CreateSingleInlineWriter(&buf, h)
	if err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	if _, err := io.WriteString(w, body); err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("compose: %w", err)
	}
	return buf.Bytes(), nil
}
