package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestTemplateSaveRefusesRunawayTemplates saves the template of the report
// (200 MB on its first render) and the other constructs that repeat text
// or call templates: each is refused with 400 and its name next to the
// field, and nothing is stored.
func TestTemplateSaveRefusesRunawayTemplates(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	for _, c := range []struct{ subject, body, want, errorNear string }{
		{"Got it", `{{range 20000000}}0123456789{{end}}`, "{{range}} is not allowed", `</textarea></label><p class="error" role="alert" id="ack-en-error">`},
		{"Got it", `Hello{{define "x"}}again{{end}}`, "{{define}} is not allowed", `</textarea></label><p class="error" role="alert" id="ack-en-error">`},
		{"Got it", `{{template "x" .}}`, "{{template}} is not allowed", `</textarea></label><p class="error" role="alert" id="ack-en-error">`},
		{"Got it", `{{block "x" .}}{{template "x" .}}{{end}}`, "{{block}} is not allowed", `</textarea></label><p class="error" role="alert" id="ack-en-error">`},
		{`{{range 3}}Claim{{end}}`, "Hello", "{{range}} is not allowed", `aria-describedby="ack-en-error"></label><p class="error" role="alert" id="ack-en-error">`},
	} {
		form := url.Values{"csrf_token": {b.csrf}, "kind": {"ack"}, "language": {"en"}, "subject": {c.subject}, "body": {c.body}}
		resp, body := b.do(t, b.c, "POST", "/settings/templates", form, nil)
		body = html.UnescapeString(body)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, c.want) {
			t.Errorf("save %q / %q: %d, want 400 saying %q", c.subject, c.body, resp.StatusCode, c.want)
		}
		if !strings.Contains(body, html.UnescapeString(c.errorNear)) {
			t.Errorf("save %q / %q: the error is not next to its field", c.subject, c.body)
		}
	}
	if saved, err := b.db.ReplyTemplates(context.Background(), storage.DefaultOfficeID); err != nil || len(saved) != 0 {
		t.Errorf("stored %+v, %v; want nothing", saved, err)
	}
}

// TestStoredRunawayTemplateIsRefused puts the template of the report in
// the database as a save before the rules did: the settings page shows why
// it is refused, and the reply form answers 400 instead of rendering it.
func TestStoredRunawayTemplateIsRefused(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	err := b.db.SaveReplyTemplate(context.Background(), storage.ReplyTemplate{OfficeID: storage.DefaultOfficeID, Kind: storage.ReplyAck, Language: "en",
		Subject: "Got it", Body: `{{range 20000000}}0123456789{{end}}`, UpdatedBy: "someone"})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := b.do(t, b.c, "GET", "/settings/templates", nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(html.UnescapeString(body), "{{range}} is not allowed") {
		t.Errorf("templates page %d, want it to show why the stored template is refused", resp.StatusCode)
	}
	resp, body = b.do(t, b.c, "GET", fmt.Sprintf("/messages/%d/reply", b.waiting[0]), nil, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), "{{range}} is not allowed") {
		t.Errorf("reply form with the stored template: %d, want 400 saying why", resp.StatusCode)
	}
}

// TestTemplateEditorSaysWhatTheReminderAdds: a documents-needed wording
// saved without {{.Asking}} is shown with a note that each reminder gets a
// line saying what to send, in the template's language, and its preview
// shows the line; the built-in wording, which names it, has no note.
func TestTemplateEditorSaysWhatTheReminderAdds(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	for _, lang := range []string{"en", "es"} {
		form := url.Values{"csrf_token": {b.csrf}, "kind": {storage.ReminderChaseUpload}, "language": {lang}, "subject": {"Job {{.JobNumber}}"},
			"body": {"Hi {{.RecipientFirstName}},\n\nPlease send what you have.\n\nThanks,\n{{.Coordinator}}\n"}}
		if resp, body := b.do(t, b.c, "POST", "/settings/templates", form, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save the %s wording: %d\n%s", lang, resp.StatusCode, body)
		}
	}
	resp, body := b.do(t, b.c, "GET", "/settings/templates", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("templates page: %d", resp.StatusCode)
	}
	body = html.UnescapeString(body)
	for lang, line := range map[string]string{"en": "What we need: the scope notes and the signed ATP.", "es": "Lo que necesitamos: las notas del alcance y el ATP firmado."} {
		card := section(t, body, `id="chase_upload-`+lang+`"`, "</section>")
		if !strings.Contains(card, `class="hint template-adds"`) || !strings.Contains(card, "does not name <code>{{.Asking}}</code>") {
			t.Errorf("the %s documents-needed card does not say a line is added:\n%s", lang, card)
		}
		if preview := section(t, card, `class="template-preview"`, "</div>"); !strings.Contains(preview, line+"\n\nThanks,") {
			t.Errorf("the %s preview lacks %q above the signature:\n%s", lang, line, preview)
		}
	}
	if card := section(t, body, `id="cos_at_pickup-en"`, "</section>"); strings.Contains(card, "template-adds") {
		t.Errorf("the COS reminder's card says a line is added:\n%s", card)
	}
	form := url.Values{"csrf_token": {b.csrf}, "kind": {storage.ReminderChaseUpload}, "language": {"en"}, "reset": {"1"}}
	if resp, _ := b.do(t, b.c, "POST", "/settings/templates", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset the English wording: %d", resp.StatusCode)
	}
	_, body = b.do(t, b.c, "GET", "/settings/templates", nil, nil)
	if card := section(t, html.UnescapeString(body), `id="chase_upload-en"`, "</section>"); strings.Contains(card, "template-adds") {
		t.Errorf("the built-in wording, which names {{.Asking}}, is said to get a line:\n%s", card)
	}
}

// TestTemplatePreviewUsesTheOfficesPhone checks that the acknowledgment's
// preview gives the office's own phone, and no phone line while the office
// has none on file, as its mail does.
func TestTemplatePreviewUsesTheOfficesPhone(t *testing.T) {
	t.Parallel()
	b := setupReplies(t)
	ctx := context.Background()
	_, body := b.do(t, b.c, "GET", "/settings/templates", nil, nil)
	if strings.Contains(body, "Call us at (") {
		t.Error("the preview gives a phone the office has not on file")
	}
	office, err := b.db.OfficeByID(ctx, storage.DefaultOfficeID)
	if err != nil {
		t.Fatal(err)
	}
	office.Phone = "(651) 555-0142"
	if _, err := b.db.UpdateOffice(ctx, office); err != nil {
		t.Fatal(err)
	}
	_, body = b.do(t, b.c, "GET", "/settings/templates", nil, nil)
	if !strings.Contains(body, "Call us at (651) 555-0142.") {
		t.Error("the preview does not give the office's phone")
	}
}
