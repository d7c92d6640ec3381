package ingest

import (
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/picturetest"
	"github.com/claimdesk/claimdesk/storage"
)

// TestOutgrownStampsTriedAgain files faxed and scanned forms on a server
// without tiffcp: an ATP and a waiver faxed in two-dimensional Group 3
// coding (the waiver damaged on the line), and a COS scanned in colour
// planes stored apart, which claimdesk does not read. Each gets a stamp
// error of a kind claimdesk may outgrow; an ATR fax's error is the one an
// earlier build wrote (the picture's format), as migration 72 leaves it.
// The same server's look for stamps to try again queues the ATR's alone,
// whose error was met with abilities unknown; stamped again, it fails as
// the ATP did, and a second look queues nothing. Once tiffcp is installed,
// the look queues the four again, behind new mail's stamps and no more
// than the stamp queue has room for: the ATP and the ATR are stamped, the
// waiver's error says it is damaged, the COS's again that its format is
// not read, and a last look queues nothing, none of them to be tried
// again by this server.
func TestOutgrownStampsTriedAgain(t *testing.T) {
	t.Parallel()
	b := setupFiling(t, localBlobs, false)
	ctx := t.Context()
	atp, atr := twoDimensionalFax(t, numberedFaxPage(1728, 400, 3)), twoDimensionalFax(t, numberedFaxPage(1728, 400, 5))
	damaged := mendedFax(t, atp)
	planes, why := picturetest.Fax(t, picturetest.TIFF(150, 150, colourScan(300, 200)), "lzw", "-p", "separate")
	if planes == nil {
		t.Fatal(why)
	}
	docs := b.fileForms(t, map[string][]byte{"ATP.tif": atp, "ATR.tif": atr, "waiver.tif": damaged, "COS.tif": planes})

	withoutTIFFCP := NewStampWorker(b.db, b.blobs, StampConfig{Location: b.loc, TempDir: b.tempDir}, nil)
	withoutTIFFCP.tiffcp = ""
	b.runStamps(t, withoutTIFFCP)
	const older = "Not stamped: the picture's format or compression is not one a stamped PDF is made from " +
		"(JPEG, PNG, WebP, HEIC, TIFF, GIF and BMP are; a TIFF fax in two-dimensional Group 3 coding is not). The original is filed unchanged."
	if _, err := b.sql.Exec(ctx, `UPDATE documents SET stamp_error = $2, stamp_error_kind = 'unsupported', stamp_error_abilities = '{}'
		WHERE id = $1`, docs["ATR.tif"], older); err != nil {
		t.Fatal(err)
	}
	inserter, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := NewQueue(inserter)
	// look runs the look of a server with w's abilities, room on the
	// stamp queue for waiting jobs, and wants it to queue queued stamps,
	// the stamp jobs then waiting being those of the documents jobs.
	look := func(w *StampWorker, waiting, queued int, jobs ...int64) {
		t.Helper()
		n, err := q.RetryOutgrownStamps(ctx, b.db, w.abilities(), w.cfg.MaxBytes, waiting)
		if err != nil {
			t.Fatal(err)
		}
		if got := stampJobDocuments(t, b); n != queued || !slices.Equal(got, jobs) {
			t.Fatalf("look queued %d stamps, jobs now for documents %v; want %d, jobs for %v", n, got, queued, jobs)
		}
	}
	look(withoutTIFFCP, retryStampsWaiting, 1, docs["ATR.tif"])
	b.runStamps(t, withoutTIFFCP)
	look(withoutTIFFCP, retryStampsWaiting, 0)
	b.requireStampErrors(t, docs, withoutTIFFCP, map[string]string{"ATP.tif": storage.StampNoProgram,
		"ATR.tif": storage.StampNoProgram, "waiver.tif": storage.StampNoProgram, "COS.tif": storage.StampUnsupported})

	withTIFFCP := NewStampWorker(b.db, b.blobs, StampConfig{Location: b.loc, TempDir: b.tempDir}, nil)
	look(withTIFFCP, 2, 2, docs["ATP.tif"], docs["ATR.tif"])
	look(withTIFFCP, 2, 0, docs["ATP.tif"], docs["ATR.tif"]) // no room: two stamps wait
	b.requireStampPriority(t, retryStampsPriority)
	b.runStamps(t, withTIFFCP)
	look(withTIFFCP, 2, 2, docs["waiver.tif"], docs["COS.tif"])
	b.runStamps(t, withTIFFCP)
	look(withTIFFCP, retryStampsWaiting, 0)
	b.requireStampErrors(t, docs, withTIFFCP, map[string]string{"waiver.tif": storage.StampDamaged, "COS.tif": storage.StampUnsupported})
	for _, name := range []string{"ATP.tif", "ATR.tif"} {
		b.requireOwnStampedCopy(t, b.document(t, docs[name]))
	}
}

// requireStampPriority fails unless every stamp job waits on the stamp
// queue at priority.
func (b *filingBundle) requireStampPriority(t *testing.T, priority int) {
	t.Helper()
	var priorities []int
	if err := b.sql.QueryRow(t.Context(), `SELECT array_agg(DISTINCT priority) FROM river_job
		WHERE kind = 'stamp_document' AND queue = $1`, StampQueue).Scan(&priorities); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(priorities, []int{priority}) {
		t.Errorf("stamps queued again at priorities %v on the stamp queue, want %d: behind new mail's", priorities, priority)
	}
}

// colourScan is a w×h scan in colour, red above and blue below.
func colourScan(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{R: uint8(200 * (1 - y*2/h)), B: uint8(200 * (y * 2 / h)), A: 0xFF})
		}
	}
	return img
}

// fileForms files one message of faxed forms, each typed as its name
// says (ATP.tif an atp, waiver.tif a waiver), in claim 26-1001-WTR, and
// returns their documents' ids by name. Their stamp jobs are queued,
// not run.
func (b *filingBundle) fileForms(t *testing.T, forms map[string][]byte) map[string]int64 {
	t.Helper()
	var files []mailFile
	for _, name := range []string{"ATP.tif", "ATR.tif", "waiver.tif", "COS.tif"} {
		files = append(files, mailFile{name, "image/tiff", forms[name]})
	}
	m := b.addRaw(t, attachmentsMail("faxes", "signed forms", files...), time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC))
	docTypes := map[string]string{}
	for _, p := range m.parsed.Parts {
		if p.Filename != "" {
			docTypes[p.Path] = strings.ToLower(strings.TrimSuffix(p.Filename, ".tif"))
		}
	}
	if _, err := b.filer.File(t.Context(), FileRequest{MessageID: m.id, ClaimID: b.claims["26-1001-WTR"], DocTypes: docTypes}); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, d := range b.documents(t, m.id) {
		ids[d.Filename] = d.ID
	}
	return ids
}

// runStamps runs w on the stamp jobs queued, in document order, and
// takes them off the queue, as the stamp queue's workers would.
func (b *filingBundle) runStamps(t *testing.T, w *StampWorker) {
	t.Helper()
	for _, id := range stampJobDocuments(t, b) {
		job := &river.Job[StampArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 10}, Args: StampArgs{DocumentID: id}}
		if err := w.Work(t.Context(), job); err != nil {
			t.Fatalf("stamp document %d: %v", id, err)
		}
	}
	if _, err := b.sql.Exec(t.Context(), `DELETE FROM river_job WHERE kind = 'stamp_document'`); err != nil {
		t.Fatal(err)
	}
}

// requireStampErrors fails unless each named document has no stamped copy
// and a stamp error of the kind given, met with w's abilities among
// others' (each process's, its names in order, separated by spaces).
func (b *filingBundle) requireStampErrors(t *testing.T, ids map[string]int64, w *StampWorker, kinds map[string]string) {
	t.Helper()
	met := strings.Join(slices.Sorted(slices.Values(w.abilities())), " ")
	for name, kind := range kinds {
		var stamped bool
		var sentence, got string
		var abilities []string
		err := b.sql.QueryRow(t.Context(), `SELECT stamped_sha256 IS NOT NULL, stamp_error, stamp_error_kind, stamp_error_abilities
			FROM documents WHERE id = $1`, ids[name]).Scan(&stamped, &sentence, &got, &abilities)
		if err != nil {
			t.Fatal(err)
		}
		if stamped || sentence == "" || got != kind || !slices.Contains(abilities, met) {
			t.Errorf("%s: stamped %v, error %q of kind %q met with %q; want an error of kind %q met with %q",
				name, stamped, sentence, got, abilities, kind, met)
		}
	}
}

// document reads document id.
func (b *filingBundle) document(t *testing.T, id int64) storage.Document {
	t.Helper()
	d, err := b.db.GetDocument(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
