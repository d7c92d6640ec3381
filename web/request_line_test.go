package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestRequestLineAnswers: the Next line "Send Priya Raman the photos",
// asked by the adjuster, offers "Email Priya", a reply to her mail that
// says what goes with it and what is not on file yet, and "I sent it",
// which closes the request and lands on it, done. A line with nothing on
// file to send is closed with "Done".
func TestRequestLineAnswers(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2106-WTR", Number: "7730415582", Insured: "Ruth Sandoval",
		Adjuster: "Priya Raman", AdjusterEmail: "praman@glcasualty.example", Opened: now.Add(-50 * time.Hour)})
	b.addDocument(t, claim, docSeed{Filename: "IMG_1.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos",
		Data: []byte("jpeg"), Received: now.Add(-time.Hour)})
	ask := func(subject string, items []string, docTypes ...string) int64 {
		msg := b.addMessage(t, msgSeed{Subject: subject, ClaimID: claim, Arrived: now.Add(-2 * time.Hour),
			From: "praman@glcasualty.example", FromName: "Priya Raman"})
		err := b.db.InTx(context.Background(), func(tx pgx.Tx) error {
			return storage.RecordRequest(context.Background(), tx, storage.NewRequest{ClaimID: claim, MessageID: msg,
				From: "praman@glcasualty.example", DocTypes: docTypes, Items: items, Text: subject, AskedAt: now.Add(-2 * time.Hour)})
		})
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		b.query(t, `SELECT id FROM requests WHERE message_id = $1`, []any{msg}, &id)
		return id
	}
	photos := ask("Photos and the COS please", []string{"dry_out_date"}, "photo", "cos")
	ask("Lab report?", nil, "lab_report")

	page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK)
	next := between(t, page, `id="next-h"`, "</section>")
	line := between(t, next, "Send Priya Raman the photos", "</li>")
	written, err := url.PathUnescape(html.UnescapeString(attrValue(t, line, `href="mailto:`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"praman@glcasualty.example?subject=Re: Photos and the COS please", "In-Reply-To=<",
		"Hello Priya,", "Please find attached the photos and the dry-out date for our job 26-2106-WTR (Ruth Sandoval), claim 7730415582, as you asked.",
		"We will send the COS (certificate of satisfaction) as soon as we have it on file."} {
		if !strings.Contains(written, want) {
			t.Errorf("Email Priya does not write %q:\n%s", want, written)
		}
	}
	for _, want := range []string{">Email Priya</a>", fmt.Sprintf(`action="/requests/%d/done"`, photos), ">I sent it</button>"} {
		if !strings.Contains(line, want) {
			t.Errorf("the request's line lacks %q:\n%s", want, line)
		}
	}
	if lab := between(t, next, "Priya Raman asked for the lab report", "</li>"); !strings.Contains(lab, ">Done</button>") {
		t.Errorf("the line of a request with nothing on file offers no Done:\n%s", lab)
	}

	resp, body := b.post(t, fmt.Sprintf("/requests/%d/done", photos),
		url.Values{"next": {attrValue(t, line, `name="next" value="`)}})
	if want := fmt.Sprintf("/claims/%d#request-%d", claim, photos); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Errorf("I sent it: %d to %q, want %q\n%s", resp.StatusCode, resp.Header.Get("Location"), want, body)
	}
	var status string
	b.query(t, `SELECT status FROM requests WHERE id = $1`, []any{photos}, &status)
	if status != storage.RequestDone {
		t.Errorf("the request is %s after I sent it", status)
	}
}

// attrValue is what follows prefix in part up to the closing quote: the
// value, or the rest of the value, of the attribute prefix starts.
func attrValue(t *testing.T, part, prefix string) string {
	t.Helper()
	i := strings.Index(part, prefix)
	if i < 0 {
		t.Fatalf("no %s in:\n%s", prefix, part)
	}
	value := part[i+len(prefix):]
	return value[:strings.Index(value, `"`)]
}
