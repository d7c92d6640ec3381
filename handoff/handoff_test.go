package handoff

import (
	"bytes"
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
		JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", Office: "East Plano", Made: at, Location: loc,
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
	wantAll(t, "claim.pdf", text, "26-1001-WTR", "60-8H77-8H5", "Office: East Plano", "José Peña", "Foreman", "Zoë Müller", "512-555-0100",
		"ATP", "verified: by ana@office on 03/03/2026", "Billing packet complete", "missing: COS", "03/06/2026",
		"Drying day 3 — readings “dry”, €0 due # 2 * ??")
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
