package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// searchBundle is a database with one claim (job 26-1042-W) to search in.
type searchBundle struct {
	*docsBundle
	claim int64
	at    time.Time // received time of the next message
}

func setupSearch(t *testing.T) *searchBundle {
	t.Helper()
	b := &searchBundle{docsBundle: setupDocs(t), at: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	err := storage.PoolOf(b.db).QueryRow(t.Context(), `
		INSERT INTO claims (job_number, job_number_norm, claim_number, claim_number_norm, insured_name, loss_address, office_id)
		VALUES ('26-1042-W', '261042W', 'CLM-0043321', 'CLM0043321', 'Carlos Lopez', '3505 Hillcrest Rd', 1)
		RETURNING id`).Scan(&b.claim)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mail stores a message of the claim, each one a minute after the last.
func (b *searchBundle) mail(t *testing.T, subject, body string) int64 {
	t.Helper()
	b.uid++
	b.at = b.at.Add(time.Minute)
	var id int64
	err := storage.PoolOf(b.db).QueryRow(t.Context(), `
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, from_address, from_name,
		                      subject, body_text, status, claim_id, received_at, office_id)
		VALUES ($1, 1, $2, 'in', $3, 10, 'adjuster@carrier.example', 'Pat Adjuster', $4, $5, 'filed', $6, $7, 1)
		RETURNING id`, b.mailbox, b.uid, sha("mail", int(b.uid)), subject, body, b.claim, b.at).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// pdf files a PDF into the claim whose text is text, as the pipeline does.
func (b *searchBundle) pdf(t *testing.T, name, text string) storage.Document {
	t.Helper()
	msg := b.mail(t, "Attached: "+name, "")
	content := sha(name, 0)
	var doc storage.Document
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		if err := keepFileTexts(t.Context(), tx, map[string]string{content: text}); err != nil {
			return err
		}
		var err error
		doc, _, err = storage.FileDocument(t.Context(), tx, storage.NewDocument{
			ClaimID: b.claim, JobNumber: "26-1042-W", OfficeSlug: "main", SHA256: content, Size: 10, Filename: name,
			ContentType: "application/pdf", DocType: "estimate", Folder: "Estimates", ReceivedAt: b.at, MessageID: msg,
		}, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func (b *searchBundle) search(t *testing.T, text string) []storage.SearchHit {
	t.Helper()
	hits, next, err := b.db.Search(t.Context(), storage.SearchQuery{Text: text, Limit: 50, Offices: storage.AllOffices})
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	if next != nil {
		t.Fatalf("search %q: a next page after %d hits", text, len(hits))
	}
	return hits
}

// hitIDs lists the hits as kind:id.
func hitIDs(hits []storage.SearchHit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s:%d", h.Kind, h.ID))
	}
	return out
}

func key(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

// matches returns the highlighted words of h, lower case.
func matches(h storage.Highlighted) []string {
	var out []string
	for _, f := range h {
		if f.Match {
			out = append(out, strings.ToLower(f.Text))
		}
	}
	return out
}

func TestSearchSubjectBodyAndPDFText(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	bySubject := b.mail(t, "Dehumidifier pickup Friday", "We will collect the equipment.")
	byBody := b.mail(t, "Update", "Readings are down; the dehumidifiers stay two more days.\nThe kitchen flooded again overnight.")
	b.mail(t, "Unrelated", "Nothing to see here.")
	doc := b.pdf(t, "Estimate.pdf", "XACTIMATE ESTIMATE\nMoisture mapping of the living room\nAntimicrobial application 250 SF")

	// Subject and body; the plural and the singular share their stem.
	hits := b.search(t, "dehumidifier")
	if got, want := hitIDs(hits), []string{key("message", bySubject), key("message", byBody)}; !slices.Equal(got, want) {
		t.Fatalf("dehumidifier: hits %v, want %v (subject first)", got, want)
	}
	if got := matches(hits[0].Title); !slices.Equal(got, []string{"dehumidifier"}) {
		t.Errorf("title marks %v in %q", got, hits[0].Title.String())
	}
	if got := matches(hits[1].Snippet); !slices.Equal(got, []string{"dehumidifiers"}) {
		t.Errorf("snippet marks %v in %q", got, hits[1].Snippet.String())
	}
	if hits[1].JobNumber != "26-1042-W" || hits[1].ClaimID != b.claim || hits[1].From != "Pat Adjuster" {
		t.Errorf("message hit: %+v", hits[1])
	}
	if got := hitIDs(b.search(t, "flooding")); !slices.Equal(got, []string{key("message", byBody)}) {
		t.Errorf("flooding (English stem of flooded): %v", got)
	}

	// The PDF's text, by a phrase; the message that brought it does not
	// mention it.
	hits = b.search(t, `"moisture mapping"`)
	if got := hitIDs(hits); !slices.Equal(got, []string{key("document", doc.ID)}) {
		t.Fatalf("moisture mapping: %v", got)
	}
	h := hits[0]
	if h.Title.String() != "Estimate.pdf" || h.Folder != "Estimates" || h.DocType != "estimate" || h.JobNumber != "26-1042-W" {
		t.Errorf("document hit: %+v", h)
	}
	if got := strings.Join(matches(h.Snippet), " "); got != "moisture mapping" {
		t.Errorf("document snippet marks %v in %q", got, h.Snippet.String())
	}
	if got := b.search(t, `"mapping moisture"`); len(got) != 0 {
		t.Errorf("phrase in the wrong order found %v", hitIDs(got))
	}
	// A word the text lacks, or only exclusions, find nothing.
	for _, q := range []string{"moisture -antimicrobial", "-dehumidifier", "", "   "} {
		if got := b.search(t, q); len(got) != 0 {
			t.Errorf("%q found %v", q, hitIDs(got))
		}
	}
}

// TestSearchDocumentNames finds documents by the words of their file
// names, underscores and dots included, whether or not they have text; a
// document whose name and text both match is one hit.
func TestSearchDocumentNames(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	msg := b.mail(t, "Photos from today", "See attached.")
	photo := sha("photo", 0)
	var sketch storage.Document
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		// A scanned form and a sketch with no text at all.
		_, _, err := storage.FileDocument(t.Context(), tx, storage.NewDocument{
			ClaimID: b.claim, JobNumber: "26-1042-W", OfficeSlug: "main", SHA256: photo, Size: 10, Filename: "LOPEZ_C_ATP_SIGNED.pdf",
			ContentType: "application/pdf", DocType: "atp", Folder: "Signed forms", ReceivedAt: b.at, MessageID: msg,
		}, b.loc)
		if err != nil {
			return err
		}
		sketch, _, err = storage.FileDocument(t.Context(), tx, storage.NewDocument{
			ClaimID: b.claim, JobNumber: "26-1042-W", OfficeSlug: "main", SHA256: sha("sketch", 0), Size: 10, Filename: "Kitchen.Floorplan.jpg",
			ContentType: "image/jpeg", DocType: "sketch", Folder: "Sketches", ReceivedAt: b.at, MessageID: msg,
		}, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	both := b.pdf(t, "Mitigation_Invoice.pdf", "INVOICE for water mitigation services")

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"atp signed", nil}, // filled below: the id of the signed form
		{"floorplan", []string{key("document", sketch.ID)}},
		{"invoice", []string{key("document", both.ID)}}, // by name and by text, once
	} {
		if tc.want == nil {
			var form int64
			if err := storage.PoolOf(b.db).QueryRow(t.Context(), `SELECT id FROM documents WHERE sha256 = $1`, photo).Scan(&form); err != nil {
				t.Fatal(err)
			}
			tc.want = []string{key("document", form)}
		}
		got := hitIDs(b.search(t, tc.query))
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: hits %v, want %v", tc.query, got, tc.want)
		}
	}
}

func TestSearchClaimAndJobNumbers(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	dashed := b.mail(t, "Re: 26-1042-W", "Please see claim CLM-0043321.")
	plain := b.mail(t, "Photos", "Photos for job 261042W and claim clm0043321 attached.")
	b.mail(t, "Other job", "Job 26-1043-W is next door.")

	for _, q := range []string{"26-1042-W", "261042w", "CLM-0043321", "CLM0043321"} {
		hits := b.search(t, q)
		got := hitIDs(hits)
		want := []string{key("claim", b.claim), key("message", dashed), key("message", plain)}
		slices.Sort(got[1:])
		slices.Sort(want[1:])
		if !slices.Equal(got, want) {
			t.Errorf("%s: hits %v, want the claim first, then both ways of writing it: %v", q, got, want)
			continue
		}
		if c := hits[0]; c.Title.String() != "26-1042-W" || !strings.Contains(c.Snippet.String(), "Carlos Lopez") {
			t.Errorf("%s: claim hit %q / %q", q, c.Title.String(), c.Snippet.String())
		}
	}
	// A number among words still names the claim.
	if got := hitIDs(b.search(t, "claim CLM-0043321")); len(got) == 0 || got[0] != key("claim", b.claim) {
		t.Errorf("claim CLM-0043321: %v", got)
	}
}

// Numbers are indexed without their dashes wherever they stand: between
// tabs and line breaks, after punctuation, and in a body too long to be
// indexed in one piece.
func TestSearchFindsNumbersWhateverSurroundsThem(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	short := b.mail(t, "Readings", "Job\t26-1042-W\r\nClaim:CLM-0043321; call 555-867-5309.")
	long := b.mail(t, "Readings", "Job 26-1042-W, claim (CLM-0043321)\n"+strings.Repeat("Wall at 18 percent. ", 4000))
	b.mail(t, "Other job", "Job 26-1043-W\tis next door.")
	for _, q := range []string{"261042W", "CLM0043321"} {
		got := hitIDs(b.search(t, q))
		want := []string{key("claim", b.claim), key("message", short), key("message", long)}
		slices.Sort(got[min(1, len(got)):])
		if !slices.Equal(got, want) {
			t.Errorf("%s: hits %v, want %v", q, got, want)
		}
	}
	if got := hitIDs(b.search(t, "5558675309")); !slices.Equal(got, []string{key("message", short)}) {
		t.Errorf("a phone number without its dashes: %v", got)
	}
}

func TestSearchRanksSubjectAboveBody(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	body := b.mail(t, "Daily update", "Drying continues. Some mold found behind the vanity; the technician will treat it. "+
		strings.Repeat("Readings logged for each room and the equipment checked. ", 20))
	first := b.mail(t, "Mold found behind vanity", "See the photos.")
	again := b.mail(t, "Mold found behind vanity", "See the photos.")
	hits := b.search(t, "mold vanity")
	got := hitIDs(hits)
	// The subject outranks the body; of two equal ones, the newer first.
	if want := []string{key("message", again), key("message", first), key("message", body)}; !slices.Equal(got, want) {
		t.Fatalf("hits %v, want %v", got, want)
	}
	if !(hits[1].Rank > hits[2].Rank) || hits[0].Rank != hits[1].Rank {
		t.Errorf("ranks %v, %v, %v", hits[0].Rank, hits[1].Rank, hits[2].Rank)
	}
}

func TestSearchPages(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	var ids []string
	for i := range 7 {
		// Alike in pairs: ties of rank and time are broken by id.
		id := b.mail(t, "Invoice", fmt.Sprintf("Invoice %d for drywall repair.", i))
		if i%2 == 1 {
			if _, err := storage.PoolOf(b.db).Exec(t.Context(), `UPDATE messages SET received_at = received_at - interval '1 minute' WHERE id = $1`, id); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, key("message", id))
	}
	all := hitIDs(b.search(t, "drywall"))
	if len(all) != len(ids) {
		t.Fatalf("one page: %v, want all of %v", all, ids)
	}
	var paged []string
	var after *storage.SearchCursor
	for range 10 {
		hits, next, err := b.db.Search(t.Context(), storage.SearchQuery{Text: "drywall", Limit: 3, After: after, Offices: storage.AllOffices})
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, hitIDs(hits)...)
		if next == nil {
			break
		}
		after = next
	}
	if !slices.Equal(paged, all) {
		t.Fatalf("pages of 3: %v, want %v", paged, all)
	}
}

func TestSearchSnippetKeepsContentPlain(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	// Mail is anyone's text: markup, and the very characters the search
	// marks matches with.
	hostile := `Tom & Jerry <tom@evil.example> wrote: "><img src=x onerror=alert(1)> ` +
		"\x01forged\x02 mold in the attic </mark><script>alert(2)</script>"
	id := b.mail(t, "<b>Mold</b> \x01forged\x02", hostile)
	hits := b.search(t, "mold")
	if len(hits) != 1 || hits[0].ID != id {
		t.Fatalf("hits %v", hitIDs(hits))
	}
	h := hits[0]
	for name, text := range map[string]storage.Highlighted{"title": h.Title, "snippet": h.Snippet} {
		if got := matches(text); !slices.Equal(got, []string{"mold"}) {
			t.Errorf("%s marks %v in %q: only the searched word may be marked", name, got, text.String())
		}
		if s := text.String(); strings.ContainsAny(s, "\x01\x02") || !strings.Contains(s, "forged") {
			t.Errorf("%s %q: marks must be stripped, the words kept", name, s)
		}
	}
	if s := h.Snippet.String(); !strings.Contains(s, `<tom@evil.example> wrote: "><img`) {
		t.Errorf("snippet %q: the text stays plain text, unescaped (the page escapes it)", s)
	}
}

// keepFileTexts keeps texts within tx, as processing does: queued with
// the message's other writes, sent in one round trip.
func keepFileTexts(ctx context.Context, tx pgx.Tx, texts map[string]string) error {
	b := &pgx.Batch{}
	if err := storage.QueueFileTexts(b, texts); err != nil {
		return err
	}
	return storage.SendQueued(ctx, tx, b)
}

func TestQueueFileTextsBounded(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	content := sha("big", 0)
	// Over the cap, with a multi-byte character across it.
	text := "x" + strings.Repeat("é", storage.MaxFileTextBytes/2) + " tail"
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		return keepFileTexts(t.Context(), tx, map[string]string{content: text, sha("empty", 0): "  \f "})
	})
	if err != nil {
		t.Fatal(err)
	}
	got, ok, err := b.db.FileText(t.Context(), content)
	if err != nil || !ok {
		t.Fatalf("text: %v, %v", ok, err)
	}
	if len(got) > storage.MaxFileTextBytes || len(got) < storage.MaxFileTextBytes-4 || strings.Contains(got, "tail") {
		t.Errorf("kept %d bytes, want the first %d at most", len(got), storage.MaxFileTextBytes)
	}
	if _, ok, _ := b.db.FileText(t.Context(), sha("empty", 0)); ok {
		t.Error("an empty text was kept")
	}
}

// TestSearchIndexesOversizedText stores a body whose words overflow a
// tsvector (1 MB): the message is stored all the same, searchable by the
// start of its text.
func TestSearchIndexesOversizedText(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	var body strings.Builder
	body.WriteString("Overflowing report. ")
	for i := range 40000 {
		fmt.Fprintf(&body, "w%029d ", i) // 40,000 distinct words: over 1 MB of lexemes
	}
	id := b.mail(t, "Long report", body.String())
	if got := hitIDs(b.search(t, "overflowing")); !slices.Equal(got, []string{key("message", id)}) {
		t.Fatalf("start of an oversized body: %v", got)
	}
}

// A filed message's own .eml copy is not a second hit beside the message:
// searching finds the message once, when it arrived.
func TestSearchFindsAMessageOnceNotItsEML(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	msg := b.mail(t, "Moisture readings Lopez", "Readings attached, wall at 18 percent.")
	eml := sha("eml", 0)
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		if err := keepFileTexts(t.Context(), tx, map[string]string{eml: "Moisture readings Lopez wall at 18 percent"}); err != nil {
			return err
		}
		_, _, err := storage.FileDocument(t.Context(), tx, storage.NewDocument{
			ClaimID: b.claim, JobNumber: "26-1042-W", OfficeSlug: "main", SHA256: eml, Size: 10, Filename: "Moisture readings Lopez.eml",
			ContentType: "message/rfc822", DocType: storage.DocTypeCorrespondence, Folder: "Correspondence",
			ReceivedAt: b.at, MessageID: msg,
		}, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"moisture readings", "percent"} {
		hits := b.search(t, q)
		if got, want := hitIDs(hits), []string{key("message", msg)}; !slices.Equal(got, want) {
			t.Errorf("%q: hits %v, want %v", q, got, want)
			continue
		}
		if !hits[0].At.Equal(b.at) {
			t.Errorf("%q: hit at %v, want the message's arrival %v", q, hits[0].At, b.at)
		}
	}
}

// TestSearchFindsClaimsByPartsOfTheirNumbers checks that a part of a job,
// claim or policy number however written ("26-104" of 26-1042-W), which
// finds the mail that writes the number, finds the claims too: below a
// claim whose number was typed whole, above the mail. A part more than a
// hundred claims' numbers hold tells none apart and finds none, and a
// number among other words (a house number) is no part of a claim's.
func TestSearchFindsClaimsByPartsOfTheirNumbers(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	pool := storage.PoolOf(b.db)
	var next int64
	if err := pool.QueryRow(t.Context(), `
		INSERT INTO claims (job_number, job_number_norm, claim_number, claim_number_norm, insured_name, office_id)
		VALUES ('26-1043-W', '261043W', 'CLM-0077777', 'CLM0077777', 'Ann Fuller', 1) RETURNING id`).Scan(&next); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(t.Context(), `
		INSERT INTO claims (job_number, job_number_norm, office_id)
		SELECT '26-' || n || '-W', '26' || n || 'W', 1 FROM generate_series(20000, 20100) n`); err != nil {
		t.Fatal(err)
	}
	// Its claim number holds Carlos Lopez's house number, 3505.
	if _, err := pool.Exec(t.Context(), `
		INSERT INTO claims (job_number, job_number_norm, claim_number, claim_number_norm, insured_name, office_id)
		VALUES ('27-0001-W', '270001W', 'CLM-3505881', 'CLM3505881', 'Ida Berg', 1)`); err != nil {
		t.Fatal(err)
	}
	mail := b.mail(t, "Re: 26-1042-W 26-104", "Drying on job 26-104.")

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"26-104", []string{key("claim", next), key("claim", b.claim), key("message", mail)}},
		{"26104", []string{key("claim", next), key("claim", b.claim), key("message", mail)}},
		{"CLM-00433", []string{key("claim", b.claim)}},
		{"26-1042-W", []string{key("claim", b.claim), key("message", mail)}},
		{"26-20", []string{}}, // 101 claims' job numbers
		// a house number is no part of another claim's number
		{"3505 Hillcrest", []string{key("claim", b.claim)}},
	} {
		hits := b.search(t, tc.query)
		if got := hitIDs(hits); !slices.Equal(got, tc.want) {
			t.Errorf("%s: hits %v, want %v", tc.query, got, tc.want)
			continue
		}
		for _, h := range hits {
			if h.Kind == storage.SearchKindClaim && (h.Rank >= 1) != (tc.query == "26-1042-W" || tc.query == "3505 Hillcrest") {
				t.Errorf("%s: claim %d ranks %v, a part of a number below a number whole", tc.query, h.ID, h.Rank)
			}
		}
	}
}

// TestSearchFindsClaimsSpeltClose checks that a name spelt otherwise than
// its claim's record spells it ("Lindquist" for Lindqvist), which finds
// the mail that spells it so, finds the claim too: below the claims found
// as typed, above the mail, with the spellings that found it marked in its
// snippet. A claim found as typed is found once, as typed.
func TestSearchFindsClaimsSpeltClose(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	var lind int64
	if err := storage.PoolOf(b.db).QueryRow(t.Context(), `
		INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, office_id)
		VALUES ('26-1050-W', '261050W', 'Erik Lindqvist', '12 Hillcrest Rd', 1) RETURNING id`).Scan(&lind); err != nil {
		t.Fatal(err)
	}
	mail := b.mail(t, "Lindquist basement", "Mrs. Lindquist called.")

	hits := b.search(t, "Lindquist")
	if got, want := hitIDs(hits), []string{key("claim", lind), key("message", mail)}; !slices.Equal(got, want) {
		t.Fatalf("Lindquist: hits %v, want %v", got, want)
	}
	c := hits[0]
	if fmt.Sprint(c.Spellings) != "[{Lindquist Lindqvist insured}]" || fmt.Sprint(matches(c.Snippet)) != "[lindqvist]" ||
		c.Rank >= 1 || c.Rank <= hits[1].Rank {
		t.Errorf("Lindquist: claim hit spellings %v, snippet %v, rank %v (mail %v)", nil, c.Snippet, c.Rank, hits[1].Rank)
	}
	// Hillcrest is held as typed by both claims; Lopes is Lopez spelt
	// otherwise.
	hits = b.search(t, "Lopes Hillcrest")
	if got, want := hitIDs(hits), []string{key("claim", lind), key("claim", b.claim)}; !slices.Equal(got, want) {
		t.Fatalf("Lopes Hillcrest: hits %v, want %v", got, want)
	}
	for _, h := range hits {
		if h.Rank < 1 || h.Spellings != nil {
			t.Errorf("Lopes Hillcrest: claim %d ranks %v with spellings %v, want found as typed", h.ID, h.Rank, h.Spellings)
		}
	}
	if got := b.search(t, "Lopes"); len(got) != 1 || got[0].ID != b.claim || fmt.Sprint(got[0].Spellings) != "[{Lopes Lopez insured}]" {
		t.Errorf("Lopes: %v", got)
	}
	// The word that matched is marked where it stands alone, not in a
	// longer word starting with it.
	var dale int64
	if err := storage.PoolOf(b.db).QueryRow(t.Context(), `
		INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, office_id)
		VALUES ('26-1051-W', '261051W', 'Dale Okafor', '44 Dalewood Ct', 1) RETURNING id`).Scan(&dale); err != nil {
		t.Fatal(err)
	}
	if got := b.search(t, "Dael"); len(got) != 1 || got[0].ID != dale || fmt.Sprint(matches(got[0].Snippet)) != "[dale]" {
		t.Errorf("Dael: %v", got)
	}
}
