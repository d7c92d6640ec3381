package storage

import (
	"context"
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
// and returns what each became. The first attempt of every document (the
// claim's copy linked, or the document inserted at its plain name or the
// first free one) goes in one round trip: a message's documents then cost
// one trip in all rather than one each. Only a document whose name, or
// whose file, a concurrent filing took meanwhile takes more.
func FileDocuments(ctx context.Context, tx pgx.Tx, ds []NewDocument, loc *time.Location) ([]FiledDocument, error) {
	firsts := make([]Document, len(ds))
	bases := make([]keyBase, len(ds))
	b := &pgx.Batch{}
	for i, d := range ds {
		if err := d.validate(); err != nil {
			return nil, err
		}
		firsts[i], bases[i] = firstCandidate(d, loc)
		b.Queue(fileDocumentSQL, fileDocumentArgs(d, &firsts[i], bases[i])...)
	}
	out, pending, err := readFirstAttempts(tx.SendBatch(ctx, b), ds)
	if err != nil {
		return nil, err
	}
	// The rest, in order, once the batch is read: the connection is free.
	for _, i := range pending {
		doc, created, err := fileDocumentRenamed(ctx, tx, ds[i], firsts[i], bases[i])
		if err != nil {
			return nil, err
		}
		out[i] = FiledDocument{Document: doc, Created: created}
	}
	return out, nil
}

// readFirstAttempts reads the answers to FileDocuments' batch: the
// documents filed or linked, and the indexes of those neither filed nor
// linked (a concurrent filing took the name picked, or inserted the file
// first).
func readFirstAttempts(br pgx.BatchResults, ds []NewDocument) ([]FiledDocument, []int, error) {
	defer br.Close()
	out := make([]FiledDocument, len(ds))
	var pending []int
	for i, d := range ds {
		doc, done, created, err := filedDocument(br.QueryRow(), d)
		switch {
		case err != nil:
			return nil, nil, err
		case done:
			out[i] = FiledDocument{Document: doc, Created: created}
		default:
			pending = append(pending, i)
		}
	}
	return out, pending, br.Close()
}
