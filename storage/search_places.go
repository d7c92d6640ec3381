package storage

import (
	"slices"
	"strings"

	"github.com/claimdesk/claimdesk/classify"
)

// claimPlaces is the lateral subquery pl of where claim c's record holds
// the words typed ($22, their terms), as indexes (from 1): held, those it
// holds; town, those it holds only in its town (its loss address but for
// its street, streetPart: the town, state and ZIP, which many claims share);
// street, the words that name its street, a name and the street type
// typed after it, whatever type the address writes ($24, streetPatterns).
// Its street's words are those of the record (claims.search_words, made
// by the same function, claimdesk_record_words) but for the town.
const claimPlaces = `LATERAL (
    SELECT ARRAY(SELECT w.i FROM unnest($22::text[]) WITH ORDINALITY AS w (term, i)
                 WHERE c.search_words @@ w.term::tsquery) AS held,
           ARRAY(SELECT w.i FROM unnest($22::text[]) WITH ORDINALITY AS w (term, i)
                 WHERE c.search_words @@ w.term::tsquery AND NOT s.words @@ w.term::tsquery) AS town,
           ARRAY(SELECT p.i FROM unnest($24::text[]) WITH ORDINALITY AS p (pattern, i)
                 WHERE p.pattern <> '' AND s.street ~ p.pattern) AS street
    FROM (SELECT claimdesk_record_words(c.job_number, c.claim_number, c.policy_number, c.insured_name,
                                        a.street, c.job_name, c.company, c.insured_phone,
                                        c.adjuster_file_number) AS words,
                 array_to_string(claimdesk_fold_words(a.street), ' ') AS street
          FROM (SELECT ` + streetPart + ` AS street) a) s
) pl`

// streetPart is the street of claim c's loss address: what comes before
// its first comma when that holds a number ("812 Maple St, Plano, TX"),
// none when it does not: an address known by its town alone ("Maple
// Grove, MN") names no street, though Grove is a street type.
const streetPart = `CASE WHEN split_part(c.loss_address, ',', 1) ~ '[0-9]' THEN split_part(c.loss_address, ',', 1) ELSE '' END`

// wordRank is the rank of a claim found by the words of its record, from
// its places (claimPlaces): above the parts of numbers (partRank), below
// a number typed whole (2). A word counts twice where it names the claim
// (its insured, its street, its numbers) and once where only its town
// holds it, so that "Maple St" puts 812 Maple St above a claim in Maple
// Grove; a street type ($25, their indexes) counts only where it names the
// claim's street with the name typed before it.
const wordRank = `(1 + (SELECT 2 * count(*) FILTER (WHERE NOT u.i = ANY(pl.town) OR u.i = ANY(pl.street))
                       + count(*) FILTER (WHERE u.i = ANY(pl.town) AND NOT u.i = ANY(pl.street))
                FROM (SELECT unnest(pl.held) UNION SELECT unnest(pl.street)) u (i)
                WHERE NOT u.i = ANY($25::bigint[]) OR u.i = ANY(pl.street))::real
          / (2 * cardinality($22::text[]) + 1))::real`

// streetPatterns returns, for each of words, the pattern of the street
// part of a loss address (folded, words joined by spaces) that a name and
// the street type typed after it name ("Maple Avenue" is 812 Maple St);
// empty for other words.
func streetPatterns(words []searchWord) []string {
	out := make([]string, len(words))
	for i := 1; i < len(words); i++ {
		if p := streetNamePattern(words[i-1], words[i]); p != "" {
			out[i-1], out[i] = p, p
		}
	}
	return out
}

// streetNamePattern is the pattern of name followed by any street type,
// when typ is a street type and name a word that may name a street; empty
// otherwise.
func streetNamePattern(name, typ searchWord) string {
	if !typ.street || name.street || len(name.parts) != 1 || isDigits(name.parts[0]) {
		return ""
	}
	return `(^| )` + name.parts[0] + ` (` + strings.Join(classify.StreetTypes(), "|") + `)( |$)`
}

// streetTypes returns the indexes (from 1) of the street types of words.
func streetTypes(words []searchWord) []int64 {
	out := []int64{}
	for i, w := range words {
		if w.street {
			out = append(out, int64(i+1))
		}
	}
	return out
}

// placeWords sets h's Matched, Street and TownOnly from the indexes
// (from 1) of words its record holds, that name its street, and that it
// holds only in its town (claimPlaces), in the order typed, once each; it
// returns the words of Matched, which its snippet marks.
func (h *SearchHit) placeWords(words []searchWord, held, town, streets []int64) []searchWord {
	var matched []searchWord
	for i, w := range words {
		at := int64(i + 1)
		if slices.Contains(streets, at) && !slices.Contains(h.Street, w.typed) {
			h.Street = append(h.Street, w.typed)
		}
		if !slices.Contains(held, at) || slices.Contains(h.Matched, w.typed) {
			continue
		}
		matched, h.Matched = append(matched, w), append(h.Matched, w.typed)
		if slices.Contains(town, at) && !slices.Contains(streets, at) {
			h.TownOnly = append(h.TownOnly, w.typed)
		}
	}
	return matched
}
