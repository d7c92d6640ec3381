package storage_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// Documents the other office sends to an adjuster, in mail filed to no
// claim, do not answer what the adjuster asked this office for.
func TestDocumentsSentByAnotherOfficeAnswerNoRequest(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	north, err := b.db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North Territory"})
	if err != nil {
		t.Fatal(err)
	}
	asked := b.addThreadMail(t, threadMail{dir: "in", messageID: "<ask@carrier.example>", claim: &b.claimA, at: b.received})
	theirs := b.addThreadMail(t, threadMail{dir: "out", messageID: "<cos@north.example>", office: north.ID, at: b.received.Add(time.Hour)})
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		q := &pgx.Batch{}
		storage.QueueRequest(q, storage.NewRequest{ClaimID: b.claimA, MessageID: asked, From: "adjuster@carrier.example",
			DocTypes: []string{"cos"}, Text: "Please send the COS.", AskedAt: b.received})
		if err := storage.SendQueued(ctx, tx, q); err != nil {
			return err
		}
		return storage.SentDocuments(ctx, tx, nil, theirs, []string{"adjuster@carrier.example"}, []string{"cos"}, b.received.Add(time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := b.db.ClaimRequests(ctx, b.claimA)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Status != storage.RequestOpen || len(rs[0].SentTypes) != 0 {
		t.Errorf("requests %+v; want the one asked, open, nothing sent", rs)
	}
}
