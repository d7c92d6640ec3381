package ingest

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// ChangeDocumentType gives document id the type docType that a person
// (actor) chose, for good, as storage.ChangeDocumentType does: the
// checklist, the billing packet and the signed forms' checks follow it,
// and typing the message's pictures again after OCR leaves it alone
// (Processor.retypePictures).
//
// A document whose folder changes moves in the blob store the way
// relocation moves one (RelocateBrowseKeys), losing nothing: in one
// transaction its new key is recorded and the old one retired, its blobs
// (and its stamped copy's) are copied there and read back to check their
// size and SHA-256, and only once that commits are the old key's blobs
// deleted. The transaction queues a publish job that deletes them should
// the process stop first; a copy that fails leaves the document as it
// was. An invoice is a vendor's or the office's as filing decides it, by
// the message that brought it; a lab report fills in the sample stage as
// a filed one does.
func (f *Filer) ChangeDocumentType(ctx context.Context, id int64, docType, actor string) (storage.Document, error) {
	if !classify.IsFiledType(docType) {
		return storage.Document{}, fmt.Errorf("document %d: %q is not a document type: %w", id, docType, storage.ErrInvalid)
	}
	var ch storage.ChangedType
	err := f.db.InTx(ctx, func(tx pgx.Tx) error {
		vendor, err := f.vendorInvoice(ctx, tx, id, docType)
		if err != nil {
			return err
		}
		ch, err = storage.ChangeDocumentType(ctx, tx, storage.TypeChange{
			DocumentID: id, DocType: docType, Folder: classify.Folder(docType), Vendor: vendor, Actor: actor,
		}, f.loc)
		if err != nil || ch.Before.DocType == docType {
			return err
		}
		res := FileResult{ClaimID: ch.After.ClaimID, Documents: []storage.Document{ch.After}}
		if len(ch.After.MessageIDs) > 0 {
			res.MessageID = ch.After.MessageIDs[0]
		}
		if err := f.stagesFromDocuments(ctx, tx, &res); err != nil {
			return err
		}
		if ch.Moved.To == "" {
			return nil
		}
		if err := copyRelocated(ctx, f.blobs, ch.Moved); err != nil {
			return fmt.Errorf("move document %d to its new folder: %w", id, err)
		}
		// Publishing the message again is harmless; the job is what
		// deletes the old key's blobs after a crash.
		return f.queue.enqueuePublish(ctx, tx, res.MessageID, []string{ch.Moved.From})
	})
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
