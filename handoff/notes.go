package handoff

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// NotesClaim is what every copied note repeats about its claim, so a note
// pasted into the job system or the carrier's portal stands on its own.
type NotesClaim struct {
	JobNumber   string
	ClaimNumber string
	Insured     string
	// Status is where our part of the job stands, in words ("Work started
	// 03/02/2026; equipment picked up 03/05/2026").
	Status string
	// Needed lists what the carrier still needs from us before paying
	// (the billing packet's missing documents), in words.
	Needed []string
	// Unverified lists the signed forms of the billing packet on file
	// whose signatures the office has not verified yet, in words.
	Unverified []string
}

// FormatNote returns note n of claim c as plain text in the layout
// Restore 365 and XactAnalysis notes use: date and author, the claim, the
// status of our part, what is needed for payment, then the note itself.
// Lines end in CRLF, which both systems' text boxes keep as typed.
func FormatNote(c NotesClaim, n Note, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteString("\r\n")
	}
	line("%s - %s", n.At.In(loc).Format("01/02/2006 3:04 PM"), orDefault(n.Author, "office"))
	line("Job %s / Claim %s%s", c.JobNumber, c.ClaimNumber, prefixed(" - ", c.Insured))
	line("Status of our part: %s", orDefault(c.Status, "not started"))
	needed := "nothing; the billing packet is complete"
	if len(c.Needed) > 0 || len(c.Unverified) > 0 {
		needed = strings.Join(c.Needed, ", ")
	}
	if len(c.Unverified) > 0 {
		needed = strings.TrimPrefix(needed+"; on file, signature not verified: "+strings.Join(c.Unverified, ", "), "; ")
	}
	line("Needed for payment: %s", needed)
	line("Note: %s", strings.ReplaceAll(strings.TrimSpace(strings.ReplaceAll(n.Text, "\r\n", "\n")), "\n", "\r\n"))
	return b.String()
}

// ClaimNote is a note with what it says of its claim: as the claim stood
// when the note was recorded, which a later change of the claim does not
// rewrite.
type ClaimNote struct {
	Claim NotesClaim
	Note
}

// WriteNotes writes notes to w, oldest first, separated by blank lines.
func WriteNotes(w io.Writer, notes []ClaimNote, loc *time.Location) error {
	for i, n := range notes {
		s := FormatNote(n.Claim, n.Note, loc)
		if i > 0 {
			s = "\r\n" + s
		}
		if _, err := io.WriteString(w, s); err != nil {
			return fmt.Errorf("write notes: %w", err)
		}
	}
	return nil
}

func prefixed(prefix, s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return prefix + s
}
