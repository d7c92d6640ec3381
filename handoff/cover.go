package handoff

import (
	"io"
	"slices"
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
	DueDay  bool      // Due is the close of a day given alone: told as the day
	MetAt   time.Time // zero: not met
	Missing string    // what is still outstanding, in words
}

// EquipmentLine is one line of the claim's equipment log, for billing.
type EquipmentLine struct {
	Kind   string // "Air mover"
	Count  int
	Vendor string
	Note   string
	Placed time.Time // zero: never placed
	// PickedUp is zero while the equipment is on the job.
	PickedUp time.Time
	// Days are the days billed (placed until picked up, or until the
	// packet was made); -1 when it was never placed.
	Days int
	// Approval is the carrier's approval in a word (Requested, Approved,
	// Denied); empty when none was needed.
	Approval string
	// Hauls are when a dumpster or pod was swapped, oldest first: each is
	// a haul fee.
	Hauls []time.Time
}

// Note is a note or update recorded on the claim.
type Note struct {
	At     time.Time
	Author string
	Source string // note or email
	Text   string
}

// Cover is what a claim's cover sheet shows. The sheet prints the
// sections it is given: the web layer decides what a carrier's copy holds
// and what only the office's does.
type Cover struct {
	JobNumber   string
	ClaimNumber string
	// Internal marks the office's own copy, which says on its first line
	// that it is not for the carrier and prints the checklist, milestones
	// and notes; a carrier's copy has none of them.
	Internal bool
	// Office is the name of the office whose claim it is, on the
	// office's copy.
	Office string
	// Fields are the claim's fields, in the order printed.
	Fields       []Field
	Participants []Person
	// Stages are the job's dates recorded so far (work started, ...).
	Stages []Field
	// Equipment is the claim's equipment log with its billed days.
	Equipment []EquipmentLine
	// Enclosed say what else the packet holds: a folder and what is in it.
	Enclosed []Field
	// Checklist, Milestones and Notes are printed on the office's copy
	// only.
	Checklist  []ChecklistLine
	Milestones []MilestoneLine
	// Notes are the claim's notes and updates, oldest first.
	Notes []Note
	// Made is when the packet was made; Location the office's time zone.
	Made     time.Time
	Location *time.Location
}

// WriteCover writes the cover sheet of a claim packet to w.
func WriteCover(w io.Writer, c Cover) error {
	loc := c.location()
	d := newDoc("Job "+c.JobNumber+" - summary", "Job "+c.JobNumber+" - claim "+c.ClaimNumber)
	d.title("Job " + c.JobNumber + " - claim " + c.ClaimNumber)
	if c.Internal {
		d.line("For the office only: our checklist, milestones and notes. Not for the carrier.", true)
		if c.Office != "" {
			d.line("Office: "+c.Office, false)
		}
	}
	d.line("Job summary made "+dateTime(c.Made, loc), false)

	d.heading("Claim")
	for _, f := range c.Fields {
		d.field(f.Label, f.Value)
	}
	if len(c.Participants) > 0 {
		d.heading("People")
		for _, p := range c.Participants {
			d.field(p.Role, joinNonEmpty(", ", p.Name, p.Email, p.Phone))
		}
	}
	if len(c.Stages) > 0 {
		d.heading("Job dates")
		for _, f := range c.Stages {
			d.field(f.Label, f.Value)
		}
	}
	if len(c.Equipment) > 0 {
		d.heading("Equipment")
		d.equipment(c.Equipment, c.Made, loc)
	}
	if len(c.Enclosed) > 0 {
		d.heading("Enclosed")
		for _, f := range c.Enclosed {
			d.field(f.Label, f.Value)
		}
	}
	if c.Internal {
		c.writeInternal(d, loc)
	}
	return d.finish(w)
}

// writeInternal writes what only the office's copy shows: the checklist,
// the milestones and the notes.
func (c Cover) writeInternal(d *doc, loc *time.Location) {
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
		switch {
		case m.DueDay:
			// The day the close ends, as sla.ClosingDay: a close at
			// midnight is the day before's.
			parts = append(parts, "due "+m.Due.In(loc).Add(-time.Nanosecond).Format("01/02/2006"))
		case !m.Due.IsZero():
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
}

// equipmentColumns are the equipment table's headings and widths in
// millimetres; the last takes what is left of the page.
var equipmentColumns = []cell{
	{40, "Equipment", true}, {12, "Count", true}, {34, "Vendor", true}, {31, "Placed", true},
	{31, "Picked up", true}, {11, "Days", true}, {0, "Approval", true},
}

// equipment writes the equipment log as a table, one line of the log a
// row, and says how its days are counted.
func (d *doc) equipment(lines []EquipmentLine, made time.Time, loc *time.Location) {
	cols := slices.Clone(equipmentColumns)
	rest := d.contentWidth()
	for _, c := range cols[:len(cols)-1] {
		rest -= c.width
	}
	cols[len(cols)-1].width = rest
	head := func() {
		d.row(8, nil, cols...)
		y := d.pdf.GetY()
		d.pdf.Line(pageMargin, y, pageMargin+d.contentWidth(), y)
	}
	head()
	for _, e := range lines {
		pickedUp := shortDateTime(e.PickedUp, loc)
		if e.PickedUp.IsZero() && !e.Placed.IsZero() {
			pickedUp = "still on the job"
		}
		days := ""
		if e.Days >= 0 {
			days = strconv.Itoa(e.Days)
		}
		values := []string{joinNonEmpty("\n", e.Kind, haulWords(e.Hauls, loc), e.Note), strconv.Itoa(e.Count), e.Vendor,
			shortDateTime(e.Placed, loc), pickedUp, days, e.Approval}
		row := make([]cell, len(cols))
		for i, c := range cols {
			row[i] = cell{c.width, values[i], false}
		}
		d.row(8, head, row...)
	}
	d.pdf.Ln(1)
	d.font(false, 8)
	d.pdf.MultiCell(0, 4, d.tr("Days: calendar days from placement to pickup (at least one), or to "+
		officeDay(made, loc)+" for equipment still on the job. Times are "+loc.String()+" time."), "", "L", false)
}

// haulWords say a line's hauls and their days, for the haul fees: "2
// hauls: 12/01/2026, 12/04/2026"; empty for none.
func haulWords(hauls []time.Time, loc *time.Location) string {
	if len(hauls) == 0 {
		return ""
	}
	days := make([]string, len(hauls))
	for i, at := range hauls {
		days[i] = officeDay(at, loc)
	}
	n := "1 haul"
	if len(hauls) > 1 {
		n = strconv.Itoa(len(hauls)) + " hauls"
	}
	return n + ": " + strings.Join(days, ", ")
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
