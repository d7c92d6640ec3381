package storage_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestSearchReadsWordsAsCoordinatorsTypeThem searches as a coordinator
// types: a name misspelt beside a word of the mail about it, a last word
// not typed in full, a street with the wrong street type. What is found
// by a close spelling says so, below what is found as typed; a claim says
// which words typed its record holds, and a street type alone finds none.
func TestSearchReadsWordsAsCoordinatorsTypeThem(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	claim := func(job, insured, address string) int64 {
		t.Helper()
		var id int64
		if err := storage.PoolOf(b.db).QueryRow(t.Context(), `
			INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, office_id)
			VALUES ($1, replace($1, '-', ''), $2, $3, 1) RETURNING id`, job, insured, address).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	sandoval := claim("26-2106-WTR", "Ruth Sandoval", "812 Maple St, Anoka, MN 55303")
	claim("26-2103-FIR", "Denise Okafor", "7735 Xerxes Ave S, Bloomington, MN 55431")
	musty := b.mail(t, "7730415582 Sandoval - musty smell in the rec room closet", "It smells musty downstairs.")
	b.mail(t, "Musty smell", "Another house entirely.")
	bill := b.mail(t, "electric bill", "Here is the electric bill for the dehumidifiers.")

	hits := b.search(t, "Sandavol musty")
	if got, want := hitIDs(hits), []string{key("claim", sandoval), key("message", musty)}; !slices.Equal(got, want) {
		t.Fatalf("Sandavol musty: hits %v, want %v", got, want)
	}
	if c := hits[0]; fmt.Sprint(c.Spellings) != "[{Sandavol Sandoval insured}]" || c.ClaimStatus != "open" {
		t.Errorf("Sandavol musty: claim spellings %v, status %q", c.Spellings, c.ClaimStatus)
	}
	if m := hits[1]; fmt.Sprint(m.Spellings) != "[{Sandavol Sandoval }]" || m.Rank >= 0 {
		t.Errorf("Sandavol musty: mail spellings %v rank %v, want Sandoval below all found as typed (%q %q)", m.Spellings, m.Rank, m.Title, m.Snippet)
	}
	// The claims list's claims spelt otherwise set the word aside too.
	close, err := b.db.CloseClaims(t.Context(), storage.ClaimFilter{Query: "Sandavol musty", Offices: storage.AllOffices}, 10)
	if err != nil || len(close) != 1 || close[0].ID != sandoval || fmt.Sprint(close[0].Spellings) != "[{Sandavol Sandoval insured}]" {
		t.Errorf("close claims of Sandavol musty: %v %v", close, err)
	}
	// Found as typed, mail is not marked as spelt otherwise.
	for _, h := range b.search(t, "Sandoval musty") {
		if h.Spellings != nil || h.Rank < 0 {
			t.Errorf("Sandoval musty: %s %d spellings %v rank %v", h.Kind, h.ID, h.Spellings, h.Rank)
		}
	}

	if got, want := hitIDs(b.search(t, "electric bil")), []string{key("message", bill)}; !slices.Equal(got, want) {
		t.Errorf("electric bil: hits %v, want %v", got, want)
	}
	// A last word some mail holds whole is that word: COS, not cost.
	cos := b.mail(t, "COS signed", "")
	b.mail(t, "Cost of the fans", "")
	if got, want := hitIDs(b.search(t, "COS")), []string{key("message", cos)}; !slices.Equal(got, want) {
		t.Errorf("COS: hits %v, want %v", got, want)
	}

	hits = b.search(t, "Maple Avenue")
	if got, want := hitIDs(hits), []string{key("claim", sandoval)}; !slices.Equal(got, want) {
		t.Fatalf("Maple Avenue: hits %v, want %v", got, want)
	}
	if fmt.Sprint(hits[0].Matched) != "[Maple]" || fmt.Sprint(matches(hits[0].Snippet)) != "[maple]" || hits[0].Spellings != nil {
		t.Errorf("Maple Avenue: matched %v, snippet %v", hits[0].Matched, hits[0].Snippet)
	}
	if got := b.search(t, "Avenue"); len(got) != 0 {
		t.Errorf("Avenue: hits %v, want none", hitIDs(got))
	}
	// The mail of a claim found by a close spelling holds the other words,
	// whether or not it names the insured.
	var beckerMail int64
	becker := claim("26-2104-MLD", "Harold Becker", "56 Lakeview Ter, Stillwater, MN 55082")
	if err := storage.PoolOf(b.db).QueryRow(t.Context(), `UPDATE messages SET claim_id = $1 WHERE id = $2 RETURNING id`,
		becker, bill).Scan(&beckerMail); err != nil {
		t.Fatal(err)
	}
	hits = b.search(t, "Beker bill")
	if got, want := hitIDs(hits), []string{key("claim", becker), key("message", bill)}; !slices.Equal(got, want) {
		t.Fatalf("Beker bill: hits %v, want %v", got, want)
	}
	if m := hits[1]; fmt.Sprint(m.Spellings) != "[{Beker Becker insured}]" || m.Rank >= 0 {
		t.Errorf("Beker bill: mail spellings %v rank %v, want its claim's, below all found as typed", m.Spellings, m.Rank)
	}

	hits = b.search(t, "the Sandoval home on Maple Street")
	if len(hits) == 0 || hits[0].ID != sandoval || fmt.Sprint(hits[0].Matched) != "[Sandoval Maple Street]" {
		t.Errorf("the Sandoval home on Maple Street: %v", hits)
	}
}
