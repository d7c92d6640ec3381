package ingest

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
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
func (p *Processor) refine(ctx context.Context, m storage.StoredMessage) error {
	raw, err := p.blobs.Get(ctx, blob.ContentKey(m.RawSHA256))
	if err != nil {
		return fmt.Errorf("%w: read raw message: %w", errTransient, err)
	}
	defer raw.Close()
	sink := &blobSink{blobs: p.blobs, tempDir: p.cfg.TempDir, steps: p.cfg.Steps}
	parsed, err := mailparse.ParseMessage(ctx, raw, sink, p.cfg.Parse)
	if err != nil {
		// It parsed when it was filed: this is the infrastructure's doing.
		return fmt.Errorf("%w: parse: %w", errTransient, err)
	}
	office, err := p.messageOffice(ctx, m, parsed)
	if err != nil {
		return err
	}
	reg := NewDBRegistry(ctx, p.db, office.ID)
	c := p.classifierFor(office).Classify(ctx, parsed, reg)
	if reg.Err != nil {
		return fmt.Errorf("%w: claims registry: %w", errTransient, reg.Err)
	}
	if len(c.AwaitOCR) > 0 {
		return nil // the reading of the rest refines it again
	}
	res := FileResult{MessageID: m.ID}
	err = p.db.InTx(ctx, func(tx pgx.Tx) error {
		// Locked against a person's move meanwhile.
		fm, err := storage.LockMessageForFiling(ctx, tx, m.ID)
		if err != nil || fm.Status != storage.StatusFiled {
			return err
		}
		res.ClaimID = fm.ClaimID
		if err := p.retypePictures(ctx, tx, &res, parsed, c); err != nil {
			return err
		}
		if err := p.restampScans(ctx, tx, res); err != nil {
			return err
		}
		if e, ok := ocrNamesOtherClaim(c.Decision, fm.ClaimID); ok {
			p.log.Warn("ocr text names another claim than the one the message is filed to",
				"message_id", m.ID, "claim_id", fm.ClaimID, "other_claim_id", e.ClaimID)
			if err := storage.AddMessageWarning(ctx, tx, m.ID, otherClaimWarning(e)); err != nil {
				return err
			}
		}
		if len(res.Documents) == 0 {
			return nil
		}
		if err := p.cfg.Filer.stagesFromDocuments(ctx, tx, &res); err != nil {
			return err
		}
		return p.cfg.Filer.queue.enqueuePublish(ctx, tx, m.ID, res.Retired)
	})
	if err != nil {
		return fmt.Errorf("%w: refine document types: %w", errTransient, err)
	}
	if len(res.Documents) > 0 {
		p.cfg.Filer.publishAfterCommit(ctx, res)
	}
	return nil
}

// retypePictures gives each picture or scan of the message filed in
// res.ClaimID the type classification c finds for it now, where that
// differs, and adds the documents it retyped to res.
func (p *Processor) retypePictures(ctx context.Context, tx pgx.Tx, res *FileResult, parsed *mailparse.Message, c Classification) error {
	docs, err := storage.LockMessageDocuments(ctx, tx, res.MessageID)
	if err != nil {
		return err
	}
	bySHA := map[string]storage.Document{}
	for _, d := range docs {
		if d.ClaimID == res.ClaimID {
			bySHA[d.SHA256] = d
		}
	}
	for _, part := range parsed.Parts {
		dt, ok := c.DocTypes[part.Path]
		d, filed := bySHA[part.SHA256]
		if !ok || !filed || dt.Type == classify.DocInline || ocr.KindOf(part.Filename, part.ContentType) == ocr.None {
			continue
		}
		if err := storage.SetPartDocType(ctx, tx, res.MessageID, part.Path, dt.Type, dt.Evidence); err != nil {
			return err
		}
		folder := classify.Folder(dt.Type)
		if d.DocType == dt.Type || (dt.Type != classify.DocOther && folder == classify.Folder(classify.DocOther)) {
			continue // as filed, or a type this claimdesk does not file
		}
		retired, err := storage.RetypeDocument(ctx, tx, d, dt.Type, folder, p.cfg.Filer.loc)
		if err != nil {
			return err
		}
		p.log.Info("document typed again from its ocr text", "message_id", res.MessageID, "document_id", d.ID,
			"from", d.DocType, "to", dt.Type)
		d.DocType, d.Folder = dt.Type, folder
		bySHA[part.SHA256] = d // the same file attached twice is one document
		res.Retired = append(res.Retired, retired)
		res.Documents = append(res.Documents, d)
	}
	return nil
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

// ocrNamesOtherClaim returns the strong evidence read by OCR that names a
// claim other than claimID, if any.
func ocrNamesOtherClaim(d classify.Decision, claimID int64) (classify.Evidence, bool) {
	for _, e := range d.Evidence {
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
