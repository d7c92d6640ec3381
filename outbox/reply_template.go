package outbox

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// ReplyFields are the values a reply template may use, and the only ones:
// {{.Insured}}, {{.ClaimNumber}}, {{.JobNumber}}, {{.AdjusterFirstName}},
// {{.Coordinator}}, {{.ForwardAddress}}, {{.LossAddress}},
// {{.OfficePhone}}, in a daily update {{.Facts}} (or its two parts
// {{.Standing}} and {{.Ahead}}), {{.RecipientFirstName}}, in an approval
// request {{.Equipment}}, and for a rejected form {{.Form}} and
// {{.Reason}}. Any may be empty ({{with}} and {{if}} leave out what is
// missing).
type ReplyFields struct {
	Insured           string
	ClaimNumber       string
	JobNumber         string
	AdjusterFirstName string
	Coordinator       string // the signed-in person sending it
	ForwardAddress    string // claims+JOB@office-domain
	LossAddress       string // where the job is
	// OfficePhone is the phone number of the office the reply is from;
	// empty when it has none on file.
	OfficePhone string
	// RecipientFirstName greets the person the mail goes to: the sender
	// an acknowledgment answers, the technician or foreman of a reminder
	// or a rejected form. Empty when their name is not known.
	RecipientFirstName string
	Equipment          string // what an approval request asks for: "1 × pod (Rollaway), for the contents"
	// Form names the rejected form in words ("ATR (authorization to
	// repair)"), Reason says why it was rejected.
	Form   string
	Reason string
	// Facts are the claim's state as a daily update's sentences (where
	// the job stands, what came in since the last update, what comes next,
	// what the office needs from the adjuster): Standing, then Ahead.
	// Empty in other mail.
	Facts string
	// Standing is where the job stands and what came in since the last
	// update; Ahead is what comes next and what the office needs from the
	// adjuster. A template names them apart to put the day's work between.
	Standing string
	Ahead    string
	// Asking names what a reminder asks for ("the scope notes and the
	// signed ATP"), FromJob says something came from the job already.
	Asking  string
	FromJob bool
}

// fieldNames is how a refused template's reason lists the fields.
const fieldNames = ".Insured, .ClaimNumber, .JobNumber, .AdjusterFirstName, .Coordinator, .ForwardAddress, .LossAddress, .OfficePhone, .Facts, .Standing, .Ahead, .RecipientFirstName, .Equipment, .Form, .Reason, .Asking and .FromJob"

// Reply languages.
const (
	LangEnglish = "en"
	LangSpanish = "es"
)

// ReplyKinds and ReplyLanguages are the templates an office keeps.
var (
	ReplyKinds = []string{storage.ReplyAck, storage.ReplyUpdate, storage.ReplyFormRejected, KindApprovalRequest,
		storage.ReminderChaseUpload, storage.ReminderCOSAtPickup, storage.ReminderDryingLog, KindClosingNote}
	ReplyLanguages = []string{LangEnglish, LangSpanish}
)

// Bounds of a template as edited: a reply is a few paragraphs.
const (
	maxTemplateSubject = 300
	maxTemplateBody    = 20000
	// maxTemplateOutput bounds a filled-in template. A template that
	// writes more is refused as it writes, before it holds more memory:
	// fields and text alone cannot make it grow without end, but a field
	// repeated a thousand times over a long name still should not be sent.
	maxTemplateOutput = 64 << 10
	// maxTemplateDepth bounds how deep {{if}}, {{with}} and brackets nest;
	// the built-in templates nest one deep.
	maxTemplateDepth = 8
)

// ReplyTemplate is the wording of one kind of reply in one language.
type ReplyTemplate struct {
	Kind     string
	Language string
	// Subject is used when the reply starts a thread; a reply in a thread
	// is "Re:" and the thread's subject.
	Subject string
	Body    string
	// Default marks the built-in wording (the office has not saved its own).
	Default bool
}

// defaultTemplates are the built-in wordings, by kind then language. An
// office's saved template replaces one; removing it brings this back.
var defaultTemplates = map[string]map[string]ReplyTemplate{
	storage.ReplyAck: {
		LangEnglish: {
			Subject: `{{if .ClaimNumber}}Claim {{.ClaimNumber}}{{else}}Your message{{end}}: received`,
			Body: `Hello{{with .RecipientFirstName}} {{.}}{{end}},

Thank you for your message{{with .JobNumber}} about our job {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}{{with .ClaimNumber}}, claim {{.}}{{end}}. We have received it and will get back to you shortly.
{{- with .ForwardAddress}}

Documents and photos for this job can be sent to {{.}}.
{{- end}}
{{- with .OfficePhone}}

Anything urgent? Call us at {{.}}.
{{- end}}

Best regards,
{{.Coordinator}}
`,
		},
		LangSpanish: {
			Subject: `{{if .ClaimNumber}}Reclamación {{.ClaimNumber}}{{else}}Su mensaje{{end}}: recibido`,
			Body: `Hola{{with .RecipientFirstName}} {{.}}{{end}}:

Gracias por su mensaje{{with .JobNumber}} sobre nuestro trabajo {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}{{with .ClaimNumber}}, reclamación {{.}}{{end}}. Lo hemos recibido y le responderemos en breve.
{{- with .ForwardAddress}}

También puede enviar documentos y fotos de este trabajo a {{.}}.
{{- end}}
{{- with .OfficePhone}}

¿Necesita algo urgente? Llámenos al {{.}}.
{{- end}}

Atentamente,
{{.Coordinator}}
`,
		},
	},
	KindApprovalRequest: approvalTemplates,
	KindClosingNote:     closingNoteTemplates,
	storage.ReplyUpdate: {
		LangEnglish: {
			Subject: `Daily update{{with .JobNumber}}: job {{.}}{{end}}{{with .ClaimNumber}}, claim {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}`,
			Body: `Hello{{with .AdjusterFirstName}} {{.}}{{end}},

Here is today's update{{with .ClaimNumber}} on claim {{.}}{{end}}{{with .Insured}} for {{.}}{{end}}{{with .JobNumber}} (our job {{.}}){{end}}.

{{with .Standing}}{{.}}

{{end}}- Work done today:
{{with .Ahead}}
{{.}}
{{end}}
Please let us know if you have any questions.

Best regards,
{{.Coordinator}}
`,
		},
		LangSpanish: {
			Subject: `Actualización diaria{{with .JobNumber}}: trabajo {{.}}{{end}}{{with .ClaimNumber}}, reclamación {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}`,
			Body: `Hola{{with .AdjusterFirstName}} {{.}}{{end}}:

Esta es la actualización de hoy{{with .ClaimNumber}} de la reclamación {{.}}{{end}}{{with .Insured}} de {{.}}{{end}}{{with .JobNumber}} (nuestro trabajo {{.}}){{end}}.

{{with .Standing}}{{.}}

{{end}}- Trabajo realizado hoy:
{{with .Ahead}}
{{.}}
{{end}}
¿Tiene alguna pregunta? Con gusto le atendemos.

Atentamente,
{{.Coordinator}}
`,
		},
	},
	storage.ReplyFormRejected: formRejectedTemplates,
}

// approvalTemplates are the built-in wordings of a request to the adjuster
// to approve equipment.
var approvalTemplates = map[string]ReplyTemplate{
	LangEnglish: {
		Subject: `Approval request{{with .JobNumber}}: job {{.}}{{end}}{{with .ClaimNumber}}, claim {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}`,
		Body: `Hello{{with .AdjusterFirstName}} {{.}}{{end}},

We ask for your approval{{with .JobNumber}} on job {{.}}{{end}}{{with .Insured}} for {{.}}{{end}}{{with .ClaimNumber}}, claim {{.}}{{end}} of:

- {{.Equipment}}

Please reply to this email to approve or deny it.

Best regards,
{{.Coordinator}}
`,
	},
	LangSpanish: {
		Subject: `Solicitud de aprobación{{with .JobNumber}}: trabajo {{.}}{{end}}{{with .ClaimNumber}}, reclamación {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}`,
		Body: `Hola{{with .AdjusterFirstName}} {{.}}{{end}}:

Le solicitamos su aprobación{{with .JobNumber}} en el trabajo {{.}}{{end}}{{with .Insured}} para {{.}}{{end}}{{with .ClaimNumber}}, reclamación {{.}}{{end}} de:

- {{.Equipment}}

Por favor responda a este correo para aprobarlo o rechazarlo.

Atentamente,
{{.Coordinator}}
`,
	},
}

func init() {
	// The reminders to the field are worded like the replies, in the same
	// two languages, and edited on the same page.
	for kind, byLang := range reminderTemplates {
		defaultTemplates[kind] = byLang
	}
}

// DefaultReplyTemplate returns the built-in wording of kind in language;
// false when there is no such kind or language.
func DefaultReplyTemplate(kind, language string) (ReplyTemplate, bool) {
	t, ok := defaultTemplates[kind][language]
	t.Kind, t.Language, t.Default = kind, language, true
	return t, ok
}

// TemplateWords is what of the office's mail is template, not news, for
// classify.UpdateCheck: the subjects and bodies of templates, and the
// lines the built-in templates wrote before, which acknowledgments
// already in the Sent folder still carry.
func TemplateWords(templates []ReplyTemplate) []string {
	words := slices.Clone(formerBuiltInLines)
	for _, t := range templates {
		words = append(words, t.Subject, t.Body)
	}
	return words
}

// formerBuiltInLines are the built-in templates' lines of earlier
// versions.
var formerBuiltInLines = []string{"¿Necesita algo urgente? Llámenos por teléfono."}

// OfficeReplyTemplates returns every kind in every language: the office's
// saved wording where it has one, else the built-in one.
func OfficeReplyTemplates(saved []storage.ReplyTemplate) []ReplyTemplate {
	var out []ReplyTemplate
	for _, kind := range ReplyKinds {
		for _, lang := range ReplyLanguages {
			t, _ := DefaultReplyTemplate(kind, lang)
			for _, s := range saved {
				if s.Kind == kind && s.Language == lang {
					t.Subject, t.Body, t.Default = s.Subject, s.Body, false
				}
			}
			out = append(out, t)
		}
	}
	return out
}

// sampleFields fill templates when they are checked and previewed.
var sampleFields = ReplyFields{
	Insured: "Ellen Ripley", ClaimNumber: "0683449786", JobNumber: "26-1001-WTR",
	AdjusterFirstName: "Ann", Coordinator: "Dana Coordinator", ForwardAddress: "claims+26-1001-WTR@office.example",
	Equipment: "1 × pod (Rollaway Storage), for the contents", LossAddress: "12 Elm St, Plano TX", RecipientFirstName: "Luis",
	Form: "ATR (authorization to repair)", Reason: "the ATP was signed instead", OfficePhone: "(972) 555-0100",
	Asking: "the scope notes and the signed ATP", FromJob: true,
	Standing: sampleStanding, Ahead: sampleAhead, Facts: sampleStanding + "\n\n" + sampleAhead,
}

// The sample facts of a daily update.
const (
	sampleStanding = "Where the job stands: drying, day 3, with 4 air movers and 2 dehumidifiers on site since Mon Mar 2.\n" +
		"Since our last update (Tue Mar 3): we received 12 photos and the drying log."
	sampleAhead = "Next: signed COS (certificate of satisfaction), by Thu Mar 5.\n" +
		"Needed from you: your approval of 1 × pod (Rollaway Storage), requested on Mon Mar 2."
)

// SampleReplyFields are example values, for previews.
func SampleReplyFields() ReplyFields { return sampleFields }

// SampleReplyFieldsIn are SampleReplyFields as a template in language
// lang fills them: what a reminder asks for is named in that language.
func SampleReplyFieldsIn(lang string) ReplyFields {
	f := sampleFields
	f.Asking = AskList([]sla.DocType{sla.DocScope, sla.DocATP}, lang)
	return f
}

// ErrBadTemplate marks a template that does not parse, uses a field that
// does not exist or a construct a reply template may not have, or fills in
// too long. Every such error is a *TemplateError.
var ErrBadTemplate = errors.New("bad template")

// TemplateError is a template refused, with the reason in a sentence for
// the person editing it.
type TemplateError struct {
	// Part is "subject" or "body", the one at fault; "" for the template
	// as a whole.
	Part   string
	Reason string
}

func (e *TemplateError) Error() string {
	if e.Part == "" {
		return ErrBadTemplate.Error() + ": " + e.Reason
	}
	return ErrBadTemplate.Error() + ": " + e.Part + ": " + e.Reason
}

// Unwrap makes every TemplateError match ErrBadTemplate.
func (e *TemplateError) Unwrap() error { return ErrBadTemplate }

func badTemplate(part, format string, args ...any) *TemplateError {
	return &TemplateError{Part: part, Reason: fmt.Sprintf(format, args...)}
}

// Check reports whether t parses and fills with the fixed fields, in a
// sentence for the person editing it.
func (t ReplyTemplate) Check() error {
	if _, ok := defaultTemplates[t.Kind][t.Language]; !ok {
		return badTemplate("", "no template kind %q in language %q", t.Kind, t.Language)
	}
	if strings.TrimSpace(t.Body) == "" {
		return badTemplate("body", "the body is empty")
	}
	if len(t.Subject) > maxTemplateSubject {
		return badTemplate("subject", "longer than %d characters", maxTemplateSubject)
	}
	if len(t.Body) > maxTemplateBody {
		return badTemplate("body", "longer than %d characters", maxTemplateBody)
	}
	_, _, err := t.Render(sampleFields)
	return err
}

// Render fills the template in. A template saved before the rules of
// checkTemplate held is refused here, as when it is saved.
func (t ReplyTemplate) Render(f ReplyFields) (subject, body string, err error) {
	subject, err = fill("subject", t.Subject, f)
	if err != nil {
		return "", "", err
	}
	body, err = fill("body", t.Body, f)
	if err != nil {
		return "", "", err
	}
	// A subject is one line whatever the template does.
	return strings.Join(strings.Fields(subject), " "), body, nil
}

// Fill fills the template in as the mail drafted from it reads: Render,
// with what of f the template has no place for added where it fits, so
// that an office's own wording never drops it: a daily update's facts
// (unplacedFacts), and what a documents-needed reminder asks for when the
// template does not name {{.Asking}} (AddsAsking). Previews show it so.
func (t ReplyTemplate) Fill(f ReplyFields) (subject, body string, err error) {
	subject, body, err = t.Render(f)
	if err != nil {
		return "", "", err
	}
	switch {
	case t.Kind == storage.ReplyUpdate:
		above, below := unplacedFacts(t.Body, f)
		if above != "" {
			body = withFacts(body, above)
		}
		if below != "" {
			body = afterBullets(body, below)
		}
	case t.AddsAsking() && f.Asking != "":
		body = afterBullets(body, askingLines[t.Language]+f.Asking+".")
	}
	return subject, body, nil
}

// AddsAsking reports whether mail from t gets a line of its own naming
// what it asks for: a documents-needed reminder's wording that does not
// name {{.Asking}}, which would otherwise never say what to send.
func (t ReplyTemplate) AddsAsking() bool {
	return t.Kind == storage.ReminderChaseUpload && !strings.Contains(t.Body, ".Asking")
}

// askingLines open the line AddsAsking adds, by language.
var askingLines = map[string]string{LangEnglish: "What we need: ", LangSpanish: "Lo que necesitamos: "}

func fill(part, text string, f ReplyFields) (string, error) {
	tmpl, err := template.New(part).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", badTemplate(part, "%s", templateErrorText(err))
	}
	if reason := checkTemplate(tmpl, text); reason != "" {
		return "", badTemplate(part, "%s", reason)
	}
	out := &capWriter{max: maxTemplateOutput}
	if err := tmpl.Execute(out, f); errors.Is(err, errTemplateTooLong) {
		return "", badTemplate(part, "it fills in to more than %d KB: a reply is a few paragraphs", maxTemplateOutput>>10)
	} else if err != nil {
		return "", badTemplate(part, "%s (the fields are %s)", templateErrorText(err), fieldNames)
	}
	return out.buf.String(), nil
}

// templateErrorText drops text/template's "template: name:" prefix, which
// says nothing to a coordinator.
func templateErrorText(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "template: ")
	return s
}

// errTemplateTooLong stops a template that writes more than
// maxTemplateOutput.
var errTemplateTooLong = errors.New("template output too long")

// capWriter keeps what a template writes up to max bytes and fails the
// write that would pass them, which ends the template's run: memory stays
// bounded whatever the template does.
type capWriter struct {
	buf bytes.Buffer
	max int
}

func (w *capWriter) Write(p []byte) (int, error) {
	if room := w.max - w.buf.Len(); len(p) > room {
		w.buf.Write(p[:max(room, 0)])
		return max(room, 0), errTemplateTooLong
	}
	return w.buf.Write(p)
}

// templateFuncs are the functions a template may call: tests of fields,
// none of which makes text. printf (a width of a billion), html and js
// (each call longer than its argument) and call are left out.
var templateFuncs = []string{"and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len"}

// checkTemplate returns why tmpl, parsed from text, is no reply template,
// or "" when it is one. It allows only what filling in fields needs (text,
// fields, variables, {{if}}, {{with}}, comments and templateFuncs) so that
// no template can repeat text or call itself into an output or a run
// without end: {{range}}, {{define}}, {{template}} and {{block}} are
// refused, and nesting is bounded.
func checkTemplate(tmpl *template.Template, text string) string {
	if reason := checkNode(tmpl.Tree.Root, text, 0); reason != "" {
		return reason
	}
	for _, t := range tmpl.Templates() {
		if t.Name() != tmpl.Name() {
			return notOneText("define")
		}
	}
	return ""
}

func notOneText(keyword string) string {
	return fmt.Sprintf("{{%s}} is not allowed: a reply template is one text, filled in with fields, {{if}} and {{with}}", keyword)
}

// checkNode is checkTemplate's walk of the tree below n, depth deep.
func checkNode(n parse.Node, text string, depth int) string {
	if depth > maxTemplateDepth {
		return fmt.Sprintf("{{if}}, {{with}} and brackets are nested more than %d deep", maxTemplateDepth)
	}
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			if reason := checkNode(c, text, depth); reason != "" {
				return reason
			}
		}
	case *parse.TextNode, *parse.CommentNode:
	case *parse.ActionNode:
		return checkPipe(n.Pipe, depth)
	case *parse.IfNode:
		return checkBranch(&n.BranchNode, text, depth)
	case *parse.WithNode:
		return checkBranch(&n.BranchNode, text, depth)
	case *parse.RangeNode:
		return "{{range}} is not allowed: a reply template fills in fields, it does not repeat text"
	case *parse.TemplateNode:
		// {{block}} parses as a {{template}} of a template it defines; the
		// keyword before the name tells them apart.
		if strings.HasSuffix(strings.TrimSpace(text[:min(int(n.Pos), len(text))]), "block") {
			return notOneText("block")
		}
		return notOneText("template")
	default:
		return fmt.Sprintf("%s is not allowed in a reply template", shortNode(n))
	}
	return ""
}

func checkBranch(b *parse.BranchNode, text string, depth int) string {
	if reason := checkPipe(b.Pipe, depth+1); reason != "" {
		return reason
	}
	if reason := checkNode(b.List, text, depth+1); reason != "" {
		return reason
	}
	if b.ElseList != nil {
		return checkNode(b.ElseList, text, depth+1)
	}
	return ""
}

// checkPipe checks the pipeline of an action, {{if}} or {{with}}: fields,
// variables, constants and allowed functions.
func checkPipe(p *parse.PipeNode, depth int) string {
	if depth > maxTemplateDepth {
		return fmt.Sprintf("{{if}}, {{with}} and brackets are nested more than %d deep", maxTemplateDepth)
	}
	for _, cmd := range p.Cmds {
		for _, arg := range cmd.Args {
			switch a := arg.(type) {
			case *parse.FieldNode, *parse.DotNode, *parse.VariableNode,
				*parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
			case *parse.IdentifierNode:
				if !slices.Contains(templateFuncs, a.Ident) {
					return fmt.Sprintf("the function %s is not allowed (a reply template may use %s)", a.Ident, strings.Join(templateFuncs, ", "))
				}
			case *parse.PipeNode:
				if reason := checkPipe(a, depth+1); reason != "" {
					return reason
				}
			default:
				return fmt.Sprintf("%s is not allowed in a reply template", shortNode(a))
			}
		}
	}
	return ""
}

// shortNode is how a refused piece of template is quoted in a reason.
func shortNode(n parse.Node) string {
	s := n.String()
	if len(s) > 40 {
		s = strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// FirstName is the first word of a person's name, for a greeting.
func FirstName(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.IndexByte(name, ','); i >= 0 {
		// "Adjuster, Ann": the given name comes after the comma.
		name = strings.TrimSpace(name[i+1:])
	}
	first, _, _ := strings.Cut(name, " ")
	return first
}
