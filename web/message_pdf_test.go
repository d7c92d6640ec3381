package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/pdftest"
)

func TestMessagePDF(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	text := b.addMessage(t, testMessage{from: "pena@carrier.example", subject: "Inspección: sótano de la Sra. Peña", arrived: b.at(time.March, 2, 9, 0),
		files: []testFile{{"Fotos año 2026.pdf", "application/pdf", []byte("%PDF-1.4\n%%EOF\n"), "photo"}}})
	htmlOnly := b.addMessage(t, testMessage{from: "xa@xactanalysis.example", subject: "Assignment 60-8H77-8H5", arrived: b.at(time.March, 2, 10, 0)})
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET from_name = 'José Peña', to_addresses = '{claims@smrestore.example}',
		body_text = 'Buenos días: el agua llegó al sótano.' WHERE id = $1`, text); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET body_text = '',
		body_html = '<p>Loss at <b>12 Elm St</b>, insured Zoë Müller</p><script>document.write("INJECTED")</script>' WHERE id = $1`, htmlOnly); err != nil {
		t.Fatal(err)
	}

	d := b.download(t, "GET", fmt.Sprintf("/messages/%d/pdf", text), nil)
	if d.status != http.StatusOK || d.contentType != "application/pdf" || d.disposition != "attachment" ||
		d.params["filename"] != "Inspección_ sótano de la Sra. Peña.pdf" {
		t.Fatalf("pdf: %d %s %s %v", d.status, d.contentType, d.disposition, d.params)
	}
	got := pdftest.CheckedText(t, "message", []byte(d.body))
	for _, want := range []string{"Inspección: sótano de la Sra. Peña", "José Peña <pena@carrier.example>", "claims@smrestore.example",
		"Buenos días: el agua llegó al sótano.", "Fotos año 2026.pdf (photo"} {
		if !strings.Contains(got, want) {
			t.Errorf("message PDF lacks %q:\n%s", want, got)
		}
	}

	d = b.download(t, "GET", fmt.Sprintf("/messages/%d/pdf", htmlOnly), nil)
	got = pdftest.CheckedText(t, "html message", []byte(d.body))
	if !strings.Contains(got, "Loss at 12 Elm St, insured Zoë Müller") || strings.Contains(got, "INJECTED") {
		t.Errorf("HTML message PDF: %s", got)
	}

	// The dashboard's PDF button works with a session, like downloads. The
	// cookie jar judges the session's expiry by the real clock.
	b.clock.Advance(time.Until(b.clock.Now()) * -1)
	b.addUser(t, "ana@smrestore.example", "correct horse battery")
	c := b.client(t)
	b.login(t, c, "ana@smrestore.example", "correct horse battery")
	if resp, body := b.do(t, c, "GET", fmt.Sprintf("/messages/%d/pdf", text), nil, nil); resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("signed in: %d %.40q", resp.StatusCode, body)
	}
	resp, body := b.do(t, b.client(t), "GET", fmt.Sprintf("/messages/%d/pdf", text), nil, nil)
	wantError(t, "no credentials", resp, body, http.StatusUnauthorized, "")
	resp, body = b.call(t, "GET", "/messages/999999/pdf", nil, nil)
	wantError(t, "unknown message", resp, body, http.StatusNotFound, "not found")
}
