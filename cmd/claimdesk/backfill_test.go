package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestBackfillCorpus imports the labelled sample mailbox from a real Dovecot
// through the whole pipeline, on the local blob store and on an S3 server,
// and checks it against truth.json: every message once, every attachment
// with its name, filed in its claim's folder, PDFs stamped.
func TestBackfillCorpus(t *testing.T) {
	corpus := testenv.DevCorpus(t)
	t.Run("local", func(t *testing.T) { backfillCorpus(t, corpus, "file://"+t.TempDir()) })
	t.Run("s3", func(t *testing.T) { backfillCorpus(t, corpus, testenv.S3(t).URL) })
}

func backfillCorpus(t *testing.T, corpus *testenv.Corpus, blobURL string) {
	srv := testenv.Dovecot(t)
	inbox := corpus.Inbox(t)
	testenv.AppendFiles(t, srv.Addr, srv.User, srv.Password, "INBOX", inbox)
	sentFiles, _ := filepath.Glob(filepath.Join(corpus.Dir, "sent", "*.eml"))
	sort.Strings(sentFiles)
	var sent []testenv.AppendMessage
	for _, f := range sentFiles {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		date, _ := msg.Header.Date() // sent mail lands in Sent when it is sent
		sent = append(sent, testenv.AppendMessage{Raw: raw, InternalDate: date})
	}
	testenv.AppendFiles(t, srv.Addr, srv.User, srv.Password, "Sent", sent)

	env := map[string]string{
		"CLAIMDESK_IMAP_URL":      srv.URL("INBOX"),
		"CLAIMDESK_DATABASE_URL":  testenv.Postgres(t),
		"CLAIMDESK_DATA_DIR":      t.TempDir(),
		"CLAIMDESK_OFFICE_DOMAIN": officeDomain(corpus.Truth.Office),
		"CLAIMDESK_TIMEZONE":      "America/Chicago",
		"CLAIMDESK_BLOB_URL":      blobURL,
	}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"claims", "import", filepath.Join(corpus.Dir, "claims.csv")}, getenv, &stdout, &stderr); code != 0 {
		t.Fatalf("claims import exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	if code := run(ctx, []string{"backfill"}, getenv, &stdout, &stderr); code != 0 {
		t.Fatalf("backfill exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	total := len(inbox) + len(sent)
	if !strings.Contains(out, "imported "+strconv.Itoa(total)+" new messages") {
		t.Errorf("backfill output:\n%s\nwant imported %d", out, total)
	}
	// Not a terminal: plain progress lines, with the final count.
	if !strings.Contains(out, "INBOX "+strconv.Itoa(len(inbox))+"/"+strconv.Itoa(len(inbox))+" msgs") {
		t.Errorf("no final progress line for INBOX in:\n%s", out)
	}

	db, err := storage.Open(ctx, env["CLAIMDESK_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pool := testenv.SQL(t, env["CLAIMDESK_DATABASE_URL"])
	store, err := blob.Open(ctx, blobURL)
	if err != nil {
		t.Fatal(err)
	}
	var filed, filedRight, expected, found int
	for _, m := range corpus.Truth.Messages {
		var id int64
		var status, claimNumber string
		var n int
		err := pool.QueryRow(ctx, `SELECT count(*), min(m.id), min(m.status), coalesce(min(c.claim_number), '')
			FROM messages m LEFT JOIN claims c ON c.id = m.claim_id
			WHERE m.message_id = $1 AND m.direction = 'in'`, m.MessageID).Scan(&n, &id, &status, &claimNumber)
		if err != nil || n != 1 {
			t.Errorf("%s: stored %d times (err %v)", m.File, n, err)
			continue
		}
		want := ""
		if m.ExpectClaim != nil {
			want = *m.ExpectClaim
		}
		switch status {
		case storage.StatusFiled:
			filed++
			if want == "" {
				t.Errorf("%s: filed to %s, expected no claim", m.File, claimNumber)
			} else if claimNumber == want {
				filedRight++
				checkFiled(t, db, store, id, m)
			} else {
				t.Errorf("%s: filed to %s, expected %s", m.File, claimNumber, want)
			}
		case storage.StatusTriage, storage.StatusIgnored:
		default:
			t.Errorf("%s: status %s after processing", m.File, status)
		}
		if want != "" && !m.ClaimOptional {
			expected++
			if claimNumber == want {
				found++
			}
		}
		var wantAtt, wantInline []string
		for _, a := range m.Attachments {
			if a.DocType == "inline" {
				wantInline = append(wantInline, a.Filename)
			} else {
				wantAtt = append(wantAtt, a.Filename)
			}
		}
		gotAtt := partNames(t, pool, id, "is_attachment")
		gotInline := partNames(t, pool, id, "is_inline")
		if !sameNames(gotAtt, wantAtt) {
			t.Errorf("%s: attachments %q, want %q", m.File, gotAtt, wantAtt)
		}
		if !sameNames(gotInline, wantInline) {
			t.Errorf("%s: inline parts %q, want %q", m.File, gotInline, wantInline)
		}
	}
	t.Logf("pipeline: %d/%d filed right, %d/%d expected found", filedRight, filed, found, expected)
	if found*100 < expected*95 {
		t.Errorf("recall %d/%d below 95%%", found, expected)
	}
	// The office's replies in Sent acknowledged the messages they answered,
	// at the time they were sent; the rest still wait.
	for _, m := range corpus.Truth.Messages {
		if !m.NeedsAck {
			continue
		}
		var due, acked *time.Time
		var minutes *int
		err := pool.QueryRow(ctx, `SELECT ack_due_at, acknowledged_at, ack_business_minutes FROM messages
			WHERE message_id = $1 AND direction = 'in'`, m.MessageID).Scan(&due, &acked, &minutes)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case due == nil:
			t.Errorf("%s: needs acknowledgment but has no deadline", m.File)
		case m.AckAt == nil && acked != nil:
			t.Errorf("%s: acknowledged at %v, but no reply was sent", m.File, acked)
		case m.AckAt != nil && (acked == nil || !acked.Equal(*m.AckAt)):
			t.Errorf("%s: acknowledged at %v, want %v", m.File, acked, m.AckAt)
		case m.AckAt != nil && minutes == nil:
			t.Errorf("%s: acknowledged without the business minutes it took", m.File)
		}
	}

	checkRequests(t, pool, corpus)

	end := lastArrival(corpus).Add(time.Hour)
	checkAckStates(t, pool, corpus, end)
	if strings.HasPrefix(blobURL, "file://") {
		checkMilestones(t, db, corpus, end)
	}

	var outgoing int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM messages WHERE direction = 'out'`).Scan(&outgoing); err != nil || outgoing != len(sent) {
		t.Errorf("%d outgoing messages (err %v), want %d", outgoing, err, len(sent))
	}

	// A second backfill finds nothing new.
	stdout.Reset()
	if code := run(ctx, []string{"backfill"}, getenv, &stdout, &stderr); code != 0 {
		t.Fatalf("second backfill exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "imported 0 new messages") {
		t.Errorf("second backfill: %s", stdout.String())
	}
}

// checkFiled checks the documents of a message filed to its right claim:
// each attachment in its folder, readable at its browse key with the
// attachment's bytes, PDFs stamped with the claim's job number (or, when
// they cannot be, filed with a stamp error and still downloadable).
func checkFiled(t *testing.T, db *storage.DB, store blob.Store, id int64, m testenv.CorpusMessage) {
	t.Helper()
	ctx := context.Background()
	docs, err := db.MessageDocuments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]storage.Document{}
	correspondence := 0
	for _, d := range docs {
		if d.DocType == storage.DocTypeCorrespondence {
			correspondence++
			continue
		}
		byName[d.Filename] = d
	}
	if correspondence != 1 {
		t.Errorf("%s: %d correspondence documents, want the message itself once", m.File, correspondence)
	}
	for _, a := range m.Attachments {
		if a.DocType == classify.DocInline {
			continue
		}
		d, ok := byName[a.Filename]
		if !ok {
			t.Errorf("%s: %s not filed", m.File, a.Filename)
			continue
		}
		if d.Folder != classify.Folder(a.DocType) {
			t.Errorf("%s: %s in %s, want %s", m.File, a.Filename, d.Folder, classify.Folder(a.DocType))
		}
		if !strings.HasPrefix(d.BrowseKey, "offices/main/claims/"+d.JobNumber+"/"+d.Folder+"/") {
			t.Errorf("%s: %s at %s, not in its claim's folder", m.File, a.Filename, d.BrowseKey)
		}
		if got := blobSHA256(t, store, d.BrowseKey); got != d.SHA256 {
			t.Errorf("%s: %s at its browse key hashes to %s, want the original's %s", m.File, a.Filename, got, d.SHA256)
		}
		if !strings.HasSuffix(strings.ToLower(d.Filename), ".pdf") {
			continue
		}
		switch {
		case d.StampError != "":
			// Encrypted or damaged: filed as received, still downloadable.
			if _, err := store.Stat(ctx, blob.ContentKey(d.SHA256)); err != nil {
				t.Errorf("%s: unstampable %s not downloadable: %v", m.File, a.Filename, err)
			}
		case d.StampedSHA256 == "":
			t.Errorf("%s: %s neither stamped nor marked unstampable", m.File, a.Filename)
		default:
			checkStamped(t, store, d)
		}
	}
}

// checkStamped checks a stamped copy with poppler and qpdf: valid, same page
// count as the original, the stamp on page one with the job number.
func checkStamped(t *testing.T, store blob.Store, d storage.Document) {
	t.Helper()
	orig := blobFile(t, store, blob.ContentKey(d.SHA256))
	stamped := blobFile(t, store, blob.ContentKey(d.StampedSHA256))
	if out, err := exec.Command("qpdf", "--check", stamped).CombinedOutput(); err != nil {
		t.Errorf("%s: stamped copy fails qpdf --check: %v %s", d.Filename, err, out)
	}
	if a, b := pdfPages(t, orig), pdfPages(t, stamped); a != b {
		t.Errorf("%s: %d pages stamped, %d original", d.Filename, b, a)
	}
	text, err := exec.Command("pdftotext", "-f", "1", "-l", "1", stamped, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if !strings.Contains(string(text), "RECEIVED") || !strings.Contains(string(text), d.JobNumber) {
		t.Errorf("%s: page one of the stamped copy does not show RECEIVED and %s", d.Filename, d.JobNumber)
	}
}

func blobFile(t *testing.T, store blob.Store, key string) string {
	t.Helper()
	r, err := store.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := os.CreateTemp(t.TempDir(), "*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(f, r); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

func blobSHA256(t *testing.T, store blob.Store, key string) string {
	t.Helper()
	r, err := store.Get(context.Background(), key)
	if err != nil {
		return "missing: " + err.Error()
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func pdfPages(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(l, "Pages:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

func lastArrival(c *testenv.Corpus) time.Time {
	var last time.Time
	for _, m := range c.Truth.Messages {
		if m.InternalDate.After(last) {
			last = m.InternalDate
		}
	}
	return last
}

// checkAckStates: at the end of the sample, messages nobody answered are
// overdue, and no automatic or internal message was ever due.
func checkAckStates(t *testing.T, pool *pgxpool.Pool, corpus *testenv.Corpus, end time.Time) {
	t.Helper()
	for _, m := range corpus.Truth.Messages {
		var due, acked *time.Time
		err := pool.QueryRow(context.Background(), `SELECT ack_due_at, acknowledged_at FROM messages
			WHERE message_id = $1 AND direction = 'in'`, m.MessageID).Scan(&due, &acked)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !m.NeedsAck && due != nil:
			t.Errorf("%s: no acknowledgment owed, yet due at %v", m.File, due)
		case m.NeedsAck && m.AckAt == nil && due != nil:
			if st := sla.AckState(*due, acked, end, sla.DefaultWarn); st != sla.StateOverdue {
				t.Errorf("%s: unanswered at the end, state %s, want overdue", m.File, st)
			}
		}
	}
}

// checkMilestones computes every sample claim's paperwork checklist and
// compares it with what truth.json says the claim received.
func checkMilestones(t *testing.T, db *storage.DB, corpus *testenv.Corpus, end time.Time) {
	t.Helper()
	ctx := context.Background()
	cal, err := sla.New(sla.Config{Location: mustLocation(t, "America/Chicago")})
	if err != nil {
		t.Fatal(err)
	}
	received := map[string]map[string]bool{} // claim number → doc types it was sent
	for _, m := range corpus.Truth.Messages {
		if m.ExpectClaim == nil {
			continue
		}
		for _, a := range m.Attachments {
			if a.DocType != classify.DocInline {
				if received[*m.ExpectClaim] == nil {
					received[*m.ExpectClaim] = map[string]bool{}
				}
				received[*m.ExpectClaim][a.DocType] = true
			}
		}
	}
	checked := 0
	for _, c := range corpus.Truth.Claims {
		claims, err := db.ClaimsByClaimNumber(ctx, classify.Normalize(c.ClaimNumber))
		if err != nil || len(claims) != 1 {
			t.Errorf("claim %s: %d in the database (err %v)", c.ClaimNumber, len(claims), err)
			continue
		}
		facts, err := db.ClaimFacts(ctx, claims[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		report := cal.CheckClaim(facts, sla.DefaultRules(), end)
		got := map[string]sla.ItemStatus{}
		for _, item := range report.Checklist {
			got[string(item.Type)] = item.Status
		}
		for _, want := range []string{"photo", "scope", "estimate", "sketch", "atp", "cos", "waiver", "drying_log", "lab_report", "invoice"} {
			status, listed := got[want]
			if v, ok := got[string(sla.DocVendorInvoice)]; want == "invoice" && !listed && ok {
				// A vendor's invoice is listed apart from the office's own.
				status, listed = v, true
			}
			has := received[c.ClaimNumber][want]
			switch {
			case has && (want == "atp" || want == "cos" || want == "waiver") && status != sla.ItemUnverified:
				t.Errorf("claim %s: %s received, unverified; checklist says %q", c.ClaimNumber, want, status)
			case has && want != "atp" && want != "cos" && want != "waiver" && status != sla.ItemPresent:
				t.Errorf("claim %s: %s received; checklist says %q", c.ClaimNumber, want, status)
			case !has && listed && status != sla.ItemMissing:
				t.Errorf("claim %s: no %s received; checklist says %q", c.ClaimNumber, want, status)
			}
		}
		// With nothing verified, every claim that received a signed form
		// has the signature check outstanding.
		for _, ms := range report.Milestones {
			if ms.Name == sla.MilestoneSignatures && (received[c.ClaimNumber]["atp"] || received[c.ClaimNumber]["cos"]) && ms.State == sla.StateMet {
				t.Errorf("claim %s: signatures met with nothing verified", c.ClaimNumber)
			}
		}
		checked++
	}
	if checked != len(corpus.Truth.Claims) {
		t.Errorf("checked %d of %d claims", checked, len(corpus.Truth.Claims))
	}
}

func mustLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func partNames(t *testing.T, pool *pgxpool.Pool, id int64, flag string) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(),
		`SELECT filename FROM message_parts WHERE message_id = $1 AND `+flag+` ORDER BY part_path`, id)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}

func sameNames(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// checkRequests checks what the pipeline read that people asked for: at
// least 90 % of the labelled requests recorded with their document types,
// none done by the office's replies (bare acknowledgments carrying no
// document), and no claim's daily update set by those acknowledgments.
func checkRequests(t *testing.T, pool *pgxpool.Pool, corpus *testenv.Corpus) {
	t.Helper()
	ctx := t.Context()
	var labelled, found int
	for _, m := range corpus.Truth.Messages {
		if len(m.Requests) == 0 {
			continue
		}
		labelled++
		var got []string
		err := pool.QueryRow(ctx, `SELECT r.doc_types FROM requests r JOIN messages m ON m.id = r.message_id
			WHERE m.message_id = $1 AND m.direction = 'in'`, m.MessageID).Scan(&got)
		want := slices.Sorted(slices.Values(m.Requests))
		if err == nil && slices.Equal(got, want) {
			found++
		} else {
			t.Logf("%s: request %v (%v), want %v", m.File, got, err, want)
		}
	}
	t.Logf("requests: %d/%d labelled found with their types", found, labelled)
	if found*10 < labelled*9 {
		t.Errorf("requests found %d of %d, below 90%%", found, labelled)
	}
	var done, updates int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM requests WHERE status = 'done'),
		(SELECT count(*) FROM claim_updates WHERE source = 'email')`).Scan(&done, &updates); err != nil {
		t.Fatal(err)
	}
	if done != 0 || updates != 0 {
		t.Errorf("%d requests done and %d daily updates by acknowledgments alone, want none", done, updates)
	}
}
