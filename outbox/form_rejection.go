package outbox

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// A form found wrong is handled at once: its rejection drafts the email
// asking the technician for the right one, in the thread that brought the
// wrong one, and the draft waits on the claim for a person to send it.

// formRejectedTemplates are the built-in wordings of that email.
var formRejectedTemplates = map[string]ReplyTemplate{
	LangEnglish: {
		Subject: `{{.Form}} to sign again{{with .JobNumber}}: job {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}`,
		Body: `Hello{{with .RecipientFirstName}} {{.}}{{end}},

We cannot use the {{.Form}} sent{{with .JobNumber}} for job {{.}}{{end}}{{with .Insured}}, {{.}}{{end}}{{with .LossAddress}}, {{.}}{{end}}{{with .ClaimNumber}} (claim {{.}}){{end}}{{with .Reason}}: {{.}}{{end}}.

Please have the homeowner sign the {{.Form}} and send it back today{{with .ForwardAddress}} to {{.}}{{end}}.

Thank you,
{{.Coordinator}}
`,
	},
	LangSpanish: {
		Subject: `{{.Form}} para firmar de nuevo{{with .JobNumber}}: trabajo {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}`,
		Body: `Hola{{with .RecipientFirstName}} {{.}}{{end}}:

No podemos usar el formulario {{.Form}} enviado{{with .JobNumber}} para el trabajo {{.}}{{end}}{{with .Insured}}, {{.}}{{end}}{{with .LossAddress}}, {{.}}{{end}}{{with .ClaimNumber}} (reclamación {{.}}){{end}}{{with .Reason}}: {{.}}{{end}}.

Por favor, pida al propietario que firme el formulario {{.Form}} y envíelo hoy mismo{{with .ForwardAddress}} a {{.}}{{end}}.

Gracias,
{{.Coordinator}}
`,
	},
}

// formWords name the signed forms in each language's email.
var formWords = map[string]map[string]string{
	LangEnglish: {
		"atp": "ATP (work authorization)", "atr": "ATR (authorization to repair)",
		"cos": "COS (certificate of satisfaction)", "waiver": "waiver",
	},
	LangSpanish: {
		"atp": "ATP (autorización de trabajo)", "atr": "ATR (autorización de reparación)",
		"cos": "COS (certificado de satisfacción)", "waiver": "de renuncia (waiver)",
	},
}

// FormWords names signed form docType in language, for people.
func FormWords(docType, language string) string {
	if w, ok := formWords[language][docType]; ok {
		return w
	}
	return strings.ReplaceAll(docType, "_", " ")
}

// ErrNoTechnician says a rejected form has no one to ask for the right
// one: the claim lists no technician or foreman with an email, and no
// person sent the form.
var ErrNoTechnician = errors.New("no technician to send the form request to")

// DraftFormRejection drafts, and keeps on the claim, the email asking for
// document documentID to be signed again, rejected for reason: to the
// claim's technician or foreman (the one who sent the form when it was
// one of them), else to whoever sent it, in the thread that brought it, in
// Spanish when that message was. coordinator signs it.
func (o *Outbox) DraftFormRejection(ctx context.Context, documentID int64, reason, coordinator string) (storage.OutboxDraft, error) {
	doc, err := o.db.GetDocument(ctx, documentID)
	if err != nil {
		return storage.OutboxDraft{}, err
	}
	claim, err := o.db.GetClaim(ctx, doc.ClaimID)
	if err != nil {
		return storage.OutboxDraft{}, err
	}
	people, err := o.db.ParticipantsOfClaims(ctx, []int64{claim.ID})
	if err != nil {
		return storage.OutboxDraft{}, err
	}
	thread, err := o.formThread(ctx, doc.MessageIDs)
	if err != nil {
		return storage.OutboxDraft{}, err
	}
	to, name := formRecipient(people[claim.ID], thread)
	if to == "" {
		return storage.OutboxDraft{}, fmt.Errorf("document %d: %w", documentID, ErrNoTechnician)
	}
	lang, err := o.formLanguage(ctx, claim.OfficeID, to, thread)
	if err != nil {
		return storage.OutboxDraft{}, err
	}
	d := Draft{Kind: storage.ReplyFormRejected, Language: lang, To: []string{to}, Thread: thread, ClaimID: &claim.ID}
	f := o.Fields(&claim, coordinator)
	f.LossAddress, f.RecipientFirstName = claim.LossAddress, FirstName(name)
	f.Form, f.Reason = FormWords(doc.DocType, lang), strings.TrimRight(strings.TrimSpace(reason), ". ")
	if err := o.fill(ctx, &d, f); err != nil {
		return storage.OutboxDraft{}, err
	}
	saved := storage.OutboxDraft{Kind: d.Kind, ClaimID: claim.ID, DocumentID: &doc.ID, Language: lang,
		Recipients: d.To, Subject: d.Subject, Body: d.Body, CreatedBy: coordinator}
	if thread != nil {
		saved.ReplyTo = &thread.ID
	}
	return o.db.SaveOutboxDraft(ctx, saved)
}

// formThread is the message that brought a form, as a reply sees it: the
// first one from outside that did, else the first; nil when none did.
func (o *Outbox) formThread(ctx context.Context, messageIDs []int64) (*storage.ThreadMessage, error) {
	var first *storage.ThreadMessage
	for _, id := range messageIDs {
		t, err := o.db.ThreadOf(ctx, id)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if t.Direction == "in" {
			return &t, nil
		}
		if first == nil {
			first = &t
		}
	}
	return first, nil
}

// formLanguage is the language of the email to the technician at to:
// Spanish when office's people list says they read it, or when the
// message that brought the form was written in it.
func (o *Outbox) formLanguage(ctx context.Context, office int64, to string, thread *storage.ThreadMessage) (string, error) {
	people, err := o.db.People(ctx, office)
	if err != nil {
		return "", err
	}
	for _, p := range people {
		if strings.EqualFold(p.Email, to) && p.Language == LangSpanish {
			return LangSpanish, nil
		}
	}
	if thread == nil {
		return LangEnglish, nil
	}
	body, err := o.db.MessageBodyText(ctx, thread.ID)
	if err != nil {
		return "", err
	}
	if classify.LooksSpanish(thread.Subject + "\n" + body) {
		return LangSpanish, nil
	}
	return LangEnglish, nil
}

// formRecipient picks who is asked for the right form: the claim's
// technician or foreman who sent the wrong one, else its first technician,
// else its foreman, else the person who sent the form.
func formRecipient(people []storage.ClaimParticipant, thread *storage.ThreadMessage) (email, name string) {
	var field []storage.ClaimParticipant
	for _, role := range []string{"technician", "foreman"} {
		for _, p := range people {
			if p.Role == role && p.Email != "" {
				field = append(field, p)
			}
		}
	}
	if thread != nil && thread.Direction == "in" {
		for _, p := range field {
			if strings.EqualFold(p.Email, thread.FromAddress) {
				return p.Email, p.Name
			}
		}
	}
	if len(field) > 0 {
		return field[0].Email, field[0].Name
	}
	if thread != nil && thread.Direction == "in" && thread.FromAddress != "" {
		return thread.FromAddress, thread.FromName
	}
	return "", ""
}

// DraftEdit is what a person changed in a draft before sending it; an
// empty field keeps the draft's.
type DraftEdit struct {
	To      []string
	Subject string
	Body    string
}

// SendDraft sends draft id as edit leaves it, queued like any reply and
// linked to the outbox message it becomes in the same transaction: a
// draft is sent once (storage.ErrConflict after). It returns the outbox id.
func (o *Outbox) SendDraft(ctx context.Context, id int64, edit DraftEdit, createdBy string) (int64, error) {
	sd, err := o.db.GetOutboxDraft(ctx, id)
	if err != nil {
		return 0, err
	}
	if sd.OutboxID != nil {
		return 0, fmt.Errorf("draft %d is sent already: %w", id, storage.ErrConflict)
	}
	d := Draft{Kind: sd.Kind, Language: sd.Language, To: sd.Recipients, Subject: sd.Subject, Body: sd.Body, ClaimID: &sd.ClaimID}
	if sd.ReplyTo != nil {
		t, err := o.db.ThreadOf(ctx, *sd.ReplyTo)
		if err != nil {
			return 0, err
		}
		d.Thread = &t
	}
	if len(edit.To) > 0 {
		d.To = edit.To
	}
	if strings.TrimSpace(edit.Subject) != "" {
		d.Subject = edit.Subject
	}
	if strings.TrimSpace(edit.Body) != "" {
		d.Body = edit.Body
	}
	return o.queue(ctx, d, createdBy, func(tx pgx.Tx, outboxID int64) error {
		return storage.MarkOutboxDraftSent(ctx, tx, id, outboxID)
	})
}
