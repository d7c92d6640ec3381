package outbox

import "github.com/claimdesk/claimdesk/storage"

// reminderTemplates are the built-in wordings of the reminders to the
// field, by kind then language. A reminder that starts a thread has the job
// number in its subject, so the answers file to the claim.
var reminderTemplates = map[string]map[string]ReplyTemplate{
	storage.ReminderChaseUpload: {
		LangEnglish: {
			Subject: `Job {{.JobNumber}}{{with .Insured}} ({{.}}){{end}}: documents needed`,
			Body: `Hi{{with .RecipientFirstName}} {{.}}{{end}},

{{if .FromJob}}We still need {{.Asking}}{{with .JobNumber}} on job {{.}}{{end}}{{with .Insured}} for {{.}}{{end}}{{with .LossAddress}} at {{.}}{{end}}: please send what you have as soon as you can.{{else}}We have nothing from the job yet{{with .JobNumber}} on {{.}}{{end}}{{with .Insured}} for {{.}}{{end}}{{with .LossAddress}} at {{.}}{{end}}. Please upload {{.Asking}} as soon as you can.{{end}}
{{- with .ForwardAddress}}

You can send them to {{.}}.
{{- end}}

Thanks,
{{.Coordinator}}
`,
		},
		LangSpanish: {
			Subject: `Trabajo {{.JobNumber}}{{with .Insured}} ({{.}}){{end}}: faltan documentos`,
			Body: `Hola{{with .RecipientFirstName}} {{.}}{{end}}:

{{if .FromJob}}Todavía necesitamos {{.Asking}} del trabajo{{with .JobNumber}} {{.}}{{end}}{{with .Insured}} de {{.}}{{end}}{{with .LossAddress}} en {{.}}{{end}}: por favor envíe lo que tenga lo antes posible.{{else}}Todavía no tenemos nada del trabajo{{with .JobNumber}} {{.}}{{end}}{{with .Insured}} de {{.}}{{end}}{{with .LossAddress}} en {{.}}{{end}}. Por favor envíe {{.Asking}} lo antes posible.{{end}}
{{- with .ForwardAddress}}

Puede enviarlos a {{.}}.
{{- end}}

Gracias,
{{.Coordinator}}
`,
		},
	},
	storage.ReminderCOSAtPickup: {
		LangEnglish: {
			Subject: `Job {{.JobNumber}}{{with .Insured}} ({{.}}){{end}}: COS to be signed at equipment pickup`,
			Body: `Hi{{with .RecipientFirstName}} {{.}}{{end}},

When you pick up the equipment{{with .JobNumber}} on job {{.}}{{end}}{{with .LossAddress}} at {{.}}{{end}}, please have{{with .Insured}} {{.}}{{else}} the homeowner{{end}} sign the COS (certificate of satisfaction) and send it to us the same day.
{{- with .ForwardAddress}}

You can send it to {{.}}.
{{- end}}

Thanks,
{{.Coordinator}}
`,
		},
		LangSpanish: {
			Subject: `Trabajo {{.JobNumber}}{{with .Insured}} ({{.}}){{end}}: firmar el COS al recoger el equipo`,
			Body: `Hola{{with .RecipientFirstName}} {{.}}{{end}}:

Cuando recoja el equipo{{with .JobNumber}} del trabajo {{.}}{{end}}{{with .LossAddress}} en {{.}}{{end}}, por favor pida a{{with .Insured}} {{.}}{{else}}l propietario{{end}} que firme el COS (certificado de satisfacción) y envíenoslo el mismo día.
{{- with .ForwardAddress}}

Puede enviarlo a {{.}}.
{{- end}}

Gracias,
{{.Coordinator}}
`,
		},
	},
	storage.ReminderDryingLog: {
		LangEnglish: {
			Subject: `Job {{.JobNumber}}{{with .Insured}} ({{.}}){{end}}: today's drying log`,
			Body: `Hi{{with .RecipientFirstName}} {{.}}{{end}},

The equipment is still placed{{with .JobNumber}} on job {{.}}{{end}}{{with .LossAddress}} at {{.}}{{end}} and we have no drying log for today yet. Please send today's moisture readings.
{{- with .ForwardAddress}}

You can send them to {{.}}.
{{- end}}

Thanks,
{{.Coordinator}}
`,
		},
		LangSpanish: {
			Subject: `Trabajo {{.JobNumber}}{{with .Insured}} ({{.}}){{end}}: registro de secado de hoy`,
			Body: `Hola{{with .RecipientFirstName}} {{.}}{{end}}:

El equipo sigue colocado{{with .JobNumber}} en el trabajo {{.}}{{end}}{{with .LossAddress}} en {{.}}{{end}} y todavía no tenemos el registro de secado de hoy. Por favor envíe las lecturas de humedad de hoy.
{{- with .ForwardAddress}}

Puede enviarlas a {{.}}.
{{- end}}

Gracias,
{{.Coordinator}}
`,
		},
	},
}
