package outbox

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"text/template"
)

// TestTemplateOutputIsCapped runs the template of the report, which wrote
// 200 MB, with the checks before it left out: the capped writer alone stops
// it at the cap, without the memory the whole output would take. Not
// parallel: it measures the process's allocations.
func TestTemplateOutputIsCapped(t *testing.T) {
	tmpl := template.Must(template.New("body").Parse(`{{range 20000000}}0123456789{{end}}`))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out := &capWriter{max: maxTemplateOutput}
	err := tmpl.Execute(out, sampleFields)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, errTemplateTooLong) {
		t.Errorf("200 MB of output: %v, want errTemplateTooLong", err)
	}
	if out.buf.Len() != maxTemplateOutput {
		t.Errorf("kept %d bytes, want the cap, %d", out.buf.Len(), maxTemplateOutput)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("rendering allocated %d MB, want a few times the cap at most", alloc>>20)
	}
}

// TestRenderRefusesLongOutput fills a template that passes every check but
// repeats a long field past the cap: Render refuses it, saying why.
func TestRenderRefusesLongOutput(t *testing.T) {
	t.Parallel()
	tmpl := ReplyTemplate{Kind: "ack", Language: "en", Subject: "x", Body: strings.Repeat("{{.Insured}} ", 1500)}
	f := sampleFields
	f.Insured = strings.Repeat("Ripley ", 10)
	_, body, err := tmpl.Render(f)
	var te *TemplateError
	if !errors.As(err, &te) || te.Part != "body" || !strings.Contains(te.Reason, "more than 64 KB") || body != "" {
		t.Errorf("%d bytes of output: %v, want a body error about 64 KB", 1500*len(f.Insured), err)
	}
}

// TestTemplateRefusesConstructs saves each construct that could repeat text
// or call a template: each is refused, saying which, before it runs.
func TestTemplateRefusesConstructs(t *testing.T) {
	t.Parallel()
	deepIf := strings.Repeat("{{if .Insured}}", maxTemplateDepth+1) + "x" + strings.Repeat("{{end}}", maxTemplateDepth+1)
	deepBrackets := "{{" + strings.Repeat("(", maxTemplateDepth+1) + ".Insured" + strings.Repeat(")", maxTemplateDepth+1) + "}}"
	for body, want := range map[string]string{
		`{{range 20000000}}0123456789{{end}}`:               "{{range}}",
		`{{range $i, $c := .Insured}}{{$c}}{{end}}`:         "{{range}}",
		`Hello{{define "x"}}again{{end}}`:                   "{{define}}",
		`{{template "x"}}`:                                  "{{template}}",
		`{{define "x"}}{{template "x"}}{{end}}x`:            "{{define}}",
		`{{define "x"}}a{{end}}{{template "x" .}}`:          "{{template}}",
		`{{block "x" .}}{{template "x" .}}{{end}}`:          "{{block}}",
		`{{- block "x" .}}a{{end}}`:                         "{{block}}",
		`{{printf "%0999999999d" 0}}`:                       "function printf",
		`{{.Insured | printf "%s"}}`:                        "function printf",
		`{{if eq (js (js .Insured)) ""}}x{{end}}`:           "function js",
		`{{call .Insured}}`:                                 "function call",
		`{{with .Insured}}{{html .}}{{end}}`:                "function html",
		`{{(.Insured).X}}`:                                  "(.Insured).X is not allowed",
		deepIf:                                              "nested more than 8 deep",
		deepBrackets:                                        "nested more than 8 deep",
		`{{if .Insured}}{{range 3}}x{{end}}{{else}}{{end}}`: "{{range}}",
		`{{with .Insured}}{{else}}{{template "y"}}{{end}}`:  "{{template}}",
	} {
		for _, part := range []string{"subject", "body"} {
			tmpl := ReplyTemplate{Kind: "ack", Language: "en", Subject: "Claim", Body: "Hello"}
			if part == "subject" {
				tmpl.Subject = body
			} else {
				tmpl.Body = body
			}
			err := tmpl.Check()
			var te *TemplateError
			if !errors.As(err, &te) || !errors.Is(err, ErrBadTemplate) || te.Part != part || !strings.Contains(te.Reason, want) {
				t.Errorf("%s %q: %v, want a %s error naming %s", part, body, err, part, want)
			}
		}
	}
}

// TestTemplateAllowsWhatRepliesUse checks that the built-in templates and
// an edited one using every allowed construct still save and render.
func TestTemplateAllowsWhatRepliesUse(t *testing.T) {
	t.Parallel()
	for _, tmpl := range OfficeReplyTemplates(nil) {
		if err := tmpl.Check(); err != nil {
			t.Errorf("built-in %s/%s: %v", tmpl.Kind, tmpl.Language, err)
		}
	}
	edited := ReplyTemplate{Kind: "update", Language: "en",
		Subject: `{{if and .JobNumber (ne .ClaimNumber "")}}Job {{.JobNumber}}{{else if .Insured}}{{.Insured}}{{else}}Update{{end}}`,
		Body: `Dear {{or .AdjusterFirstName "adjuster"}},{{/* a note to ourselves */}}
{{with $job := .JobNumber}}Job {{$job}} for {{$.Insured}}{{if not $.ClaimNumber}} (no claim yet){{end}}.{{end}}
{{- if gt (len .ForwardAddress) 0}} Send photos to {{.ForwardAddress}}.{{end}}
{{.Coordinator}}`,
	}
	subject, body, err := edited.Render(sampleFields)
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Job 26-1001-WTR" || body != "Dear Ann,\nJob 26-1001-WTR for Ellen Ripley. Send photos to claims+26-1001-WTR@office.example.\nDana Coordinator" {
		t.Errorf("edited template: %q\n%s", subject, body)
	}
	if err := edited.Check(); err != nil {
		t.Errorf("edited template refused: %v", err)
	}
}
