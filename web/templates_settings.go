package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// Reply templates are each office's wording, edited by its administrators
// (routes.go); coordinators write the replies from them, and each save
// records who made it. An office that has not written a template uses the
// default office's.

// templatesView is the reply templates page.
type templatesView struct {
	Office    settingsOffice
	Templates []templateView
	// Fields are the values a template may use, with an example of each.
	Fields []templateField
	// Saved names the template just saved, or Problem the one refused.
	Saved   string
	Problem *templateView
	// Sends is set when the office sends mail from claimdesk, which
	// decides the buttons the templates are written by.
	Sends bool
}

// templateView is one template with its preview.
type templateView struct {
	outbox.ReplyTemplate
	UpdatedBy string
	// Inherited is set when the wording is the default office's, which
	// the office shown has not replaced.
	Inherited      bool
	PreviewSubject string
	PreviewBody    string
	Error          string
	// ErrorPart is the field the Error is about: "subject", or the body
	// otherwise.
	ErrorPart string
}

// refused returns v showing why its template was refused, next to the
// field at fault.
func (v templateView) refused(err error) templateView {
	v.Error, v.ErrorPart = err.Error(), "body"
	if te, ok := errors.AsType[*outbox.TemplateError](err); ok && te.Part == "subject" {
		v.ErrorPart = te.Part
	}
	return v
}

// ID names the template in the page.
func (t templateView) ID() string { return t.Kind + "-" + t.Language }

// templateKinds name each kind of template and say what it is for, as
// the folded list of the templates page shows them.
var templateKinds = map[string]struct{ Name, Purpose string }{
	// The acknowledgment's and the update's purposes name the buttons
	// that write them, which depend on sending (templatePurposes).
	storage.ReplyAck:          {"Acknowledgment", ""},
	storage.ReplyUpdate:       {"Daily update", ""},
	storage.ReplyFormRejected: {"Rejected form: ask the technician again", "To the technician when a signed form is rejected, with the reason."},
	outbox.KindApprovalRequest: {"Approval request",
		"Asks the adjuster to approve drying equipment, dumpsters or pods."},
	outbox.KindClosingNote: {"Closing note (copied into Restore 365 / XACT)",
		"The note for the job system once the job is completed or the claim closed."},
	storage.ReminderChaseUpload: {"Reminder: documents needed", "Asks the technicians and foreman for the first photos and documents."},
	storage.ReminderCOSAtPickup: {"Reminder: COS at equipment pickup", "Asks for the COS signed when the equipment is picked up."},
	storage.ReminderDryingLog:   {"Reminder: today's drying log", "Asks for the day's drying log while drying equipment is placed."},
}

// templateKind is a kind of template in each of its languages.
type templateKind struct {
	Name, Purpose string
	Templates     []templateView
}

// Kinds are the page's templates by kind, in their order: a kind is
// named and said what it is for once, above its languages.
func (v templatesView) Kinds() []templateKind {
	var out []templateKind
	for _, t := range v.Templates {
		if n := len(out); n > 0 && out[n-1].Templates[0].Kind == t.Kind {
			out[n-1].Templates = append(out[n-1].Templates, t)
			continue
		}
		k := templateKinds[t.Kind]
		if p, ok := templatePurposes(v.Sends)[t.Kind]; ok {
			k.Purpose = p
		}
		out = append(out, templateKind{Name: k.Name, Purpose: k.Purpose, Templates: []templateView{t}})
	}
	return out
}

// LanguageName names the template's language.
func (t templateView) LanguageName() string {
	if t.Language == outbox.LangSpanish {
		return "Spanish"
	}
	return "English"
}

type templateField struct{ Name, Example string }

func templateFields() []templateField {
	f := outbox.SampleReplyFields()
	return []templateField{
		{"{{.Insured}}", f.Insured}, {"{{.ClaimNumber}}", f.ClaimNumber}, {"{{.JobNumber}}", f.JobNumber},
		{"{{.AdjusterFirstName}}", f.AdjusterFirstName + " (the claim's adjuster, whoever the mail goes to)"}, {"{{.Coordinator}}", f.Coordinator},
		{"{{.ForwardAddress}}", f.ForwardAddress}, {"{{.LossAddress}}", f.LossAddress},
		{"{{.OfficePhone}}", f.OfficePhone + " (the office's phone; empty when it has none on file)"},
		{"{{.RecipientFirstName}}", f.RecipientFirstName + " (the person the mail goes to; empty when their name is not known)"},
		{"{{.Equipment}}", f.Equipment},
		{"{{.Form}}", f.Form}, {"{{.Reason}}", f.Reason},
		{"{{.Facts}}", f.Facts}, {"{{.Standing}}", f.Standing}, {"{{.Ahead}}", f.Ahead},
		{"{{.Asking}}", f.Asking}, {"{{.FromJob}}", "true once anything came from the job"},
	}
}

// preview fills t with the example values as mail from it reads, with
// what the mail adds to it (outbox.ReplyTemplate.Fill), and the office's
// own phone: a preview with a phone the office has not given would show a
// line its mail never carries.
func preview(t outbox.ReplyTemplate, row storage.ReplyTemplate, office storage.Office) templateView {
	v := templateView{ReplyTemplate: t, UpdatedBy: row.UpdatedBy, Inherited: !t.Default && row.OfficeID != office.ID}
	fields := outbox.SampleReplyFieldsIn(t.Language)
	fields.OfficePhone = office.Phone
	subject, body, err := t.Fill(fields)
	if err != nil {
		// A template saved before today's rules is refused here too.
		return v.refused(err)
	}
	v.PreviewSubject, v.PreviewBody = subject, body
	return v
}

func (s *Server) templatesPage(r *http.Request, office settingsOffice, saved string, problem *templateView) (templatesView, error) {
	rows, err := s.db.ReplyTemplates(r.Context(), office.ID)
	if err != nil {
		return templatesView{}, err
	}
	own, err := s.db.OfficeByID(r.Context(), office.ID)
	if err != nil {
		return templatesView{}, err
	}
	v := templatesView{Office: office, Fields: templateFields(), Saved: saved, Problem: problem, Sends: s.opts.Outbox != nil}
	for _, t := range outbox.OfficeReplyTemplates(rows) {
		var row storage.ReplyTemplate
		for _, saved := range rows {
			if saved.Kind == t.Kind && saved.Language == t.Language {
				row = saved
			}
		}
		tv := preview(t, row, own)
		if problem != nil && problem.ID() == tv.ID() {
			tv = *problem // what the person wrote, with why it was refused
		}
		v.Templates = append(v.Templates, tv)
	}
	return v, nil
}

// administersOffice says who may change an office's reply templates.
func administersOffice(sc scope, office int64) bool { return sc.administers(office) }

// handleTemplatesPage shows every reply template of an office with a
// preview.
func (s *Server) handleTemplatesPage(w http.ResponseWriter, r *http.Request) {
	office, err := settingsOfficeOf(r, scopeFrom(r.Context()), administersOffice)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.templatesPage(r, office, r.URL.Query().Get("saved"), nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "templates_settings", pageData{Title: "Reply templates", Nav: "templates", Data: v})
}

// handleTemplateSave saves one template of an office, or with reset set
// goes back to the default office's or the built-in wording. A template
// that does not fill in, or uses what a reply template may not, is shown
// again with the reason, unsaved (400).
func (s *Server) handleTemplateSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	office, err := settingsOfficeOf(r, scopeFrom(ctx), administersOffice)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !office.CanEdit {
		s.fail(w, r, errAdminOnly)
		return
	}
	t := outbox.ReplyTemplate{
		Kind: r.PostFormValue("kind"), Language: r.PostFormValue("language"),
		Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body"),
	}
	if !slices.Contains(outbox.ReplyKinds, t.Kind) || !slices.Contains(outbox.ReplyLanguages, t.Language) {
		s.fail(w, r, badRequest("no template %q in language %q", t.Kind, t.Language))
		return
	}
	if r.PostFormValue("reset") != "" {
		err = s.db.ResetReplyTemplate(ctx, office.ID, t.Kind, t.Language)
	} else if err = t.Check(); errors.Is(err, outbox.ErrBadTemplate) {
		problem := templateView{ReplyTemplate: t}.refused(err)
		v, perr := s.templatesPage(r, office, "", &problem)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		s.render(w, r, http.StatusBadRequest, "templates_settings", pageData{Title: "Reply templates", Nav: "templates", Data: v})
		return
	} else if err == nil {
		err = s.db.SaveReplyTemplate(ctx, storage.ReplyTemplate{OfficeID: office.ID, Kind: t.Kind, Language: t.Language,
			Subject: t.Subject, Body: t.Body, UpdatedBy: actorFrom(ctx)})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := t.Kind + "-" + t.Language
	s.log.Info("reply template saved", "template", id, "office_id", office.ID, "reset", r.PostFormValue("reset") != "",
		"actor", actorFrom(ctx))
	http.Redirect(w, r, office.settingsURL("/settings/templates", url.Values{"saved": {id}})+"#"+id, http.StatusSeeOther)
}
