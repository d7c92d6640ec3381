package storage

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
)

// spellingCandidates is how many of the words nearest by trigrams to a
// word typed are weighed by their letters: a letter swapped near a short
// word's end leaves few trigrams in common ("mapel", "maple"), and words
// sharing only its start come before it.
const spellingCandidates = 100

// Bounds of what a search may have spelt otherwise, whatever is typed or
// pasted: a name and an address have fewer words, and a name fewer
// letters. Each word costs a look-up of spellingCandidates words.
const (
	speltWordsMax   = 10
	speltLettersMax = 30
)

// Spelling is a word of a claims search that a claim's record spells
// otherwise: why a close match was found.
type Spelling struct {
	Typed string // as typed
	Found string // as the record writes it
	// Field is the field of the record holding it: insured, address, job
	// name or company; empty when none is told.
	Field string
}

// CloseClaim is a claim found by close spellings of a search's words.
type CloseClaim struct {
	Claim
	Spellings []Spelling
	// Edits is how many letters differ from what was typed, in all.
	Edits int
}

// spelling is a word of the claims' records close to a word typed.
type spelling struct {
	typed int // the word typed, its index
	word  string
	edits int
}

// CloseClaims returns up to limit of the claims f selects (its order and
// position aside) that f.Query finds when some of its words are spelt
// otherwise, and that ListClaims does not find: the fewest letters
// changed first, then the newest. A word is spelt otherwise when it has
// four letters or more and a word of the claims' records (claim_words:
// the insured, the loss address, the job name, the company) differs from
// it by one letter added, dropped, changed or swapped with the next, two
// for a word of eight letters or more. Numbers are never spelt
// otherwise: a number one digit off is another claim's. A word no claim
// holds, as typed or spelt close, is set aside ("musty" of "Sandavol
// musty" is in the mail about the claim, not in its record). A search of
// more than speltWordsMax words finds none.
func (db *DB) CloseClaims(ctx context.Context, f ClaimFilter, limit int) ([]CloseClaim, error) {
	kept, excluded := searchWords(f.Query)
	if len(kept)+len(excluded) > speltWordsMax {
		return nil, nil
	}
	words, err := db.foldWords(ctx, kept, false)
	if err != nil || len(words) == 0 {
		return nil, err
	}
	spellings, err := db.closeSpellings(ctx, words, f.Offices)
	if err != nil || len(spellings) == 0 {
		return nil, err
	}
	held, err := db.heldClaimWords(ctx, words, f.Offices)
	if err != nil {
		return nil, err
	}
	for _, s := range spellings {
		held[s.typed] = true
	}
	query, args, err := db.closeClaimsSQL(ctx, f, words, held, excluded, spellings, limit)
	if err != nil {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, query, append([]any{customPlan}, f.Offices.planArgs(args...)...)...)
	if err != nil {
		return nil, fmt.Errorf("close claims: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (CloseClaim, error) {
		var (
			c    CloseClaim
			held []int64
		)
		err := r.Scan(claimDest(&c.Claim, &c.Edits, &held)...)
		for _, i := range held {
			s := spellings[i-1]
			found, field := spelt(c.Claim, s.word)
			c.Spellings = append(c.Spellings, Spelling{Typed: words[s.typed].typed, Found: found, Field: field})
		}
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("close claims: %w", err)
	}
	return out, nil
}

// closeSpellings returns the words of the records of offices' claims
// spelt close to words that may be misspelt, each with the edits between
// them. The nearest words are sought among the offices' own: other
// offices' names near the word typed would crowd them out.
func (db *DB) closeSpellings(ctx context.Context, words []searchWord, offices Offices) ([]spelling, error) {
	var typed []string
	var index []int
	for i, w := range words {
		if n := len([]rune(w.parts[0])); len(w.parts) == 1 && !w.street && n >= 4 && n <= speltLettersMax &&
			!strings.ContainsAny(w.parts[0], "0123456789") {
			typed, index = append(typed, w.parts[0]), append(index, i)
		}
	}
	if len(typed) == 0 {
		return nil, nil
	}
	var w conditions
	rows, err := db.pool.Query(ctx, `
		SELECT t.i::int, n.word FROM unnest(`+w.arg(typed)+`::text[]) WITH ORDINALITY AS t (typed, i),
		     LATERAL (SELECT DISTINCT word FROM (
		         SELECT word FROM claim_words WHERE `+offices.condition("office_id", w.arg)+`
		         ORDER BY word <-> t.typed LIMIT `+w.arg(spellingCandidates)+`) k) n`,
		w.args...)
	if err != nil {
		return nil, fmt.Errorf("close spellings of %q: %w", typed, err)
	}
	var (
		out  []spelling
		i    int
		word string
	)
	_, err = pgx.ForEachRow(rows, []any{&i, &word}, func() error {
		w := typed[i-1]
		if d := editDistance(w, word); d > 0 && d <= maxEdits(w) {
			out = append(out, spelling{typed: index[i-1], word: word, edits: d})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("close spellings of %q: %w", typed, err)
	}
	return out, nil
}

// closeClaimsSQL is the query of CloseClaims: the claims f keeps whose
// records hold each word typed that is held (but a street type) or a
// close spelling of it, and one close spelling at least, none excluded,
// and that the search as typed does not find; each with the edits of the
// spellings it holds and their indexes (from 1) in spellings.
func (db *DB) closeClaimsSQL(ctx context.Context, f ClaimFilter, words []searchWord, held []bool, excluded []string,
	spellings []spelling, limit int) (string, []any, error) {
	var w conditions
	exact, err := db.claimSearchCondition(ctx, f.Query, w.arg)
	if err != nil {
		return "", nil, err
	}
	unsearched := f
	unsearched.Query = ""
	if err := db.claimFilterConditions(ctx, &w, unsearched); err != nil {
		return "", nil, err
	}
	terms := make([]string, len(words))
	for i, word := range words {
		terms[i] = "(" + word.term
	}
	alts := make([]string, len(spellings))
	edits := make([]int, len(spellings))
	for i, s := range spellings {
		alts[i], edits[i] = "'"+s.word+"'", s.edits
		terms[s.typed] += " | " + alts[i]
	}
	var required []string
	for i, t := range terms {
		if !words[i].street && held[i] {
			required = append(required, t+")")
		}
	}
	// One close spelling at least: a claim the words as typed find but
	// for a word set aside is no claim spelt otherwise.
	all := "(" + strings.Join(alts, " | ") + ") & " + strings.Join(required, " & ")
	without, err := db.foldedTerms(ctx, excluded, false)
	if err != nil {
		return "", nil, err
	}
	for _, t := range without {
		all += " & !(" + t + ")"
	}
	w.and("c.search_words @@ " + w.arg(all) + "::tsquery")
	w.and("NOT " + exact)
	holds := `unnest(` + w.arg(alts) + `::tsquery[], ` + w.arg(edits) + `::int[]) WITH ORDINALITY AS a (q, edits, i)
			 WHERE c.search_words @@ a.q`
	return `SELECT ` + claimColumns + `, edits, held FROM (
		SELECT c.*, (SELECT coalesce(sum(a.edits), 0)::int FROM ` + holds + `) AS edits,
		       ARRAY(SELECT a.i FROM ` + holds + `) AS held
		FROM claims c ` + w.where() + `) c
		ORDER BY edits, id DESC LIMIT ` + w.arg(limit), w.args, nil
}

// spelt returns how claim c's record writes word (folded as
// claim_words holds it), and the field holding it: the word itself and no
// field when folding tells none.
func spelt(c Claim, word string) (found, field string) {
	for _, f := range []struct{ name, text string }{
		{"insured", c.InsuredName}, {"address", c.LossAddress}, {"job name", c.JobName}, {"company", c.Company},
	} {
		for _, t := range strings.FieldsFunc(f.text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) }) {
			if classify.Fold(t) == word {
				return t, f.name
			}
		}
	}
	return word, ""
}

// maxEdits is how many letters a word may differ by from a word spelt
// close to it.
func maxEdits(w string) int {
	if len([]rune(w)) >= 8 {
		return 2
	}
	return 1
}

// editDistance is the letters added, dropped, changed or swapped with the
// next that make a of b (optimal string alignment distance).
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	rows := make([][]int, len(s)+1)
	for i := range rows {
		rows[i] = make([]int, len(t)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(s)][len(t)]
}
