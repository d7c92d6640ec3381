package ingest

import (
	"bufio"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-message/textproto"
)

// envelope is what ingest reads from a raw message's header before storing
// it: enough to dedupe, thread and list it before it is fully parsed.
type envelope struct {
	MessageID  string
	InReplyTo  string
	References []string
	FromAddr   string
	FromName   string
	Subject    string
	Date       time.Time
}

// readEnvelope reads the top-level header of a raw message. A broken header
// gives what could be read: ingest stores every message regardless.
func readEnvelope(r io.Reader) envelope {
	h, _ := textproto.ReadHeader(bufio.NewReader(io.LimitReader(r, 1<<20)))
	e := envelope{
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
