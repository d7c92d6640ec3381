package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestAckGreetsTheSender: the acknowledgment a message page writes for
// the mail program, in English and Spanish, greets the person it answers
// and not the claim's adjuster: the homeowner by the name the claim has
// for their address when their mail program names them by its local
// part, a neighbour by the name they sign with, a department by no name.
// The office's phone is given for anything urgent once it has one, and
// the line is left out while it has none.
func TestAckGreetsTheSender(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2101-WTR", Number: "7730415590", Carrier: "Great Lakes Casualty", Insured: "Harold Becker",
		Address: "88 Birch Ln, Anoka", LossType: "Water", Adjuster: "Alicia Moreno", AdjusterEmail: "amoreno@glcasualty.example"})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET insured_email = 'hbecker1948@inboxmail.example' WHERE id = $1`, claim); err != nil {
		t.Fatal(err)
	}
	waiting := func(from, name string) int64 {
		return b.addMessage(t, msgSeed{Subject: "Question from " + from, ClaimID: claim, NeedsAck: true, From: from, FromName: name,
			Status: storage.StatusFiled, Arrived: now.Add(-10 * time.Minute), Due: ptr(now.Add(20 * time.Minute))})
	}
	for _, tt := range []struct {
		id         int64
		en, es, to string
	}{
		{waiting("hbecker1948@inboxmail.example", "hbecker1948"), "Hello Harold,", "Hola Harold:", "Harold, the insured"},
		{waiting("naomi.f@inboxmail.example", "NAOMI FAIRBANKS"), "Hello Naomi,", "Hola Naomi:", "a neighbour"},
		{waiting("claims@glcasualty.example", "Claims Dept"), "Hello,", "Hola:", "a department"},
		{waiting("amoreno@glcasualty.example", "Alicia Moreno"), "Hello Alicia,", "Hola Alicia:", "the adjuster"},
	} {
		mail := mailLinks(t, b.get(t, fmt.Sprintf("/messages/%d", tt.id), http.StatusOK))
		en, es := mail["Reply by email"].body, mail["en español"].body
		if !strings.HasPrefix(en, tt.en+"\r\n") || !strings.HasPrefix(es, tt.es+"\r\n") {
			t.Errorf("the reply to %s starts %q and %q, want %q and %q", tt.to, greetingLine(en), greetingLine(es), tt.en, tt.es)
		}
		for _, body := range []string{en, es} {
			if strings.Contains(body, "urgent") || strings.Contains(body, "teléfono") {
				t.Errorf("the reply to %s offers a phone the office has not got:\n%s", tt.to, body)
			}
		}
	}

	if _, err := b.sql.Exec(ctx, `UPDATE offices SET phone = '(612) 555-0100' WHERE id = $1`, storage.DefaultOfficeID); err != nil {
		t.Fatal(err)
	}
	mail := mailLinks(t, b.get(t, fmt.Sprintf("/messages/%d", waiting("hbecker1948@inboxmail.example", "")), http.StatusOK))
	for label, want := range map[string]string{
		"Reply by email": "\r\n\r\nAnything urgent? Call us at (612) 555-0100.\r\n\r\nBest regards,",
		"en español":     "\r\n\r\n¿Necesita algo urgente? Llámenos al (612) 555-0100.\r\n\r\nAtentamente,",
	} {
		if body := mail[label].body; !strings.HasPrefix(body, "Hello Harold,") && !strings.HasPrefix(body, "Hola Harold:") || !strings.Contains(body, want) {
			t.Errorf("%s with the office's phone on file, want %q in:\n%s", label, want, body)
		}
	}
}

// TestAckTemplateKeepsTheAdjustersName: an office's own acknowledgment,
// saved when it could only greet the adjuster, still greets the adjuster
// by {{.AdjusterFirstName}}; {{.RecipientFirstName}} greets the sender.
func TestAckTemplateKeepsTheAdjustersName(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2102-WTR", Insured: "Ruth Sandoval", Adjuster: "Priya Raman", AdjusterEmail: "praman@glcasualty.example"})
	if err := b.db.SaveReplyTemplate(ctx, storage.ReplyTemplate{OfficeID: storage.DefaultOfficeID, Kind: storage.ReplyAck, Language: "en",
		Subject: "Received", Body: "Dear {{.RecipientFirstName}}, we copy {{.AdjusterFirstName}}."}); err != nil {
		t.Fatal(err)
	}
	id := b.addMessage(t, msgSeed{Subject: "Thank you!", ClaimID: claim, NeedsAck: true, From: "ruth.sandoval@inboxmail.example",
		FromName: "Ruth Sandoval", Status: storage.StatusFiled, Arrived: now.Add(-10 * time.Minute), Due: ptr(now.Add(20 * time.Minute))})
	mail := mailLinks(t, b.get(t, fmt.Sprintf("/messages/%d", id), http.StatusOK))
	if body := mail["Reply by email"].body; body != "Dear Ruth, we copy Priya." {
		t.Errorf("the office's template filled in %q, want the sender and the adjuster by name", body)
	}
}

// greetingLine is a mail body up to its first line break.
func greetingLine(s string) string {
	line, _, _ := strings.Cut(s, "\r\n")
	return line
}
