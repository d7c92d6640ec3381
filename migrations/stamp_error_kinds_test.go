package migrations_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// filedUnchanged ends the sentence of every stamp error.
const filedUnchanged = " The original is filed unchanged."

// olderStampErrors are the sentences of stamp errors earlier builds
// wrote, and one none did, with the kind migration 72 gives each.
var olderStampErrors = map[string]string{
	"Not stamped: the PDF is password-protected." + filedUnchanged:                                                          "encrypted",
	"Not stamped: the PDF is damaged or incomplete and could not be read." + filedUnchanged:                                 "damaged",
	"Not stamped: the picture is damaged or incomplete and could not be read." + filedUnchanged:                             "damaged",
	"Not stamped: the HEIC photo could not be converted into a picture a PDF can hold; it may be damaged." + filedUnchanged: "damaged",
	"Not stamped: the PDF is beyond the stamping limits (50.0 MB, 2000 pages)." + filedUnchanged:                            "too_large",
	"Not stamped: the picture is beyond the stamping limits (50.0 MB, 50 million pixels)." + filedUnchanged:                 "too_large",
	"Not stamped: the picture is beyond the stamping limits (50.0 MB, 50 million pixels a page, 100 pages, 256.0 MB of memory " +
		"to read it; progressive, CMYK and 16-bit pictures take several times an ordinary photo's)." + filedUnchanged: "too_large",
	"Not stamped: the PDF is 61.2 MB, over the 50.0 MB stamping limit." + filedUnchanged:                            "too_large",
	"Not stamped: the picture is 51.0 MB, over the 50.0 MB stamping limit." + filedUnchanged:                        "too_large",
	"Not stamped: stamping took longer than 5m0s, 3 times." + filedUnchanged:                                        "failed",
	"Not stamped: stamping failed 10 times (stamp document 7: read original: connection refused)." + filedUnchanged: "failed",
	"Not stamped: only JPEG, PNG, WebP and HEIC pictures are made into a stamped PDF." + filedUnchanged:             "unsupported",
	"Not stamped: the picture's format or compression is not one a stamped PDF is made from (JPEG, PNG, WebP, HEIC, TIFF, GIF " +
		"and BMP are; a TIFF fax in two-dimensional Group 3 coding is not)." + filedUnchanged: "unsupported",
	"Not stamped: the picture's format or compression is not one a stamped PDF is made from (JPEG, PNG, WebP, HEIC, TIFF, GIF " +
		"and BMP are; a TIFF that mixes two-dimensional Group 3 fax pages with pages in colour or grey is not)." + filedUnchanged: "unsupported",
	"Not stamped: this server cannot convert HEIC photos (heif-convert, from libheif-examples, is not installed)." + filedUnchanged: "no_program",
	"Not stamped: the fax is in two-dimensional Group 3 coding, which this server cannot read " +
		"(tiffcp, from libtiff-tools, is not installed)." + filedUnchanged: "no_program",
	// As builds since write them, saying what to do next.
	"Not stamped: the PDF is password-protected." + filedUnchanged +
		" Ask the sender for a copy without a password (an unlocked PDF): that copy is stamped when it comes.": "encrypted",
	"Not stamped: stamping failed 10 times (stamp document 7: read original: connection refused)." + filedUnchanged +
		" Tell whoever runs claimdesk: the server's log says more.": "failed",
	"Not stamped: the picture's format or compression is not one a stamped PDF is made from (JPEG, PNG, WebP, HEIC, TIFF, GIF " +
		"and BMP are; a TIFF that mixes two-dimensional Group 3 fax pages with pages in colour or grey is not)." + filedUnchanged +
		" Ask the sender for it as a PDF or a JPEG.": "unsupported",
	"Not stamped: the fax is in two-dimensional Group 3 coding, which this server cannot read " +
		"(tiffcp, from libtiff-tools, is not installed)." + filedUnchanged +
		" Ask the sender for it as a PDF, and whoever runs claimdesk to install libtiff-tools.": "no_program",
	"Not stamped: the scanner was unplugged." + filedUnchanged: "",
	"": "",
}

// Migration 72 gives each stamp error recorded before its kind, by the
// sentence the build that met it wrote: every sentence earlier builds
// wrote, and one none did, which keeps no kind. None has abilities: those
// of the kinds claimdesk outgrows are tried again once.
func TestStampErrorKindsMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 70)
	if _, err := db.ExecContext(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1)`); err != nil {
		t.Fatal(err)
	}
	i := 0
	for sentence := range olderStampErrors {
		i++
		if _, err := db.ExecContext(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key,
			received_at, office_id, stamp_error)
			SELECT id, md5($1) || md5($1), 1, $1, 'atp', 'Contracts', 'claims/' || $1, now(), 1, $2 FROM claims`,
			fmt.Sprint("ATP ", i, ".tif"), sentence); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT stamp_error, stamp_error_kind, cardinality(stamp_error_abilities) FROM documents`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var sentence, kind string
		var abilities int
		if err := rows.Scan(&sentence, &kind, &abilities); err != nil {
			t.Fatal(err)
		}
		n++
		if want := olderStampErrors[sentence]; kind != want || abilities != 0 {
			t.Errorf("%q: kind %q, %d abilities; want %q, none", sentence, kind, abilities, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(olderStampErrors) {
		t.Errorf("%d documents after the migration, want %d", n, len(olderStampErrors))
	}
}
