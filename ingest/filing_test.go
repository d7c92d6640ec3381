package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// testStores opens a fresh blob store of each kind: a local folder and
// versitygw S3.
var testStores = []struct {
	name string
	open func(t *testing.T) blob.Store
}{
	{"local", func(t *testing.T) blob.Store {
		s, err := blob.Open(t.Context(), "file://"+t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	}},
	{"s3", func(t *testing.T) blob.Store {
		srv := testenv.S3(t)
		s, err := blob.Open(t.Context(), srv.URL)
		if err != nil {
			t.Fatalf("open %s: %v", srv.URL, err)
		}
		return s
	}},
}

// TestFiling runs the filing suite on both blob stores.
func TestFiling(t *testing.T) {
	t.Parallel()
	for _, st := range testStores {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range []struct {
				name string
				test func(t *testing.T, open func(t *testing.T) blob.Store)
			}{
				{"Corpus", testFilingCorpus},
				{"SameFileTwice", testFilingSameFileTwice},
				{"NameCollision", testFilingNameCollision},
				{"Idempotent", testFilingIdempotent},
				{"Move", testFilingMove},
				{"MoveSharedAndMerged", testFilingMoveSharedAndMerged},
				{"RenameRestamps", testFilingRenameRestamps},
				{"TriageAssignment", testFilingTriageAssignment},
				{"StampLimits", testFilingStampLimits},
				{"PicturesOfForms", testFilingPicturesOfForms},
				{"FaxedForms", testFilingFaxedForms},
				{"TwoDimensionalFaxes", testFilingTwoDimensionalFaxes},
			} {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					c.test(t, st.open)
				})
			}
		})
	}
}

// filingBundle is a database with the corpus' claims, a blob store, a Filer
// and (unless asked otherwise) a job queue running the stamp and publish
// workers.
type filingBundle struct {
	db      *storage.DB
	sql     *pgxpool.Pool // for the tests' own fixtures and checks
	blobs   blob.Store
	filer   *Filer
	loc     *time.Location
	corpus  *testenv.Corpus
	mailbox int64
	uid     uint32
	tempDir string
	// claims maps job numbers to claim ids; jobOf maps the corpus' claim
	// numbers to job numbers.
	claims map[string]int64
	jobOf  map[string]string
}

func setupFiling(t *testing.T, open func(t *testing.T) blob.Store, runJobs bool) *filingBundle {
	t.Helper()
	for _, tool := range []string{"qpdf", "pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			if testenv.InCI() {
				t.Fatalf("%s not installed: %v", tool, err)
			}
			t.Skipf("%s not installed (apt-get install qpdf poppler-utils)", tool)
		}
	}
	corpus := testenv.DevCorpus(t)
	ctx := t.Context()
	db, dsn := openDB(t)
	blobs := open(t)
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	b := &filingBundle{db: db, sql: testenv.SQL(t, dsn), blobs: blobs, loc: loc, corpus: corpus, tempDir: t.TempDir(),
		claims: map[string]int64{}, jobOf: map[string]string{}}
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	b.mailbox = mb.ID
	for _, c := range corpus.Truth.Claims {
		var id int64
		err := b.sql.QueryRow(ctx, `INSERT INTO claims (job_number, claim_number, office_id) VALUES ($1, $2, 1) RETURNING id`,
			c.JobNumber, c.ClaimNumber).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		b.claims[c.JobNumber] = id
		b.jobOf[c.ClaimNumber] = c.JobNumber
	}

	log := slog.New(slog.DiscardHandler)
	cfg := &river.Config{Logger: log}
	if runJobs {
		workers := river.NewWorkers()
		river.AddWorker(workers, NewStampWorker(db, blobs, StampConfig{Location: loc, TempDir: b.tempDir}, log))
		river.AddWorker(workers, NewPublishWorker(db, blobs))
		river.AddWorker(workers, NewRelocateClaimWorker(db, blobs, log))
		cfg = &river.Config{
			Logger:            log,
			Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}, StampQueue: {MaxWorkers: 2}},
			Workers:           workers,
			FetchCooldown:     5 * time.Millisecond,
			FetchPollInterval: 20 * time.Millisecond,
			TestOnly:          true,
		}
	}
	rc, err := storage.NewQueueClient(db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if runJobs {
		if err := rc.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := rc.Stop(ctx); err != nil {
				t.Errorf("stop job queue: %v", err)
			}
		})
	}
	b.filer = NewFiler(db, blobs, NewQueue(rc), loc, log)
	return b
}

// corpusMessage is a corpus message stored and parsed as the pipeline does.
type corpusMessage struct {
	id     int64
	truth  testenv.CorpusMessage
	raw    []byte
	parsed *mailparse.Message
}

// add stores the corpus message file (its raw bytes changed by edit, when
// given) received at the given time, and parses it into the database.
func (b *filingBundle) add(t *testing.T, file string, received time.Time, edit func([]byte) []byte) corpusMessage {
	t.Helper()
	var cm corpusMessage
	for _, m := range b.corpus.Truth.Messages {
		if m.File == file {
			cm.truth = m
		}
	}
	if cm.truth.File == "" {
		t.Fatalf("%s is not in the corpus", file)
	}
	raw, err := os.ReadFile(filepath.Join(b.corpus.Dir, "inbox", file))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		raw = edit(raw)
	}
	if received.IsZero() {
		received = cm.truth.InternalDate
	}
	truth := cm.truth
	cm = b.addRaw(t, raw, received)
	cm.truth = truth
	return cm
}

// addRaw stores the message raw received at the given time, and parses it
// into the database.
func (b *filingBundle) addRaw(t *testing.T, raw []byte, received time.Time) corpusMessage {
	t.Helper()
	ctx := t.Context()
	cm := corpusMessage{raw: raw}
	sum := sha256.Sum256(raw)
	rawSHA := hex.EncodeToString(sum[:])
	if err := b.blobs.Put(ctx, blob.ContentKey(rawSHA), bytes.NewReader(raw), int64(len(raw))); err != nil {
		t.Fatal(err)
	}
	var err error
	cm.parsed, err = mailparse.ParseMessage(ctx, bytes.NewReader(raw), &blobSink{blobs: b.blobs, tempDir: b.tempDir}, mailparse.ParseOptions{})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	b.uid++
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		cm.id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
			MailboxID: b.mailbox, UIDValidity: 1, UID: b.uid, Direction: "in", RawSHA256: rawSHA,
			RawSize: int64(len(raw)), MessageID: cm.parsed.MessageID, FromAddress: cm.parsed.From.Email,
			Subject: cm.parsed.Subject, InternalDate: received, Status: storage.StatusNew,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SaveParsed(ctx, cm.id, toStored(cm.parsed)); err != nil {
		t.Fatal(err)
	}
	return cm
}

// docTypes returns the corpus' document types of m's attachments by part
// path, as the classifier hands them to filing.
func (m corpusMessage) docTypes() map[string]string {
	byName := map[string][]string{}
	for _, a := range m.truth.Attachments {
		byName[a.Filename] = append(byName[a.Filename], a.DocType)
	}
	out := map[string]string{}
	for _, p := range m.parsed.Parts {
		if types := byName[p.Filename]; p.IsAttachment && len(types) > 0 {
			out[p.Path] = types[0]
			byName[p.Filename] = types[1:]
		}
	}
	return out
}

// claimOf returns the job number and claim id the corpus files m into.
func (b *filingBundle) claimOf(t *testing.T, m corpusMessage) (string, int64) {
	t.Helper()
	if m.truth.ExpectClaim == nil {
		t.Fatalf("%s has no claim in the corpus", m.truth.File)
	}
	job := b.jobOf[*m.truth.ExpectClaim]
	return job, b.claims[job]
}

func (b *filingBundle) file(t *testing.T, m corpusMessage, job string) FileResult {
	t.Helper()
	res, err := b.filer.File(t.Context(), FileRequest{MessageID: m.id, ClaimID: b.claims[job], DocTypes: m.docTypes()})
	if err != nil {
		t.Fatalf("file %s: %v", m.truth.File, err)
	}
	return res
}

// drain waits until the job queue has nothing left to do, and fails the
// test if any job failed on the way.
func (b *filingBundle) drain(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(3 * time.Minute)
	for {
		var pending int
		err := b.sql.QueryRow(ctx, `SELECT count(*) FROM river_job
			WHERE state IN ('available', 'pending', 'running', 'retryable', 'scheduled')`).Scan(&pending)
		if err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d jobs still pending", pending)
		}
	}
	rows, err := b.sql.Query(ctx, `SELECT kind, state, coalesce(errors::text, '') FROM river_job
		WHERE state <> 'completed' OR errors IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, state, errs string
		if err := rows.Scan(&kind, &state, &errs); err != nil {
			t.Fatal(err)
		}
		t.Errorf("job %s ended %s: %s", kind, state, errs)
	}
}

// read returns the blob under key.
func (b *filingBundle) read(t *testing.T, key string) []byte {
	t.Helper()
	r, err := b.blobs.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return data
}

func (b *filingBundle) requireGone(t *testing.T, key string) {
	t.Helper()
	if _, err := b.blobs.Stat(t.Context(), key); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("%s: want it deleted, Stat says %v", key, err)
	}
}

func (b *filingBundle) documents(t *testing.T, messageID int64) []storage.Document {
	t.Helper()
	docs, err := b.db.MessageDocuments(t.Context(), messageID)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func shaHex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// brokenPDF says how the corpus' bad PDFs are bad, from their bytes (as the
// stamp package's corpus test tells them): "" for a sound one.
func brokenPDF(data []byte) string {
	switch {
	case bytes.Contains(data, []byte("/Encrypt")):
		return "encrypted"
	case !bytes.Contains(data[max(0, len(data)-64):], []byte("%%EOF")):
		return "truncated"
	}
	return ""
}

// checkDocument checks one filed document against the blob store: the
// original at its browse key, byte for byte, and for a PDF either a sound
// stamped copy beside it that shows the job number, or a stamp error.
func (b *filingBundle) checkDocument(t *testing.T, d storage.Document, job string) {
	t.Helper()
	prefix := "offices/main/claims/" + job + "/" + d.Folder + "/" + d.ReceivedAt.In(b.loc).Format(time.DateOnly) + "_"
	if !strings.HasPrefix(d.BrowseKey, prefix) {
		t.Errorf("document %d (%s): browse key %q, want it under %s", d.ID, d.Filename, d.BrowseKey, prefix)
	}
	original := b.read(t, d.BrowseKey)
	if got := shaHex(original); got != d.SHA256 {
		t.Errorf("%s: sha256 %s, document says %s", d.BrowseKey, got, d.SHA256)
	}
	if !Stampable(d) {
		if d.StampedSHA256 != "" || d.StampError != "" {
			t.Errorf("%s: not a PDF, but stamped %q / %q", d.BrowseKey, d.StampedSHA256, d.StampError)
		}
		return
	}
	if broken := brokenPDF(original); broken != "" {
		if d.StampError == "" || d.StampedSHA256 != "" {
			t.Errorf("%s (%s): stamped %q, stamp error %q; want an error", d.BrowseKey, broken, d.StampedSHA256, d.StampError)
		}
		return
	}
	if d.StampedSHA256 == "" || d.StampError != "" {
		t.Errorf("%s: not stamped (%q)", d.BrowseKey, d.StampError)
		return
	}
	stamped := b.read(t, d.StampedBrowseKey())
	if got := shaHex(stamped); got != d.StampedSHA256 {
		t.Errorf("%s: stamped copy sha256 %s, document says %s", d.StampedBrowseKey(), got, d.StampedSHA256)
	}
	checkStampedPDF(t, original, stamped, stamp.Received{At: d.ReceivedAt.In(b.loc), JobNumber: job})
}

var pdfinfoPagesRe = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// checkStampedPDF checks a stamped copy with poppler and qpdf: clean, the
// original's page count, and the stamp text on page one.
func checkStampedPDF(t *testing.T, original, stamped []byte, r stamp.Received) {
	t.Helper()
	dir := t.TempDir()
	orig, copyPath := filepath.Join(dir, "original.pdf"), filepath.Join(dir, "stamped.pdf")
	if err := os.WriteFile(orig, original, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyPath, stamped, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := filingTool(t, "qpdf", "--check", copyPath); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	pages := func(file string) string {
		out, err := filingTool(t, "pdfinfo", file)
		m := pdfinfoPagesRe.FindStringSubmatch(out)
		if err != nil || m == nil {
			t.Fatalf("pdfinfo %s: %v\n%s", file, err, out)
		}
		return m[1]
	}
	if a, b := pages(orig), pages(copyPath); a != b {
		t.Errorf("stamped copy has %s pages, the original %s", b, a)
	}
	text, err := filingTool(t, "pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", copyPath, "-")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, r.Text()) || !strings.Contains(text, "RECEIVED") || !strings.Contains(text, r.JobNumber) {
		t.Errorf("page 1 lacks %q:\n%s", r.Text(), text)
	}
}

func filingTool(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s: %w: %s", name, err, stderr.String())
	}
	return stdout.String(), nil
}

// leafSHAs returns the SHA-256 of every leaf part of a raw message,
// descending into multiparts and attached messages, decoded with the
// standard library alone: an account of the attachments' bytes that does
// not rest on the parser under test.
func leafSHAs(t *testing.T, raw []byte) map[string]bool {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	var walk func(h textproto.MIMEHeader, body io.Reader, depth int) error
	walk = func(h textproto.MIMEHeader, body io.Reader, depth int) error {
		if depth > 10 {
			return errors.New("nested too deep")
		}
		mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
		if err != nil {
			mediaType = "text/plain"
		}
		var dec io.Reader = body
		switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
		case "base64":
			dec = base64.NewDecoder(base64.StdEncoding, body)
		case "quoted-printable":
			dec = quotedprintable.NewReader(body)
		}
		switch {
		case strings.HasPrefix(mediaType, "multipart/"):
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return err
				}
				if err := walk(p.Header, p, depth+1); err != nil {
					return err
				}
			}
		case mediaType == "message/rfc822":
			inner, err := mail.ReadMessage(bufio.NewReader(dec))
			if err != nil {
				return err
			}
			return walk(textproto.MIMEHeader(inner.Header), inner.Body, depth+1)
		}
		data, err := io.ReadAll(dec)
		if err != nil {
			return err
		}
		out[shaHex(data)] = true
		return nil
	}
	if err := walk(textproto.MIMEHeader(msg.Header), msg.Body, 0); err != nil {
		t.Fatal(err)
	}
	return out
}

// testFilingCorpus files every corpus message that has a claim and checks
// every document: folder, browse key, the original's bytes, the stamped
// copy or the stamp error.
func testFilingCorpus(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	var msgs []corpusMessage
	for _, tm := range b.corpus.Truth.Messages {
		if tm.ExpectClaim == nil || b.jobOf[*tm.ExpectClaim] == "" {
			continue
		}
		m := b.add(t, tm.File, time.Time{}, nil)
		job, _ := b.claimOf(t, m)
		b.file(t, m, job)
		msgs = append(msgs, m)
	}
	b.drain(t)

	var pdfs, stamped, broken int
	for _, m := range msgs {
		job, claimID := b.claimOf(t, m)
		docs := b.documents(t, m.id)
		bySHA := map[string]storage.Document{}
		for _, d := range docs {
			bySHA[d.SHA256] = d
			if d.ClaimID != claimID {
				t.Errorf("%s: document %s in claim %d, want %d", m.truth.File, d.Filename, d.ClaimID, claimID)
			}
			if d.Folder != folderOf(d.DocType) {
				t.Errorf("%s: %s of type %s in folder %s", m.truth.File, d.Filename, d.DocType, d.Folder)
			}
			b.checkDocument(t, d, job)
			if Stampable(d) {
				pdfs++
				if d.StampedSHA256 != "" {
					stamped++
				} else {
					broken++
				}
			}
		}
		// The originals are the attachments, byte for byte.
		leaves := leafSHAs(t, m.raw)
		types := m.docTypes()
		want := 1 // the message itself
		seen := map[string]bool{}
		for _, p := range m.parsed.Parts {
			if !p.IsAttachment || types[p.Path] == classify.DocInline || seen[p.SHA256] {
				continue
			}
			seen[p.SHA256] = true
			want++
			d, ok := bySHA[p.SHA256]
			if !ok {
				t.Errorf("%s: attachment %s not filed", m.truth.File, p.Filename)
				continue
			}
			if !leaves[d.SHA256] {
				t.Errorf("%s: %s has sha256 %s, which no part of the message has", m.truth.File, d.Filename, d.SHA256)
			}
			if dt := types[p.Path]; dt != "" && d.MessageIDs[0] == m.id && d.DocType != dt {
				t.Errorf("%s: %s filed as %s, want %s", m.truth.File, p.Filename, d.DocType, dt)
			}
		}
		if len(docs) != want {
			t.Errorf("%s: %d documents, want %d", m.truth.File, len(docs), want)
		}
		eml, ok := bySHA[shaHex(m.raw)]
		if !ok || eml.DocType != storage.DocTypeCorrespondence || eml.Folder != storage.FolderCorrespondence ||
			!strings.HasSuffix(eml.Filename, ".eml") {
			t.Errorf("%s: message filed as %+v", m.truth.File, eml)
		}
	}
	if broken < 2 || stamped < 100 {
		t.Errorf("%d PDFs, %d stamped, %d not: the corpus has over 100 sound ones and 2 bad ones", pdfs, stamped, broken)
	}
	t.Logf("%d messages filed; %d PDFs, %d stamped, %d with a stamp error", len(msgs), pdfs, stamped, broken)
}

// folderOf is the folder of a document type, correspondence included.
func folderOf(docType string) string {
	if docType == storage.DocTypeCorrespondence {
		return storage.FolderCorrespondence
	}
	return classify.Folder(docType)
}

// withHeader returns an edit that adds a header line: another copy of the
// same mail, with the same attachments.
func withHeader(line string) func([]byte) []byte {
	return func(raw []byte) []byte { return append([]byte(line+"\r\n"), raw...) }
}

func testFilingSameFileTwice(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	first := b.add(t, "00074.eml", time.Time{}, nil)
	second := b.add(t, "00074.eml", time.Time{}, withHeader("X-Resent: again"))
	job, claimID := b.claimOf(t, first)
	r1 := b.file(t, first, job)
	r2 := b.file(t, second, job)
	b.drain(t)

	if r1.Created != 5 || r2.Created != 1 || r2.Stamping != 0 {
		t.Errorf("created %d then %d (%d stamp jobs): want 5 then only the second message itself", r1.Created, r2.Created, r2.Stamping)
	}
	docs, err := b.db.ClaimDocuments(t.Context(), claimID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 6 {
		t.Errorf("claim has %d documents, want 4 attachments and 2 messages", len(docs))
	}
	var emls []string
	for _, d := range docs {
		b.checkDocument(t, d, job)
		if d.DocType == storage.DocTypeCorrespondence {
			emls = append(emls, path.Base(d.BrowseKey))
			continue
		}
		if len(d.MessageIDs) != 2 || d.MessageIDs[0] != first.id || d.MessageIDs[1] != second.id {
			t.Errorf("%s: brought by %v, want both messages", d.Filename, d.MessageIDs)
		}
	}
	// Both messages have the same subject on the same day.
	want := []string{"2026-11-05_Estimate 26-1001-WTR Kevin Castillo.eml", "2026-11-05_Estimate 26-1001-WTR Kevin Castillo_2.eml"}
	if len(emls) != 2 || emls[0] != want[0] || emls[1] != want[1] {
		t.Errorf("messages filed as %q, want %q", emls, want)
	}
}

func testFilingNameCollision(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	// Two different COS.pdf files for one claim on one day.
	day := time.Date(2026, 11, 6, 10, 0, 0, 0, b.loc)
	first := b.add(t, "00122.eml", day, nil)
	second := b.add(t, "00136.eml", day.Add(time.Hour), nil)
	job, _ := b.claimOf(t, first)
	b.file(t, first, job)
	b.file(t, second, job)
	b.drain(t)

	cos := func(m corpusMessage) storage.Document {
		for _, d := range b.documents(t, m.id) {
			if d.Filename == "COS.pdf" {
				return d
			}
		}
		t.Fatalf("%s: no COS.pdf filed", m.truth.File)
		return storage.Document{}
	}
	d1, d2 := cos(first), cos(second)
	dir := "offices/main/claims/" + job + "/Contracts/"
	if d1.SHA256 == d2.SHA256 {
		t.Fatal("the two COS.pdf files are the same file; the test needs different ones")
	}
	if d1.BrowseKey != dir+"2026-11-06_COS.pdf" || d2.BrowseKey != dir+"2026-11-06_COS_2.pdf" {
		t.Errorf("browse keys %q and %q", d1.BrowseKey, d2.BrowseKey)
	}
	for _, d := range []storage.Document{d1, d2} {
		b.checkDocument(t, d, job)
	}
}

func testFilingIdempotent(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	m := b.add(t, "00036.eml", time.Time{}, nil)
	job, _ := b.claimOf(t, m)
	first := b.file(t, m, job)
	b.drain(t)
	again := b.file(t, m, job)
	b.drain(t)

	if first.Created != 5 || first.Stamping != 3 || again.Created != 0 || again.Stamping != 0 {
		t.Errorf("first run created %d (%d stamp jobs), second %d (%d)", first.Created, first.Stamping, again.Created, again.Stamping)
	}
	if len(again.Documents) != len(first.Documents) {
		t.Errorf("second run: %d documents, first %d", len(again.Documents), len(first.Documents))
	}
	for i, d := range b.documents(t, m.id) {
		if d.ID != first.Documents[i].ID || d.BrowseKey != first.Documents[i].BrowseKey {
			t.Errorf("document %d changed: %+v", i, d)
		}
		b.checkDocument(t, d, job)
	}
	var stampJobs int
	if err := b.sql.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE kind = 'stamp_document'`).Scan(&stampJobs); err != nil {
		t.Fatal(err)
	}
	if stampJobs != 3 {
		t.Errorf("%d stamp jobs, want one per PDF", stampJobs)
	}
	// Filing into another claim is a move, not a filing.
	_, err := b.filer.File(t.Context(), FileRequest{MessageID: m.id, ClaimID: b.claims["26-1002-WTR"]})
	if !errors.Is(err, storage.ErrConflict) {
		t.Errorf("filing into another claim: %v, want ErrConflict", err)
	}
}

func testFilingMove(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	ctx := t.Context()
	m := b.add(t, "00074.eml", time.Time{}, nil)
	from, fromID := b.claimOf(t, m)
	b.file(t, m, from)
	b.drain(t)
	before := b.documents(t, m.id)

	const to = "26-1002-WTR"
	res, err := b.filer.Move(ctx, MoveRequest{MessageID: m.id, ToClaimID: b.claims[to], Actor: "ana@office.example"})
	if err != nil {
		t.Fatal(err)
	}
	b.drain(t)
	if !res.Moved || res.FromClaimID != fromID || res.Stamping != 3 || len(res.Retired) != len(before) {
		t.Errorf("move result: moved %v from %d, %d stamp jobs, %d keys retired", res.Moved, res.FromClaimID, res.Stamping, len(res.Retired))
	}

	after := b.documents(t, m.id)
	if len(after) != len(before) {
		t.Fatalf("%d documents after the move, %d before", len(after), len(before))
	}
	for i, d := range after {
		old := before[i]
		if d.ID != old.ID || d.ClaimID != b.claims[to] || d.Folder != old.Folder {
			t.Errorf("document %d after the move: %+v", old.ID, d)
		}
		if want := strings.Replace(old.BrowseKey, "/"+from+"/", "/"+to+"/", 1); d.BrowseKey != want {
			t.Errorf("browse key %q, want %q", d.BrowseKey, want)
		}
		b.checkDocument(t, d, to)
		// The old names are gone; the content-addressed blobs stay.
		b.requireGone(t, old.BrowseKey)
		b.requireGone(t, old.StampedBrowseKey())
		for _, sum := range []string{old.SHA256, old.StampedSHA256} {
			if _, err := b.blobs.Stat(ctx, blob.ContentKey(sum)); sum != "" && err != nil {
				t.Errorf("content %s: %v", sum, err)
			}
		}
		if old.StampedSHA256 != "" && d.StampedSHA256 == old.StampedSHA256 {
			t.Errorf("%s: stamped copy not made again", d.Filename)
		}
	}
	if docs, _ := b.db.ClaimDocuments(ctx, fromID, 0, 0); len(docs) != 0 {
		t.Errorf("old claim keeps %d documents", len(docs))
	}
	var claimID int64
	var status string
	if err := b.sql.QueryRow(ctx, `SELECT claim_id, status FROM messages WHERE id = $1`, m.id).Scan(&claimID, &status); err != nil {
		t.Fatal(err)
	}
	if claimID != b.claims[to] || status != storage.StatusFiled {
		t.Errorf("message in claim %d, %s", claimID, status)
	}
	moves, err := b.db.MessageMoves(ctx, m.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(moves) != 1 || moves[0].FromClaimID != fromID || moves[0].ToClaimID != b.claims[to] || moves[0].Actor != "ana@office.example" {
		t.Errorf("audit trail: %+v", moves)
	}

	// Moving it where it is changes nothing.
	res, err = b.filer.Move(ctx, MoveRequest{MessageID: m.id, ToClaimID: b.claims[to], Actor: "ana@office.example"})
	if err != nil || res.Moved || res.Stamping != 0 {
		t.Errorf("second move: %+v, %v", res, err)
	}
	if moves, _ := b.db.MessageMoves(ctx, m.id); len(moves) != 1 {
		t.Errorf("a move to the same claim wrote an audit row: %+v", moves)
	}
}

// testFilingRenameRestamps renames a claim's job number: its PDFs are
// stamped again from their originals, and their stamped copies show the new
// job number under the new job's folder.
func testFilingRenameRestamps(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	ctx := t.Context()
	m := b.add(t, "00074.eml", time.Time{}, nil)
	job, claimID := b.claimOf(t, m)
	b.file(t, m, job)
	b.drain(t)
	before := b.documents(t, m.id)

	const renamed = "26-1074-MLD"
	patch := storage.ClaimPatch{Fields: map[string]string{"job_number": renamed}}
	if _, err := b.filer.UpdateClaim(ctx, claimID, patch, "ana@office.example"); err != nil {
		t.Fatal(err)
	}
	b.drain(t)
	after := b.documents(t, m.id)
	stamped := 0
	for i, d := range after {
		b.checkDocument(t, d, renamed)
		if old := before[i]; old.StampedSHA256 != "" {
			stamped++
			if d.StampedSHA256 == old.StampedSHA256 {
				t.Errorf("%s: stamped copy not made again", d.Filename)
			}
			b.requireGone(t, old.StampedBrowseKey())
		}
	}
	if stamped == 0 {
		t.Fatal("no stamped PDF filed to rename")
	}

	// A patch that keeps the job number stamps nothing again.
	same := storage.ClaimPatch{Fields: map[string]string{"job_number": renamed}}
	if _, err := b.filer.UpdateClaim(ctx, claimID, same, "ana@office.example"); err != nil {
		t.Fatal(err)
	}
	var queued int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'stamp_document'
		AND state <> 'completed'`).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if queued != 0 {
		t.Errorf("%d stamp jobs queued by a patch keeping the job number", queued)
	}
}

// testFilingMoveSharedAndMerged moves a message whose files the target
// claim has already, and whose files another message of the old claim
// brought too.
func testFilingMoveSharedAndMerged(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	ctx := t.Context()
	const from, to = "26-1001-WTR", "26-1002-WTR"
	mover := b.add(t, "00074.eml", time.Time{}, nil)
	stayer := b.add(t, "00074.eml", time.Time{}, withHeader("X-Resent: stays"))
	inTarget := b.add(t, "00074.eml", time.Time{}, withHeader("X-Resent: target"))
	b.file(t, mover, from)
	b.file(t, stayer, from)
	b.file(t, inTarget, to)
	b.drain(t)

	if _, err := b.filer.Move(ctx, MoveRequest{MessageID: mover.id, ToClaimID: b.claims[to], Actor: "ben@office.example"}); err != nil {
		t.Fatal(err)
	}
	b.drain(t)

	for _, d := range b.documents(t, mover.id) {
		if d.ClaimID != b.claims[to] {
			t.Errorf("%s stayed in claim %d", d.Filename, d.ClaimID)
		}
		b.checkDocument(t, d, to)
		if d.DocType != storage.DocTypeCorrespondence && (len(d.MessageIDs) != 2 || d.MessageIDs[1] != inTarget.id) {
			t.Errorf("%s: brought by %v, want the mover merged with the target's copy", d.Filename, d.MessageIDs)
		}
	}
	for _, d := range b.documents(t, stayer.id) {
		if d.ClaimID != b.claims[from] {
			t.Errorf("%s of the message that stays moved to claim %d", d.Filename, d.ClaimID)
		}
		b.checkDocument(t, d, from)
		if d.DocType != storage.DocTypeCorrespondence && len(d.MessageIDs) != 1 {
			t.Errorf("%s: still linked to %v", d.Filename, d.MessageIDs)
		}
	}
	docs, err := b.db.ClaimDocuments(ctx, b.claims[to], 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 6 {
		t.Errorf("target claim has %d documents, want 4 attachments and 2 messages", len(docs))
	}
}

// testFilingTriageAssignment assigns a message from triage: the path the
// dashboard takes. Its PDFs are the corpus' encrypted and truncated ones.
func testFilingTriageAssignment(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	ctx := t.Context()
	m := b.add(t, "00164.eml", time.Time{}, nil)
	if err := b.db.SetMessageStatus(ctx, m.id, storage.StatusTriage, ""); err != nil {
		t.Fatal(err)
	}
	job, claimID := b.claimOf(t, m)
	res, err := b.filer.Move(ctx, MoveRequest{MessageID: m.id, ToClaimID: claimID, Actor: "ana@office.example", DocTypes: m.docTypes()})
	if err != nil {
		t.Fatal(err)
	}
	b.drain(t)
	if !res.Moved || res.FromClaimID != 0 || res.Created != 3 || res.Stamping != 2 {
		t.Errorf("assignment: %+v", res)
	}
	var errs int
	for _, d := range b.documents(t, m.id) {
		b.checkDocument(t, d, job)
		if d.StampError != "" {
			errs++
			t.Logf("%s: %s", d.Filename, d.StampError)
		}
	}
	if errs != 2 {
		t.Errorf("%d stamp errors, want the encrypted and the truncated PDF", errs)
	}
	moves, err := b.db.MessageMoves(ctx, m.id)
	if err != nil || len(moves) != 1 || moves[0].FromClaimID != 0 || moves[0].ToClaimID != claimID {
		t.Errorf("audit trail: %+v, %v", moves, err)
	}
}

// testFilingStampLimits runs the stamp worker by hand: a PDF over the size
// limit, a stamp made for a document that moved meanwhile, and a repeated
// run.
func testFilingStampLimits(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, false)
	ctx := t.Context()
	m := b.add(t, "00034.eml", time.Time{}, nil) // a 3 kB estimate and a 1 kB sketch
	job, _ := b.claimOf(t, m)
	res := b.file(t, m, job)
	work := func(w *StampWorker, id int64) {
		t.Helper()
		err := w.Work(ctx, &river.Job[StampArgs]{JobRow: &rivertype.JobRow{ID: id, Attempt: 1, MaxAttempts: 10}, Args: StampArgs{DocumentID: id}})
		if err != nil {
			t.Fatalf("stamp document %d: %v", id, err)
		}
	}
	small := NewStampWorker(b.db, b.blobs, StampConfig{Location: b.loc, MaxBytes: 2000, TempDir: b.tempDir}, nil)
	for _, d := range res.Documents {
		if Stampable(d) {
			work(small, d.ID)
		}
	}
	var estimate, sketch storage.Document
	for _, d := range b.documents(t, m.id) {
		switch {
		case !Stampable(d):
		case d.Size > 2000:
			estimate = d
		default:
			sketch = d
		}
	}
	if estimate.StampedSHA256 != "" || !strings.Contains(estimate.StampError, "over the 2 kB stamping limit") {
		t.Errorf("PDF over the limit: stamped %q, error %q", estimate.StampedSHA256, estimate.StampError)
	}
	if sketch.StampedSHA256 == "" {
		t.Fatalf("PDF under the limit not stamped: %q", sketch.StampError)
	}
	b.checkDocument(t, sketch, job)
	// Running the job again publishes, and changes nothing.
	work(small, sketch.ID)
	again, err := b.db.GetDocument(ctx, sketch.ID)
	if err != nil || again.StampedSHA256 != sketch.StampedSHA256 {
		t.Errorf("second run: %+v, %v", again, err)
	}
	// Moved after the stamp was made: it is not recorded, the move's own
	// stamp job makes the right one.
	if _, err := b.filer.Move(ctx, MoveRequest{MessageID: m.id, ToClaimID: b.claims["26-1002-WTR"], Actor: "ana@office.example"}); err != nil {
		t.Fatal(err)
	}
	full := NewStampWorker(b.db, b.blobs, StampConfig{Location: b.loc, TempDir: b.tempDir}, nil)
	if err := full.record(ctx, sketch, sketch.StampedSHA256, notStamped{}); err != nil {
		t.Fatal(err)
	}
	moved, err := b.db.GetDocument(ctx, sketch.ID)
	if err != nil || moved.StampedSHA256 != "" {
		t.Errorf("stale stamp recorded on the moved document: %+v, %v", moved, err)
	}
	b.requireGone(t, sketch.StampedBrowseKey())
	work(full, sketch.ID)
	moved, err = b.db.GetDocument(ctx, sketch.ID)
	if err != nil {
		t.Fatal(err)
	}
	b.checkDocument(t, moved, "26-1002-WTR")
}

func TestCorrespondenceFilename(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("Estimate supplement ", 20)
	for _, c := range []struct{ subject, want string }{
		{"Estimate 26-1001-WTR Kevin Castillo", "Estimate 26-1001-WTR Kevin Castillo.eml"},
		{"Re: Invoice 11/05 for 26-1001-WTR", "Re_ Invoice 11-05 for 26-1001-WTR.eml"},
		{"", "message.eml"},
		{" ... ", "message.eml"},
		{"../../etc/passwd", "-..-etc-passwd.eml"},
	} {
		if got := correspondenceFilename(c.subject); got != c.want {
			t.Errorf("%q: got %q, want %q", c.subject, got, c.want)
		}
	}
	if got := correspondenceFilename(long); len(got) > mailparse.MaxFilenameBytes || !strings.HasPrefix(got, "Estimate supplement") || !strings.HasSuffix(got, ".eml") {
		t.Errorf("long subject: %q (%d bytes)", got, len(got))
	}
}
