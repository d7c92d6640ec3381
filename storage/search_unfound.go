package storage

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// unfoundSQL keeps, of the words $1, those nothing of offices $2 (NULL:
// every one) holds as Search finds them: no mail, no document's text or
// name. Each is a look-up in the words indexes that stops at the first
// row holding it.
const unfoundSQL = `
SELECT t.word FROM unnest($1::text[]) WITH ORDINALITY AS t (word, i),
     LATERAL (SELECT claimdesk_fold_accents((websearch_to_tsquery('simple', t.word)
                                             || websearch_to_tsquery('english', t.word))::text)::tsquery AS tq) q
WHERE querytree(q.tq) <> 'T'
  AND NOT EXISTS (SELECT FROM messages m WHERE m.search_vector @@ q.tq AND ($2::bigint[] IS NULL OR m.office_id = ANY($2)))
  AND NOT EXISTS (SELECT FROM documents d WHERE d.name_search_vector @@ q.tq AND ($2::bigint[] IS NULL OR d.office_id = ANY($2)))
  AND NOT EXISTS (SELECT FROM file_texts f JOIN documents d ON d.sha256 = f.sha256
                  WHERE f.search_vector @@ q.tq AND ($2::bigint[] IS NULL OR d.office_id = ANY($2)))
ORDER BY t.i`

// UnfoundWords returns the words of search text, as typed, that find
// nothing in offices: no claim's record holds them or a close spelling
// of them, and no mail or document holds them. A search that finds
// nothing names them to the person, to check or leave out.
func (db *DB) UnfoundWords(ctx context.Context, text string, offices Offices) ([]string, error) {
	kept, _ := searchWords(text)
	words, err := db.foldWords(ctx, kept, false)
	if err != nil || len(words) == 0 {
		return nil, err
	}
	unheld, spellings, err := db.unheldSpellings(ctx, withoutStreetTypes(words), offices)
	if err != nil {
		return nil, fmt.Errorf("unfound words: %w", err)
	}
	spelt := map[int]bool{}
	for _, s := range spellings {
		spelt[s.typed] = true
	}
	var look []string
	for i, w := range unheld {
		if !spelt[i] {
			look = append(look, w.typed)
		}
	}
	return db.unfound(ctx, look, offices)
}

// UnfoundBeside returns the words of search text, as typed, that the
// claims found (hits) were found without, and that no mail or document of
// offices holds either: "Pena" of "the Pena home on Maple Avenue", which
// found the claims on Maple alone. A street type typed after a street's
// name is read with it. None when a hit is mail, a document, or a claim
// found by its number: those hold every word typed. Without hits, the
// words nothing holds (UnfoundWords).
func (db *DB) UnfoundBeside(ctx context.Context, text string, hits []SearchHit, offices Offices) ([]string, error) {
	if len(hits) == 0 {
		return db.UnfoundWords(ctx, text, offices)
	}
	held := map[string]bool{}
	for _, h := range hits {
		if h.Kind != SearchKindClaim || len(h.Matched)+len(h.Street)+len(h.Spellings) == 0 {
			return nil, nil
		}
		for _, w := range append(slices.Concat(h.Matched, h.Street), spellingsTyped(h.Spellings)...) {
			held[w] = true
		}
	}
	kept, _ := searchWords(text)
	words, err := db.foldWords(ctx, kept, false)
	if err != nil {
		return nil, fmt.Errorf("unfound words: %w", err)
	}
	var look []string
	for _, w := range withoutStreetTypes(words) {
		if !held[w.typed] && !slices.Contains(look, w.typed) {
			look = append(look, w.typed)
		}
	}
	return db.unfound(ctx, look, offices)
}

// spellingsTyped returns the words typed of spellings.
func spellingsTyped(spellings []Spelling) []string {
	out := make([]string, len(spellings))
	for i, sp := range spellings {
		out[i] = sp.Typed
	}
	return out
}

// unfound returns those of words no mail or document of offices holds.
func (db *DB) unfound(ctx context.Context, words []string, offices Offices) ([]string, error) {
	if len(words) == 0 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, unfoundSQL, words, offices.sqlIDs())
	if err != nil {
		return nil, fmt.Errorf("unfound words: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("unfound words: %w", err)
	}
	return out, nil
}

// withoutStreetTypes returns words without the street types typed after a
// street's name: the name says whether a claim is on that street, whatever
// type its address writes ("Maple Avenue" is 812 Maple St).
func withoutStreetTypes(words []searchWord) []searchWord {
	streets := streetPatterns(words)
	var out []searchWord
	for i, w := range words {
		if !w.street || streets[i] == "" {
			out = append(out, w)
		}
	}
	return out
}
