package outbox

import (
	"fmt"

	"github.com/claimdesk/claimdesk/storage"
)

// KindClosingNote is the template of a claim's final note, the one the
// coordinator pastes into the job system and the carrier's portal when
// the job is done. It is never mailed: its subject only names it.
const KindClosingNote = "closing_note"

// closingNoteTemplates are the built-in wordings of the closing note; the
// office edits them with the replies. {{.Facts}} lists what is on file.
var closingNoteTemplates = map[string]ReplyTemplate{
	LangEnglish: {
		Subject: `Closing note{{with .JobNumber}}: job {{.}}{{end}}`,
		Body: `Mitigation complete{{with .JobNumber}} on job {{.}}{{end}}{{with .Insured}} for {{.}}{{end}}{{with .ClaimNumber}}, claim {{.}}{{end}}.
{{.Facts}}
Final documents are filed; please let us know if anything else is needed.
{{.Coordinator}}
`,
	},
	LangSpanish: {
		Subject: `Nota de cierre{{with .JobNumber}}: trabajo {{.}}{{end}}`,
		Body: `Mitigación terminada{{with .JobNumber}} en el trabajo {{.}}{{end}}{{with .Insured}} de {{.}}{{end}}{{with .ClaimNumber}}, reclamación {{.}}{{end}}.
{{.Facts}}
Los documentos finales están archivados; avísenos si necesita algo más.
{{.Coordinator}}
`,
	},
}

// ClosingNote writes a claim's closing note in language from the office's
// templates (saved, else the built-in one), filled with f.
func ClosingNote(saved []storage.ReplyTemplate, language string, f ReplyFields) (string, error) {
	for _, t := range OfficeReplyTemplates(saved) {
		if t.Kind == KindClosingNote && t.Language == language {
			_, body, err := t.Render(f)
			return body, err
		}
	}
	return "", fmt.Errorf("%w: no closing note in language %q", ErrBadTemplate, language)
}
