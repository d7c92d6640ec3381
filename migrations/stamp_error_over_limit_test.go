package migrations_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 84 marks the stamp errors recorded before it that refused a
// file for its size over the stamping limit, by the sentence every build
// wrote for those alone: a raised limit stamps them. The other errors,
// those beyond the other limits (pages, pixels) among them, are not.
func TestStampErrorOverLimitMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 83)
	if _, err := db.ExecContext(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1)`); err != nil {
		t.Fatal(err)
	}
	sentences := map[string]string{}
	for sentence, kind := range olderStampErrors {
		sentences[sentence] = kind
	}
	// As this build writes it, saying what raises the limit.
	sentences["Not stamped: the PDF is 61.2 MB, over the 50.0 MB stamping limit."+filedUnchanged+
		" Ask the sender for a smaller copy, or for it in parts, if it must be stamped; or whoever runs claimdesk"+
		" to raise the limit (CLAIMDESK_STAMP_MAX_MB) above its size: it is stamped then."] = "too_large"
	i := 0
	for sentence, kind := range sentences {
		i++
		if _, err := db.ExecContext(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key,
			received_at, office_id, stamp_error, stamp_error_kind)
			SELECT id, md5($1) || md5($1), 1, $1, 'atp', 'Contracts', 'claims/' || $1, now(), 1, $2, $3 FROM claims`,
			fmt.Sprint("ATP ", i, ".pdf"), sentence, kind); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT stamp_error, stamp_error_over_limit FROM documents`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	marked := 0
	for rows.Next() {
		var sentence string
		var over bool
		if err := rows.Scan(&sentence, &over); err != nil {
			t.Fatal(err)
		}
		if want := strings.Contains(sentence, " stamping limit."); over != want {
			t.Errorf("%q: over the limit %v, want %v", sentence, over, want)
		}
		if over {
			marked++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if marked != 3 {
		t.Errorf("%d errors marked over the limit, want the PDF, the picture and this build's PDF", marked)
	}
}
