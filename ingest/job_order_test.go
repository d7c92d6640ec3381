package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/demo"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// jobOrderMail is the sample mailbox's first morning, in arrival order: the
// Ostrowski assignment, mail that is not a message at all, an adjuster's
// question on a known claim, and the Jensen assignment. wantJob is the job
// each is filed to ("" for none): the sample mail that comes later names
// 26-2107-WTR for Ostrowski and 26-2108-WTR for Jensen.
var jobOrderMail = []struct {
	name    string
	wantJob string
}{
	{"0001.eml", "26-2107-WTR"},
	{"garbage", ""},
	{"0003.eml", "26-2101-WTR"},
	{"0004.eml", "26-2108-WTR"},
}

// storeJobOrderMail stores jobOrderMail in arrival order and returns the
// messages' ids, in the same order.
func storeJobOrderMail(t *testing.T, db *storage.DB, blobs blob.Store) []int64 {
	t.Helper()
	rows, errs := storage.ReadClaimsCSV(bytes.NewReader(demo.ClaimsCSV()))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, _, errs := db.ImportClaims(t.Context(), rows, nil); len(errs) > 0 {
		t.Fatal(errs)
	}
	mail, err := demo.Mail()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]byte{"garbage": {0, 1, 2, 3}}
	for _, m := range mail {
		byName[m.Name] = m.Raw
	}
	ids := make([]int64, len(jobOrderMail))
	for i, m := range jobOrderMail {
		ids[i] = storeRawMessageUID(t, db, blobs, byName[m.name], uint32(i+1))
	}
	return ids
}

// checkJobOrder checks that every message of jobOrderMail is filed to its
// job, and both assignments' claims have the numbers of their arrival
// order.
func checkJobOrder(t *testing.T, dsn string, ids []int64) {
	t.Helper()
	sql := testenv.SQL(t, dsn)
	for i, id := range ids {
		var status, job string
		err := sql.QueryRow(t.Context(), `SELECT m.status, coalesce(c.job_number, '')
			FROM messages m LEFT JOIN claims c ON c.id = m.claim_id WHERE m.id = $1`, id).Scan(&status, &job)
		if err != nil {
			t.Fatal(err)
		}
		if want := jobOrderMail[i].wantJob; job != want || want != "" && status != storage.StatusFiled {
			t.Errorf("%s: %s in claim %q; want filed to %q", jobOrderMail[i].name, status, job, want)
		}
	}
	for number, want := range map[string]string{"52-9R13-4T7": "26-2107-WTR", "IB218-611902-01": "26-2108-WTR"} {
		var job, source string
		err := sql.QueryRow(t.Context(), `SELECT c.job_number, coalesce(m.message_id, '')
			FROM claims c LEFT JOIN messages m ON m.id = c.source_message_id WHERE c.claim_number = $1`, number).Scan(&job, &source)
		if err != nil {
			t.Fatalf("claim %s: %v", number, err)
		}
		if job != want || source == "" {
			t.Errorf("claim %s: job number %s, created from message %q; want %s, from its assignment (numbered in arrival order)",
				number, job, source, want)
		}
	}
}

func newJobOrderProcessor(t *testing.T, db *storage.DB, blobs blob.Store) *Processor {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return NewProcessor(db, blobs, ProcessorConfig{
		Classify: classify.Config{OfficeDomain: demo.OfficeDomain}, TempDir: t.TempDir(),
	}, log)
}

// TestJobNumbersFollowArrivalWithParallelWorkers processes the sample
// morning on three workers while the Ostrowski assignment's run, which has
// decided on a new claim, is held until the Jensen assignment's run, which
// arrived later, has finished: as when parallel workers finish in the
// wrong order. Ostrowski still gets the first job number, and no message
// waits for another's run.
func TestJobNumbersFollowArrivalWithParallelWorkers(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, dsn := openDB(t)
	blobs := localBlobs(t)
	ids := storeJobOrderMail(t, db, blobs)
	ostrowski, jensen := ids[0], ids[3]

	proc := newJobOrderProcessor(t, db, blobs)
	release := make(chan struct{})
	held := make(chan struct{}, 1)
	proc.beforeNewClaim = func(ctx context.Context, id int64) {
		if id != ostrowski {
			return
		}
		select {
		case held <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-ctx.Done():
		}
	}
	ws := river.NewWorkers()
	river.AddWorker(ws, proc)
	rc, events := testQueue(t, db, ws, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 3}})
	// Ostrowski's run first, alone, until it has decided on a new claim:
	// a later message's run, first, would make Ostrowski's claim itself
	// (job order), and the run this test holds would never be held.
	if _, err := rc.Insert(ctx, ProcessArgs{MessageID: ostrowski}, nil); err != nil {
		t.Fatal(err)
	}
	if err := rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(2 * time.Minute)
	select {
	case <-held:
	case <-deadline:
		t.Fatal("the Ostrowski assignment's run never reached its claim's creation")
	}
	for _, id := range ids {
		if id == ostrowski {
			continue
		}
		if _, err := rc.Insert(ctx, ProcessArgs{MessageID: id}, nil); err != nil {
			t.Fatal(err)
		}
	}

	sql := testenv.SQL(t, dsn)
	// Events say when to look again; the ticker covers a job whose state
	// is written after its event.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	jensenDone := false
	for {
		var pending int
		// Done when every message is classified and no job (a rematch) is left.
		if err := sql.QueryRow(ctx, `SELECT (SELECT count(*) FROM messages WHERE id = ANY($1) AND status IN ('new', 'parsed')) +
			(SELECT count(*) FROM river_job WHERE state NOT IN ('completed', 'discarded', 'cancelled'))`, ids).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 && jensenDone {
			break
		}
		select {
		case ev := <-events:
			var args ProcessArgs
			if err := json.Unmarshal(ev.Job.EncodedArgs, &args); err != nil {
				t.Fatal(err)
			}
			if args.MessageID == jensen && !args.Rematch && !jensenDone {
				jensenDone = true
				close(release)
			}
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d messages or jobs still pending (Jensen's run done: %v)", pending, jensenDone)
		}
	}
	checkJobOrder(t, dsn, ids)
}

// TestJobNumbersFollowArrivalLatestFirst processes the sample morning one
// message at a time, latest first: the Jensen assignment's run numbers the
// Ostrowski claim, which arrived before it, first.
func TestJobNumbersFollowArrivalLatestFirst(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, dsn := openDB(t)
	blobs := localBlobs(t)
	ids := storeJobOrderMail(t, db, blobs)
	proc := newJobOrderProcessor(t, db, blobs)
	for i := len(ids) - 1; i >= 0; i-- {
		if err := proc.Process(ctx, ids[i]); err != nil && i != 1 {
			t.Fatalf("%s: %v", jobOrderMail[i].name, err)
		}
	}
	checkJobOrder(t, dsn, ids)
}

var assignedClaimNumbers = []string{"17-4H22-9K3", "31-7M58-2P6", "44-2Q91-6R8", "58-9T35-1V4", "63-5W72-8X1", "72-1Y48-3Z9", "85-6B13-7C2", "91-3D67-4F5", "26-8G84-5J7", "39-0L26-1N9"}

var insuredNames = []string{"ABERNATHY", "BALDWIN", "CALLOWAY", "DRUMMOND", "ELLSWORTH", "FAIRBANKS", "GALLAGHER", "HOLLOWAY", "IVERSEN", "JANKOWSKI"}

// TestEarlierMailIsReadOnceInABackfill processes ten assignments in arrival
// order while thirty messages that arrived before them still wait for
// their own runs, as in a backfill whose queue is behind: every new claim
// looks at the earlier unprocessed mail, but each earlier message is
// parsed and classified once, not once per later assignment (10 × 30).
func TestEarlierMailIsReadOnceInABackfill(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, dsn := openDB(t)
	blobs := localBlobs(t)
	mail, err := demo.Mail()
	if err != nil {
		t.Fatal(err)
	}
	var assignment []byte
	for _, m := range mail {
		if m.Name == "0001.eml" {
			assignment = m.Raw
		}
	}
	const waiting, assignments = 30, 10
	uid := uint32(0)
	for i := range waiting {
		uid++
		storeRawMessageUID(t, db, blobs, sampleMessage(i), uid)
	}
	var ids []int64
	for i := range assignments {
		// Another claim each: its own numbers, insured and address.
		raw := assignment
		for from, to := range map[string]string{
			"52-9R13-4T7": assignedClaimNumbers[i], "PMH-5120388": fmt.Sprintf("PMH-51203%02d", i),
			"OSTROWSKI": insuredNames[i], "2650 Hamline": fmt.Sprintf("%d Hamline", 3100+i),
			"xa.20261102074218.": fmt.Sprintf("xa.%d.", i),
		} {
			raw = bytes.ReplaceAll(raw, []byte(from), []byte(to))
		}
		uid++
		ids = append(ids, storeRawMessageUID(t, db, blobs, raw, uid))
	}
	proc := newJobOrderProcessor(t, db, blobs)
	for _, id := range ids {
		if err := proc.Process(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if reads := proc.earlier.reads; reads > waiting {
		t.Errorf("earlier messages parsed and classified %d times for %d new claims; want each of the %d at most once",
			reads, assignments, waiting)
	}
	sql := testenv.SQL(t, dsn)
	rows, err := sql.Query(ctx, `SELECT source_message_id FROM claims WHERE claim_number = ANY($1) ORDER BY job_number`, assignedClaimNumbers)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, ids) {
		t.Errorf("claims by job number come from messages %v; want one per assignment in arrival order %v", got, ids)
	}
}
