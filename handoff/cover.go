package handoff

import (
	"io"
	"strconv"
	"strings"
	"time"
)

// Field is one labelled value of a claim.
type Field struct {
	Label string
	Value string
}

// Person is someone on the claim: a participant, the adjuster.
type Person struct {
	Role  string
	Name  string
	Email string
	Phone string
}

// ChecklistLine is one document of the paperwork checklist.
type ChecklistLine struct {
	Label    string
	Required bool
	Status   string // in words: missing, on file, verified, ...
	Count    int
	// Verified lists the signed forms of the type a person checked, with
	// who and when, in words.
	Verified []string
}

// MilestoneLine is one milestone of the claim's timeline.
type MilestoneLine struct {
	Label   string
	State   string
	Due     time.Time // zero: no deadline yet
	MetAt   time.Time // zero: not met
	Missing string    // what is still outstanding, in words
}

// EquipmentLine is one line of the claim's equipment log, for billing.
type EquipmentLine struct {
	What     string // "6 × Air mover (Sunbelt)"
	Placed   time.Time
	PickedUp time.Time // zero: still on the job
	// Days are the days billed (placed until picked up, or until the
	// packet was made); -1 when it was never placed.
	Days     int
	Approval string // in words; empty when none was needed
}

// Note is a note or update recorded on the claim.
type Note struct {
	At     time.Time
	Author string
	Source string // note or email
	Text   string
}

// Cover is what a claim's cover sheet shows.
type Cover struct {
	JobNumber   string
	ClaimNumber string
	// Office is the name of the office whose claim it is.
	Office string
	// Fields are the claim's fields, in the order printed.
	Fields       []Field
	Participants []Person
	Checklist    []ChecklistLine
	Milestones   []MilestoneLine
	// Stages are the job's stages recorded so far (work started, ...).
	Stages []Field
	// Equipment is the claim's equipment log with its billed days.
	Equipment []EquipmentLine
	// Notes are the claim's notes and updates, oldest first.
	Notes []Note
	// Made is when the packet was made; Location the office's time zone.
	Made     time.Time
	Location *time.Location
}

// WriteCover writes the cover sheet of a claim packet, claim.pdf, to w.
func WriteCover(w io.Writer, c Cover) error {
	loc := c.location()
	d := newDoc("Claim "+c.JobNumber, "Job "+c.JobNumber+" - claim "+c.ClaimNumber)
	d.title("Job " + c.JobNumber + " - claim " + c.ClaimNumber)
	if c.Office != "" {
		d.line("Office: "+c.Office, true)
	}
	d.line("Packet made "+dateTime(c.Made, loc), false)

	d.heading("Claim")
	for _, f := range c.Fields {
		d.field(f.Label, f.Value)
	}
	d.heading("Participants")
	if len(c.Participants) == 0 {
		d.text("None recorded.")
	}
	for _, p := range c.Participants {
		d.field(p.Role, joinNonEmpty(", ", p.Name, p.Email, p.Phone))
	}
	if len(c.Stages) > 0 {
		d.heading("Job stages")
		for _, f := range c.Stages {
			d.field(f.Label, f.Value)
		}
	}
	if len(c.Equipment) > 0 {
		d.heading("Equipment")
		for _, e := range c.Equipment {
			d.field(e.What, equipmentWords(e, loc))
		}
	}
	d.heading("Checklist")
	for _, it := range c.Checklist {
		req := "required"
		if !it.Required {
			req = "not required"
		}
		d.field(it.Label, joinNonEmpty(", ", it.Status, req, countWord(it.Count)))
		for _, v := range it.Verified {
			d.field("", "verified: "+v)
		}
	}
	d.heading("Milestones")
	for _, m := range c.Milestones {
		parts := []string{m.State}
		if !m.Due.IsZero() {
			parts = append(parts, "due "+dateTime(m.Due, loc))
		}
		if !m.MetAt.IsZero() {
			parts = append(parts, "met "+dateTime(m.MetAt, loc))
		}
		if m.Missing != "" {
			parts = append(parts, "missing: "+m.Missing)
		}
		d.field(m.Label, strings.Join(parts, ", "))
	}
	d.heading("Notes and updates")
	if len(c.Notes) == 0 {
		d.text("None recorded.")
	}
	for _, n := range c.Notes {
		d.line(joinNonEmpty(" - ", dateTime(n.At, loc), n.Author, n.Source), true)
		d.text(n.Text)
		d.pdf.Ln(1)
	}
	return d.finish(w)
}

// equipmentWords say when a line was placed and picked up, the days
// billed and its approval.
func equipmentWords(e EquipmentLine, loc *time.Location) string {
	var parts []string
	if !e.Placed.IsZero() {
		parts = append(parts, "placed "+dateTime(e.Placed, loc))
	}
	if !e.PickedUp.IsZero() {
		parts = append(parts, "picked up "+dateTime(e.PickedUp, loc))
	} else if !e.Placed.IsZero() {
		parts = append(parts, "still on the job")
	}
	switch {
	case e.Days == 1:
		parts = append(parts, "1 day")
	case e.Days >= 0:
		parts = append(parts, strconv.Itoa(e.Days)+" days")
	}
	if e.Approval != "" {
		parts = append(parts, e.Approval)
	}
	return strings.Join(parts, ", ")
}

func (c Cover) location() *time.Location {
	if c.Location == nil {
		return time.UTC
	}
	return c.Location
}

// countWord says how many documents are on file.
func countWord(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 document"
	}
	return strconv.Itoa(n) + " documents"
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
