package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/internal/hostile"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// hostileOutcome is what must become of one message of the hostile set.
type hostileOutcome struct {
	status string
	// reasons must each appear in the message's stored error or warnings:
	// the reason a person reads on the message page.
	reasons []string
	// documents is how many documents the message files to its claim.
	documents int
}

// hostileOutcomes is the expectation for every message of testdata/hostile
// and internal/hostile, by file name (testdata/hostile/README.md says why).
// Documents count the message itself, filed as correspondence.
var hostileOutcomes = map[string]hostileOutcome{
	"base64-garbage.eml":           {filed, []string{claim1, "part 1: invalid base64: skipped 7 bytes", "part 2: invalid base64: skipped 27 bytes"}, 3},
	"content-type-1000-params.eml": {filed, []string{claim1}, 2},
	"eight-bit-headers.eml":        {filed, []string{claim1}, 2},
	// The claim number is in a word of an unknown charset, and in the body.
	"encoded-words.eml":      {filed, []string{"filed to 26-1001-WTR (claim 0683449786) on claim number in the subject"}, 3},
	"filenames.eml":          {filed, []string{claim1}, 11},
	"headers-only.eml":       {triage, []string{"no claim evidence"}, 0},
	"html-scripts.eml":       {filed, []string{claim1}, 1},
	"image-bomb.eml":         {filed, []string{claim1}, 1},
	"invalid-charsets.eml":   {filed, []string{"on claim number in the subject", `unknown charset "x-klingon"`, `unknown charset "utf-7"`, `unknown charset "../../../../etc/passwd"`}, 1},
	"missing-boundary.eml":   {filed, []string{claim1, "multipart/mixed boundary not found; body kept as plain text"}, 1},
	"no-message-id-date.eml": {triage, []string{"no claim evidence"}, 0},
	"overlong-ids.eml": {filed, []string{claim1, "Message-ID identifier longer than 998 bytes ignored",
		"In-Reply-To identifier longer than 998 bytes ignored", "References identifier longer than 998 bytes ignored",
		"From address longer than 254 bytes ignored"}, 1},
	// qpdf repairs the cross-references: filed and stamped.
	"pdf-broken-xref.eml":        {filed, []string{claim1}, 2},
	"pdf-really-html.eml":        {filed, []string{claim1, "Not stamped: the PDF is damaged"}, 3},
	"unterminated-multipart.eml": {filed, []string{claim1, "message ends before the closing MIME boundary"}, 2},
	"parts-10000.eml":            {filed, []string{claim1, "more than 1000 MIME parts; the rest of the message was not parsed"}, 999},
	"nested-rfc822-1000.eml":     {filed, []string{claim1, "forwarded message nested deeper than 5 levels; kept as an attachment"}, 2},
	"attachment-100mb.eml":       {filed, []string{claim1}, 2},
	"pdf-100000-pages.eml":       {filed, []string{claim1, "Not stamped: the PDF is beyond the stamping limits"}, 2},
	"pdf-deep-nesting.eml":       {filed, []string{claim1, "Not stamped: the PDF is damaged"}, 3},
	"header-1mb.eml":             {filed, []string{claim1, "header line longer than 65536 bytes; the rest of the line was skipped"}, 1},
}

// hostileIncomplete names the messages of the set that a parse cap cuts
// short, with the reason their row carries.
var hostileIncomplete = map[string]string{
	"parts-10000.eml":        "more than 1000 MIME parts; the rest of the message was not parsed",
	"nested-rfc822-1000.eml": "forwarded message nested deeper than 5 levels; kept as an attachment",
}

const (
	filed  = storage.StatusFiled
	triage = storage.StatusTriage
	claim1 = "filed to 26-1001-WTR (claim 0683449786)"
)

// ordinaryMessages arrive after the hostile set; they must be filed as if
// it were not there.
func ordinaryMessages() []hostile.Message {
	var out []hostile.Message
	for i := 1; i <= 3; i++ {
		raw := fmt.Sprintf("From: Marcus Bell <mbell@prairiemutual.example>\r\nTo: claims@office.example\r\n"+
			"Subject: Claim 60-8H77-8H5 - moisture readings day %d\r\nDate: Wed, 04 Nov 2026 09:0%d:00 -0600\r\n"+
			"Message-ID: <ordinary-%d@prairiemutual.example>\r\n\r\nDay %d readings for claim 60-8H77-8H5: 14%%, 12%%.\r\n", i, i, i, i)
		out = append(out, hostile.Message{Name: fmt.Sprintf("ordinary-%d", i), Size: int64(len(raw)),
			Open: func() io.Reader { return strings.NewReader(raw) }})
	}
	return out
}

// TestHostileMailSet runs claimdesk serve on a mailbox holding the hostile
// mail set followed by ordinary mail: every hostile message ends filed,
// triaged or refused with its reason, the raw mail is kept, the process
// never crashes, and the ordinary mail is filed within the processing
// timeout all the same.
func TestHostileMailSet(t *testing.T) {
	set, err := hostile.Set(filepath.Join("..", "..", "testdata", "hostile"))
	if err != nil {
		t.Fatal(err)
	}
	ordinary := ordinaryMessages()
	srv := testenv.Dovecot(t)
	dsn := testenv.Postgres(t)
	blobDir := t.TempDir()
	all := append(append([]hostile.Message(nil), set...), ordinary...)
	appendStreamed(t, srv, "INBOX", all)

	env := map[string]string{
		"CLAIMDESK_IMAP_URL":      srv.URL("INBOX"),
		"CLAIMDESK_DATABASE_URL":  dsn,
		"CLAIMDESK_BLOB_URL":      "file://" + blobDir,
		"CLAIMDESK_DATA_DIR":      t.TempDir(),
		"CLAIMDESK_HTTP_ADDR":     "127.0.0.1:0",
		"CLAIMDESK_OFFICE_DOMAIN": "office.example",
		"CLAIMDESK_TIMEZONE":      "America/Chicago",
	}
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	claims := filepath.Join("..", "..", "testdata", "hostile", "claims.csv")
	if code := run(ctx, []string{"claims", "import", claims}, func(k string) string { return env[k] }, &stdout, &stderr); code != 0 {
		t.Fatalf("claims import exit %d: %s", code, stderr.String())
	}
	var procEnv []string
	for k, v := range env {
		procEnv = append(procEnv, k+"="+v)
	}
	p := startProc(t, procEnv, "serve")
	p.logs.waitFor(t, "password:", 60*time.Second)

	pool := testenv.SQL(t, dsn)
	rows := waitHostileProcessed(t, pool, len(all), 5*time.Minute)

	store, err := blob.Open(ctx, "file://"+blobDir)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range all {
		r, ok := rows[uint32(i+1)]
		if !ok {
			t.Errorf("%s: not stored", m.Name)
			continue
		}
		t.Logf("%-30s %-8s %5.1fs %d docs; %s", m.Name, r.status, r.took.Seconds(), r.documents, cutText(r.reasons(), 300))
		if _, err := store.Stat(ctx, blob.ContentKey(r.rawSHA256)); err != nil {
			t.Errorf("%s: raw message not in the blob store: %v", m.Name, err)
		}
		if strings.HasPrefix(m.Name, "ordinary-") {
			// Nothing in the queue waits longer than a run may take.
			if r.status != storage.StatusFiled || r.claimNumber != "60-8H77-8H5" || r.took > ingest.ProcessTimeout {
				t.Errorf("%s: %s to %q %v after it was stored; want filed to 60-8H77-8H5 within %v",
					m.Name, r.status, r.claimNumber, r.took.Round(time.Second), ingest.ProcessTimeout)
			}
			continue
		}
		want, ok := hostileOutcomes[m.Name]
		if !ok {
			t.Errorf("%s: no expected outcome in hostileOutcomes", m.Name)
			continue
		}
		if r.status != want.status || r.documents != want.documents {
			t.Errorf("%s: %s with %d documents, want %s with %d", m.Name, r.status, r.documents, want.status, want.documents)
		}
		for _, reason := range want.reasons {
			if !strings.Contains(r.reasons(), reason) {
				t.Errorf("%s: reason %q not among %s", m.Name, reason, cutText(r.reasons(), 2000))
			}
		}
		// A cap that stopped the parse shows: filed, but incomplete.
		if cut := hostileIncomplete[m.Name]; !strings.Contains(r.incomplete, cut) || (cut == "") != (r.incomplete == "") {
			t.Errorf("%s: incomplete %q, want %q", m.Name, r.incomplete, cut)
		}
	}
	// The 100 MB attachment is within the default message size: kept whole.
	var videoSize int64
	if err := pool.QueryRow(ctx, `SELECT size FROM documents WHERE filename = 'walkthrough.mp4'`).Scan(&videoSize); err != nil || videoSize != 100<<20 {
		t.Errorf("walkthrough.mp4 filed with %d bytes (%v), want %d", videoSize, err, 100<<20)
	}
	checkBrowseKeys(t, pool, store)
	checkSanitizedBody(t, p, rows[uint32(indexOf(all, "html-scripts.eml")+1)].id)

	if p.exited() {
		t.Fatalf("serve exited while processing the set: %v", p.wait())
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v, want a clean exit", err)
	}
	if n := p.logs.count("panic"); n > 0 {
		t.Errorf("serve's log mentions a panic %d times", n)
	}
}

func indexOf(msgs []hostile.Message, name string) int {
	for i, m := range msgs {
		if m.Name == name {
			return i
		}
	}
	return -1
}

func cutText(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// checkBrowseKeys checks every filed document's browse key stays inside its
// claim's folder, whatever its sender called the file, and holds its bytes.
func checkBrowseKeys(t *testing.T, pool *pgxpool.Pool, store blob.Store) {
	t.Helper()
	ctx := context.Background()
	q, err := pool.Query(ctx, `SELECT d.browse_key, d.size, c.job_number FROM documents d JOIN claims c ON c.id = d.claim_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	n := 0
	for q.Next() {
		var key, job string
		var size int64
		if err := q.Scan(&key, &size, &job); err != nil {
			t.Fatal(err)
		}
		n++
		rest, ok := strings.CutPrefix(key, "offices/main/claims/"+job+"/")
		if !ok || strings.Contains(key, "..") || strings.Contains(key, "\\") || strings.ContainsRune(key, 0) ||
			strings.Count(rest, "/") != 1 || len(key) > 300 {
			t.Errorf("browse key %q escapes or bends its claim folder", key)
			continue
		}
		if info, err := store.Stat(ctx, key); err != nil || info.Size != size {
			t.Errorf("browse key %q: %+v, %v; want %d bytes", key, info, err, size)
		}
	}
	if err := q.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no documents filed at all")
	}
}

// checkSanitizedBody signs in to the dashboard and reads the message body
// as its sandboxed frame shows it: no script, event handler, javascript:
// URL or remote load survives.
func checkSanitizedBody(t *testing.T, p *proc, id int64) {
	t.Helper()
	out := p.logs.String()
	base := regexp.MustCompile(`dashboard: (\S+)`).FindStringSubmatch(out)
	login := regexp.MustCompile(`login: +(\S+)`).FindStringSubmatch(out)
	password := regexp.MustCompile(`password: +(\S+)`).FindStringSubmatch(out)
	if base == nil || login == nil || password == nil {
		t.Fatalf("serve printed no dashboard address and login:\n%s", out)
	}
	client := signIn(t, base[1], login[1], password[1])
	resp, err := client.Get(fmt.Sprintf("%smessages/%d/body", base[1], id))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Photos for claim") {
		t.Fatalf("message body: status %d:\n%s", resp.StatusCode, body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("message body CSP %q", csp)
	}
	// The sender's part: our own frame document has a <base> of its own.
	_, sent, _ := strings.Cut(strings.ToLower(string(body)), "<body>")
	for _, bad := range []string{"<script", "javascript", "onload", "onerror", "ontoggle", "url(", "@import", "evil.example",
		"<iframe", "<object", "<form", "<svg", "<base", "<meta http-equiv", "<link", "expression("} {
		if strings.Contains(sent, bad) {
			t.Errorf("sanitized body contains %q:\n%s", bad, sent)
		}
	}
}

// hostileRow is a stored message as the test checks it.
type hostileRow struct {
	id                   int64
	status, err          string
	warnings             []string
	rawSHA256            string
	documents            int
	took                 time.Duration // from stored to its last update
	claimNumber, subject string
	decision             string // the classifier's reason
	stampErrors          string // why its PDFs were filed unstamped
	incomplete           string // why parsing stopped early
}

// reasons is everything the message page says about why: the error, the
// parser's warnings and the classifier's reason.
func (r hostileRow) reasons() string {
	return strings.Join(append([]string{r.err, r.decision, r.stampErrors}, r.warnings...), " | ")
}

// waitHostileProcessed waits until n inbox messages are stored and none
// waits for processing, and returns them by UID.
func waitHostileProcessed(t *testing.T, pool *pgxpool.Pool, n int, limit time.Duration) map[uint32]hostileRow {
	t.Helper()
	ctx := context.Background()
	waitFor(t, limit, func() bool {
		var stored, pending int
		err := pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE status IN ('new', 'parsed'))
			FROM messages WHERE direction = 'in'`).Scan(&stored, &pending)
		if err != nil {
			t.Fatal(err)
		}
		var jobs int
		err = pool.QueryRow(ctx, `SELECT count(*) FROM river_job
			WHERE `+notPeriodic+` AND state IN ('available', 'running', 'retryable', 'scheduled', 'pending')`).Scan(&jobs)
		if err != nil {
			t.Fatal(err)
		}
		return stored == n && pending == 0 && jobs == 0
	})
	q, err := pool.Query(ctx, `SELECT m.uid, m.id, m.status, m.error, m.warnings, m.raw_sha256,
			(SELECT count(*) FROM document_messages d WHERE d.message_id = m.id),
			(SELECT coalesce(string_agg(d.stamp_error, ' | '), '') FROM documents d
				JOIN document_messages dm ON dm.document_id = d.id WHERE dm.message_id = m.id AND d.stamp_error <> ''),
			m.updated_at - m.received_at, coalesce(c.claim_number, ''), m.subject, coalesce(m.decision->>'reason', ''),
			m.incomplete
		FROM messages m LEFT JOIN claims c ON c.id = m.claim_id WHERE m.direction = 'in'`)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	out := map[uint32]hostileRow{}
	for q.Next() {
		var uid int64
		var r hostileRow
		if err := q.Scan(&uid, &r.id, &r.status, &r.err, &r.warnings, &r.rawSHA256, &r.documents, &r.stampErrors, &r.took, &r.claimNumber, &r.subject, &r.decision,
			&r.incomplete); err != nil {
			t.Fatal(err)
		}
		out[uint32(uid)] = r
	}
	if err := q.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// appendStreamed appends msgs to mailbox in order, each streamed from its
// reader: the largest is never whole in memory.
func appendStreamed(t *testing.T, srv testenv.DovecotServer, mailbox string, msgs []hostile.Message) {
	t.Helper()
	c, err := imapclient.DialInsecure(srv.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(srv.User, srv.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		cmd := c.Append(mailbox, m.Size, &imap.AppendOptions{})
		if _, err := io.Copy(cmd, m.Open()); err != nil {
			t.Fatalf("append %s: %v", m.Name, err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatalf("append %s: %v", m.Name, err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatalf("append %s: %v", m.Name, err)
		}
	}
}

// signIn signs in to the dashboard at base and returns a client holding
// the session.
func signIn(t *testing.T, base, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := client.Get(base + "login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the sign-in page:\n%s", page)
	}
	resp, err = client.PostForm(base+"login", url.Values{"csrf_token": {string(m[1])}, "email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.HasSuffix(resp.Request.URL.Path, "/login") {
		t.Fatalf("sign-in: status %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return client
}
