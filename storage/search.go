package storage

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
)

// Kinds of search hits.
const (
	SearchKindClaim    = "claim"    // a claim whose number, or whose record's words, were typed
	SearchKindMessage  = "message"  // a message whose subject, sender or body matches
	SearchKindDocument = "document" // a filed document whose text (a PDF's) or file name matches
)

// searchCandidates bounds the matches of each kind that are ranked: the
// newest ones. Ranking reads every match's words, so a word in most of the
// mail ("water") would otherwise cost a read of the whole mailbox; older
// mail is found by a more precise query.
const searchCandidates = 2000

// snippetSourceChars bounds the text a snippet is cut from: making a
// snippet reads its whole source, and a 1 MB PDF text takes a quarter of a
// second. A match further in shows the text's start instead.
const snippetSourceChars = 100_000

// Highlight marks around matches in ts_headline's output. Control
// characters, stripped from the text first, so no stored content can fake
// or break a mark.
const (
	markStart = "\x01"
	markStop  = "\x02"
)

// SearchQuery asks for one page of search hits.
type SearchQuery struct {
	// Text is what was typed: words, "quoted phrases", -excluded words and
	// "or", as in web search engines.
	Text  string
	Limit int
	After *SearchCursor // continue after this hit; nil: from the best
	// Offices are the offices whose claims, messages and documents may be
	// found; the zero value finds nothing.
	Offices Offices
}

// SearchCursor is the position of a hit in the ranking: best rank first,
// then newest, then kind and id (descending) to break ties.
type SearchCursor struct {
	Rank float32
	At   time.Time
	Kind string
	ID   int64
}

// SearchHit is one claim, message or document that matches a search.
type SearchHit struct {
	Kind        string
	ID          int64 // of the claim, message or document
	ClaimID     int64 // 0 for a message in no claim
	JobNumber   string
	ClaimNumber string
	// Title is a message's subject, a document's file name or a claim's
	// job number; Snippet the matching passages of the body or text (for
	// a claim: its claim number, insured and address).
	Title   Highlighted
	Snippet Highlighted
	From    string // a message's sender
	Folder  string // a document's claim folder
	DocType string // a document's type
	// ContentType is a document's type as filed, which its download is
	// served as; Stamped says it has a received-stamped copy.
	ContentType string
	Stamped     bool
	// At orders hits of equal rank: when a message arrived (see
	// messageArrival), when a document's message was received, when a
	// claim was created.
	At time.Time
	// Dated is what a hit shows: when a message arrived by its mailbox's
	// date (or its own Date), which importing old mail does not change; At
	// otherwise.
	Dated time.Time
	Rank  float32
	// Spellings are, for a claim found by close spellings of the words
	// typed (CloseClaims), the words that found it; its snippet marks them.
	// For a message or document, the close spellings of words typed that
	// no claim holds ("Sandavol") that found it: it holds no word so typed.
	Spellings []Spelling
	// ClaimStatus is the status of the claim of the hit (open or closed);
	// empty for mail in no claim.
	ClaimStatus string
	// Matched are, for a claim, the words typed its record holds, which
	// its snippet marks; none when its number found it.
	Matched []string
	// Street are, for a claim, the words typed that name its street: a
	// name and the street type typed after it, whatever type its address
	// writes ("Maple Avenue" of 812 Maple St). TownOnly are those of
	// Matched its record holds only in its town (Maple of Maple Grove).
	Street, TownOnly []string
}

// Cursor returns the position after h, for the next page.
func (h SearchHit) Cursor() SearchCursor {
	return SearchCursor{Rank: h.Rank, At: h.At, Kind: h.Kind, ID: h.ID}
}

// Highlighted is text cut into fragments that match the search or not. It
// stays plain text: whoever shows it escapes every fragment, then marks the
// matching ones.
type Highlighted []Fragment

// Fragment is a piece of highlighted text.
type Fragment struct {
	Text  string `json:"text"`
	Match bool   `json:"match"`
}

// String returns the text without marks.
func (h Highlighted) String() string {
	var b strings.Builder
	for _, f := range h {
		b.WriteString(f.Text)
	}
	return b.String()
}

// parseHighlighted reads ts_headline's output, whose matches are between
// markStart and markStop. Neighbouring fragments of the same kind merge.
func parseHighlighted(s string) Highlighted {
	var out Highlighted
	match := false
	for {
		i := strings.IndexAny(s, markStart+markStop)
		text := s
		if i >= 0 {
			text = s[:i]
		}
		if text != "" {
			if n := len(out); n > 0 && out[n-1].Match == match {
				out[n-1].Text += text
			} else {
				out = append(out, Fragment{Text: text, Match: match})
			}
		}
		if i < 0 {
			return out
		}
		match = s[i:i+1] == markStart
		s = s[i+1:]
	}
}

// headlineOptions are ts_headline's settings for snippets and titles.
var (
	snippetHeadline = "StartSel=" + markStart + ", StopSel=" + markStop +
		`, MaxWords=30, MinWords=12, MaxFragments=3, FragmentDelimiter=" … "`
	titleHeadline = "StartSel=" + markStart + ", StopSel=" + markStop + ", HighlightAll=true"
)

// searchSQL ranks the claims, messages and documents (by their text or
// their file name) that match, and reads the page's snippets. A filed
// message's own .eml copy (correspondence) is left out: the message is its
// hit, once. Words are matched as written ('simple'), as English
// stems, and with the dashes of numbers dropped ($2): the index holds all
// three (migration 00008), each with its accents folded ("Peña" as "pena",
// migration 00060), so that a word typed with accents or without finds it
// written either way; snippets mark the words as typed too. $13 keeps
// the offices searched (NULL: every one). $14 are the claimSearchTerms
// that tell claims apart (telling): a claim is found by them when no
// other claim's record holds more of them, and none of $15, the words
// excluded; a term more than $16 claims hold (claimWordLimit) is not
// looked for. $17 are the numberParts: a claim whose numbers hold one
// ranks below those, unless more than $16 claims' numbers hold it; $18
// the claims found by close spellings of the words typed (CloseClaims),
// below both. Mail and documents are also found by the close spellings
// $20 of the words typed $19 (respelt), and the mail of the claims $18 by
// the other words typed ($23), below all found as typed; $21 is the word
// being typed (typedLast). $22 are all the words' terms, to tell which a
// claim found holds; $24 and $25 say where it holds them, to rank it by
// (claimPlaces, wordRank). A query made only of exclusions ("-mold") would
// match nearly everything and finds nothing instead.
var searchSQL = `
WITH typed AS (
    SELECT websearch_to_tsquery('simple', $1) || websearch_to_tsquery('english', $1)
           || websearch_to_tsquery('english', $2) AS typed
),
q AS (
    -- the words typed with their accents folded, as the index folds them,
    -- the last also the start of a longer word ($21); tsq also finds the
    -- close spellings of the words no claim holds ($19, $20), exact does
    -- not. Snippets mark the words as typed too.
    SELECT claimdesk_fold_accents(r.tsq::text)::tsquery AS tsq,
           claimdesk_fold_accents(e.tsq::text)::tsquery AS exact,
           claimdesk_fold_accents(r.tsq::text)::tsquery || r.tsq AS marked,
           -- the words typed but those spelt close to a claim's ($23)
           claimdesk_fold_accents(claimdesk_search_query(websearch_to_tsquery('simple', $23)
                                                         || websearch_to_tsquery('english', $23), NULL, NULL, $21)::text)::tsquery AS rest
    FROM typed t,
         LATERAL (SELECT claimdesk_search_query(t.typed, $19, $20, $21) AS tsq) r,
         LATERAL (SELECT claimdesk_search_query(t.typed, NULL, NULL, $21) AS tsq) e
    WHERE querytree(t.typed) <> 'T'
),
word_terms AS (
    -- a word held by many claims' records ("avenue", a city, "26") tells
    -- none apart: it is not looked for
    SELECT DISTINCT t.term::tsquery AS tq FROM unnest($14::text[]) AS t (term)
    WHERE (SELECT count(*) FROM (SELECT FROM claims c
                                 WHERE c.search_words @@ t.term::tsquery
                                   AND ($13::bigint[] IS NULL OR c.office_id = ANY($13))
                                 LIMIT $16 + 1) held) <= $16
),
word_claims AS (
    SELECT c.id, count(*) AS terms
    FROM word_terms t, claims c
    WHERE c.search_words @@ t.tq
      AND ($13::bigint[] IS NULL OR c.office_id = ANY($13))
      AND NOT c.search_words @@ ANY(coalesce($15::tsquery[], '{}'))
    GROUP BY c.id
),
number_hits AS (
    SELECT c.id FROM claims c
    WHERE cardinality($3::text[]) > 0
      AND (c.job_number_norm = ANY($3) OR c.claim_number_norm = ANY($3) OR c.policy_number_norm = ANY($3)
           OR (c.adjuster_file_number_norm = ANY($3) AND c.adjuster_file_number_norm <> ''))
      AND ($13::bigint[] IS NULL OR c.office_id = ANY($13))
),
word_hits AS (
    -- ranked by where their records hold the words typed (wordRank)
    SELECT c.id, ` + wordRank + ` AS rank
    FROM word_claims w JOIN claims c ON c.id = w.id, ` + claimPlaces + `
    WHERE w.terms = (SELECT max(terms) FROM word_claims) AND w.id NOT IN (SELECT id FROM number_hits)
),
claim_hits AS (
    SELECT id, 2::real AS rank FROM number_hits
    UNION ALL
    SELECT id, rank FROM word_hits
),
number_parts AS (
    -- the claims whose numbers hold a part typed, unless more than $16
    -- do (a year, "2026")
    SELECT p.ids FROM unnest($17::text[]) AS n (pattern),
         LATERAL (SELECT array_agg(c.id) AS ids FROM (SELECT c.id FROM claims c
                  WHERE ` + claimSearchNorms + ` LIKE n.pattern AND ($13::bigint[] IS NULL OR c.office_id = ANY($13))
                  LIMIT $16 + 1) c) p
    WHERE cardinality(p.ids) <= $16
),
part_hits AS (
    SELECT unnest(ids) AS id FROM number_parts
    EXCEPT SELECT id FROM claim_hits
),
hits AS (
    SELECT 'claim' AS kind, c.id, c.id AS claim_id, h.rank, ` + claimOpenedAt + ` AS at, NULL::bigint[] AS respelt
    FROM claim_hits h JOIN claims c ON c.id = h.id
    UNION ALL
    -- below the claims whose number or words were typed whole
    SELECT 'claim', c.id, c.id, ` + partRank + `::real, ` + claimOpenedAt + `, NULL
    FROM part_hits h JOIN claims c ON c.id = h.id
    UNION ALL
    SELECT 'claim', c.id, c.id, ` + strconv.FormatFloat(float64(closeRank), 'g', -1, 32) + `::real, ` + claimOpenedAt + `, NULL
    FROM claims c WHERE c.id = ANY($18::bigint[])
      AND c.id NOT IN (SELECT id FROM claim_hits UNION ALL SELECT id FROM part_hits)
    UNION ALL
    SELECT 'message', h.id, h.claim_id, ` + textRank("h.search_vector") + `, h.arrived, ` + respeltWords("h.search_vector") + `
    FROM q, LATERAL (SELECT m.id, m.claim_id, m.search_vector, ` + messageArrival + ` AS arrived FROM messages m
                     WHERE m.search_vector @@ q.tsq AND ($13::bigint[] IS NULL OR m.office_id = ANY($13))
                     ORDER BY ` + messageArrival + ` DESC, m.id DESC LIMIT $9) h
    UNION ALL
    -- the mail of a claim found by close spellings that holds the other
    -- words typed ("bill" of "Beker bill"), below all found as typed
    SELECT 'message', h.id, h.claim_id, ts_rank(h.search_vector, q.rest, 1|32) - 1, h.arrived, '{}'
    FROM q, LATERAL (SELECT m.id, m.claim_id, m.search_vector, ` + messageArrival + ` AS arrived FROM messages m
                     WHERE m.claim_id = ANY($18::bigint[]) AND m.search_vector @@ q.rest AND NOT m.search_vector @@ q.tsq
                       AND ($13::bigint[] IS NULL OR m.office_id = ANY($13))
                     ORDER BY ` + messageArrival + ` DESC, m.id DESC LIMIT $9) h
    WHERE q.rest IS NOT NULL
    UNION ALL
    SELECT 'document', d.id, d.claim_id, ` + textRank("t.search_vector") + `, d.received_at, ` + respeltWords("t.search_vector") + `
    FROM q, LATERAL (SELECT sha256, search_vector FROM file_texts
                     WHERE search_vector @@ q.tsq ORDER BY created_at DESC, sha256 LIMIT $9) t
    JOIN documents d ON d.sha256 = t.sha256 AND d.doc_type <> 'correspondence'
                    AND ($13::bigint[] IS NULL OR d.office_id = ANY($13))
    UNION ALL
    -- by name, unless its text matched too: one hit per document
    SELECT 'document', d.id, d.claim_id, ` + textRank("d.name_search_vector") + `, d.received_at, ` + respeltWords("d.name_search_vector") + `
    FROM q, LATERAL (SELECT id, claim_id, sha256, name_search_vector, received_at FROM documents
                     WHERE name_search_vector @@ q.tsq AND doc_type <> 'correspondence'
                       AND ($13::bigint[] IS NULL OR office_id = ANY($13))
                     ORDER BY received_at DESC, id DESC LIMIT $9) d
    WHERE NOT EXISTS (SELECT 1 FROM file_texts t WHERE t.sha256 = d.sha256 AND t.search_vector @@ q.tsq)
),
page AS (
    SELECT * FROM hits
    WHERE $4::real IS NULL OR (rank, at, kind, id) < ($4::real, $5::timestamptz, $6::text, $7::bigint)
    ORDER BY rank DESC, at DESC, kind DESC, id DESC
    LIMIT $8
)
SELECT p.kind, p.id, coalesce(p.claim_id, 0), coalesce(c.job_number, ''), coalesce(c.claim_number, ''),
       CASE p.kind
           WHEN 'message' THEN ts_headline('english', translate(m.subject, E'\x01\x02', ''), q.marked, $11)
           WHEN 'document' THEN ts_headline('english', translate(d.filename, E'\x01\x02', ''), q.marked, $11)
           ELSE translate(c.job_number, E'\x01\x02', '')
       END,
       CASE p.kind
           WHEN 'message' THEN ts_headline('english',
               left(translate(claimdesk_message_text(m.body_text, m.body_html), E'\x01\x02', ''), $12), q.marked, $10)
           WHEN 'document' THEN ts_headline('english',
               left(translate(coalesce(t.content, ''), E'\x01\x02', ''), $12), q.marked, $10)
           ELSE translate(concat_ws(' · ', nullif(c.claim_number, ''), nullif(c.insured_name, ''),
                                    nullif(c.loss_address, ''), 'adjuster''s file ' || c.adjuster_file_number), E'\x01\x02', '')
       END,
       coalesce(nullif(m.from_name, ''), m.from_address, ''), coalesce(d.folder, ''), coalesce(d.doc_type, ''),
       coalesce(d.content_type, ''), d.stamped_sha256 IS NOT NULL, p.at, coalesce(m.internal_date, m.sent_date, p.at), p.rank,
       p.respelt, coalesce(c.status, ''), pl.held, pl.town, pl.street
FROM page p
CROSS JOIN q
LEFT JOIN messages m ON p.kind = 'message' AND m.id = p.id
LEFT JOIN documents d ON p.kind = 'document' AND d.id = p.id
LEFT JOIN file_texts t ON t.sha256 = d.sha256
LEFT JOIN claims c ON c.id = p.claim_id
LEFT JOIN ` + claimPlaces + ` ON p.kind = 'claim'
ORDER BY p.rank DESC, p.at DESC, p.kind DESC, p.id DESC`

// textRank is the rank of mail or a document found by its text vector:
// found by close spellings of the words typed only, below all that was
// found as typed, whose ranks are from zero to one half (ts_rank's
// normalization 32).
func textRank(vector string) string {
	return `(CASE WHEN ` + vector + ` @@ q.exact THEN ts_rank(` + vector + `, q.exact, 1|32)
		ELSE ts_rank(` + vector + `, q.tsq, 1|32) - 1 END)::real`
}

// respeltWords is, for mail or a document found by close spellings of the
// words typed only, the indexes (from 1) of those of $20 its text vector
// holds; NULL when found as typed.
func respeltWords(vector string) string {
	return `CASE WHEN NOT ` + vector + ` @@ q.exact THEN ARRAY(SELECT s.i FROM unnest($20::text[]) WITH ORDINALITY AS s (w, i)
		WHERE ` + vector + ` @@ plainto_tsquery('simple', s.w)) END`
}

// Search returns a page of what matches q.Text, best first: the claims
// whose number was typed, then those whose records hold the most of the
// words typed (claimSearchTerms), those holding them where they name the
// claim before those holding them only in its town (wordRank), then the
// claims whose numbers hold a part typed ("26-10" of 26-1001-WTR), then
// messages and documents by rank, newest first among equals. next is the
// cursor of the following page; nil on the last.
func (db *DB) Search(ctx context.Context, q SearchQuery) (hits []SearchHit, next *SearchCursor, err error) {
	text := strings.TrimSpace(q.Text)
	if text == "" || q.Limit <= 0 {
		return nil, nil, nil
	}
	dashless := dropNumberDashes(text)
	if dashless == text {
		dashless = ""
	}
	var (
		rank *float32
		at   *time.Time
		kind *string
		id   *int64
	)
	if c := q.After; c != nil {
		rank, at, kind, id = &c.Rank, &c.At, &c.Kind, &c.ID
	}
	words, without, err := db.claimSearchTerms(ctx, text)
	if err != nil {
		return nil, nil, err
	}
	r, err := db.searchRespelt(ctx, text, words, q.Offices)
	if err != nil {
		return nil, nil, err
	}
	last, err := db.typedLast(ctx, text, q.Offices)
	if err != nil {
		return nil, nil, err
	}
	rows, err := db.pool.Query(ctx, searchSQL, text, dashless, searchNumbers(text), rank, at, kind, id,
		q.Limit+1, searchCandidates, snippetHeadline, titleHeadline, snippetSourceChars, q.Offices.sqlIDs(), telling(words), without,
		claimWordLimit, numberParts(text), r.ids, r.typed, r.words, last, termsOf(words), r.rest,
		streetPatterns(words), streetTypes(words))
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		h, err := scanSearchHit(rows, words, r)
		if err != nil {
			return nil, nil, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	if len(hits) > q.Limit {
		hits = hits[:q.Limit]
		c := hits[len(hits)-1].Cursor()
		next = &c
	}
	return hits, next, nil
}

// scanSearchHit reads a row of searchSQL: a claim with the words typed
// its record holds, marked in its snippet, and anything found by close
// spellings of the words typed with those spellings.
func scanSearchHit(rows pgx.Rows, words []searchWord, r respelt) (SearchHit, error) {
	var (
		h                   SearchHit
		title, snippet      string
		spelt               []int64
		held, town, streets []int64
	)
	if err := rows.Scan(&h.Kind, &h.ID, &h.ClaimID, &h.JobNumber, &h.ClaimNumber, &title, &snippet,
		&h.From, &h.Folder, &h.DocType, &h.ContentType, &h.Stamped, &h.At, &h.Dated, &h.Rank,
		&spelt, &h.ClaimStatus, &held, &town, &streets); err != nil {
		return h, err
	}
	h.Title, h.Snippet = parseHighlighted(title), parseHighlighted(snippet)
	if h.Kind != SearchKindClaim {
		for _, i := range spelt {
			h.Spellings = append(h.Spellings, Spelling{Typed: r.typed[i-1], Found: h.writes(r.words[i-1], r.written)})
		}
		if spelt != nil && len(spelt) == 0 {
			h.Spellings = r.claims[h.ClaimID] // found as its claim's mail
		}
		return h, nil
	}
	matched := h.placeWords(words, held, town, streets)
	if sp, ok := r.claims[h.ID]; ok && h.Rank == closeRank {
		h.Spellings = sp
	}
	h.Snippet = markClaimWords(snippet, matched, h.Spellings)
	return h, nil
}

// respelt is what a search finds beside its words as typed: the claims
// of close spellings of its words (CloseClaims) and the spellings that
// found each, and, to find mail and documents by, each word typed that no
// claim holds (typed) with a word of the claims' records spelt close to
// it (words); rest is the search without the words of those claims
// spelt otherwise, to find their mail by; nil when nothing is left.
// written is how the claims' records write their spellings, by the
// spelling folded.
type respelt struct {
	claims       map[int64][]Spelling
	ids          []int64
	typed, words []string
	rest         *string
	written      map[string]string
}

// unheldSpellings returns the words no claim of offices holds as typed,
// and the close spellings of them the claims hold.
func (db *DB) unheldSpellings(ctx context.Context, words []searchWord, offices Offices) ([]searchWord, []spelling, error) {
	held, err := db.heldClaimWords(ctx, words, offices)
	if err != nil {
		return nil, nil, err
	}
	var unheld []searchWord
	for i, w := range words {
		if !held[i] {
			unheld = append(unheld, w)
		}
	}
	spellings, err := db.closeSpellings(ctx, unheld, offices)
	return unheld, spellings, err
}

// searchRespelt finds what text finds by close spellings of its words in
// the claims of offices (CloseClaims sets aside a word no claim holds, as
// typed or spelt close, as the claims found as typed do; it still narrows
// the mail).
func (db *DB) searchRespelt(ctx context.Context, text string, words []searchWord, offices Offices) (respelt, error) {
	r := respelt{claims: map[int64][]Spelling{}}
	unheld, spellings, err := db.unheldSpellings(ctx, words, offices)
	if err != nil {
		return r, fmt.Errorf("search: %w", err)
	}
	for _, s := range spellings {
		r.typed, r.words = append(r.typed, unheld[s.typed].typed), append(r.words, s.word)
	}
	close, err := db.CloseClaims(ctx, ClaimFilter{Query: text, Offices: offices}, closeClaimsFound)
	if err != nil {
		return r, fmt.Errorf("search: %w", err)
	}
	respelled := map[string]bool{}
	r.written = map[string]string{}
	for _, c := range close {
		r.claims[c.ID], r.ids = c.Spellings, append(r.ids, c.ID)
		for _, sp := range c.Spellings {
			respelled[sp.Typed], r.written[classify.Fold(sp.Found)] = true, sp.Found
		}
	}
	r.rest = restOf(text, respelled)
	return r, nil
}

// restOf is text without the words of respelled; nil when no other word
// is left to look for.
func restOf(text string, respelled map[string]bool) *string {
	if len(respelled) == 0 {
		return nil
	}
	var rest []string
	kept := 0
	for _, f := range strings.Fields(text) {
		if !respelled[f] {
			rest = append(rest, f)
			if !strings.HasPrefix(f, "-") {
				kept++
			}
		}
	}
	if kept == 0 {
		return nil
	}
	s := strings.Join(rest, " ")
	return &s
}

// typedLast is the last word of a search when it may be a word being
// typed, to find mail and documents by as the start of a longer one ("bil"
// of "electric bil"): letters only, three or more, neither quoted nor
// excluded, and held whole by no mail or document of offices ("COS" is
// not "cost"); nil otherwise.
func (db *DB) typedLast(ctx context.Context, text string, offices Offices) (*string, error) {
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return nil, nil
	}
	last := fields[len(fields)-1]
	if utf8.RuneCountInString(last) < 3 || strings.IndexFunc(last, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 ||
		strings.EqualFold(last, "or") {
		return nil, nil
	}
	unfound, err := db.unfound(ctx, []string{last}, offices)
	if err != nil || len(unfound) == 0 {
		return nil, err
	}
	return &last, nil
}

// dropNumberDashes writes the dashed numbers of a query without their
// dashes ("26-1042-W" as "261042W"), as the index holds them besides the
// words. A dash that starts a word ("-mold") still excludes it.
func dropNumberDashes(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if r == '-' && i > 0 && i < len(rs)-1 && isAlnum(rs[i-1]) && isAlnum(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// partRank is the rank of a claim found by a part of its job, claim or
// policy number: below the claims whose number or words were typed whole
// (1), above mail, whose ranks are below one half (ts_rank's
// normalization 32).
const partRank = "0.9"

// closeRank is the rank of a claim found by close spellings of the words
// typed: below the claims found by their words or numbers as typed, above
// mail.
const closeRank float32 = 0.8

// closeClaimsFound bounds the claims a search finds by close spellings.
const closeClaimsFound = 5

// numberParts returns the LIKE pattern of the part of a number a search
// may be, as the claims list reads one (claimSearchCondition): the words
// kept, together, with a digit, anywhere in a claim's normalized numbers
// (claimSearchNorms). A number among other words is not looked for alone:
// the 3505 of "3505 Hillcrest" is a house, not a part of every claim
// number holding it.
func numberParts(s string) []string {
	kept, _ := searchWords(s)
	n := classify.Normalize(strings.Join(kept, " "))
	if len(n) < 4 || !strings.ContainsAny(n, "0123456789") {
		return nil
	}
	return []string{containsPattern(n)}
}

// searchNumbers returns what of a query may be a claim's job, claim or
// policy number, normalized as the claims table keeps them: the whole
// query, and each of its words with a digit.
func searchNumbers(s string) []string {
	seen := map[string]bool{}
	out := []string{}
	add := func(v string) {
		n := classify.Normalize(v)
		if len(n) >= 4 && strings.ContainsAny(n, "0123456789") && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	add(s)
	for _, w := range strings.Fields(s) {
		add(strings.Trim(w, `"`))
	}
	return out
}

// markClaimWords cuts a claim's snippet text where it holds a word of
// words as a claim's record may write it (claimTerm: however accented, a
// street however spelled, the word being typed as the start of a longer
// one), or the spelling of one of spellings that found it: as words, Dale
// and not the start of Dalewood.
func markClaimWords(text string, words []searchWord, spellings []Spelling) Highlighted {
	var b strings.Builder
	kept := 0
	for start := 0; start < len(text); {
		r, n := utf8.DecodeRuneInString(text[start:])
		if !isWordRune(r) {
			start += n
			continue
		}
		end := start + strings.IndexFunc(text[start:]+" ", func(r rune) bool { return !isWordRune(r) })
		if claimWordHeld(classify.Fold(text[start:end]), words, spellings) {
			b.WriteString(text[kept:start] + markStart + text[start:end] + markStop)
			kept = end
		}
		start = end
	}
	return parseHighlighted(b.String() + text[kept:])
}

// isWordRune is a rune of a word of a claim's record, as spelt reads them.
func isWordRune(r rune) bool { return isAlnum(r) || unicode.Is(unicode.Mn, r) }

// claimWordHeld reports whether word, folded, of a claim's snippet is one
// of words or of spellings.
func claimWordHeld(word string, words []searchWord, spellings []Spelling) bool {
	for _, s := range spellings {
		if classify.Fold(s.Found) == word {
			return true
		}
	}
	for _, w := range words {
		if len(w.parts) > 1 {
			if slices.Contains(w.parts, word) && !isDigits(word) {
				return true
			}
			continue
		}
		if slices.Contains(classify.StreetSpellings(w.parts[0]), word) || w.prefix && strings.HasPrefix(word, w.parts[0]) {
			return true
		}
	}
	return false
}

// writes returns how h's title or snippet writes word, folded, where they
// mark it; else as written, by word folded, or word itself.
func (h SearchHit) writes(word string, written map[string]string) string {
	for _, f := range append(slices.Clone(h.Title), h.Snippet...) {
		if t := strings.TrimSpace(f.Text); f.Match && classify.Fold(t) == word {
			return t
		}
	}
	return cmp.Or(written[word], word)
}
