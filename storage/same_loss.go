package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/claimdesk/claimdesk/classify"
)

// OpenClaimsLike returns the open claims of office that look like the
// loss of insured at address (classify.SameLoss), oldest first: the job a
// homeowner phones about is most often one the office already has.
func (db *DB) OpenClaimsLike(ctx context.Context, office int64, insured, address string) ([]Claim, error) {
	// Only a claim whose record holds a word of the insured's name, or the
	// house number, can be alike: the search words find those, folded as
	// searches fold them.
	words := strings.Fields(insured)
	if f := strings.Fields(address); len(f) > 0 && f[0][0] >= '0' && f[0][0] <= '9' {
		words = append(words, f[0])
	}
	terms, err := db.foldedTerms(ctx, words, false)
	if err != nil || len(terms) == 0 {
		return nil, err
	}
	claims, err := collectClaims(db.pool.Query(ctx, `SELECT `+claimColumns+` FROM claims
		WHERE office_id = $1 AND status = 'open' AND search_words @@ $2::tsquery ORDER BY id`,
		office, "("+strings.Join(terms, ") | (")+")"))
	if err != nil {
		return nil, fmt.Errorf("open claims like %q at %q: %w", insured, address, err)
	}
	loss := classify.Loss{Insured: insured, Address: address}
	return slices.DeleteFunc(claims, func(c Claim) bool {
		return !classify.SameLoss(loss, classify.Loss{Insured: c.InsuredName, Address: c.LossAddress})
	}), nil
}
