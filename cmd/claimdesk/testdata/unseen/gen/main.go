// Command gen writes the unseen mailbox of a fourth office (Buckeye Dry &
// Restore, Columbus OH): claims.csv, inbox/, sent/ and truth.json.
//
//	go run ./cmd/claimdesk/testdata/unseen/gen cmd/claimdesk/testdata/unseen
package main

import (
	"time"

	"github.com/claimdesk/claimdesk/internal/corpusgen"
)

const office = "claims@buckeyedry.example"

var eastern = time.FixedZone("EST", -5*3600)

// at is a time of the week the mail arrives: day 0 is Monday 30 November.
func at(day, hour, min int) time.Time {
	return time.Date(2026, 11, 30+day, hour, min, 0, 0, eastern)
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
	logo     = corpusgen.Logo
)

func main() {
	corpusgen.BoundaryTag = "unseen"
	corpusgen.Main(office, claims, inbox(), sent())
}
