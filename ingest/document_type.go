package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// ChangeDocumentType gives document id the type docType that a person
// (actor) chose, for good, as storage.ChangeDocumentType does: the
// checklist, the billing packet and the signed forms' checks follow it,
// and typing the message's pictures again after OCR leaves it alone
// (Processor.retypePictures). An invoice is a vendor's or the office's as
// filing decides it, by the message that brought it. A lab report fills
// in the sample stage as a filed one does; a document that is no longer
// one takes back the time it gave, and the claim's other lab reports give
// it again.
//
// A document whose folder changes moves in the blob store losing
// nothing, as relocation moves one (RelocateBrowseKeys), but with no lock
// held while its files are copied: a large file on a slow store would
// hold up every change of the claim meanwhile. A free name in the new
// folder is reserved first (storage.PlanTypeMove), the blobs (and its
// stamped copy's) are copied there and read back to check their size and
// SHA-256, and only then is the claim locked, then the document, and the
// change recorded, the old key retired; the old key's blobs are deleted
// once that commits. The transaction queues a publish job that deletes
// them should the process stop first; a reserved name left behind is
// deleted with the other retired keys. A copy that fails leaves the
// document as it was; a document that changed while its files were copied
// (its stamp made, its claim renamed) is moved again as it is now, as is
// one whose transaction Postgres ended to break a deadlock.
func (f *Filer) ChangeDocumentType(ctx context.Context, id int64, docType, actor string) (storage.Document, error) {
	if !classify.IsFiledType(docType) {
		return storage.Document{}, fmt.Errorf("document %d: %q is not a document type: %w", id, docType, storage.ErrInvalid)
	}
	for range 3 {
		ch, err := f.changeType(ctx, id, docType, actor)
		// A person's change gives way to filing, which locks a document
		// before its claim when it files a message again.
		if errors.Is(err, storage.ErrStaleMove) || storage.IsDeadlock(err) {
			continue
		}
		if err != nil {
			return storage.Document{}, err
		}
		if ch.Before.DocType == docType {
			return ch.After, nil
		}
		f.log.Info("document type changed by a person", "document_id", id, "claim_id", ch.After.ClaimID,
			"from", ch.Before.DocType, "to", docType, "actor", actor)
		if ch.Moved.To != "" {
			if _, err := deleteRetiredKeys(ctx, f.db, f.blobs, []string{ch.Moved.From}); err != nil {
				f.log.Warn("deleting a retyped document's old browse key failed; the publish job retries",
					"document_id", id, "key", ch.Moved.From, "err", err)
			}
		}
		return ch.After, nil
	}
	return storage.Document{}, fmt.Errorf("document %d changed while its files were copied, again and again: %w", id, storage.ErrConflict)
}

// changeType plans the move of document id to docType's folder, copies
// its files there, and records the change (see ChangeDocumentType). The
// name reserved for the move is released, with what was copied there,
// unless the change took it.
func (f *Filer) changeType(ctx context.Context, id int64, docType, actor string) (storage.ChangedType, error) {
	folder := classify.Folder(docType)
	var mv storage.KeyRelocation
	err := f.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		mv, err = storage.PlanTypeMove(ctx, tx, id, folder, f.loc)
		return err
	})
	if err != nil {
		return storage.ChangedType{}, err
	}
	var ch storage.ChangedType
	if mv.To != "" {
		err = copyRelocated(ctx, f.blobs, mv)
		if err != nil {
			err = fmt.Errorf("move document %d to its new folder: %w", id, err)
		}
	}
	if err == nil {
		ch, err = f.recordType(ctx, id, docType, folder, actor, mv)
	}
	if mv.To != "" && ch.Moved.To != mv.To {
		// Even when the caller has gone. A copy left over is deleted by
		// the next relocation run, with the other retired keys.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if _, derr := deleteRetiredKeys(ctx, f.db, f.blobs, []string{mv.To}); derr != nil {
			f.log.Warn("deleting a retyped document's unused copy failed", "document_id", id, "key", mv.To, "err", derr)
		}
	}
	return ch, err
}

// recordType records the change of document id's type to docType, in
// folder, with the move mv its files were copied for, and what follows
// from it in one transaction: the claim's sample stage, the publish job.
func (f *Filer) recordType(ctx context.Context, id int64, docType, folder, actor string, mv storage.KeyRelocation) (storage.ChangedType, error) {
	var ch storage.ChangedType
	err := f.db.InTx(ctx, func(tx pgx.Tx) error {
		vendor, err := f.vendorInvoice(ctx, tx, id, docType)
		if err != nil {
			return err
		}
		ch, err = storage.ChangeDocumentType(ctx, tx, storage.TypeChange{
			DocumentID: id, DocType: docType, Folder: folder, Vendor: vendor, Actor: actor, Move: mv,
		}, f.loc)
		if err != nil || ch.Before.DocType == docType {
			return err
		}
		res := FileResult{ClaimID: ch.After.ClaimID, Documents: []storage.Document{ch.After}}
		if len(ch.After.MessageIDs) > 0 {
			res.MessageID = ch.After.MessageIDs[0]
		}
		if ch.Before.DocType == classify.DocLabReport {
			if err := f.sampleAgain(ctx, tx, res.ClaimID, actor); err != nil {
				return err
			}
		}
		if err := f.stagesFromDocuments(ctx, tx, &res, false); err != nil {
			return err
		}
		if err := f.restampRetyped(ctx, tx, ch.After, Stampable(ch.Before)); err != nil {
			return err
		}
		if ch.Moved.To == "" {
			return nil
		}
		// Publishing the message again is harmless; the job is what
		// deletes the old key's blobs after a crash.
		return f.queue.enqueuePublish(ctx, tx, res.MessageID, []string{ch.Moved.From})
	})
	if err != nil {
		return storage.ChangedType{}, err
	}
	return ch, nil
}

// restampRetyped queues, within tx, the stamp job of document d, just
// retyped, when the retype changed whether it gets a stamp (wasStampable):
// a photo retyped as a signed form gets its stamped copy, and a picture
// stamped as a form and retyped as none loses it (StampWorker.unstamp).
func (f *Filer) restampRetyped(ctx context.Context, tx pgx.Tx, d storage.Document, wasStampable bool) error {
	if Stampable(d) == wasStampable {
		return nil
	}
	return f.queue.EnqueueStamp(ctx, tx, d.ID)
}

// vendorInvoice reports whether document id, typed docType, is a vendor's
// invoice: filing counts an invoice in mail from outside the office as a
// vendor's, by the message that brought it.
func (f *Filer) vendorInvoice(ctx context.Context, tx pgx.Tx, id int64, docType string) (bool, error) {
	if docType != classify.DocInvoice {
		return false, nil
	}
	direction, from, err := storage.DocumentSource(ctx, tx, id)
	if err != nil {
		return false, err
	}
	return !classify.OfficeMail(direction, from, f.officeDomain), nil
}
