package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
)

// readAfterFiling reports whether a message whose pictures or scans wait
// for OCR is filed at once and its pictures read afterwards: its claim is
// decided without them, by strong evidence (a claim, job or policy number,
// its thread, a forward address) for one claim and none for another.
// What OCR reads then refines only the pictures' document types
// (Processor.refine). A message whose claim is not decided yet waits for
// OCR, since a number on a scan may decide it.
func (p *Processor) readAfterFiling(c Classification) bool {
	d := c.Decision
	if len(c.AwaitOCR) == 0 || p.cfg.Filer == nil || d.Outcome != classify.OutcomeFiled || d.Claim == nil {
		return false
	}
	strong := false
	for _, e := range d.Evidence {
		if e.ClaimID != 0 && e.ClaimID != d.Claim.ID {
			return false
		}
		strong = strong || e.Strength == classify.StrengthStrong
	}
	return strong
}

// refine types again the pictures and scans of message m, filed before OCR
// read them, now that their texts are read: a photographed certificate of
// satisfaction becomes a cos, moved to its folder, with the stage evidence
// it gives, and a scan's stamped copy is made again with the words read.
// The claim stays: when the texts name another claim, the
// message gets a warning for a person to decide, not a silent move.
//
// It types from what filing kept (the parts, their files' texts, the
// subject and body), as the first run did from the raw message: the types
// come out the same without reading and parsing it again. A message whose
// pictures all stay as they were is left without a transaction.
func (p *Processor) refine(ctx context.Context, m storage.StoredMessage) error {
	kept, err := p.db.FiledParts(ctx, m.ID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil // deleted since
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errTransient, err)
	}
	parsed := filedMessage(kept)
	in, _, await, _ := p.filedClassifier(kept).input(ctx, parsed)
	if len(await) > 0 {
		return nil // the reading of the rest refines it again
	}
	types := docTypesOf(parsed, in)
	numbers, err := p.ocrNumberEvidence(ctx, m.OfficeID, in)
	if err != nil {
		return err
	}
	if _, warn := ocrNamesOtherClaim(numbers, kept.ClaimID); !warn && !retypeDue(kept.Parts, types) {
		return nil
	}
	return p.refineTx(ctx, m.ID, parsed.Parts, types, numbers)
}

// refineTx retypes and restamps the pictures and scans of message id,
// typed now as types, and warns when the numbers OCR read name another
// claim, in one transaction.
func (p *Processor) refineTx(ctx context.Context, id int64, parts []mailparse.Part, types map[string]DocTypeResult, numbers []classify.Evidence) error {
	res := FileResult{MessageID: id}
	err := p.db.InTx(ctx, func(tx pgx.Tx) error {
		// Locked against a person's move meanwhile.
		fm, err := storage.LockMessageForFiling(ctx, tx, id)
		if err != nil || fm.Status != storage.StatusFiled {
			return err
		}
		res.ClaimID = fm.ClaimID
		// The claim before the documents (see storage.LockClaimsForChange):
		// its sample stage follows a retyped lab report.
		if err := storage.LockClaimsForChange(ctx, tx, fm.ClaimID); err != nil {
			return err
		}
		wasReport, err := p.retypePictures(ctx, tx, &res, parts, types)
		if err != nil {
			return err
		}
		if wasReport {
			if err := p.cfg.Filer.sampleAgain(ctx, tx, res.ClaimID, ActorPipeline); err != nil {
				return err
			}
		}
		if err := p.restampScans(ctx, tx, res); err != nil {
			return err
		}
		if e, ok := ocrNamesOtherClaim(numbers, fm.ClaimID); ok {
			p.log.Warn("ocr text names another claim than the one the message is filed to",
				"message_id", id, "claim_id", fm.ClaimID, "other_claim_id", e.ClaimID)
			if err := storage.AddMessageWarning(ctx, tx, id, otherClaimWarning(e)); err != nil {
				return err
			}
		}
		if len(res.Documents) == 0 {
			return nil
		}
		if err := p.cfg.Filer.stagesFromDocuments(ctx, tx, &res, true); err != nil {
			return err
		}
		return p.cfg.Filer.queue.enqueuePublish(ctx, tx, id, res.Retired)
	})
	if err != nil {
		return fmt.Errorf("%w: refine document types: %w", errTransient, err)
	}
	if len(res.Documents) > 0 {
		p.cfg.Filer.publishAfterCommit(ctx, res)
	}
	return nil
}

// filedMessage is the parse kept of a filed message, as far as typing its
// attachments reads it: subject, body and parts. Its addresses, headers
// and forwards are left out; they decide the claim, which stays.
func filedMessage(f storage.FiledParts) *mailparse.Message {
	m := &mailparse.Message{Subject: f.Subject, TextBody: f.BodyText, HTMLBody: f.BodyHTML}
	for _, pt := range f.Parts {
		m.Parts = append(m.Parts, mailparse.Part{
			Path: pt.Path, ContentType: pt.ContentType, Disposition: pt.Disposition, Filename: pt.Filename,
			ContentID: pt.ContentID, Size: pt.Size, SHA256: pt.SHA256, IsInline: pt.IsInline,
			IsAttachment: pt.IsAttachment, Truncated: pt.Truncated, Nested: pt.Nested,
		})
	}
	return m
}

// filedClassifier is the processor's classifier reading the texts kept of
// a filed message's files first, all fetched in the one look-up of
// FiledParts.
func (p *Processor) filedClassifier(f storage.FiledParts) *Classifier {
	c := *p.classifier
	c.Known = keptPDFTexts{pdf: f.PDFTexts, ocr: f.OCRTexts, PDFTexts: p.classifier.Known}
	c.OCRTexts = foundOCRTexts(f.OCRTexts)
	return &c
}

// keptPDFTexts finds the text layers of a filed message's PDFs among those
// kept with it, before asking the process's cache (which may read the
// PDF again).
type keptPDFTexts struct {
	pdf, ocr map[string]string
	PDFTexts
}

// Text implements PDFTexts. A scan OCR has read text from needs no text
// layer: the words read stand for it, whatever the layer holds, and
// empty layers are not kept.
func (k keptPDFTexts) Text(ctx context.Context, sha string) (string, bool) {
	if text, ok := k.pdf[sha]; ok {
		return text, true
	}
	if strings.TrimSpace(k.ocr[sha]) != "" {
		return "", true
	}
	return k.PDFTexts.Text(ctx, sha)
}

// ocrNumberEvidence is the strong evidence of the claim, job and policy
// numbers that OCR read on the attachments of in, matched against the
// claims of office.
func (p *Processor) ocrNumberEvidence(ctx context.Context, office int64, in *classify.Message) ([]classify.Evidence, error) {
	read := &classify.Message{}
	for _, a := range in.Attachments {
		if a.OCR {
			read.Attachments = append(read.Attachments, a)
		}
	}
	if len(read.Attachments) == 0 {
		return nil, nil
	}
	reg := NewDBRegistry(ctx, p.db, office).WithOpenClaims(p.openClaims)
	numbers := classify.NumberEvidence(read, reg)
	if reg.Err != nil {
		return nil, fmt.Errorf("%w: claims registry: %w", errTransient, reg.Err)
	}
	return numbers, nil
}

// retypeDue reports whether typing again the pictures and scans of a
// filed message, kept as parts and typed now as types, may change
// anything: a type or its reason differs from the kept one, or a PDF may
// be a scan whose stamp is to be made again. Most phone photos stay
// photos, and their message is left as it is.
func retypeDue(parts []storage.TypedPart, types map[string]DocTypeResult) bool {
	for _, pt := range parts {
		k := ocr.KindOf(pt.Filename, pt.ContentType)
		dt, ok := types[pt.Path]
		if !ok || k == ocr.None || dt.Type == classify.DocInline {
			continue
		}
		if k == ocr.PDF || dt.Type != pt.DocType || dt.Evidence != pt.DocTypeEvidence {
			return true
		}
	}
	return false
}

// retypePictures gives each picture or scan among parts of the message
// filed in res.ClaimID its type in types, where that differs and no person
// chose the document's type, and adds the documents it retyped to res. The
// parts record the types read either way: what the classifier made of
// them. wasReport says whether a lab report became another type.
func (p *Processor) retypePictures(ctx context.Context, tx pgx.Tx, res *FileResult, parts []mailparse.Part, types map[string]DocTypeResult) (wasReport bool, err error) {
	docs, err := storage.LockMessageDocuments(ctx, tx, res.MessageID)
	if err != nil {
		return false, err
	}
	bySHA := map[string]storage.Document{}
	for _, d := range docs {
		if d.ClaimID == res.ClaimID {
			bySHA[d.SHA256] = d
		}
	}
	var typed []storage.PartDocType
	for _, part := range parts {
		dt, ok := types[part.Path]
		d, filed := bySHA[part.SHA256]
		if !ok || !filed || dt.Type == classify.DocInline || ocr.KindOf(part.Filename, part.ContentType) == ocr.None {
			continue
		}
		typed = append(typed, storage.PartDocType{Path: part.Path, DocType: dt.Type, Evidence: dt.Evidence})
		folder := classify.Folder(dt.Type)
		if d.DocType == dt.Type || (dt.Type != classify.DocOther && folder == classify.Folder(classify.DocOther)) {
			continue // as filed, or a type this claimdesk does not file
		}
		if d.TypeSetBy != "" {
			continue // a person's choice stands (Filer.ChangeDocumentType)
		}
		retired, err := storage.RetypeDocument(ctx, tx, d, dt.Type, folder, p.cfg.Filer.loc)
		if err != nil {
			return false, err
		}
		p.log.Info("document typed again from its ocr text", "message_id", res.MessageID, "document_id", d.ID,
			"from", d.DocType, "to", dt.Type)
		wasReport = wasReport || d.DocType == classify.DocLabReport
		wasStampable := Stampable(d)
		d.DocType, d.Folder = dt.Type, folder
		if err := p.cfg.Filer.restampRetyped(ctx, tx, d, wasStampable); err != nil {
			return false, err
		}
		bySHA[part.SHA256] = d // the same file attached twice is one document
		res.Retired = append(res.Retired, retired)
		res.Documents = append(res.Documents, d)
	}
	return wasReport, storage.SetPartDocTypes(ctx, tx, res.MessageID, typed)
}

// restampScans stamps again the scans of the message filed in res.ClaimID
// that were stamped before OCR read them: the stamped copy then gets the
// words read as invisible text, as a scan read before filing does.
func (p *Processor) restampScans(ctx context.Context, tx pgx.Tx, res FileResult) error {
	docs, err := storage.LockMessageDocuments(ctx, tx, res.MessageID)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if d.ClaimID != res.ClaimID || d.TextSource != storage.TextSourceOCR || ocr.KindOf(d.Filename, d.ContentType) != ocr.PDF ||
			(d.StampedSHA256 == "" && d.StampError == "") {
			continue // not a scan read by OCR, or its stamp job has yet to run
		}
		if err := storage.ResetStamp(ctx, tx, d.ID); err != nil {
			return err
		}
		if err := p.cfg.Filer.queue.EnqueueStamp(ctx, tx, d.ID); err != nil {
			return err
		}
	}
	return nil
}

// ocrNamesOtherClaim returns the strong evidence read by OCR among
// evidence that names a claim other than claimID, if any.
func ocrNamesOtherClaim(evidence []classify.Evidence, claimID int64) (classify.Evidence, bool) {
	for _, e := range evidence {
		if strings.HasPrefix(e.Where, "attachment_ocr:") && e.Strength == classify.StrengthStrong && e.ClaimID != 0 && e.ClaimID != claimID {
			return e, true
		}
	}
	return classify.Evidence{}, false
}

// otherClaimWarning is what the message shows when OCR read another
// claim's number on a picture it was filed with.
func otherClaimWarning(e classify.Evidence) string {
	where := strings.TrimPrefix(e.Where, "attachment_ocr:")
	return fmt.Sprintf("The text read from %s gives %s %q, which belongs to another claim than the one this message is filed to: check where it belongs.",
		where, classify.RuleWords(e.Rule), e.Matched)
}
