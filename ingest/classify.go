package ingest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Classification is what the pipeline decides about one parsed message.
type Classification struct {
	Decision classify.Decision
	NeedsAck bool
	// DocTypes maps each attachment's part path to its document type
	// (classify.DocInline for body images) and the reason.
	DocTypes map[string]DocTypeResult
	// Texts maps the SHA-256 of each attached PDF to its text, for search;
	// only when the Classifier keeps texts.
	Texts map[string]string
	// AwaitOCR lists the attachments whose text only OCR can give and that
	// the OCR queue has not read yet: the message waits for them.
	AwaitOCR []OCRFile
	// textTime is the part of the classification spent reading PDF texts.
	textTime time.Duration
	// input is what the claim was matched on, texts read: the offline
	// classify matches a message again on it as claims appear.
	input *classify.Message
	// threadClaims are the claims found through the message's thread when
	// it was classified (see Processor.recheckTriage).
	threadClaims []int64
}

// OCRFile is an attachment for the OCR queue to read. Its content alone
// makes an OCR job unique: copies of a photo sent in many messages are read
// once.
type OCRFile struct {
	SHA256      string `json:"sha256" river:"unique"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
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
	// KeepTexts reads whole PDFs (within bounds) rather than their first
	// pages, and returns their texts for search. The classifier still
	// decides by the first pages: one pdftotext run serves both.
	KeepTexts bool
	// Known, when set with KeepTexts, has the texts of PDFs read before:
	// a file that comes again is not read again.
	Known PDFTexts
	// OCR reads pictures and image-only PDFs during classification (the
	// offline classify); nil leaves them to the OCR queue (OCRTexts).
	OCR *ocr.Reader
	// OCRTexts has the texts the OCR queue read; an attachment it has not
	// read yet is listed in Classification.AwaitOCR.
	OCRTexts OCRTexts
	// Steps, when set, gets the time spent reading PDF texts (StepText).
	Steps *StepTimes
}

// OCRTexts finds the text OCR read of a file, by its content's SHA-256.
type OCRTexts interface {
	OCRText(ctx context.Context, sha string) (string, bool, error)
}

// Classify matches m to a claim of reg and types its attachments.
func (c *Classifier) Classify(ctx context.Context, m *mailparse.Message, reg classify.Registry) Classification {
	in, texts, await, textTime := c.input(ctx, m)
	out := Classification{
		AwaitOCR: await,
		textTime: textTime,
		Decision: classify.MatchClaim(in, reg, c.Config),
		NeedsAck: classify.NeedsAck(in, c.Config.OfficeDomain),
		DocTypes: docTypesOf(m, in),
		Texts:    texts,
		input:    in,
	}
	return out
}

// docTypesOf types the attachments of m, whose classifier input is in, by
// part path.
func docTypesOf(m *mailparse.Message, in *classify.Message) map[string]DocTypeResult {
	types := map[string]DocTypeResult{}
	i := 0
	for _, p := range m.Parts {
		if p.IsBody || (!p.IsAttachment && !p.IsInline) {
			continue
		}
		t, ev := classify.DocType(in.Attachments[i], in)
		types[p.Path] = DocTypeResult{Type: t, Evidence: ev}
		i++
	}
	return types
}

// input maps a parsed message to the classifier's input, with the text of
// its PDFs; it also returns those texts by SHA-256 when the Classifier
// keeps them, the attachments waiting for OCR, and the time spent reading
// texts.
func (c *Classifier) input(ctx context.Context, m *mailparse.Message) (*classify.Message, map[string]string, []OCRFile, time.Duration) {
	var await []OCRFile
	var textTime time.Duration
	var texts map[string]string
	if c.KeepTexts {
		texts = map[string]string{}
	}
	in := &classify.Message{
		MessageID:   m.MessageID,
		InReplyTo:   m.InReplyTo,
		References:  m.References,
		From:        classifyAddress(m.From),
		Subject:     m.Subject,
		Date:        m.Date,
		Text:        bodyForClassify(m.TextBody, m.HTMLBody),
		Headers:     m.Headers,
		DeliveredTo: append(append([]string(nil), m.DeliveredTo...), m.OriginalTo...),
	}
	if f := m.DeliveryFailure; f != nil {
		in.Returned = f.MessageID
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
		in.Forwards = append(in.Forwards, classify.Forward{From: classifyAddress(n.From), Date: n.Date, Subject: n.Subject, Body: bodyForClassify(n.TextBody, n.HTMLBody)})
	}
	ocrTexts := c.ocrTextsOf(ctx, m)
	for _, p := range m.Parts {
		if p.IsBody || (!p.IsAttachment && !p.IsInline) {
			continue
		}
		a := classify.Attachment{Filename: p.Filename, ContentType: p.ContentType, Size: p.Size, Inline: p.IsInline, ContentID: p.ContentID}
		scanned := true // pictures; PDFs when a page has no text
		if p.IsAttachment && isPDF(p) {
			start := time.Now()
			text := c.pdfText(ctx, p)
			scanned = c.hasScannedPage(ctx, p, text)
			textTime += c.Steps.since(StepText, start)
			if texts != nil {
				texts[p.SHA256] = text
				text = firstPages(text, pdfTextPages, pdfTextLimit)
			}
			a.Text = text
		}
		if p.IsAttachment && !p.IsInline {
			var wait bool
			if a, wait = c.pictureText(ctx, ocrTexts, p, a, scanned); wait {
				await = append(await, OCRFile{SHA256: p.SHA256, Filename: p.Filename, ContentType: p.ContentType})
			}
		}
		in.Attachments = append(in.Attachments, a)
	}
	return in, texts, await, textTime
}

// bodyForClassify is the body the classifier reads: the text body, or the
// HTML itself when there is none. The classifier renders a table's cells
// apart ("Claim Number", tab, the number), so that a notification laid out
// as a table gives its labelled fields; the parser's text runs them
// together into one line of words.
func bodyForClassify(text, html string) string {
	if strings.TrimSpace(text) != "" || html == "" {
		return text
	}
	return html
}

// pictureText gives a picture, or a PDF with a page without a text layer
// (scanned), the text OCR read of it: from the OCR queue's texts, or read
// now when the Classifier reads pictures itself. It reports whether the
// attachment waits for the OCR queue. On a machine without tesseract
// nothing waits: such files are classified by their names, as before.
// known is where the OCR queue's texts are looked up (ocrTextsOf).
func (c *Classifier) pictureText(ctx context.Context, known OCRTexts, p mailparse.Part, a classify.Attachment, scanned bool) (classify.Attachment, bool) {
	k := ocr.KindOf(p.Filename, p.ContentType)
	if k == ocr.None || !scanned || p.SHA256 == "" || !ocr.Available(k) {
		return a, false
	}
	read := func(text string) classify.Attachment {
		if strings.TrimSpace(text) != "" {
			a.Text, a.OCR = firstPages(text, pdfTextPages, pdfTextLimit), true
		}
		return a
	}
	if known != nil {
		text, ok, err := known.OCRText(ctx, p.SHA256)
		if err == nil && ok {
			return read(text), false
		}
		if c.OCR == nil {
			// A database error waits too: the job's next run asks again.
			return a, true
		}
	}
	if c.OCR == nil || c.Blobs == nil {
		return a, false
	}
	r, err := c.Blobs.Get(ctx, blob.ContentKey(p.SHA256))
	if err != nil {
		return a, false
	}
	defer r.Close()
	text, err := c.OCR.Read(ctx, k, r)
	if err != nil && ctx.Err() != nil {
		return a, false // cut short: another run may read it
	}
	// An unreadable file (err != nil) has no text, and is classified by its
	// name; it is remembered so, and not read again.
	if m, ok := c.OCRTexts.(ocrMemory); ok {
		m.remember(p.SHA256, text.String())
	}
	return read(text.String()), false
}

// manyOCRTexts is an OCRTexts that finds many files' texts in one look-up.
type manyOCRTexts interface {
	OCRTextsOf(ctx context.Context, shas []string) (map[string]string, error)
}

// ocrTextsOf returns where to look up the OCR texts of m's attachments:
// all of them read in one round trip when the store can, else the store,
// one file at a time (also when that one round trip fails: each file then
// asks, and waits, on its own as before).
func (c *Classifier) ocrTextsOf(ctx context.Context, m *mailparse.Message) OCRTexts {
	many, ok := c.OCRTexts.(manyOCRTexts)
	if !ok {
		return c.OCRTexts
	}
	var shas []string
	for _, p := range m.Parts {
		if p.IsAttachment && !p.IsInline && p.SHA256 != "" && ocr.KindOf(p.Filename, p.ContentType) != ocr.None {
			shas = append(shas, p.SHA256)
		}
	}
	if len(shas) < 2 {
		return c.OCRTexts
	}
	texts, err := many.OCRTextsOf(ctx, shas)
	if err != nil {
		return c.OCRTexts
	}
	return foundOCRTexts(texts)
}

// foundOCRTexts are the OCR texts of one message's files, read at once.
type foundOCRTexts map[string]string

// OCRText implements OCRTexts.
func (f foundOCRTexts) OCRText(_ context.Context, sha string) (string, bool, error) {
	text, ok := f[sha]
	return text, ok, nil
}

// ocrMemory is an OCRTexts that keeps what the Classifier reads itself.
type ocrMemory interface {
	remember(sha, text string)
}

// memOCRTexts keeps the texts OCR read in memory, by content hash: the
// offline classify reads each picture once, though a message waiting for
// its claim is classified again when claims are created.
type memOCRTexts struct {
	mu    sync.Mutex
	texts map[string]string
}

func newMemOCRTexts() *memOCRTexts { return &memOCRTexts{texts: map[string]string{}} }

// OCRText implements OCRTexts.
func (m *memOCRTexts) OCRText(_ context.Context, sha string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	text, ok := m.texts[sha]
	return text, ok, nil
}

func (m *memOCRTexts) remember(sha, text string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.texts[sha] = text
}

// pdfText reads the text of attachment p: its first pages, or as much as
// search keeps when the Classifier keeps texts. An unreadable PDF has none
// (it is classified by its name); one that took too long has what was read
// in time.
func (c *Classifier) pdfText(ctx context.Context, p mailparse.Part) string {
	if c.Blobs == nil || p.SHA256 == "" {
		return ""
	}
	known := c.Known
	if !c.KeepTexts {
		known = nil // it holds texts for search, longer than these
	}
	if known != nil {
		if text, ok := known.Text(ctx, p.SHA256); ok {
			return text
		}
	}
	r, err := c.Blobs.Get(ctx, blob.ContentKey(p.SHA256))
	if err != nil {
		return ""
	}
	defer r.Close()
	if !c.KeepTexts {
		text, _ := PDFText(ctx, r, c.TempDir)
		return text
	}
	text, err := pdfText(ctx, r, c.TempDir, searchTextPages, searchTextLimit)
	// A run cut short (timed out, cancelled) may read more another time; a
	// PDF pdftotext refuses is refused every time.
	if known != nil && ctx.Err() == nil && !errors.Is(err, errPDFTextTimeout) {
		known.Remember(p.SHA256, text)
	}
	return text
}

// hasScannedPage reports whether a page of the PDF p, whose text
// pdftotext read, has no text but a picture: a PDF without a text layer, or
// a typed PDF with a scanned page in it (a signed page scanned into a
// contract). OCR reads such pages. A typed PDF's blank pages do not count:
// its message is not held for OCR.
func (c *Classifier) hasScannedPage(ctx context.Context, p mailparse.Part, text string) bool {
	blank := pagesWithoutText(text)
	if len(blank) == 0 {
		return false
	}
	if strings.TrimSpace(text) == "" || c.Blobs == nil || p.SHA256 == "" || !ocr.Available(ocr.PDF) {
		return true // a scan, or nothing to look at: as before
	}
	r, err := c.Blobs.Get(ctx, blob.ContentKey(p.SHA256))
	if err != nil {
		return true
	}
	defer r.Close()
	pictures, err := (&ocr.Reader{TempDir: c.TempDir}).PicturePages(ctx, r)
	if err != nil {
		return true
	}
	for _, page := range blank {
		if pictures.Has(page) {
			return true
		}
	}
	return false
}

// pagesWithoutText lists the pages (from 1) of pdftotext's text that are
// empty. The last page of a text cut at its limit is only part of a page,
// and counts as read.
func pagesWithoutText(text string) []int {
	pages := strings.Split(text, "\f")
	if len(pages) > 1 {
		pages = pages[:len(pages)-1] // what follows the last page's end
	}
	var blank []int
	for i, page := range pages {
		if strings.TrimSpace(page) == "" {
			blank = append(blank, i+1)
		}
	}
	return blank
}

func isPDF(p mailparse.Part) bool {
	return p.ContentType == "application/pdf" || strings.HasSuffix(strings.ToLower(p.Filename), ".pdf")
}

func classifyAddress(a mailparse.Address) classify.Address {
	return classify.Address{Name: a.Name, Email: a.Email}
}
