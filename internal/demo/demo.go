// Package demo holds the sample mailbox that ships with claimdesk: seven
// business days of claims mail for a fictional restoration office, its
// claims list, and an in-memory IMAP server serving both, so `claimdesk
// serve` without a mailbox configured shows a working office.
//
// The mail is generated (see gen) and checked in; regenerate it with
// `go generate ./internal/demo`.
package demo

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"net/mail"
	"path"
	"slices"
	"strings"
	"time"
)

//go:generate go run ./gen

// OfficeDomain is the sample office's e-mail domain: mail from it is the
// office's own, everything else is from outside.
const OfficeDomain = "demo-restoration.example"

// OfficeTimeZone is the sample office's time zone, which its mail's dates
// and business hours are in.
const OfficeTimeZone = "America/Chicago"

//go:embed mail/*.eml sent/*.eml claims.csv
var files embed.FS

// Message is one sample message.
type Message struct {
	Name         string    // file name, e.g. "0007.eml"; names sort in arrival order
	Raw          []byte    // the message as delivered, CRLF line endings
	InternalDate time.Time // when the mailbox received it (its Date header)
}

// Mail returns the sample inbox in arrival order.
func Mail() ([]Message, error) { return load("mail") }

// Sent returns the office's sent mail in the order it was sent: replies
// (with In-Reply-To and References) that answer every person's mail but a
// handful of the inbox's last hour, the field's documents forwarded to the
// adjusters who asked for them, and each claim's daily update.
func Sent() ([]Message, error) { return load("sent") }

// ClaimsCSV returns the sample office's claims list in the format of
// `claimdesk claims import`. Two further claims reach the office by e-mail
// during the sample week and are not in it.
func ClaimsCSV() []byte {
	b, err := files.ReadFile("claims.csv")
	if err != nil {
		panic(err) // embedded at build time: cannot be missing
	}
	return b
}

func load(dir string) ([]Message, error) {
	names, err := fs.Glob(files, dir+"/*.eml")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	msgs := make([]Message, 0, len(names))
	for _, name := range names {
		raw, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		date, err := m.Header.Date()
		if err != nil {
			return nil, fmt.Errorf("%s: date: %w", name, err)
		}
		msgs = append(msgs, Message{Name: path.Base(name), Raw: raw, InternalDate: date})
	}
	return msgs, nil
}

// spanishSpeakers are the sample office's people who write, and are
// written to, in Spanish.
var spanishSpeakers = []string{"lortega@demo-restoration.example"}

// LanguageOf is the language the sample office writes to address in.
func LanguageOf(address string) string {
	if slices.Contains(spanishSpeakers, strings.ToLower(address)) {
		return "es"
	}
	return "en"
}
