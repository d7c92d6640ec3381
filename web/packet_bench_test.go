package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	runtimemetrics "runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// packetPhotoSize is the size of each benchmark photo: small enough that a
// thousand fit a temporary directory quickly, large enough that holding
// them would show (a thousand are 64 MiB).
const packetPhotoSize = 64 << 10

// maxPacketHeapGrowth is how much more heap a 1,000-photo packet may use
// at its peak than a 10-photo one: the zip's buffers and a batch of
// document rows, not the photos.
const maxPacketHeapGrowth = 16 << 20

// BenchmarkClaimPacket streams packets of claims with 10, 100 and 1,000
// photos through the server's handler into a writer that keeps nothing,
// and reports the bytes allocated per packet and per photo and the peak
// live heap while streaming. The peak must stay flat: it fails when the
// 1,000-photo packet's peak exceeds the 10-photo one's by more than
// maxPacketHeapGrowth.
//
//	go test -run '^$' -bench ClaimPacket -benchtime 3x ./web/
func BenchmarkClaimPacket(b *testing.B) {
	ctx := context.Background()
	dsn := testenv.Postgres(b)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	store, err := blob.NewLocalStore(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		b.Fatal(err)
	}
	now := apiNow(loc)
	srv := New(Options{DB: db, BlobStore: store, Calendar: sla.NewCalendar(loc, sla.DefaultHours()), Location: loc,
		Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }})
	handler := srv.Handler()
	pool := testenv.SQL(b, dsn)
	token, hash := NewAPIToken()
	if _, err := db.CreateAPIToken(ctx, "bench", hash, 0, now); err != nil {
		b.Fatal(err)
	}

	peaks := map[int]uint64{}
	for _, photos := range []int{10, 100, 1000} {
		claimID := seedPhotoClaim(ctx, b, db, pool, store, photos, now)
		b.Run(fmt.Sprintf("photos=%d", photos), func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				runtime.GC()
				stop := watchHeap(&peak)
				w := &discardResponse{header: http.Header{}}
				req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/claims/%d/packet.zip", claimID), nil)
				req.Header.Set("Authorization", "Bearer "+token)
				handler.ServeHTTP(w, req)
				stop()
				if w.status != http.StatusOK || w.n < int64(photos*packetPhotoSize) {
					b.Fatalf("packet: %d, %d bytes", w.status, w.n)
				}
			}
			peaks[photos] = max(peaks[photos], peak)
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
	if peaks[10] > 0 && peaks[1000] > peaks[10]+maxPacketHeapGrowth {
		b.Errorf("peak heap %d MiB for 1,000 photos against %d MiB for 10: the packet is held in memory",
			peaks[1000]>>20, peaks[10]>>20)
	}
}

// watchHeap samples the live heap until stop is called, keeping the
// largest figure in peak.
func watchHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	sample := []runtimemetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		runtimemetrics.Read(sample)
		*peak = max(*peak, sample[0].Value.Uint64())
	}
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				read()
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		read()
	}
}

// seedPhotoClaim stores a claim with n distinct photos and returns its id.
func seedPhotoClaim(ctx context.Context, b *testing.B, db *storage.DB, pool *pgxpool.Pool, store blob.Store, n int, at time.Time) int64 {
	b.Helper()
	job := fmt.Sprintf("26-%04d-WTR", n)
	var claim storage.Claim
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		claim, _, err = storage.SaveClaim(ctx, tx, storage.Claim{JobNumber: job, ClaimNumber: "BENCH-" + job})
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	shas := make([]string, n)
	photo := make([]byte, packetPhotoSize)
	for i := range shas {
		if _, err := rand.Read(photo); err != nil {
			b.Fatal(err)
		}
		sum := sha256.Sum256(photo)
		shas[i] = hex.EncodeToString(sum[:])
		if err := store.Put(ctx, blob.ContentKey(shas[i]), bytes.NewReader(photo), packetPhotoSize); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at, created_at,
		                       office_id)
		SELECT $1, s, $2, 'IMG_' || i || '.jpg', 'image/jpeg', 'photo', 'Photos',
		       'claims/' || $3 || '/Photos/2026-03-02_IMG_' || i || '.jpg', $4, $4, 1
		FROM unnest($5::text[]) WITH ORDINALITY AS u(s, i)`, claim.ID, packetPhotoSize, job, at, shas); err != nil {
		b.Fatal(err)
	}
	return claim.ID
}

// discardResponse is a ResponseWriter that counts what it is sent and
// keeps none of it, so the benchmark measures the server alone.
type discardResponse struct {
	header http.Header
	status int
	n      int64
}

func (d *discardResponse) Header() http.Header { return d.header }

func (d *discardResponse) WriteHeader(status int) {
	if d.status == 0 {
		d.status = status
	}
}

func (d *discardResponse) Write(p []byte) (int, error) {
	d.WriteHeader(http.StatusOK)
	n, err := io.Discard.Write(p)
	d.n += int64(n)
	return n, err
}
