// Command gen writes the second unseen mailbox of a fifth office (Peach State
// Restoration, Marietta GA): claims.csv, inbox/, sent/ and truth.json.
//
//	go run ./cmd/claimdesk/testdata/unseen2/gen cmd/claimdesk/testdata/unseen2
package main

import (
	"time"

	"github.com/claimdesk/claimdesk/internal/corpusgen"
)

const office = "claims@peachstaterestore.example"

var eastern = time.FixedZone("EST", -5*3600)

// at is a time of the week the mail arrives: day 0 is Monday 14 December.
func at(day, hour, min int) time.Time {
	return time.Date(2026, 12, 14+day, hour, min, 0, 0, eastern)
}

// The week's mail is written with corpusgen's types and documents.
type (
	msg   = corpusgen.Msg
	file  = corpusgen.File
	claim = corpusgen.Claim
)

var (
	textPDF  = corpusgen.TextPDF
	esx      = corpusgen.ESX
	pdfFile  = corpusgen.PDFFile
	octetPDF = corpusgen.OctetPDF
	jpg      = corpusgen.JPG
	lines    = corpusgen.Lines
	withIDs  = corpusgen.WithIDs
)

func main() {
	corpusgen.BoundaryTag = "peach"
	corpusgen.Main(office, claims, inbox(), sent())
}
