// Command gen writes the held-out mailbox of a third office (Evergreen
// Dry-Out & Restoration, Tacoma): claims.csv, inbox/, sent/ and truth.json.
// It needs pdftoppm (poppler-utils) to render the scans.
//
//	go run ./cmd/claimdesk/testdata/heldout/gen cmd/claimdesk/testdata/heldout
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const claimsCSV = `job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email
WTR-260412,53-8B21-4T60,State Farm,93-CQ-4412-7,Thanh Nguyen,"2214 Birchwood Dr, Tacoma, WA 98406",Water,Rachel Kim,rachel.kim@statefarm.example
WTR-260413,0623456789,Allstate,904112558,Maria Delgado,"87 Alder Ct SW, Lakewood, WA 98499",Water,Tom Becker,tbecker@claims.allstate.example
FIR-260414,H-55190273,Travelers,TRV-601-448-2913,Gary Whitfield,"15 Summit View Rd NW, Gig Harbor, WA 98335",Fire,Dana Ortiz,dortiz@travelers.example
WTR-260415,CLM-2026-004512,Cascade Mutual Insurance,CMH-220917,Peter Okonkwo,"3302 N Proctor St, Tacoma, WA 98407",Water,Heidi Larsen,hlarsen@cascademutual.example
MLD-260416,30254B778912-0001,Hanover Insurance (Sedgwick),HNV-7781209,Harbor Point Condominium Association,"4410 Ruston Way Unit 12, Tacoma, WA 98402",Mold,Marcus Webb,marcus.webb@sedgwick.example
WTR-260417,3008124577-1-1,Farmers,0-91-446218-5,Linh Tran,"915 S 56th St, Tacoma, WA 98408",Water,Beth Carlson,bcarlson@farmersinsurance.example
WTR-260418,PM-0078812,PEMCO Mutual,HO-3318842,Rosa Hernández,"1420 E 34th St, Tacoma, WA 98404",Water,Kyle Dunn,kdunn@pemco.example
WTR-260419,7401A339218,Nationwide,7846HO992114,Kim Nguyen,"6021 Pacific Ave, Tacoma, WA 98408",Water,Omar Haddad,ohaddad@nationwide.example
`

type truthMessage struct {
	File          string       `json:"file"`
	MessageID     string       `json:"message_id"`
	Subject       string       `json:"subject"`
	Kind          string       `json:"kind"`
	ExpectClaim   *string      `json:"expect_claim"`
	ClaimOptional bool         `json:"claim_optional"`
	NeedsAck      bool         `json:"needs_ack"`
	OCR           bool         `json:"ocr,omitempty"`
	Attachments   []attachment `json:"attachments"`
}

type attachment struct {
	Filename string `json:"filename"`
	DocType  string `json:"doc_type"`
}

func hostOf(addr string) string {
	_, h, _ := strings.Cut(addr, "@")
	return strings.TrimSuffix(h, ">")
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	for _, d := range []string{"inbox", "sent"} {
		must(os.RemoveAll(filepath.Join(dir, d)))
		must(os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	must(os.WriteFile(filepath.Join(dir, "claims.csv"), []byte(claimsCSV), 0o644))
	var truth struct {
		Office   string         `json:"office"`
		Messages []truthMessage `json:"messages"`
	}
	truth.Office = office
	for i, m := range inbox() {
		name := fmt.Sprintf("%04d.eml", i+1)
		must(os.WriteFile(filepath.Join(dir, "inbox", name), m.bytes(), 0o644))
		t := truthMessage{File: name, MessageID: "<" + m.id + ">", Subject: m.subject, Kind: m.kind,
			ClaimOptional: m.optional, NeedsAck: m.needsAck, OCR: m.ocr, Attachments: []attachment{}}
		if m.claim != "" {
			c := m.claim
			t.ExpectClaim = &c
		}
		for _, d := range m.docs {
			t.Attachments = append(t.Attachments, attachment{d[0], d[1]})
		}
		truth.Messages = append(truth.Messages, t)
	}
	for i, m := range sentMail() {
		must(os.WriteFile(filepath.Join(dir, "sent", fmt.Sprintf("%04d.eml", i+1)), m.bytes(), 0o644))
	}
	b, err := json.MarshalIndent(truth, "", " ")
	must(err)
	must(os.WriteFile(filepath.Join(dir, "truth.json"), append(b, '\n'), 0o644))
}
