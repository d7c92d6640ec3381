package outbox

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"text/template"

	"github.com/claimdesk/claimdesk/storage"
)

// ReplyFields are the values a reply template may use, and the only ones:
// {{.Insured}}, {{.ClaimNumber}}, {{.JobNumber}}, {{.AdjusterFirstName}},
// {{.Coordinator}} and {{.ForwardAddress}}. Any may be empty ({{with}} and
// {{if}} leave out what is missing).
type ReplyFields struct {
	Insured           string
	ClaimNumber       string
	JobNumber         string
	AdjusterFirstName string
	Coordinator       string // the signed-in person sending it
	ForwardAddress    string // claims+JOB@office-domain
}

// Reply languages.
const (
	LangEnglish = "en"
	LangSpanish = "es"
)

// ReplyKinds and ReplyLanguages are the templates an office keeps.
var (
	ReplyKinds     = []string{storage.ReplyAck, storage.ReplyUpdate}
	ReplyLanguages = []string{LangEnglish, LangSpanish}
)

// Bounds of a template as edited: a reply is a few paragraphs.
const (
	maxTemplateSubject = 300
	maxTemplateBody    = 20000
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
			Body: `Hello{{with .AdjusterFirstName}} {{.}}{{end}},

Thank you for your message{{with .JobNumber}} about our job {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}{{with .ClaimNumber}}, claim {{.}}{{end}}. We have received it and will get back to you shortly.
{{- with .ForwardAddress}}

Documents and photos for this job can be sent to {{.}}.
{{- end}}

Best regards,
{{.Coordinator}}
`,
		},
		LangSpanish: {
			Subject: `{{if .ClaimNumber}}Reclamación {{.ClaimNumber}}{{else}}Su mensaje{{end}}: recibido`,
			Body: `Hola{{with .AdjusterFirstName}} {{.}}{{end}}:

Gracias por su mensaje{{with .JobNumber}} sobre nuestro trabajo {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}{{with .ClaimNumber}}, reclamación {{.}}{{end}}. Lo hemos recibido y le responderemos en breve.
{{- with .ForwardAddress}}

También puede enviar documentos y fotos de este trabajo a {{.}}.
{{- end}}

¿Necesita algo urgente? Llámenos por teléfono.

Atentamente,
{{.Coordinator}}
`,
		},
	},
	storage.ReplyUpdate: {
		LangEnglish: {
			Subject: `Daily update{{with .JobNumber}}: job {{.}}{{end}}{{with .ClaimNumber}}, claim {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}`,
			Body: `Hello{{with .AdjusterFirstName}} {{.}}{{end}},

Here is today's update{{with .JobNumber}} on job {{.}}{{end}}{{with .Insured}} for {{.}}{{end}}{{with .ClaimNumber}}, claim {{.}}{{end}}:

- Work done today:
- Drying / readings:
- Next steps:

Please let us know if you have any questions.

Best regards,
{{.Coordinator}}
`,
		},
		LangSpanish: {
			Subject: `Actualización diaria{{with .JobNumber}}: trabajo {{.}}{{end}}{{with .ClaimNumber}}, reclamación {{.}}{{end}}{{with .Insured}} ({{.}}){{end}}`,
			Body: `Hola{{with .AdjusterFirstName}} {{.}}{{end}}:

Esta es la actualización de hoy{{with .JobNumber}} del trabajo {{.}}{{end}}{{with .Insured}} para {{.}}{{end}}{{with .ClaimNumber}}, reclamación {{.}}{{end}}:

- Trabajo realizado hoy:
- Secado / lecturas de humedad del daño:
- Próximos pasos:

¿Tiene alguna pregunta? Con gusto le atendemos.

Atentamente,
{{.Coordinator}}
`,
		},
	},
}

// DefaultReplyTemplate returns the built-in wording of kind in language;
// false when there is no such kind or language.
func DefaultReplyTemplate(kind, language string) (ReplyTemplate, bool) {
	t, ok := defaultTemplates[kind][language]
	t.Kind, t.Language, t.Default = kind, language, true
	return t, ok
}

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
}

// SampleReplyFields are example values, for previews.
func SampleReplyFields() ReplyFields { return sampleFields }

// ErrBadTemplate marks a template that does not parse or uses a field
// that does not exist.
var ErrBadTemplate = errors.New("bad template")

// Check reports whether t parses and fills with the fixed fields, in a
// sentence for the person editing it.
func (t ReplyTemplate) Check() error {
	if _, ok := defaultTemplates[t.Kind][t.Language]; !ok {
		return fmt.Errorf("%w: no template kind %q in language %q", ErrBadTemplate, t.Kind, t.Language)
	}
	if strings.TrimSpace(t.Body) == "" {
		return fmt.Errorf("%w: the body is empty", ErrBadTemplate)
	}
	if len(t.Subject) > maxTemplateSubject || len(t.Body) > maxTemplateBody {
		return fmt.Errorf("%w: longer than %d characters (subject %d)", ErrBadTemplate, maxTemplateBody, maxTemplateSubject)
	}
	_, _, err := t.Render(sampleFields)
	return err
}

// Render fills the template in.
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

func fill(name, text string, f ReplyFields) (string, error) {
	tmpl, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %s", ErrBadTemplate, name, templateErrorText(err))
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, f); err != nil {
		return "", fmt.Errorf("%w: %s: %s (the fields are .Insured, .ClaimNumber, .JobNumber, .AdjusterFirstName, .Coordinator and .ForwardAddress)",
			ErrBadTemplate, name, templateErrorText(err))
	}
	return buf.String(), nil
}

// templateErrorText drops text/template's "template: name:" prefix, which
// says nothing to a coordinator.
func templateErrorText(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "template: ")
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
