package storage

import (
	"context"
	"fmt"
	"slices"
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
// possessive's "s"; a phone number written in pieces ("(763) 555-0144")
// is one word; the last word is also the start of a longer one, as far as
// it was typed. A street type ("Avenue") tells no claim apart: it is
// looked for along with other words only (see telling).
// The words the search excludes ("-Maria") are returned apart, as
// without: a claim whose record holds one is not found. The search's "or"
// is not looked for.
func (db *DB) claimSearchTerms(ctx context.Context, text string) (words []searchWord, without []string, err error) {
	kept, excluded := searchWords(text)
	if len(kept) == 0 {
		return nil, nil, nil
	}
	if words, err = db.foldWords(ctx, kept, true); err != nil {
		return nil, nil, err
	}
	if without, err = db.foldedTerms(ctx, excluded, false); err != nil {
		return nil, nil, err
	}
	return words, without, nil
}

// telling returns the terms of words that tell claims apart, once each:
// all but the street types. "Maple Avenue" is the claims on Maple,
// whatever their street's type; "Avenue" alone finds no claim.
func telling(words []searchWord) []string {
	var terms []string
	for _, w := range words {
		if !w.street && !slices.Contains(terms, w.term) {
			terms = append(terms, w.term)
		}
	}
	return terms
}

// termsOf returns the term of each of words, in order.
func termsOf(words []searchWord) []string {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = w.term
	}
	return terms
}

// searchWords splits a search into the words looked for and those
// excluded ("-Maria"), leaving out its "or"s.
func searchWords(text string) (kept, excluded []string) {
	for _, f := range joinPhoneNumbers(strings.Fields(text)) {
		switch {
		case strings.HasPrefix(f, "-"):
			excluded = append(excluded, f[1:])
		case !strings.EqualFold(f, "or"):
			kept = append(kept, f)
		}
	}
	return kept, excluded
}

// phoneShapes are the groups of digits of a phone number, with or without
// its country code, or its last seven digits.
var phoneShapes = [][]int{{1, 3, 3, 4}, {3, 3, 4}, {3, 4}}

// joinPhoneNumbers returns fields with the pieces of each phone number
// written with spaces ("(763)", "555-0147") joined into one field: a
// record holds a phone's digits together, never its area code alone.
func joinPhoneNumbers(fields []string) []string {
	out := make([]string, 0, len(fields))
	for i := 0; i < len(fields); {
		n := max(1, phonePieces(fields[i:]))
		out = append(out, strings.Join(fields[i:i+n], " "))
		i += n
	}
	return out
}

// phonePieces returns how many of the first fields write a phone number;
// 0 when they start none.
func phonePieces(fields []string) int {
	var groups []int
	for n, f := range fields {
		if strings.Trim(f, "0123456789()+-.") != "" || n == 0 && strings.HasPrefix(f, "-") {
			return 0
		}
		for _, g := range strings.FieldsFunc(f, func(r rune) bool { return r < '0' || r > '9' }) {
			groups = append(groups, len(g))
		}
		for _, shape := range phoneShapes {
			if slices.Equal(groups, shape) {
				return n + 1
			}
		}
		if len(groups) >= 4 {
			return 0
		}
	}
	return 0
}

// searchWord is a word of a search, as typed, its folded parts, and the
// tsquery of the ways a claim's record may hold it (claimTerm); street
// says it is a street type, prefix that it is also the start of a longer
// word (the last, being typed).
type searchWord struct {
	typed, term    string
	parts          []string
	street, prefix bool
}

// foldedTerms returns the claimTerm of each of words, folded, once each;
// typing is set when the last is being typed.
func (db *DB) foldedTerms(ctx context.Context, words []string, typing bool) ([]string, error) {
	folded, err := db.foldWords(ctx, words, typing)
	if err != nil {
		return nil, err
	}
	terms := make([]string, 0, len(folded))
	for _, w := range folded {
		if !slices.Contains(terms, w.term) {
			terms = append(terms, w.term)
		}
	}
	return terms, nil
}

// foldWords returns each of words with its claimTerm, leaving out those
// without a letter or digit; typing is set when the last is being typed.
func (db *DB) foldWords(ctx context.Context, words []string, typing bool) ([]searchWord, error) {
	if len(words) == 0 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `
		SELECT t.word, f.words FROM unnest($1::text[]) WITH ORDINALITY AS t (word, i),
		     LATERAL (SELECT claimdesk_fold_words(t.word) AS words) f
		WHERE cardinality(f.words) > 0
		ORDER BY t.i`, words)
	if err != nil {
		return nil, fmt.Errorf("search: words of %q: %w", words, err)
	}
	type folded struct {
		Word  string
		Parts []string
	}
	fs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[folded])
	if err != nil {
		return nil, fmt.Errorf("search: words of %q: %w", words, err)
	}
	out := make([]searchWord, len(fs))
	for i, f := range fs {
		last := typing && i == len(fs)-1
		out[i] = searchWord{typed: f.Word, term: claimTerm(f.Parts, last), parts: f.Parts,
			street: len(f.Parts) == 1 && classify.IsStreetType(f.Parts[0])}
		out[i].prefix = strings.HasSuffix(out[i].term, ":*")
	}
	return out, nil
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
	if isDigits(joined) {
		// A number: records hold their numbers and phones joined too, and
		// its parts ("26" of every job number) would read every claim.
		return numberTerm(joined)
	}
	if len(parts) > 1 && strings.ContainsAny(joined, "0123456789") {
		return quoted(joined) // a number with letters: "26-1042-WTR"
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

// numberTerm is the tsquery of a number: a phone number of ten digits is
// also written with its country code, one of eleven also without it.
func numberTerm(n string) string {
	switch {
	case len(n) == 10:
		return "'" + n + "' | '1" + n + "'"
	case len(n) == 11 && n[0] == '1':
		return "'" + n + "' | '" + n[1:] + "'"
	}
	return "'" + n + "'"
}

// isDigits reports whether s is digits only, at least one.
func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
