package ingest

import (
	"context"
	"strings"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Classification is what the pipeline decides about one parsed message.
type Classification struct {
	Decision classify.Decision
	NeedsAck bool
	// DocTypes maps each attachment's part path to its document type
	// (classify.DocInline for body images) and the reason.
	DocTypes map[string]DocTypeResult
}

// DocTypeResult is the document type of one part and why.
type DocTypeResult struct {
	Type     string
	Evidence string
}

// Classifier classifies parsed messages. The pipeline and the offline
// `claimdesk classify` use the same one, over different registries.
type Classifier struct {
	Config  classify.Config
	Blobs   blob.Store // where the parser put the attachments, for PDF text
	TempDir string
}

// Classify matches m to a claim of reg and types its attachments.
func (c *Classifier) Classify(ctx context.Context, m *Message, reg classify.Registry) Classification {
	in := c.Input(ctx, m)
	out := Classification{
		Decision: classify.MatchClaim(in, reg, c.Config),
		NeedsAck: classify.NeedsAck(in, c.Config.OfficeDomain),
		DocTypes: map[string]DocTypeResult{},
	}
	i := 0
	for _, p := range m.Parts {
		if p.IsBody || (!p.IsAttachment && !p.IsInline) {
			continue
		}
		t, ev := classify.DocType(in.Attachments[i], in)
		out.DocTypes[p.Path] = DocTypeResult{Type: t, Evidence: ev}
		i++
	}
	return out
}

// Input maps a parsed message to the classifier's input, with the text of
// its PDFs.
func (c *Classifier) Input(ctx context.Context, m *Message) *classify.Message {
	in := &classify.Message{
		MessageID:   m.MessageID,
		InReplyTo:   m.InReplyTo,
		References:  m.References,
		From:        classifyAddress(m.From),
		Subject:     m.Subject,
		Date:        m.Date,
		Text:        m.PlainText(),
		Headers:     m.Headers,
		DeliveredTo: append(append([]string(nil), m.DeliveredTo...), m.OriginalTo...),
	}
	for _, a := range m.To {
		in.To = append(in.To, classifyAddress(a))
	}
	for _, a := range m.Cc {
		in.Cc = append(in.Cc, classifyAddress(a))
	}
	for _, f := range m.Forwards {
		in.Forwards = append(in.Forwards, classify.Forward{From: classifyAddress(f.From), Date: f.Date, Subject: f.Subject, Body: f.Body})
	}
	// Attached messages (message/rfc822) are forwards too.
	for i := range m.Nested {
		n := &m.Nested[i]
		in.Forwards = append(in.Forwards, classify.Forward{From: classifyAddress(n.From), Date: n.Date, Subject: n.Subject, Body: n.PlainText()})
	}
	for _, p := range m.Parts {
		if p.IsBody || (!p.IsAttachment && !p.IsInline) {
			continue
		}
		a := classify.Attachment{Filename: p.Filename, ContentType: p.ContentType, Size: p.Size, Inline: p.IsInline, ContentID: p.ContentID}
		if p.IsAttachment && isPDF(p) {
			a.Text = c.pdfText(ctx, p)
		}
		in.Attachments = append(in.Attachments, a)
	}
	return in
}

func (c *Classifier) pdfText(ctx context.Context, p Part) string {
	if c.Blobs == nil || p.SHA256 == "" {
		return ""
	}
	r, err := c.Blobs.Get(ctx, blob.ContentKey(p.SHA256))
	if err != nil {
		return ""
	}
	defer r.Close()
	text, _ := PDFText(ctx, r, c.TempDir) // an unreadable PDF is classified by its name
	return text
}

func isPDF(p Part) bool {
	return p.ContentType == "application/pdf" || strings.HasSuffix(strings.ToLower(p.Filename), ".pdf")
}

func classifyAddress(a Address) classify.Address {
	return classify.Address{Name: a.Name, Email: a.Email}
}
