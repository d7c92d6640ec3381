package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/hostile"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/jackc/pgx/v5/pgxpool"
)

// oddExpected is one message of testdata/oddmail as Python's email package
// reads it (testdata/oddmail/README.md says how expected.json was made).
type oddExpected struct {
	File      string `json:"file"`
	Headers   int    `json:"headers"` // header fields found; 0: not mail at all
	Subject   string `json:"subject"`
	FromAddr  string `json:"from_addr"`
	FromName  string `json:"from_name"`
	MessageID string `json:"message_id"`
}

// oddRow is a stored message as the odd-mail test checks it.
type oddRow struct {
	id                          int64
	status, err, incomplete     string
	permanent                   bool
	subject, fromAddr, fromName string
	messageID, bodyText         string
	warnings                    []string
	attachments                 int
}

// TestOddMail runs claimdesk serve on a mailbox of odd real-world mail
// (testdata/oddmail) and a redelivery of one of its messages: each distinct
// message is one row, with the subject, sender and Message-ID that Python's
// email package reads and that `claimdesk explain` shows; input that is not
// mail fails for good; the message over the part cap is flagged
// incomplete; an invalid Content-Type is read as text and an
// external-body part files nothing.
func TestOddMail(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "oddmail")
	var want []oddExpected
	data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	var msgs []hostile.Message
	for _, w := range want {
		raw, err := os.ReadFile(filepath.Join(dir, w.File))
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, hostile.Message{Name: w.File, Size: int64(len(raw)), Open: func() io.Reader { return bytes.NewReader(raw) }})
	}
	// The same bytes again, as a redelivery brings them: the same message.
	// (Dovecot stores bare LF line ends as CRLF: messages are known by the
	// UIDs they were appended under, not by the files' bytes.)
	msgs = append(msgs, msgs[0])

	srv := testenv.Dovecot(t)
	dsn := testenv.Postgres(t)
	appendStreamed(t, srv, "INBOX", msgs)
	env := map[string]string{
		"CLAIMDESK_IMAP_URL":      srv.URL("INBOX"),
		"CLAIMDESK_DATABASE_URL":  dsn,
		"CLAIMDESK_BLOB_URL":      "file://" + t.TempDir(),
		"CLAIMDESK_DATA_DIR":      t.TempDir(),
		"CLAIMDESK_HTTP_ADDR":     "127.0.0.1:0",
		"CLAIMDESK_OFFICE_DOMAIN": "office.example",
		"CLAIMDESK_TIMEZONE":      "America/Chicago",
	}
	var procEnv []string
	for k, v := range env {
		procEnv = append(procEnv, k+"="+v)
	}
	p := startProc(t, procEnv, "serve")
	p.logs.waitFor(t, "password:", 60*time.Second)

	rows := waitOddProcessed(t, testenv.SQL(t, dsn), len(msgs), 3*time.Minute)

	if len(rows) != len(want) {
		t.Errorf("%d rows for %d distinct messages", len(rows), len(want))
	}
	if r, ok := rows[uint32(len(msgs))]; ok {
		t.Errorf("the redelivery of %s is a row of its own: %+v", msgs[0].Name, r)
	}
	claims := filepath.Join("..", "..", "testdata", "hostile", "claims.csv")
	for i, w := range want {
		r, ok := rows[uint32(i+1)]
		if !ok {
			t.Errorf("%s: no row", w.File)
			continue
		}
		t.Logf("%-36s %-7s %q", w.File, r.status, r.subject)
		checkOddRow(t, w, r)
		if w.Headers == 0 {
			continue
		}
		// What explain shows of the file is what the watcher stored.
		var stdout, stderr bytes.Buffer
		args := []string{"explain", "--claims", claims, filepath.Join(dir, w.File)}
		if code := run(context.Background(), args, func(k string) string { return env[k] }, &stdout, &stderr); code != 0 {
			t.Errorf("%s: explain exit %d: %s", w.File, code, stderr.String())
			continue
		}
		from := mailparse.Address{Name: r.fromName, Email: r.fromAddr}.String()
		for _, line := range []string{"Message:   " + r.messageID, "From:      " + from, "Subject:   " + r.subject} {
			if !strings.Contains(stdout.String(), line+"\n") {
				t.Errorf("%s: explain does not show the stored %q:\n%s", w.File, line, stdout.String())
			}
		}
	}

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v, want a clean exit", err)
	}
}

// checkOddRow compares a stored message with the independent reading of
// its file and with what its oddity must become.
func checkOddRow(t *testing.T, w oddExpected, r oddRow) {
	t.Helper()
	// Unfolding leaves white space as it was; both readings agree on words.
	if got, want := strings.Join(strings.Fields(r.subject), " "), strings.Join(strings.Fields(w.Subject), " "); got != want {
		t.Errorf("%s: subject %q, Python reads %q", w.File, r.subject, w.Subject)
	}
	if r.fromAddr != w.FromAddr || r.fromName != w.FromName || r.messageID != w.MessageID {
		t.Errorf("%s: from %q <%s>, Message-ID %s; Python reads %q <%s>, %s", w.File, r.fromName, r.fromAddr, r.messageID,
			w.FromName, w.FromAddr, w.MessageID)
	}
	switch {
	case w.Headers == 0:
		if r.status != storage.StatusFailed || !r.permanent || r.err == "" {
			t.Errorf("%s: %s (permanent %v, %q), want failed for good with the reason", w.File, r.status, r.permanent, r.err)
		}
	case r.status != storage.StatusFiled && r.status != storage.StatusTriage && r.status != storage.StatusIgnored:
		t.Errorf("%s: %s (%s)", w.File, r.status, r.err)
	}
	if wantCut := w.File == "parts-1002.eml"; wantCut != (r.incomplete != "") {
		t.Errorf("%s: incomplete %q", w.File, r.incomplete)
	}
	switch {
	case strings.HasPrefix(w.File, "invalid-ct-"):
		if r.attachments != 0 || !strings.Contains(r.bodyText, " ") {
			t.Errorf("%s: %d attachments, body %q; want the text read as the body", w.File, r.attachments, r.bodyText)
		}
	case strings.HasPrefix(w.File, "external-body-"):
		if r.attachments != 0 || !strings.Contains(strings.Join(r.warnings, "\n"), "message/external-body: a pointer to application/pdf") {
			t.Errorf("%s: %d attachments, warnings %q; want the pointer named, nothing filed", w.File, r.attachments, r.warnings)
		}
	}
}

// waitOddProcessed waits until the watcher has read all n messages of the
// inbox and none waits for processing, and returns the stored messages by
// their UIDs.
func waitOddProcessed(t *testing.T, pool *pgxpool.Pool, n int, limit time.Duration) map[uint32]oddRow {
	t.Helper()
	ctx := context.Background()
	waitFor(t, limit, func() bool {
		var read, pending, jobs int
		err := pool.QueryRow(ctx, `SELECT coalesce(max(last_uid), 0) FROM mailboxes WHERE role = 'inbox'`).Scan(&read)
		if err != nil {
			t.Fatal(err)
		}
		err = pool.QueryRow(ctx, `SELECT count(*) FROM messages WHERE status IN ('new', 'parsed')`).Scan(&pending)
		if err != nil {
			t.Fatal(err)
		}
		err = pool.QueryRow(ctx, `SELECT count(*) FROM river_job
			WHERE `+notPeriodic+` AND state IN ('available', 'running', 'retryable', 'scheduled', 'pending')`).Scan(&jobs)
		if err != nil {
			t.Fatal(err)
		}
		return read == n && pending == 0 && jobs == 0
	})
	q, err := pool.Query(ctx, `SELECT m.uid, m.id, m.status, m.error, m.incomplete, m.failed_permanently, m.subject,
			m.from_address, m.from_name, m.message_id, m.body_text, m.warnings,
			(SELECT count(*) FROM message_parts p WHERE p.message_id = m.id AND p.is_attachment)
		FROM messages m WHERE m.direction = 'in'`)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	out := map[uint32]oddRow{}
	for q.Next() {
		var uid int64
		var r oddRow
		if err := q.Scan(&uid, &r.id, &r.status, &r.err, &r.incomplete, &r.permanent, &r.subject, &r.fromAddr, &r.fromName,
			&r.messageID, &r.bodyText, &r.warnings, &r.attachments); err != nil {
			t.Fatal(err)
		}
		out[uint32(uid)] = r
	}
	if err := q.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
