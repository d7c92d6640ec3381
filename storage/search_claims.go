package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
)

// claimWordLimit is how many claims' records may hold a word of a search
// for it to find them: a word more hold ("avenue", a city, the year of
// the job numbers) tells no claim apart, and would list them all ahead of
// the mail.
const claimWordLimit = 100

// claimSearchTerms returns the words of a search that a claim's record may
// hold ("the Pena home on Maple Avenue" names the insured and the street),
// each as a tsquery of the ways the record may write it. Words are folded
// as the index folds them (claimdesk_fold_words); a word no record holds
// ("home", "the") keeps no claim out (see searchSQL). A street word is any
// of its spellings ("Avenue" is also "Ave"); a word written with dashes or
// quotes is its parts joined ("555-0144" is the end of a phone number)
// or, when it is no number, its parts ("O'Brien" is "o brien"), without a
// possessive's "s"; the last word is also the start of a longer one, as
// far as it was typed.
// The words the search excludes ("-Maria") are returned apart, as
// without: a claim whose record holds one is not found. The search's "or"
// is not looked for.
func (db *DB) claimSearchTerms(ctx context.Context, text string) (terms, without []string, err error) {
	var kept, excluded []string
	for _, f := range strings.Fields(text) {
		switch {
		case strings.HasPrefix(f, "-"):
			excluded = append(excluded, f[1:])
		case !strings.EqualFold(f, "or"):
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return nil, nil, nil
	}
	if terms, err = db.foldedTerms(ctx, kept, true); err != nil {
		return nil, nil, err
	}
	if without, err = db.foldedTerms(ctx, excluded, false); err != nil {
		return nil, nil, err
	}
	return terms, without, nil
}

// foldedTerms returns the claimTerm of each of words, folded; typing is
// set when the last is being typed.
func (db *DB) foldedTerms(ctx context.Context, words []string, typing bool) ([]string, error) {
	if len(words) == 0 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `
		SELECT f.words FROM unnest($1::text[]) WITH ORDINALITY AS t (word, i),
		     LATERAL (SELECT claimdesk_fold_words(t.word) AS words) f
		WHERE cardinality(f.words) > 0
		ORDER BY t.i`, words)
	if err != nil {
		return nil, fmt.Errorf("search: words of %q: %w", words, err)
	}
	folded, err := pgx.CollectRows(rows, pgx.RowTo[[]string])
	if err != nil {
		return nil, fmt.Errorf("search: words of %q: %w", words, err)
	}
	terms := make([]string, 0, len(folded))
	seen := map[string]bool{}
	for i, parts := range folded {
		t := claimTerm(parts, typing && i == len(folded)-1)
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	return terms, nil
}

// claimTerm is the tsquery of one word of a search, folded into parts
// (letters and digits only, so quoting them is safe); last is the word
// being typed.
func claimTerm(parts []string, last bool) string {
	quoted := func(w string) string { return "'" + w + "'" }
	if len(parts) > 1 && parts[len(parts)-1] == "s" {
		parts = parts[:len(parts)-1] // "Smith's"
	}
	joined := strings.Join(parts, "")
	if len(parts) > 1 && strings.ContainsAny(joined, "0123456789") {
		// A number: records hold their numbers and phones joined too, and
		// its parts ("26" of every job number) would read every claim.
		return quoted(joined)
	}
	if len(parts) > 1 {
		all := make([]string, len(parts))
		for i, p := range parts {
			all[i] = quoted(p)
		}
		return quoted(joined) + " | (" + strings.Join(all, " & ") + ")"
	}
	w := parts[0]
	spellings := classify.StreetSpellings(w)
	if last && len(spellings) == 1 && len(w) >= 3 && !strings.ContainsAny(w, "0123456789") {
		return quoted(w) + ":*"
	}
	alts := make([]string, len(spellings))
	for i, s := range spellings {
		alts[i] = quoted(s)
	}
	return strings.Join(alts, " | ")
}
