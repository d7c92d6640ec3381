package storage_test

import (
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestRecordAddressesFindsTheAddressAmongMany checks where the office's
// returned mail was meant to go when many claims' records share the
// address's domain: the address itself is found on an older claim past
// the newest hundreds, and a misspelt one still finds the record's
// spelling.
func TestRecordAddressesFindsTheAddressAmongMany(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	old := saveClaim(t, db, storage.Claim{JobNumber: "26-1001-WTR", InsuredName: "Gretchen Lindqvist",
		InsuredEmail: "Gretchen.Lindqvist@gmail.example"}).ID
	if _, err := storage.PoolOf(db).Exec(ctx, `
		INSERT INTO claims (job_number, insured_name, insured_email, office_id)
		SELECT '26-5' || lpad(g::text, 3, '0') || '-WTR', 'Person ' || g, 'person' || g || '@gmail.example', 1
		FROM generate_series(1, 600) g`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ sent, want string }{
		{"Gretchen.Lindqvist@gmail.example", "gretchen.lindqvist@gmail.example"},
		{"person7@gmail.example", "person7@gmail.example"},
	} {
		got, err := db.RecordAddressesNear(ctx, storage.DefaultOfficeID, tc.sent)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Email != tc.want {
			t.Errorf("mail to %s: %+v, want the record's %s", tc.sent, got, tc.want)
		}
	}
	got, err := db.RecordAddressesNear(ctx, storage.DefaultOfficeID, "gretchen.lindqvist@gmail.example")
	if err != nil || len(got) != 1 || got[0].ClaimID != old || got[0].Role != "insured" {
		t.Errorf("the insured's address: %+v, %v; want claim %d's insured", got, err, old)
	}
	got, err = db.RecordAddressesNear(ctx, storage.DefaultOfficeID, "person77@gmail.example")
	if err != nil || len(got) == 0 || got[0].Email != "person77@gmail.example" {
		t.Errorf("an address a newer claim has: %+v, %v", got, err)
	}
	if got, err := db.RecordAddressesNear(ctx, storage.DefaultOfficeID, "person5999@gmail.example"); err != nil || len(got) == 0 {
		t.Errorf("a misspelt address found no record near it: %+v, %v", got, err)
	}
}
