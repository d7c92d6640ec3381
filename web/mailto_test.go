package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// TestMailtoURL writes drafts as mail links: what a mail program reads
// back is the draft, a space never a plus, lines ending in CRLF; a body
// too long is cut after a whole line and says so, the link within bounds.
func TestMailtoURL(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Moisture readings for the kitchen, the hall and the basement bedroom.\n", 60)
	for _, tc := range []struct {
		name          string
		d             outbox.Draft
		to, inReplyTo string
		body          string // "" : the draft's, in CRLF
	}{
		{name: "reply in a thread",
			d: outbox.Draft{To: []string{"claims+26-1001-WTR@office.example"}, Subject: "Re: Photos & scope = 100% done? #2",
				Body: "Hi Ann,\n\nTé & café: a+b=c\n", Thread: &storage.ThreadMessage{MessageID: "<a1@carrier.example>"}},
			to: "claims+26-1001-WTR@office.example", inReplyTo: "<a1@carrier.example>"},
		{name: "new thread, CRLF kept",
			d:  outbox.Draft{To: []string{"jake@field.example"}, Subject: "Job 26-1001-WTR", Body: "Hi Jake,\r\n\r\nThanks"},
			to: "jake@field.example"},
		{name: "long body cut at a line",
			d:    outbox.Draft{To: []string{"kevin@carrier.example"}, Subject: "Update", Body: "Hello Kevin,\n\n" + long},
			to:   "kevin@carrier.example",
			body: "cut"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			href := mailtoURL(tc.d)
			if len(href) > maxMailto || strings.ContainsAny(href, "+ \r\n") {
				t.Fatalf("%d characters, or a raw space, plus or newline: %s", len(href), href)
			}
			u, err := url.Parse(href)
			if err != nil || u.Scheme != "mailto" {
				t.Fatalf("%s: %v", href, err)
			}
			q, err := url.ParseQuery(u.RawQuery)
			if err != nil {
				t.Fatal(err)
			}
			if to, _ := url.PathUnescape(u.Opaque); to != tc.to || q.Get("subject") != tc.d.Subject || q.Get("In-Reply-To") != tc.inReplyTo {
				t.Errorf("to %q, subject %q, in reply to %q", to, q.Get("subject"), q.Get("In-Reply-To"))
			}
			body := q.Get("body")
			switch tc.body {
			case "":
				if want := strings.ReplaceAll(strings.ReplaceAll(tc.d.Body, "\r\n", "\n"), "\n", "\r\n"); body != want {
					t.Errorf("body %q, want %q", body, want)
				}
			case "cut":
				lines := strings.Split(body, "\r\n")
				if !strings.HasPrefix(body, "Hello Kevin,\r\n\r\nMoisture readings") || lines[len(lines)-1] != "…" ||
					lines[len(lines)-2] != "Moisture readings for the kitchen, the hall and the basement bedroom." || len(href) < maxMailto-200 {
					t.Errorf("a long body is not cut after a whole line, near the bound (%d): %q", len(href), body[max(0, len(body)-200):])
				}
			}
		})
	}
}
