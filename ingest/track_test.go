package ingest

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/claimdesk/claimdesk/mailparse"
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
		err := b.proc.track(ctx, counted, m, parsed, true, &b.claim, nil, nil)
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
