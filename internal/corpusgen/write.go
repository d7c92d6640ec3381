// Package corpusgen writes the labelled mailboxes the classifier is
// measured on, from a generator's claims and messages: claims.csv,
// inbox/, sent/ and truth.json in the layout of ../shared/corpus (see its
// README). Each held-out office's generator (cmd/claimdesk/testdata/*/gen)
// keeps its own people, claims and week of mail, in its own wording.
package corpusgen

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Claim is one of the office's claims: Source "csv" for those it knew
// before the week's mail (claims.csv), "assignment" for those the mail
// hands over.
type Claim struct {
	Job, Number, Carrier, Policy, Insured, Address, Loss, Adjuster, Email string
	Source                                                                string
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

// Main writes the mailbox of office into the directory its one argument
// names: its claims, the inbox and sent messages, and their labels.
func Main(office string, claims []Claim, inbox, sent []Msg) {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	for _, d := range []string{"inbox", "sent"} {
		must(os.RemoveAll(filepath.Join(dir, d)))
		must(os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	writeClaims(dir, claims)
	var truth struct {
		Office   string         `json:"office"`
		Claims   []truthClaim   `json:"claims"`
		Messages []truthMessage `json:"messages"`
	}
	truth.Office = office
	for _, c := range claims {
		truth.Claims = append(truth.Claims, truthClaim{c.Job, c.Number, c.Carrier, c.Insured, c.Address, c.Source})
	}
	for i, m := range inbox {
		name := fmt.Sprintf("%05d.eml", i+1)
		must(os.WriteFile(filepath.Join(dir, "inbox", name), m.Bytes(), 0o644))
		truth.Messages = append(truth.Messages, label(name, m))
	}
	for i, m := range sent {
		must(os.WriteFile(filepath.Join(dir, "sent", fmt.Sprintf("%05d.eml", i+1)), m.Bytes(), 0o644))
	}
	b, err := json.MarshalIndent(truth, "", " ")
	must(err)
	must(os.WriteFile(filepath.Join(dir, "truth.json"), append(b, '\n'), 0o644))
}

func label(name string, m Msg) truthMessage {
	t := truthMessage{File: name, MessageID: "<" + m.ID + ">", InternalDate: m.Date.Add(time.Minute),
		Subject: m.Subject, Kind: m.Kind, ClaimOptional: m.Optional, NeedsAck: m.NeedsAck, Attachments: []truthFile{}}
	if m.Claim != "" {
		c := m.Claim
		t.ExpectClaim = &c
	}
	t.Attachments = labels(m.Files)
	return t
}

// labels are the expected types of the files, those of a forwarded
// message's own files in its place.
func labels(fs []File) []truthFile {
	out := []truthFile{}
	for _, f := range fs {
		if f.Inner != nil {
			out = append(out, labels(f.Inner.Files)...)
			continue
		}
		dt := f.DocType
		if f.CID != "" {
			dt = "inline"
		}
		out = append(out, truthFile{f.Name, dt})
	}
	return out
}

// writeClaims writes the claims the office knew before the week's mail.
func writeClaims(dir string, claims []Claim) {
	f, err := os.Create(filepath.Join(dir, "claims.csv"))
	must(err)
	w := csv.NewWriter(f)
	must(w.Write(strings.Split("job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email", ",")))
	for _, c := range claims {
		if c.Source == "csv" {
			must(w.Write([]string{c.Job, c.Number, c.Carrier, c.Policy, c.Insured, c.Address, c.Loss, c.Adjuster, c.Email}))
		}
	}
	w.Flush()
	must(w.Error())
	must(f.Close())
}

// WithIDs gives every message without one a Message-ID of its sender's
// domain.
func WithIDs(ms []Msg, tag string) []Msg {
	for i := range ms {
		if ms[i].ID == "" {
			ms[i].ID = fmt.Sprintf("%s.%s%03d@%s", ms[i].Date.Format("20060102T1504"), tag, i+1, host(ms[i].From))
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
