package handoff

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/pdftest"
)

func wantAll(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q in:\n%s", what, w, text)
		}
	}
}

func TestCoverText(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 4, 15, 0, 0, 0, loc)
	var buf bytes.Buffer
	err = WriteCover(&buf, Cover{
		JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", Internal: true, Office: "East Plano", Made: at, Location: loc,
		Fields:       []Field{{"Insured", "José Peña"}, {"Loss address", "12 Elm St, Austin TX"}},
		Participants: []Person{{Role: "Foreman", Name: "Zoë Müller", Phone: "512-555-0100"}},
		Checklist:    []ChecklistLine{{Label: "ATP", Required: true, Status: "verified", Count: 1, Verified: []string{"by ana@office on 03/03/2026"}}},
		Milestones:   []MilestoneLine{{Label: "Billing packet complete", State: "due soon", Due: at.Add(48 * time.Hour), Missing: "COS"}},
		Notes:        []Note{{At: at, Author: "ana@office", Source: "note", Text: "Drying day 3 — readings “dry”, €0 due № 2 ✓ 日本"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.CheckedText(t, "pdf", buf.Bytes())
	wantAll(t, "claim.pdf", text, "26-1001-WTR", "60-8H77-8H5", "For the office only", "Office: East Plano", "José Peña", "Foreman", "Zoë Müller", "512-555-0100",
		"ATP", "verified: by ana@office on 03/03/2026", "Billing packet complete", "missing: COS", "03/06/2026",
		"Drying day 3 — readings “dry”, €0 due # 2 * ??")
}

// TestCoverLayout: a label longer than its column wraps within it and
// never prints over its value, a long value wraps in its own column, and
// the equipment log is a table whose rows read in the order of its
// columns, their days included.
func TestCoverLayout(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 13, 0, 0, 0, loc)
	var buf bytes.Buffer
	err = WriteCover(&buf, Cover{
		JobNumber: "26-2104-MLD", ClaimNumber: "31-7K42-9Q8", Made: at, Location: loc,
		Fields: []Field{{"Paperwork: estimate, sketch, scope, photos", "overdue, due 12/01/2026"},
			{"Loss description", strings.Repeat("Water heater failed in the finished basement. ", 6)}},
		Equipment: []EquipmentLine{
			{Kind: "Dumpster", Count: 1, Vendor: "Metro Roll-Off", Note: "20 yd, driveway", Placed: at.AddDate(0, 0, -5).Add(-3 * time.Hour),
				Days: 6, Approval: "Requested"},
			{Kind: "Air scrubber", Count: 2, Vendor: "TC Equipment", Placed: at.AddDate(0, 0, -9).Add(time.Hour), PickedUp: at.AddDate(0, 0, -1),
				Days: 8},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CLAIMDESK_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "cover-layout.pdf"), buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	text := pdftest.CheckedText(t, "claim.pdf", buf.Bytes())
	wantAll(t, "claim.pdf", text,
		"Paperwork: estimate, sketch, overdue, due 12/01/2026 scope, photos",
		"Equipment Count Vendor Placed Picked up Days Approval",
		"Dumpster 1 Metro Roll-Off 12/01/2026 10:00 AM still on the job 6 Requested 20 yd, driveway",
		"Air scrubber 2 TC Equipment 11/27/2026 2:00 PM 12/05/2026 1:00 PM 8",
		"or to 12/06/2026 for equipment still on the job")
	if strings.Contains(text, "For the office only") || strings.Contains(text, "Milestones") || strings.Contains(text, "Checklist") {
		t.Errorf("the carrier's copy prints the office's sections:\n%s", text)
	}
}

func TestCorrespondenceText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	long := strings.Repeat("Moisture readings taken in every room. ", 400)
	err := WriteCorrespondence(&buf, Correspondence{
		Title: "Correspondence - job 26-1001-WTR",
		Messages: []Message{
			{Date: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), From: "Adjuster Peña <pena@carrier.example>", To: []string{"claims@office.example"},
				Subject: "Claim 60-8H77-8H5: inspección", Body: "Buenos días, señor.\n" + long,
				Attachments: []Attachment{{Filename: "Fotos año.pdf", DocType: "photo", Size: 2 << 20}}},
			{Date: time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC), Direction: "out", From: "claims@office.example", Subject: "Re: Claim 60-8H77-8H5", Body: "Noted."},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.CheckedText(t, "pdf", buf.Bytes())
	wantAll(t, "correspondence.pdf", text, "Claim 60-8H77-8H5: inspección", "Adjuster Peña <pena@carrier.example>",
		"claims@office.example", "Buenos días, señor.", "Fotos año.pdf (photo, 2.0 MB)", "Re: Claim 60-8H77-8H5", "Noted.", "Sent")
	if strings.Index(text, "inspección") > strings.Index(text, "Re: Claim") {
		t.Error("messages out of order")
	}
}

func TestFormatNote(t *testing.T) {
	t.Parallel()
	loc, _ := time.LoadLocation("America/Chicago")
	got := FormatNote(NotesClaim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", Insured: "José Peña",
		Status: "Work started 03/02/2026", Needed: []string{"COS", "Lab report"}},
		Note{At: time.Date(2026, 3, 4, 21, 5, 0, 0, time.UTC), Author: "ana@office", Text: "Day 3.\nAll dry.\n"}, loc)
	want := "03/04/2026 3:05 PM - ana@office\r\nJob 26-1001-WTR / Claim 60-8H77-8H5 - José Peña\r\n" +
		"Status of our part: Work started 03/02/2026\r\nNeeded for payment: COS, Lab report\r\nNote: Day 3.\r\nAll dry.\r\n"
	if got != want {
		t.Errorf("note:\n%q\nwant\n%q", got, want)
	}
}

// TestFormatNoteUnverified: a signed form of the packet on file, its
// signature not verified, is named apart from what is missing, as the
// claim page names it.
func TestFormatNoteUnverified(t *testing.T) {
	t.Parallel()
	n := Note{At: time.Date(2026, 3, 4, 21, 5, 0, 0, time.UTC), Author: "ana@office", Text: "Day 3."}
	for _, tt := range []struct {
		needed, unverified []string
		want               string
	}{
		{[]string{"Sketch", "Invoice"}, []string{"COS"}, "Needed for payment: Sketch, Invoice; on file, signature not verified: COS\r\n"},
		{nil, []string{"ATP", "COS"}, "Needed for payment: on file, signature not verified: ATP, COS\r\n"},
		{nil, nil, "Needed for payment: nothing; the billing packet is complete\r\n"},
	} {
		got := FormatNote(NotesClaim{JobNumber: "26-1001-WTR", Needed: tt.needed, Unverified: tt.unverified}, n, time.UTC)
		if !strings.Contains(got, tt.want) {
			t.Errorf("needed %v, unverified %v:\n%q\nwant %q in it", tt.needed, tt.unverified, got, tt.want)
		}
	}
}

// A deadline of a day (the ATP of work started on a day alone) is told as
// the day, without the close it ends at.
func TestCoverDueDay(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 4, 15, 0, 0, 0, loc)
	var buf bytes.Buffer
	err = WriteCover(&buf, Cover{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", Internal: true, Made: at, Location: loc,
		Milestones: []MilestoneLine{{Label: "ATP signed before work", State: "overdue", Due: time.Date(2026, 3, 3, 18, 0, 0, 0, loc), DueDay: true,
			Missing: "ATP"}}})
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.CheckedText(t, "pdf", buf.Bytes())
	wantAll(t, "claim.pdf", text, "overdue, due 03/03/2026, missing: ATP")
	if strings.Contains(text, "6:00 PM") {
		t.Errorf("the day's deadline has a clock time:\n%s", text)
	}
}
