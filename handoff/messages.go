package handoff

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Message is an email as the correspondence PDF prints it.
type Message struct {
	Date        time.Time
	Direction   string // in or out
	From        string
	To          []string
	Cc          []string
	Subject     string
	MessageID   string
	Body        string // the text, or the text of the sanitised HTML
	Attachments []Attachment
}

// Attachment is a file a message carried, listed by name.
type Attachment struct {
	Filename string
	DocType  string
	Size     int64
	// Words say what the file is for readers outside the office ("signed
	// work authorization"); a plain correspondence prints them alone.
	Words string
}

// Correspondence is a run of messages printed together.
type Correspondence struct {
	// Title heads the first page ("Correspondence - job 26-1001-WTR").
	Title    string
	Messages []Message
	Location *time.Location
	// Plain prints the messages as readers outside the office take them:
	// no Message-IDs, and each file by its name and Words, without the
	// office's type codes and sizes.
	Plain bool
}

// maxBodyRunes bounds the text printed per message: a forwarded thread
// of megabytes would make a PDF nobody reads; the .eml keeps all of it.
const maxBodyRunes = 200_000

// WriteCorrespondence writes the messages, in the order given, to w as
// one PDF: each message's headers, text and attachment list.
func WriteCorrespondence(w io.Writer, c Correspondence) error {
	loc := c.Location
	if loc == nil {
		loc = time.UTC
	}
	d := newDoc(c.Title, c.Title)
	d.title(c.Title)
	if len(c.Messages) == 0 {
		d.text("No messages.")
	}
	for i, m := range c.Messages {
		if i > 0 {
			d.pdf.Ln(3)
			x, y := d.pdf.GetXY()
			d.pdf.Line(x, y, 216-pageMargin, y)
			d.pdf.Ln(3)
		}
		d.message(m, loc, c.Plain)
	}
	return d.finish(w)
}

// message prints one message; plain as Correspondence.Plain says.
func (d *doc) message(m Message, loc *time.Location, plain bool) {
	d.pdf.SetFont("Helvetica", "B", 11)
	d.pdf.MultiCell(0, 6, d.tr(orDefault(m.Subject, "(no subject)")), "", "L", false)
	dir := "Received"
	if m.Direction == "out" {
		dir = "Sent"
	}
	d.field(dir, dateTime(m.Date, loc))
	d.field("From", m.From)
	if len(m.To) > 0 {
		d.field("To", strings.Join(m.To, ", "))
	}
	if len(m.Cc) > 0 {
		d.field("Cc", strings.Join(m.Cc, ", "))
	}
	d.field("Subject", m.Subject)
	if m.MessageID != "" && !plain {
		d.field("Message-ID", m.MessageID)
	}
	if len(m.Attachments) > 0 {
		var names []string
		for _, a := range m.Attachments {
			names = append(names, attachmentLine(a, plain))
		}
		d.field("Attachments", strings.Join(names, "\n"))
	}
	d.pdf.Ln(2)
	body := strings.TrimSpace(m.Body)
	if r := []rune(body); len(r) > maxBodyRunes {
		body = string(r[:maxBodyRunes]) + "\n[... text cut here; the original message has the rest]"
	}
	d.text(orDefault(body, "(no text)"))
}

// attachmentLine names file a in a message's list: with its type and size
// for the office, with what it is in words (or its name alone) when plain.
func attachmentLine(a Attachment, plain bool) string {
	switch {
	case !plain:
		return fmt.Sprintf("%s (%s, %s)", a.Filename, orDefault(a.DocType, "file"), size(a.Size))
	case strings.TrimSpace(a.Words) != "":
		return a.Filename + " (" + a.Words + ")"
	}
	return a.Filename
}

// orDefault is s, or dflt when s is blank.
func orDefault(s, dflt string) string {
	if strings.TrimSpace(s) == "" {
		return dflt
	}
	return s
}

// size says a file's size for people.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
