package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// FiledDocument is one document FileDocuments filed, or found in the
// claim already (Created false).
type FiledDocument struct {
	Document
	Created bool
}

// FileDocuments files ds within tx as FileDocument would each, in order,
// and returns what each became. The first attempt of every document (an
// attachment looked for in the claim, then inserted at its plain name or
// the first free one) goes in one round trip: a message's documents then
// cost one trip in all rather than one or two each. Only a document whose
// name a concurrent filing took meanwhile takes more.
func FileDocuments(ctx context.Context, tx pgx.Tx, ds []NewDocument, loc *time.Location) ([]FiledDocument, error) {
	firsts := make([]Document, len(ds))
	bases := make([]keyBase, len(ds))
	b := &pgx.Batch{}
	for i, d := range ds {
		if err := d.validate(); err != nil {
			return nil, err
		}
		if d.PartID != 0 {
			// Found, the document makes the insert below do nothing: the
			// claim has the file (UNIQUE (claim_id, sha256)).
			b.Queue(linkExistingSQL, d.ClaimID, d.SHA256, d.MessageID, partRef(d.PartID))
		}
		firsts[i], bases[i] = firstCandidate(d, loc)
		b.Queue(insertDocumentSQL, insertDocumentArgs(d, &firsts[i], bases[i])...)
	}
	out, pending, err := readFirstAttempts(tx.SendBatch(ctx, b), ds, firsts)
	if err != nil {
		return nil, err
	}
	// The rest, in order, once the batch is read: the connection is free.
	for _, i := range pending {
		d := ds[i]
		// A concurrent filing of the same file may have won the insert.
		doc, found, err := linkExistingDocument(ctx, tx, d.ClaimID, d.SHA256, d.MessageID, d.PartID)
		if err != nil {
			return nil, err
		}
		out[i] = FiledDocument{Document: doc}
		if !found {
			doc, created, err := fileDocumentRenamed(ctx, tx, d, firsts[i], bases[i])
			if err != nil {
				return nil, err
			}
			out[i] = FiledDocument{Document: doc, Created: created}
		}
	}
	return out, nil
}

// readFirstAttempts reads the answers to FileDocuments' batch: the
// documents filed or found, and the indexes of those neither filed nor
// found (a concurrent filing took the name picked, or the file).
func readFirstAttempts(br pgx.BatchResults, ds []NewDocument, firsts []Document) ([]FiledDocument, []int, error) {
	defer br.Close()
	out := make([]FiledDocument, len(ds))
	var pending []int
	for i, d := range ds {
		var found bool
		if d.PartID != 0 {
			doc, ok, err := linkedDocument(br.QueryRow(), d.ClaimID, d.SHA256, d.MessageID)
			if err != nil {
				return nil, nil, err
			}
			out[i], found = FiledDocument{Document: doc}, ok
		}
		doc := firsts[i]
		inserted, err := insertedDocument(br.QueryRow(), d, &doc)
		switch {
		case err != nil:
			return nil, nil, err
		case inserted && found:
			return nil, nil, fmt.Errorf("file %s in claim %d: inserted while in the claim", d.SHA256, d.ClaimID)
		case inserted:
			out[i] = FiledDocument{Document: doc, Created: true}
		case !found:
			pending = append(pending, i)
		}
	}
	return out, pending, br.Close()
}
