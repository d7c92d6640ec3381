package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// faultRig is one fault-injection test's world: a Dovecot mailbox, a
// database, a blob store, the mail delivered so far, and the settings of
// the claimdesk processes it runs.
type faultRig struct {
	t       *testing.T
	mailbox testenv.DovecotServer // the real server: the test delivers and lists here
	imapURL string                // what claimdesk is told: the server, or a proxy before it
	dsn     string
	blobURL string
	blobEnv []string // credentials of an S3 blob store
	store   blob.Store
	dataDir string
	// logLevel is claimdesk's: info keeps the log tails of failures
	// readable; debug shows the watchers' IDLE.
	logLevel string
	sql      *pgxpool.Pool // the test's own way into the database
	mails    []faultMail
}

// faultRigOptions choose the rig's database and blob store; zero values
// take a database of the shared cluster and a local blob directory.
type faultRigOptions struct {
	dsn string
	s3  *testenv.S3Server
}

func newFaultRig(t *testing.T, opts faultRigOptions) *faultRig {
	t.Helper()
	mailbox := testenv.Dovecot(t)
	r := &faultRig{t: t, mailbox: mailbox, imapURL: mailbox.URL("INBOX"), dsn: opts.dsn, dataDir: t.TempDir(), logLevel: "info"}
	if r.dsn == "" {
		r.dsn = testenv.Postgres(t)
	}
	ctx := context.Background()
	if opts.s3 != nil {
		r.blobURL = opts.s3.URL
		r.blobEnv = []string{"AWS_ACCESS_KEY_ID=" + opts.s3.AccessKey, "AWS_SECRET_ACCESS_KEY=" + opts.s3.SecretKey}
		store, err := blob.NewS3Store(ctx, blob.S3Config{Endpoint: opts.s3.Endpoint, Bucket: opts.s3.Bucket,
			AccessKey: opts.s3.AccessKey, SecretKey: opts.s3.SecretKey})
		if err != nil {
			t.Fatal(err)
		}
		r.store = store
	} else {
		dir := t.TempDir()
		r.blobURL = "file://" + dir
		store, err := blob.NewLocalStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		r.store = store
	}
	r.importClaims()
	r.sql = testenv.SQL(t, r.dsn)
	return r
}

// env is the environment of the rig's claimdesk processes.
func (r *faultRig) env() []string {
	return append([]string{
		"CLAIMDESK_IMAP_URL=" + r.imapURL,
		"CLAIMDESK_DATABASE_URL=" + r.dsn,
		"CLAIMDESK_BLOB_URL=" + r.blobURL,
		"CLAIMDESK_DATA_DIR=" + r.dataDir,
		"CLAIMDESK_OFFICE_DOMAIN=" + faultOfficeDomain,
		"CLAIMDESK_TIMEZONE=America/Chicago",
		"CLAIMDESK_HTTP_ADDR=127.0.0.1:0",
		// Also how often a watcher checks its lock's database connection.
		"CLAIMDESK_POLL_INTERVAL=1s",
		"CLAIMDESK_LOG_LEVEL=" + r.logLevel,
	}, r.blobEnv...)
}

// serve starts claimdesk serve.
func (r *faultRig) serve() *proc {
	r.t.Helper()
	return startProc(r.t, r.env(), "serve")
}

func (r *faultRig) importClaims() {
	r.t.Helper()
	path := filepath.Join(r.t.TempDir(), "claims.csv")
	if err := os.WriteFile(path, []byte(faultClaimsCSV()), 0o600); err != nil {
		r.t.Fatal(err)
	}
	p := startProc(r.t, r.env(), "claims", "import", path)
	select {
	case <-p.done:
	case <-time.After(2 * time.Minute):
		r.t.Fatalf("claims import did not finish within 2m:\n%s", p.logs.tail(failureLogLines))
	}
	if p.err != nil {
		r.t.Fatalf("claims import: %v\n%s", p.err, p.logs.tail(failureLogLines))
	}
}

// deliver appends mail to the inbox, in order.
func (r *faultRig) deliver(mails []faultMail) {
	r.t.Helper()
	testenv.AppendFiles(r.t, r.mailbox.Addr, r.mailbox.User, r.mailbox.Password, "INBOX", appendable(mails))
	r.mails = append(r.mails, mails...)
}

func (r *faultRig) pdfs() int {
	n := 0
	for _, m := range r.mails {
		if m.pdfName != "" {
			n++
		}
	}
	return n
}

// faultProgress is how far the pipeline has come.
type faultProgress struct {
	Stored  int // inbox messages stored
	Final   int // messages processed to a final status: filed, triage or ignored
	Failed  int // messages whose processing failed
	Stamped int // PDF documents stamped (or flagged as unstampable)
	Waiting int // processing, stamping and publishing jobs not completed
}

func (p faultProgress) String() string {
	return fmt.Sprintf("%d stored, %d processed, %d failed, %d PDFs stamped, %d jobs waiting",
		p.Stored, p.Final, p.Failed, p.Stamped, p.Waiting)
}

func (r *faultRig) progress(ctx context.Context) (faultProgress, error) {
	var p faultProgress
	err := r.sql.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM messages WHERE direction = 'in'),
		(SELECT count(*) FROM messages WHERE status IN ('filed', 'triage', 'ignored')),
		(SELECT count(*) FROM messages WHERE status = 'failed'),
		(SELECT count(*) FROM documents WHERE stamped_sha256 IS NOT NULL OR stamp_error <> ''),
		(SELECT count(*) FROM river_job WHERE kind IN ('process_message', 'stamp_document', 'publish_documents')
			AND state <> 'completed')`).Scan(&p.Stored, &p.Final, &p.Failed, &p.Stamped, &p.Waiting)
	return p, err
}

// snapshot returns the progress now.
func (r *faultRig) snapshot() faultProgress {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := r.progress(ctx)
	if err != nil {
		r.t.Fatalf("progress: %v", err)
	}
	return p
}

// done reports whether everything delivered is processed, with no work left.
func (r *faultRig) done(p faultProgress) bool {
	return p.Stored == len(r.mails) && p.Final == len(r.mails) && p.Stamped == r.pdfs() && p.Waiting == 0
}

// waitProgress polls the progress until cond holds. It fails the test,
// with the process's log, when the deadline passes or the process exits.
// A database that does not answer (being restarted) counts as not yet.
func (r *faultRig) waitProgress(p *proc, limit time.Duration, what string, cond func(faultProgress) bool) faultProgress {
	r.t.Helper()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var last faultProgress
	var lastErr error
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		pr, err := r.progress(ctx)
		cancel()
		if err == nil {
			if cond(pr) {
				return pr
			}
			last, lastErr = pr, nil
			if pr.Failed > 0 && pr.Waiting == 0 {
				r.t.Fatalf("waiting for %s: %d messages failed and nothing is left to retry them (%s)\n%s",
					what, pr.Failed, pr, r.failures())
			}
		} else {
			lastErr = err
		}
		select {
		case <-tick.C:
		case <-p.done:
			r.t.Fatalf("claimdesk exited (%v) while the test waited for %s; progress: %s\nclaimdesk's last lines:\n%s",
				p.err, what, last, p.logs.tail(failureLogLines))
		case <-deadline.C:
			r.t.Fatalf("no %s within %v; progress: %s (last error: %v)\n%s\nclaimdesk's last lines:\n%s",
				what, limit, last, lastErr, r.jobStates(), p.logs.tail(failureLogLines))
		}
	}
}

// waitDone waits until every message delivered is stored and processed,
// every PDF stamped, and no job is left.
func (r *faultRig) waitDone(p *proc, limit time.Duration) {
	r.t.Helper()
	r.waitProgress(p, limit, fmt.Sprintf("completion of %d messages (%d PDFs)", len(r.mails), r.pdfs()), r.done)
}

// failures lists failed messages with their errors, for a failure message.
func (r *faultRig) failures() string {
	rows, err := r.sql.Query(context.Background(),
		`SELECT message_id, error FROM messages WHERE status = 'failed' ORDER BY id LIMIT 10`)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, msg string
		if err := rows.Scan(&id, &msg); err != nil {
			return err.Error()
		}
		fmt.Fprintf(&b, "  %s: %s\n", id, msg)
	}
	return b.String()
}

// notPeriodic leaves out the periodic jobs (the SLA sweep, the looks for
// old scans, old forms and stamps to try again): they start at any
// moment, whatever the test has done, and may be running when it looks.
const notPeriodic = `kind NOT IN ('sla_sweep', 'ocr_old_scans', 'stamp_old_forms', 'stamp_retry_outgrown')`

// jobStates counts the jobs of each kind and state not completed, for a
// failure message.
func (r *faultRig) jobStates() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rows, err := r.sql.Query(ctx, `SELECT kind, state::text, count(*), max(attempt),
		coalesce(string_agg(DISTINCT attempted_by[cardinality(attempted_by)], ' '), '')
		FROM river_job WHERE state <> 'completed' AND `+notPeriodic+` GROUP BY 1, 2 ORDER BY 1, 2`)
	if err != nil {
		return "jobs: " + err.Error()
	}
	defer rows.Close()
	var b strings.Builder
	b.WriteString("jobs not completed:")
	for rows.Next() {
		var kind, state, workers string
		var n, attempt int
		if err := rows.Scan(&kind, &state, &n, &attempt, &workers); err != nil {
			return "jobs: " + err.Error()
		}
		fmt.Fprintf(&b, "\n  %s %s: %d (attempt up to %d; last worker %s)", kind, state, n, attempt, workers)
	}
	return b.String()
}

// checkMarkedAreStored checks the order of the ingest's two steps: a
// message marked processed on the server is stored in the database.
func (r *faultRig) checkMarkedAreStored() {
	r.t.Helper()
	// The mailbox first: what is marked now was committed before.
	marked := map[string]bool{}
	for _, m := range r.listInbox() {
		if m.HasFlag(filedKeyword) {
			marked["<"+m.MessageID+">"] = true
		}
	}
	if len(marked) == 0 {
		return
	}
	stored, err := r.storedIDs(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	for id := range marked {
		if !stored[id] {
			r.t.Errorf("%s is marked processed on the server but not stored", id)
		}
	}
}

// filedKeyword is the keyword claimdesk gives processed mail on servers
// that take keywords (Dovecot does).
const filedKeyword = imap.Flag("$ClaimdeskFiled")

func (r *faultRig) listInbox() []testenv.MailboxMessage {
	return testenv.ListMailbox(r.t, r.mailbox.Addr, r.mailbox.User, r.mailbox.Password, "INBOX")
}

func (r *faultRig) storedIDs(ctx context.Context) (map[string]bool, error) {
	rows, err := r.sql.Query(ctx, `SELECT message_id FROM messages WHERE direction = 'in'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}

// check compares the outcome with the mailbox and the mail delivered:
// every message stored once with its raw bytes in the blob store, marked on
// the server, processed to the status its content calls for, its documents
// filed once in its claim (PDFs stamped), and no job failed or left over.
func (r *faultRig) check() {
	t := r.t
	t.Helper()
	ctx := context.Background()
	want := map[string]faultMail{}
	for _, m := range r.mails {
		want[m.messageID] = m
	}

	inbox := r.listInbox()
	if len(inbox) != len(r.mails) {
		t.Errorf("the mailbox holds %d messages, %d were delivered", len(inbox), len(r.mails))
	}
	unmarked := 0
	for _, m := range inbox {
		if !m.HasFlag(filedKeyword) {
			unmarked++
		}
	}
	if unmarked > 0 {
		t.Errorf("%d of %d messages in the mailbox are not marked %s", unmarked, len(inbox), filedKeyword)
	}

	type row struct {
		id               int64
		sha, status, job string
		correspondence   int
		pdfs             int
		pdfOK            bool
		wrongDocs        []string
		count            int
	}
	got := map[string]*row{}
	rows, err := r.sql.Query(ctx, `SELECT m.id, m.message_id, m.raw_sha256, m.status, coalesce(c.job_number, '')
		FROM messages m LEFT JOIN claims c ON c.id = m.claim_id WHERE m.direction = 'in'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var mid string
		var x row
		if err := rows.Scan(&x.id, &mid, &x.sha, &x.status, &x.job); err != nil {
			t.Fatal(err)
		}
		if g, ok := got[mid]; ok {
			g.count++
			continue
		}
		x.count = 1
		got[mid] = &x
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	docs, err := r.sql.Query(ctx, `SELECT m.message_id, d.doc_type, d.sha256, d.browse_key,
		coalesce(d.stamped_sha256, ''), d.stamp_error, c.job_number
		FROM document_messages dm JOIN documents d ON d.id = dm.document_id
		JOIN messages m ON m.id = dm.message_id JOIN claims c ON c.id = d.claim_id`)
	if err != nil {
		t.Fatal(err)
	}
	var browseKeys, stampedKeys []string
	for docs.Next() {
		var mid, docType, sha, key, stamped, stampErr, job string
		if err := docs.Scan(&mid, &docType, &sha, &key, &stamped, &stampErr, &job); err != nil {
			t.Fatal(err)
		}
		g, m := got[mid], want[mid]
		if g == nil {
			t.Errorf("a document of %s, which is not stored", mid)
			continue
		}
		switch {
		case job != m.job:
			g.wrongDocs = append(g.wrongDocs, fmt.Sprintf("%s in claim %s", key, job))
		case docType == storage.DocTypeCorrespondence && sha == m.sha256:
			g.correspondence++
		case docType == "estimate" && sha == m.pdfSHA256 && m.pdfName != "":
			g.pdfs++
			g.pdfOK = stamped != "" && stampErr == "" && strings.HasPrefix(key, "offices/main/claims/"+job+"/Estimates/")
			stampedKeys = append(stampedKeys, blob.ContentKey(stamped))
		default:
			g.wrongDocs = append(g.wrongDocs, fmt.Sprintf("%s (%s, sha256 %s)", key, docType, sha))
		}
		browseKeys = append(browseKeys, key)
	}
	docs.Close()
	if err := docs.Err(); err != nil {
		t.Fatal(err)
	}
	var documents int
	if err := r.sql.QueryRow(ctx, `SELECT count(*) FROM documents`).Scan(&documents); err != nil {
		t.Fatal(err)
	}

	wantDocs, problems := 0, 0
	report := func(format string, args ...any) {
		// The first few say enough; the count says the rest.
		if problems++; problems <= 10 {
			t.Errorf(format, args...)
		}
	}
	for _, m := range r.mails {
		g := got[m.messageID]
		switch {
		case g == nil:
			report("%s is not stored", m.messageID)
			continue
		case g.count != 1:
			report("%s is stored %d times", m.messageID, g.count)
		case g.sha != m.sha256:
			report("%s is stored with raw sha256 %s, delivered as %s", m.messageID, g.sha, m.sha256)
		}
		wantStatus := storage.StatusFiled
		if m.job == "" {
			wantStatus = storage.StatusTriage
		}
		if g.status != wantStatus || g.job != m.job {
			report("%s is %s in claim %q, want %s in %q", m.messageID, g.status, g.job, wantStatus, m.job)
		}
		wantPDFs := 0
		if m.job != "" {
			wantDocs++
			if m.pdfName != "" {
				wantPDFs = 1
				wantDocs++
			}
		}
		if m.job != "" && g.correspondence != 1 {
			report("%s is filed as correspondence %d times, want once", m.messageID, g.correspondence)
		}
		if g.pdfs != wantPDFs {
			report("%s: %s filed %d times, want %d", m.messageID, m.pdfName, g.pdfs, wantPDFs)
		} else if wantPDFs == 1 && !g.pdfOK {
			report("%s: %s not stamped, or not in its claim's Estimates folder", m.messageID, m.pdfName)
		}
		if len(g.wrongDocs) > 0 {
			report("%s has documents it should not: %v", m.messageID, g.wrongDocs)
		}
		if _, err := r.store.Stat(ctx, blob.ContentKey(m.sha256)); err != nil {
			report("%s: raw message not in the blob store: %v", m.messageID, err)
		}
	}
	if len(got) != len(r.mails) {
		report("%d distinct messages stored, %d delivered", len(got), len(r.mails))
	}
	if documents != wantDocs {
		report("%d documents filed, want %d (each message once, each PDF once)", documents, wantDocs)
	}
	for _, key := range append(browseKeys, stampedKeys...) {
		if _, err := r.store.Stat(ctx, key); err != nil {
			report("blob %s of a filed document: %v", key, err)
		}
	}
	if problems > 10 {
		t.Errorf("... %d problems in all", problems)
	}

	var leftover int
	if err := r.sql.QueryRow(ctx, `SELECT count(*) FROM river_job
		WHERE `+notPeriodic+` AND state <> 'completed'`).Scan(&leftover); err != nil {
		t.Fatal(err)
	}
	if leftover > 0 {
		t.Errorf("%d jobs not completed\n%s", leftover, r.jobStates())
	}
	var failed int
	if err := r.sql.QueryRow(ctx, `SELECT count(*) FROM messages WHERE status = 'failed'`).Scan(&failed); err != nil {
		t.Fatal(err)
	}
	if failed > 0 {
		t.Errorf("%d messages failed:\n%s", failed, r.failures())
	}
}

// faultDuration reads a duration from the environment, for outages a
// developer may shorten on a laptop; CI uses the default.
func faultDuration(t *testing.T, name string, def time.Duration) time.Duration {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return d
}

var errProcessExited = errors.New("claimdesk exited")

// outlive waits d while p keeps running, calling every (when set) each
// couple of seconds; it returns errProcessExited if p exits first.
func outlive(p *proc, d time.Duration, every func()) error {
	end := time.NewTimer(d)
	defer end.Stop()
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-end.C:
			return nil
		case <-p.done:
			return errProcessExited
		case <-tick.C:
			if every != nil {
				every()
			}
		}
	}
}
