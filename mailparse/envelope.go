package mailparse

import (
	"io"
	"time"
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
//
// It reads the header as ParseMessage does (an mbox "From " line on top, a
// continuation line first, a header ended without its blank line) and
// takes the fields the same way: the row stored before parsing shows the
// subject, sender and Message-ID that parsing and `claimdesk explain` show.
func ReadEnvelope(r io.Reader) Envelope {
	br := mimeGetLineReader(r)
	defer mimePutLineReader(br)
	hb, err := mimeReadHeaderBlock(br, mimeMaxMessageHeaderBytes)
	if err != nil || hb.fields == 0 {
		return Envelope{}
	}
	var m Message
	// A parser of no message: fillHeader only notes warnings on m.
	(&mimeParser{}).fillHeader(&m, hb.header)
	return Envelope{
		MessageID:  m.MessageID,
		InReplyTo:  m.InReplyTo,
		References: m.References,
		FromAddr:   m.From.Email,
		FromName:   m.From.Name,
		Subject:    m.Subject,
		Date:       m.Date,
	}
}
