package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/internal/testenv"
)

// The mail of the fault-injection tests: messages about a dozen claims,
// every third with a PDF estimate (so filing and stamping happen), every
// tenth from a homeowner without a claim reference (so triage happens).

const faultOfficeDomain = "office.example"

// faultClaims are the claims the generated mail is about.
var faultClaims = func() [][2]string {
	var out [][2]string // job number, claim number
	for i := range 12 {
		out = append(out, [2]string{fmt.Sprintf("26-%d-WTR", 1001+i), fmt.Sprintf("06834497%02d", 10+i)})
	}
	return out
}()

func faultClaimsCSV() string {
	var b strings.Builder
	b.WriteString("job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email\n")
	for i, c := range faultClaims {
		fmt.Fprintf(&b, "%s,%s,State Farm,PX-%d,Insured %d,%d Harbor Road,Water,Ann Adjuster,ann@carrier.example\n",
			c[0], c[1], 100+i, i, 10+i)
	}
	return b.String()
}

// faultMail is one generated message and what claimdesk must make of it.
type faultMail struct {
	messageID string // as the header has it, with angle brackets
	raw       []byte
	sha256    string
	job       string // the claim it is filed to; "" when it goes to triage
	pdfName   string // its PDF attachment, "" when it has none
	pdfSHA256 string
}

// generateFaultMail makes messages number first to first+n-1; numbers
// decide the kind, so any range mixes all of them.
func generateFaultMail(first, n int) []faultMail {
	out := make([]faultMail, 0, n)
	for i := first; i < first+n; i++ {
		out = append(out, faultMessage(i))
	}
	return out
}

func faultMessage(i int) faultMail {
	m := faultMail{messageID: fmt.Sprintf("<fault-%d@carrier.example>", i)}
	var b strings.Builder
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("Date", "Tue, 03 Nov 2026 09:00:00 -0600")
	header("Message-ID", m.messageID)
	header("To", "claims@"+faultOfficeDomain)
	header("MIME-Version", "1.0")
	filler := strings.Repeat("The moisture readings are in the log. ", 20)
	if i%10 == 7 {
		header("From", fmt.Sprintf("Pat Homeowner <pat%d@home.example>", i))
		header("Subject", fmt.Sprintf("Question about the fans (%d)", i))
		header("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(&b, "\r\nHello, when will the fans in the basement be picked up? Note %d.\r\n%s\r\n", i, filler)
		return m.finish(b.String())
	}
	claim := faultClaims[i%len(faultClaims)]
	m.job = claim[0]
	header("From", "Ann Adjuster <ann@carrier.example>")
	header("Subject", fmt.Sprintf("Claim %s - update %d", claim[1], i))
	text := fmt.Sprintf("Please see the update for claim %s. Note %d.\r\n%s\r\n", claim[1], i, filler)
	if i%3 != 0 {
		header("Content-Type", "text/plain; charset=utf-8")
		b.WriteString("\r\n" + text)
		return m.finish(b.String())
	}
	pdf := faultPDF(fmt.Sprintf("Estimate %d for claim %s", i, claim[1]))
	m.pdfName = fmt.Sprintf("Estimate %d.pdf", i)
	m.pdfSHA256 = sha256Hex(pdf)
	header("Content-Type", `multipart/mixed; boundary="fault-boundary"`)
	b.WriteString("\r\n--fault-boundary\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text)
	fmt.Fprintf(&b, "--fault-boundary\r\nContent-Type: application/pdf; name=%q\r\n"+
		"Content-Disposition: attachment; filename=%q\r\nContent-Transfer-Encoding: base64\r\n\r\n", m.pdfName, m.pdfName)
	enc := base64.StdEncoding.EncodeToString(pdf)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--fault-boundary--\r\n")
	return m.finish(b.String())
}

func (m faultMail) finish(raw string) faultMail {
	m.raw = []byte(raw)
	m.sha256 = sha256Hex(m.raw)
	return m
}

func appendable(mails []faultMail) []testenv.AppendMessage {
	out := make([]testenv.AppendMessage, len(mails))
	for i, m := range mails {
		out[i] = testenv.AppendMessage{Raw: m.raw}
	}
	return out
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// faultPDF is a valid one-page PDF showing text, unique per text, so that
// no two messages bring the same document.
func faultPDF(text string) []byte {
	content := fmt.Sprintf("BT /F1 18 Tf 72 700 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		pdftest.Stream(content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	return pdftest.Objects(objs...)
}
