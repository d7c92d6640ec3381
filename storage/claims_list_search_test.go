package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimSearchMatchesFieldByField checks that claims search through the
// joined fields finds exactly the claims the fields searched one by one
// find: for terms taken from the fields, across two fields, short, with
// LIKE's own characters, and with the separator itself, some in a field.
func TestClaimSearchMatchesFieldByField(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(5, 6))
	words := []string{"Oak", "Ave", "Magnolia", "Dr", "García", "O'Brien", "100%", "a_b", `back\slash`, "Austin", "TX", "78701", "Jr", "\x1fodd"}
	pick := func() string { return words[rnd.IntN(len(words))] }
	var fields [][]string
	for i := range 120 {
		c := storage.Claim{
			JobNumber:    fmt.Sprintf("%02d-%04d-WTR", 20+i%7, 1000+i),
			ClaimNumber:  fmt.Sprintf("%02d-H%03X-%04d", i%100, i*37%4096, i),
			PolicyNumber: fmt.Sprintf("P%08d", i*7919%100000000),
			InsuredName:  pick() + " " + pick(),
			LossAddress:  fmt.Sprintf("%d %s %s, %s", 100+i, pick(), pick(), pick()),
			Status:       []string{"open", "closed"}[i%2],
		}
		saveClaim(t, db, c)
		fields = append(fields, []string{c.JobNumber, c.ClaimNumber, c.PolicyNumber, c.InsuredName, c.LossAddress})
	}
	var terms []string
	for range 150 {
		f := fields[rnd.IntN(len(fields))]
		s := []rune(f[rnd.IntN(len(f))])
		from := rnd.IntN(len(s))
		terms = append(terms, string(s[from:from+1+rnd.IntN(len(s)-from)]))
	}
	terms = append(terms, "WTR"+"\x1f", "Jr\x1f", "\x1f", "%", "_", `\`, "0683 449786", "h0", "wtr 2", "dr, aus", "78701\x1fP")
	for i := range 10 { // across the boundary of two fields
		f := fields[i]
		terms = append(terms, f[0][len(f[0])-3:]+"\x1f"+f[1][:3], f[0][len(f[0])-3:]+" "+f[1][:3], f[2][len(f[2])-2:]+f[3][:2])
	}
	for _, q := range terms {
		for _, status := range []string{"", "open"} {
			got, err := db.ListClaims(ctx, storage.ClaimFilter{Query: q, Status: status, Offices: storage.AllOffices})
			if err != nil {
				t.Fatal(err)
			}
			want := searchFieldByField(t, db, q, status)
			if ids := claimIDs(got); !slices.Equal(ids, want) {
				t.Fatalf("search %q (status %q): %v, want %v", q, status, ids, want)
			}
		}
	}
}

// searchFieldByField is claims search as it was written before the fields
// were joined: each field on its own.
func searchFieldByField(t *testing.T, db *storage.DB, q, status string) []int64 {
	t.Helper()
	like := func(s string) string {
		return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
	}
	q = strings.TrimSpace(q)
	norm := classify.Normalize(q)
	rows, err := storage.PoolOf(db).Query(context.Background(), `
		SELECT id FROM claims c
		WHERE (c.job_number ILIKE $1 OR c.claim_number ILIKE $1 OR c.policy_number ILIKE $1
		       OR c.insured_name ILIKE $1 OR c.loss_address ILIKE $1
		       OR ($2 <> '' AND (c.job_number_norm LIKE $3 OR c.claim_number_norm LIKE $3 OR c.policy_number_norm LIKE $3)))
		  AND ($4 = '' OR c.status = $4)
		ORDER BY id DESC`, like(q), norm, like(norm), status)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func claimIDs(cs []storage.Claim) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}
