package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
)

// TestTrackingTakesOneRoundTrip checks that keeping the clock, the
// equipment proposals and the request of an adjuster's question takes one
// round trip to Postgres when nothing answered the question yet, and still
// records the request.
func TestTrackingTakesOneRoundTrip(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	asked := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	id := b.deliver(t, "in", asked, "From: Jennifer Anderson <"+requestAdjuster+">\nTo: claims@smrestore.example\nSubject: 60-8H77-8H5\nMessage-ID: <ask@statefarm.example>\n\nCan you send the COS?\n")
	m, err := b.db.GetMessage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	parsed := &mailparse.Message{MessageID: "<ask@statefarm.example>", From: mailparse.Address{Email: requestAdjuster},
		Subject: "60-8H77-8H5", TextBody: "Can you send the estimate and the photos?\r\n"}
	var trips int
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		counted := &tripCounter{Tx: tx}
		err := b.proc.track(ctx, counted, &pgx.Batch{}, m, parsed, true, &b.claim, nil, nil)
		trips = counted.trips
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if trips != 1 {
		t.Errorf("tracking took %d round trips, want 1", trips)
	}
	if rs := b.requests(t); len(rs) != 1 || len(rs[0].DocTypes) != 2 {
		t.Errorf("requests %+v, want the estimate and photos asked for", rs)
	}
}

// tripCounter is a transaction that counts its round trips to Postgres.
type tripCounter struct {
	pgx.Tx
	trips int
}

func (c *tripCounter) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	c.trips++
	return c.Tx.Exec(ctx, sql, args...)
}

func (c *tripCounter) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	c.trips++
	return c.Tx.Query(ctx, sql, args...)
}

func (c *tripCounter) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	c.trips++
	return c.Tx.QueryRow(ctx, sql, args...)
}

func (c *tripCounter) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	c.trips++
	return c.Tx.SendBatch(ctx, b)
}

// TestSavingAProcessedMessageTakesOneRoundTrip checks that storing a
// message's parse and classification, the texts of its PDFs and what its
// tracking keeps takes one round trip to Postgres, and that saving it again
// replaces the parts the first save stored.
func TestSavingAProcessedMessageTakesOneRoundTrip(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	asked := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	id := b.deliver(t, "in", asked, "From: Jennifer Anderson <"+requestAdjuster+">\nTo: claims@smrestore.example\nSubject: 60-8H77-8H5\nMessage-ID: <save@statefarm.example>\n\nCan you send the COS?\n")
	m, err := b.db.GetMessage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	pdf := func(path, text string) (mailparse.Part, string) {
		sum := sha256.Sum256([]byte(text))
		sha := hex.EncodeToString(sum[:])
		return mailparse.Part{Path: path, ContentType: "application/pdf", Filename: path + ".pdf", IsAttachment: true,
			SHA256: sha, Size: int64(len(text))}, sha
	}
	estimate, estimateSHA := pdf("2", "Estimate total 4,210.00")
	scope, scopeSHA := pdf("3", "Scope of work: drying, Category 2")
	parsed := &mailparse.Message{MessageID: "<save@statefarm.example>", From: mailparse.Address{Email: requestAdjuster},
		Subject: "60-8H77-8H5", TextBody: "Can you send the estimate and the photos?\r\n", Parts: []mailparse.Part{estimate, scope}}
	c := Classification{Texts: map[string]string{estimateSHA: "Estimate total 4,210.00", scopeSHA: "Scope of work: drying, Category 2"}}
	rec := storage.Classification{Status: storage.StatusFiled, ClaimID: b.claim.ID, NeedsAck: true, Decision: []byte(`{}`)}
	save := func() int {
		t.Helper()
		var trips int
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			counted := &tripCounter{Tx: tx}
			err := b.proc.save(ctx, counted, m, parsed, rec, c, &b.claim, nil)
			trips = counted.trips
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return trips
	}
	if trips := save(); trips != 1 {
		t.Errorf("saving took %d round trips, want 1", trips)
	}
	parsed.Parts = parsed.Parts[:1]
	save()
	var parts, texts int
	var status string
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM message_parts WHERE message_id = $1),
			(SELECT count(*) FROM file_texts WHERE sha256 = ANY($2)), (SELECT status FROM messages WHERE id = $1)`,
			id, []string{estimateSHA, scopeSHA}).Scan(&parts, &texts, &status)
	})
	if err != nil {
		t.Fatal(err)
	}
	if parts != 1 || texts != 2 || status != storage.StatusFiled {
		t.Errorf("saved twice: %d parts, %d texts, status %s; want the second save's 1 part, both texts, filed", parts, texts, status)
	}
	if rs := b.requests(t); len(rs) != 1 {
		t.Errorf("requests %+v, want the one asked for", rs)
	}
}
