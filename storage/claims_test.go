package storage_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// openDB opens a fresh database of the test cluster for tb.
func openDB(tb testing.TB) *storage.DB {
	tb.Helper()
	db, err := storage.Open(context.Background(), testenv.Postgres(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	return db
}

// openOneConnDB opens a fresh database through a pool of one connection,
// so that the plan and statement statistics a test reads are its own.
func openOneConnDB(tb testing.TB) *storage.DB {
	tb.Helper()
	db, err := storage.Open(context.Background(), testenv.Postgres(tb)+" pool_max_conns=1")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	return db
}

// acquireConn takes a connection of pool for the rest of the test: what
// it prepares and plans, and its statistics, stay its own.
func acquireConn(tb testing.TB, pool *pgxpool.Pool) *pgxpool.Conn {
	tb.Helper()
	conn, err := pool.Acquire(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(conn.Release)
	return conn
}

// openOneConnMailbox opens a fresh database through a pool of one
// connection (openOneConnDB) with one mailbox, and returns the pool and
// the mailbox's id.
func openOneConnMailbox(tb testing.TB) (*storage.DB, *pgxpool.Pool, int64) {
	tb.Helper()
	db := openOneConnDB(tb)
	mb, err := db.EnsureMailbox(context.Background(), "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		tb.Fatal(err)
	}
	return db, storage.PoolOf(db), mb.ID
}

// openDBAndSQL opens a fresh database, and a plain connection to it for
// what a test checks or sets up behind storage's back.
func openDBAndSQL(t *testing.T) (*storage.DB, *pgxpool.Pool) {
	t.Helper()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db, testenv.SQL(t, dsn)
}

const header = "job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email\n"

func TestReadClaimsCSVNamesLineAndField(t *testing.T) {
	in := header +
		"26-1001-WTR,60-8H77-8H5,State Farm,P1,Kevin Castillo,\"6345 Birch Rd, Plano, TX\",Water,Jennifer Anderson,janderson@statefarm.example\n" +
		",0683449786,Allstate,,,,,,\n" +
		"26-1003-WTR,,USAA,,,,,,\n" +
		"26-1008-WTR,,,,Luis Peña,,,,\n" +
		"26-1009-WTR,,,,,\"17 Maple Ave\",,,\n" +
		"26-1004-WTR,LA685-957489-06,Liberty,,,,,,not-an-email\n" +
		"26-1001-WTR,999,X,,,,,,\n" +
		"26-1006-WTR,60 8h77 8h5,X,,,,,,\n" +
		"26-1007-WTR,123\n"
	rows, errs := storage.ReadClaimsCSV(strings.NewReader(in))
	// A claim without a claim number yet is told apart by its insured or
	// its address.
	var good []string
	for _, r := range rows {
		good = append(good, fmt.Sprintf("%d %s", r.Line, r.JobNumber))
	}
	if !slices.Equal(good, []string{"2 26-1001-WTR", "5 26-1008-WTR", "6 26-1009-WTR"}) {
		t.Errorf("good rows: %v", good)
	}
	want := []string{
		"line 3: job_number: empty",
		"line 4: claim_number: empty, and no insured_name or loss_address to tell the claim apart",
		`line 7: adjuster_email: "not-an-email" is not an email address`,
		"line 8: job_number: 26-1001-WTR is also on line 2",
		"line 9: claim_number: 60 8h77 8h5 is also on line 2",
		"line 10: 2 fields, want 9",
	}
	if len(errs) != len(want) {
		t.Fatalf("errors: %v, want %d", errs, len(want))
	}
	for i, w := range want {
		if errs[i].Error() != w {
			t.Errorf("error %d: %q, want %q", i, errs[i], w)
		}
	}
}

func TestReadClaimsCSVHeader(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "line 1: empty file",
		"job_number,claim_no\n":     "line 1: claim_no: unknown column",
		"job_number,carrier\n":      "line 1: claim_number: required column missing",
		"job_number,job_number,x\n": "line 1: job_number: column given twice",
	} {
		_, errs := storage.ReadClaimsCSV(strings.NewReader(in))
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), want) {
			t.Errorf("%q: %v, want %q", in, errs, want)
		}
	}
}

func TestImportClaimsTwiceUpdates(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	rows, errs := storage.ReadClaimsCSV(strings.NewReader(header +
		"26-1001-WTR,60-8H77-8H5,State Farm,P1,Kevin Castillo,1 Main St,Water,Jennifer Anderson,JAnderson@statefarm.example\n" +
		"26-1002-WTR,0683449786,Allstate,P2,Patricia Jackson,2 Oak Ln,Water,Luis Williams,lwilliams@allstate.example\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	// then hears of the claims whose numbers mail may name anew: those
	// created, and those whose numbers changed.
	var told []string
	then := func(_ context.Context, _ pgx.Tx, cs []storage.Claim) error {
		for _, c := range cs {
			told = append(told, c.JobNumber)
		}
		return nil
	}
	if c, u, errs := db.ImportClaims(ctx, rows, then); c != 2 || u != 0 || len(errs) > 0 {
		t.Fatalf("first import: %d created, %d updated, %v", c, u, errs)
	}
	if !slices.Equal(told, []string{"26-1001-WTR", "26-1002-WTR"}) {
		t.Errorf("first import told of %v; want both claims", told)
	}
	told = nil
	rows[0].InsuredName = "Kevin J. Castillo"
	rows[1].PolicyNumber = "P2-A"
	if c, u, errs := db.ImportClaims(ctx, rows, then); c != 0 || u != 2 || len(errs) > 0 {
		t.Fatalf("second import: %d created, %d updated, %v", c, u, errs)
	}
	if !slices.Equal(told, []string{"26-1002-WTR"}) {
		t.Errorf("second import told of %v; want only the claim whose policy number changed", told)
	}
	told = nil
	got, err := db.ClaimsByClaimNumber(ctx, "608H778H5")
	if err != nil || len(got) != 1 || got[0].InsuredName != "Kevin J. Castillo" || got[0].AdjusterEmail != "janderson@statefarm.example" {
		t.Fatalf("after re-import: %+v, %v", got, err)
	}
	// A claim number already on another job is a row error; the rest saves.
	rows2, _ := storage.ReadClaimsCSV(strings.NewReader(header +
		"26-1009-WTR,0683449786,Allstate,,,,,,\n" +
		"26-1010-FIR,777,Chubb,,,,,,\n"))
	c, u, errs := db.ImportClaims(ctx, rows2, then)
	if c != 1 || u != 0 || len(errs) != 1 || errs[0].Error() != "line 2: claim_number: 0683449786 already belongs to another job" {
		t.Fatalf("conflicting import: %d created, %d updated, %v", c, u, errs)
	}
	if !slices.Equal(told, []string{"26-1010-FIR"}) {
		t.Errorf("conflicting import told of %v; want only the claim saved", told)
	}
}

func TestClaimFromAssignment(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	rows, _ := storage.ReadClaimsCSV(strings.NewReader(header + "26-1030-WTR,111,X,,,,,,\n"))
	db.ImportClaims(ctx, rows, nil)

	var first storage.Claim
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		c, created, err := storage.ClaimFromAssignment(ctx, tx, storage.Claim{ClaimNumber: "685850177-548", LossType: "Fire",
			InsuredName: "Robert O'Brien", InsuredPhone: "214-555-0143", Cause: "grease fire"}, "", at, 0)
		if err != nil || !created {
			return errors.Join(err, errors.New("not created"))
		}
		first = c
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if first.JobNumber != "26-1031-FIR" || first.Source != storage.SourceAssignment {
		t.Errorf("new claim: job %s source %s, want 26-1031-FIR from an assignment", first.JobNumber, first.Source)
	}
	// The same assignment again fills in, never duplicates.
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		c, created, err := storage.ClaimFromAssignment(ctx, tx, storage.Claim{ClaimNumber: "685850177 548", InsuredName: "Someone Else",
			AdjusterEmail: "Adj@carrier.example", InsuredPhone: "000", Cause: "other", InsuredEmail: "Rob@home.example",
			AdjusterPhone: "972-555-0100", LossDescription: "kitchen", Cat: 2, Class: 3}, "", at, 0)
		if err != nil {
			return err
		}
		if created || c.ID != first.ID || c.InsuredName != "Robert O'Brien" || c.AdjusterEmail != "adj@carrier.example" ||
			c.InsuredPhone != "214-555-0143" || c.Cause != "grease fire" || c.InsuredEmail != "rob@home.example" ||
			c.AdjusterPhone != "972-555-0100" || c.LossDescription != "kitchen" || c.Cat != 2 || c.Class != 3 {
			t.Errorf("repeat assignment: created %v, %+v", created, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// What it filled in is in the history; what it left alone is not.
	changes, err := db.ClaimChanges(ctx, first.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{}
	for _, ch := range changes {
		if ch.Actor == "assignment" {
			fields[ch.Field] = ch.Old + ">" + ch.New
		}
	}
	if fields["insured_email"] != ">rob@home.example" || fields["cat"] != ">2" || fields["insured_name"] != "" {
		t.Errorf("history of the repeated assignment: %v", fields)
	}
}

// A claim made from an assignment takes the year of its office's clock: at
// New Year in Berlin it is still the old year in Los Angeles.
func TestJobNumberYearIsTheOfficesYear(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	at := time.Date(2026, 1, 1, 3, 0, 0, 0, time.UTC)
	for _, o := range []struct{ slug, zone, want string }{
		{"west", "America/Los_Angeles", "25-0001-WTR"},
		{"berlin", "Europe/Berlin", "26-0001-WTR"},
	} {
		office, err := db.CreateOffice(ctx, storage.Office{Slug: o.slug, Name: o.slug, TimeZone: o.zone})
		if err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, func(tx pgx.Tx) error {
			c, _, err := storage.ClaimFromAssignment(ctx, tx, storage.Claim{ClaimNumber: "NY-" + o.slug, LossType: "Water",
				OfficeID: office.ID}, "YY-NNNN-CODE", at, 0)
			if err == nil && c.JobNumber != o.want {
				t.Errorf("office %s at %v: job %s, want %s", o.slug, at, c.JobNumber, o.want)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
