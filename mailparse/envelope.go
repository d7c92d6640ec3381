package mailparse

import (
	"bufio"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-message/textproto"
)

// Envelope is what the pipeline reads from a raw message's header before
// storing it: enough to dedupe, thread and list it before it is fully parsed.
type Envelope struct {
	MessageID  string
	InReplyTo  string
	References []string
	FromAddr   string
	FromName   string
	Subject    string
	Date       time.Time
}

// ReadEnvelope reads the top-level header of a raw message. A broken header
// gives what could be read: the pipeline stores every message regardless.
func ReadEnvelope(r io.Reader) Envelope {
	h, _ := textproto.ReadHeader(bufio.NewReader(io.LimitReader(r, 1<<20)))
	e := Envelope{
		MessageID:  firstMsgID(h.Get("Message-Id")),
		InReplyTo:  firstMsgID(h.Get("In-Reply-To")),
		References: parseMsgIDs(h.Get("References")),
		Subject:    decodeHeaderText(h.Get("Subject")),
		Date:       parseDate(h.Get("Date")),
	}
	if from := parseAddressList(h.Get("From")); len(from) > 0 {
		e.FromAddr, e.FromName = strings.ToLower(from[0].Email), from[0].Name
	}
	return e
}
