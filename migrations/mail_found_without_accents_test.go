package migrations_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 56 indexes again the messages, document names and file texts
// stored before it that have words with accents, so that they are found
// without them too, as new mail is, and leaves every other row as it was:
// mail with curly quotes and non-breaking spaces only, and plain ASCII.
// Claims' words fold as they did.
func TestFoldedWordsMigrationIndexesStoredRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := dsnAt(t, 59)
	conn := connect(t, dsn)
	if _, err := conn.Exec(ctx, `
		INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('claims@office.example', 'INBOX', 'inbox', 1);
		INSERT INTO claims (job_number, insured_name, office_id) VALUES ('26-1001-WTR', 'Luis Peña', 1);
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, from_name,
		                      from_address, body_text, office_id)
		SELECT (SELECT id FROM mailboxes), 1, n, 'in', md5(subject) || md5(subject), 10, subject, sender,
		       'someone@example.com', body, 1
		FROM (VALUES (1, 'Water in the baño', 'Pat Adjuster', 'Mrs. Peña called about job 26-1001-WTR.'),
		             (2, 'Photos', 'Tomás Nguyễn', 'See attached.'),
		             (3, 'Pickup', 'Pat Adjuster', E'We’ll pick up the air movers “Friday”.\u00a0Thanks'),
		             (4, 'Readings', 'Pat Adjuster', 'Readings are down.')) AS v(n, subject, sender, body);
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		VALUES (1, repeat('a', 64), 1, 'Estimación_Peña.pdf', 'estimate', 'Estimates', 'k1', now(), 1),
		       (1, repeat('b', 64), 1, 'Kitchen photo.jpg', 'photo', 'Photos', 'k2', now(), 1);
		INSERT INTO file_texts (sha256, content) VALUES (repeat('a', 64), 'Reparación del baño, señora Peña'),
		                                                (repeat('b', 64), 'Kitchen – “before” photo');`); err != nil {
		t.Fatal(err)
	}
	// rowVersions are the rows' versions (xmin): a row written again has a
	// new one.
	rowVersions := func() map[string]string {
		versions := map[string]string{}
		for _, v := range queryStrings(t, conn, `
			SELECT 'message ' || uid || '=' || xmin FROM messages
			UNION ALL SELECT 'document ' || browse_key || '=' || xmin FROM documents
			UNION ALL SELECT 'text ' || left(sha256, 1) || '=' || xmin FROM file_texts`) {
			row, xmin, _ := strings.Cut(v, "=")
			versions[row] = xmin
		}
		return versions
	}
	// Claims' words of every letter 00054 folds, and of a claim's record.
	var letters string
	if err := conn.QueryRow(ctx, `SELECT x[1] FROM regexp_match(pg_get_functiondef('claimdesk_fold_words'::regproc),
		'translate\(COALESCE\(t, ''''::text\), ''([^'']*)''') x`).Scan(&letters); err != nil || len([]rune(letters)) < 600 {
		t.Fatalf("letters claimdesk_fold_words folds: %d, %v", len([]rune(letters)), err)
	}
	claimWords := func() string {
		var words string
		if err := conn.QueryRow(ctx, `SELECT claimdesk_fold_words($1)::text || ' ' || claimdesk_fold_words(upper($1))::text
			|| ' ' || claimdesk_claim_words(job_number, claim_number, policy_number, insured_name, loss_address, job_name,
			                                company, insured_phone)::text FROM claims`, letters).Scan(&words); err != nil {
			t.Fatal(err)
		}
		return words
	}
	claimsBefore, before := claimWords(), rowVersions()

	if _, err := migrations.Up(ctx, openDSN(t, dsn)); err != nil {
		t.Fatal(err)
	}

	after := rowVersions()
	if len(before) != 8 || len(after) != 8 {
		t.Fatalf("rows before %v, after %v", before, after)
	}
	for row, rewritten := range map[string]bool{
		"message 1": true, "message 2": true, "message 3": false, "message 4": false,
		"document k1": true, "document k2": false, "text a": true, "text b": false,
	} {
		if got := after[row] != before[row]; got != rewritten {
			t.Errorf("%s: written again %v, want %v", row, got, rewritten)
		}
	}
	for _, c := range []struct{ what, query, want string }{
		{"message 1 by its subject and body", `SELECT count(*)::text FROM messages WHERE uid = 1 AND search_vector @@ 'bano & pena'`, "1"},
		{"message 2 by its sender", `SELECT count(*)::text FROM messages WHERE uid = 2 AND search_vector @@ 'tomas <-> nguyen'`, "1"},
		{"the document by its name", `SELECT count(*)::text FROM documents WHERE browse_key = 'k1' AND name_search_vector @@ 'estimacion & pena'`, "1"},
		{"the file by its text", `SELECT count(*)::text FROM file_texts WHERE sha256 = repeat('a', 64) AND search_vector @@ 'reparacion & senora'`, "1"},
		// as a new write of the row makes them: the subject's and sender's
		// words kept apart again, the words as written, stems and numbers
		{"messages by the words of new mail", `SELECT count(*)::text FROM messages WHERE uid IN (1, 2)
			AND header_search_vector = claimdesk_search_words(subject, 'A') || claimdesk_search_words(from_name || ' ' || from_address, 'B')
			AND search_vector = header_search_vector || claimdesk_search_words(claimdesk_message_text(body_text, body_html), 'C')
			AND (uid = 2 OR search_vector @@ '261001wtr & bano & call')`, "2"},
	} {
		if got := queryStrings(t, conn, c.query); len(got) != 1 || got[0] != c.want {
			t.Errorf("%s: %v rows, want %s", c.what, got, c.want)
		}
	}
	if got := claimWords(); got != claimsBefore {
		t.Errorf("claims' words after the migration:\n%s\nbefore:\n%s", got, claimsBefore)
	}
	// Every letter and accent folds in the words of a text too, as in the
	// words typed.
	rows, err := conn.Query(ctx, `SELECT c FROM regexp_split_to_table($1, '') AS c
		WHERE claimdesk_search_words('qa' || c || 'q', 'A') <> claimdesk_search_words(claimdesk_fold_accents('qa' || c || 'q'), 'A')`,
		letters)
	if err != nil {
		t.Fatal(err)
	}
	unfolded, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(unfolded) != 0 {
		t.Errorf("letters and accents a text's words keep: %q, %v", unfolded, err)
	}
}
