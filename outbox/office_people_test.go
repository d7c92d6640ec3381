package outbox

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestRemindersUseTheClaimOfficesPeopleAndWording moves the reminders'
// claim to a second office: the first office's technician is not chased
// for it, the second office's is, in the second office's Spanish wording,
// and English falls back to the first (default) office's wording, which
// the second has not replaced.
func TestRemindersUseTheClaimOfficesPeopleAndWording(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "") // Luis Campo is on the default office's list only
	ctx := t.Context()
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East", Domain: "east.example"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tmpl := range []storage.ReplyTemplate{
		{OfficeID: storage.DefaultOfficeID, Kind: storage.ReminderChaseUpload, Language: LangEnglish,
			Subject: "Main: {{.JobNumber}}", Body: "The main office asks {{.RecipientFirstName}} for photos."},
		{OfficeID: storage.DefaultOfficeID, Kind: storage.ReminderChaseUpload, Language: LangSpanish,
			Subject: "Principal: {{.JobNumber}}", Body: "La oficina principal pide fotos a {{.RecipientFirstName}}."},
		{OfficeID: east.ID, Kind: storage.ReminderChaseUpload, Language: LangSpanish,
			Subject: "Este: {{.JobNumber}}", Body: "La oficina Este pide fotos a {{.RecipientFirstName}}."},
	} {
		if err := b.db.SaveReplyTemplate(ctx, tmpl); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, b.claim.ID, east.ID); err != nil {
		t.Fatal(err)
	}

	b.now = tueMorning
	if n := b.sweep(t); n != 1 {
		t.Fatalf("sweep sent %d reminders, want 1: Marcus, and not the default office's Luis", n)
	}
	if _, err := b.db.SavePerson(ctx, storage.Person{OfficeID: east.ID, Name: "Luis Campo", Role: "technician",
		Email: "luis@east.example", Language: LangSpanish}); err != nil {
		t.Fatal(err)
	}
	if n := b.sweep(t); n != 1 {
		t.Fatalf("sweep after East listed Luis sent %d reminders, want 1", n)
	}
	b.deliverAll(t)
	bodies := map[string]string{}
	for _, m := range b.smtp.Received() {
		_, body := readMail(t, m.Raw)
		bodies[m.To[0]] += body
	}
	if _, ok := bodies["luis@field.example"]; ok || len(bodies) != 2 {
		t.Fatalf("reminders went to %v, want Marcus and East's Luis only", slices.Sorted(maps.Keys(bodies)))
	}
	if body := bodies["marcus@field.example"]; !strings.Contains(body, "The main office asks Marcus") {
		t.Errorf("Marcus's reminder is not the default office's English wording:\n%s", body)
	}
	if body := bodies["luis@east.example"]; !strings.Contains(body, "La oficina Este pide fotos a Luis") {
		t.Errorf("Luis's reminder is not East's Spanish wording:\n%s", body)
	}
}

// TestChaseWordingWithoutAskingStillAsks: an office's own documents-needed
// wording that never names {{.Asking}} sends reminders that still say
// what is asked for, on a line of their own above the signature, in
// English and in Spanish; a wording that names it gets no second line.
func TestChaseWordingWithoutAskingStillAsks(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "")
	ctx := t.Context()
	for _, tmpl := range []storage.ReplyTemplate{
		{OfficeID: storage.DefaultOfficeID, Kind: storage.ReminderChaseUpload, Language: LangEnglish, Subject: "Job {{.JobNumber}}",
			Body: "Hi {{.RecipientFirstName}},\n\nPlease send what you have from job {{.JobNumber}}.\n\nThanks,\n{{.Coordinator}}\n"},
		{OfficeID: storage.DefaultOfficeID, Kind: storage.ReminderChaseUpload, Language: LangSpanish, Subject: "Trabajo {{.JobNumber}}",
			Body: "Hola {{.RecipientFirstName}}:\n\nPor favor envíe lo que tenga del trabajo {{.JobNumber}}.\n\nGracias,\n{{.Coordinator}}\n"},
	} {
		if err := b.db.SaveReplyTemplate(ctx, tmpl); err != nil {
			t.Fatal(err)
		}
	}
	b.now = tueMorning
	if n := b.sweep(t); n != 2 {
		t.Fatalf("sweep sent %d reminders, want Marcus's and Luis's", n)
	}
	b.deliverAll(t)
	bodies := map[string]string{}
	for _, m := range b.smtp.Received() {
		_, body := readMail(t, m.Raw)
		bodies[m.To[0]] = strings.ReplaceAll(body, "\r\n", "\n")
	}
	for to, want := range map[string]string{
		"marcus@field.example": "\n\nWhat we need: the photos, the scope notes and the signed ATP.\n\nThanks,",
		"luis@field.example":   "\n\nLo que necesitamos: las fotos, las notas del alcance y el ATP firmado.\n\nGracias,",
	} {
		if !strings.Contains(bodies[to], want) {
			t.Errorf("the reminder to %s does not say what is asked for above its signature (%q):\n%s", to, want, bodies[to])
		}
	}

	named := ReplyTemplate{Kind: storage.ReminderChaseUpload, Language: LangEnglish, Subject: "Job",
		Body: "Hi,\n\nWe need {{.Asking}}.\n\nThanks\n"}
	if _, body, err := named.Fill(ReplyFields{Asking: "the photos"}); err != nil || strings.Count(body, "the photos") != 1 {
		t.Errorf("a wording naming {{.Asking}} fills in to %q (%v), want the ask once", body, err)
	}
}
