// Command gen writes the second unseen mailbox of a fifth office (Peach State
// Restoration, Marietta GA): claims.csv, inbox/, sent/ and truth.json.
//
//	go run ./cmd/claimdesk/testdata/unseen2/gen cmd/claimdesk/testdata/unseen2
package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const office = "claims@peachstaterestore.example"

var eastern = time.FixedZone("EST", -5*3600)

// at is a time of the week the mail arrives: day 0 is Monday 14 December.
func at(day, hour, min int) time.Time {
	return time.Date(2026, 12, 14+day, hour, min, 0, 0, eastern)
}

type claim struct {
	job, number, carrier, policy, insured, address, loss, adjuster, email string
	source                                                                string
}

type truthMessage struct {
	File          string      `json:"file"`
	MessageID     string      `json:"message_id"`
	InternalDate  time.Time   `json:"internal_date"`
	Subject       string      `json:"subject"`
	Kind          string      `json:"kind"`
	ExpectClaim   *string     `json:"expect_claim"`
	ClaimOptional bool        `json:"claim_optional"`
	NeedsAck      bool        `json:"needs_ack"`
	Attachments   []truthFile `json:"attachments"`
}

type truthFile struct {
	Filename string `json:"filename"`
	DocType  string `json:"doc_type"`
}

type truthClaim struct {
	JobNumber   string `json:"job_number,omitempty"`
	ClaimNumber string `json:"claim_number"`
	Carrier     string `json:"carrier"`
	InsuredName string `json:"insured_name"`
	LossAddress string `json:"loss_address"`
	Source      string `json:"source"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	for _, d := range []string{"inbox", "sent"} {
		must(os.RemoveAll(filepath.Join(dir, d)))
		must(os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	writeClaims(dir)
	var truth struct {
		Office   string         `json:"office"`
		Claims   []truthClaim   `json:"claims"`
		Messages []truthMessage `json:"messages"`
	}
	truth.Office = office
	for _, c := range claims {
		truth.Claims = append(truth.Claims, truthClaim{c.job, c.number, c.carrier, c.insured, c.address, c.source})
	}
	for i, m := range inbox() {
		name := fmt.Sprintf("%05d.eml", i+1)
		must(os.WriteFile(filepath.Join(dir, "inbox", name), m.bytes(), 0o644))
		truth.Messages = append(truth.Messages, label(name, m))
	}
	for i, m := range sent() {
		must(os.WriteFile(filepath.Join(dir, "sent", fmt.Sprintf("%05d.eml", i+1)), m.bytes(), 0o644))
	}
	b, err := json.MarshalIndent(truth, "", " ")
	must(err)
	must(os.WriteFile(filepath.Join(dir, "truth.json"), append(b, '\n'), 0o644))
}

func label(name string, m msg) truthMessage {
	t := truthMessage{File: name, MessageID: "<" + m.id + ">", InternalDate: m.date.Add(time.Minute),
		Subject: m.subject, Kind: m.kind, ClaimOptional: m.optional, NeedsAck: m.needsAck, Attachments: []truthFile{}}
	if m.claim != "" {
		c := m.claim
		t.ExpectClaim = &c
	}
	t.Attachments = labels(m.files)
	return t
}

// labels are the expected types of the files, those of a forwarded
// message's own files in its place.
func labels(fs []file) []truthFile {
	out := []truthFile{}
	for _, f := range fs {
		if f.inner != nil {
			out = append(out, labels(f.inner.files)...)
			continue
		}
		dt := f.docType
		if f.cid != "" {
			dt = "inline"
		}
		out = append(out, truthFile{f.name, dt})
	}
	return out
}

// writeClaims writes the claims the office knew before the week's mail.
func writeClaims(dir string) {
	f, err := os.Create(filepath.Join(dir, "claims.csv"))
	must(err)
	w := csv.NewWriter(f)
	must(w.Write(strings.Split("job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email", ",")))
	for _, c := range claims {
		if c.source == "csv" {
			must(w.Write([]string{c.job, c.number, c.carrier, c.policy, c.insured, c.address, c.loss, c.adjuster, c.email}))
		}
	}
	w.Flush()
	must(w.Error())
	must(f.Close())
}

// withIDs gives every message without one a Message-ID of its sender's
// domain.
func withIDs(ms []msg, tag string) []msg {
	for i := range ms {
		if ms[i].id == "" {
			ms[i].id = fmt.Sprintf("%s.%s%03d@%s", ms[i].date.Format("20060102T1504"), tag, i+1, host(ms[i].from))
		}
	}
	return ms
}

func host(a string) string {
	_, h, _ := strings.Cut(a, "@")
	return strings.TrimSuffix(h, ">")
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
