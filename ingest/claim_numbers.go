package ingest

import (
	"context"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// claimNumbers are the numbers mail may name claim c by, normalized as
// classification records the numbers it found no claim for.
func claimNumbers(c storage.Claim) []string {
	var numbers []string
	for _, n := range []string{c.JobNumber, c.ClaimNumber, c.PolicyNumber, c.AdjusterFileNumber} {
		if n = classify.Normalize(n); n != "" {
			numbers = append(numbers, n)
		}
	}
	return numbers
}

// numbersPerLookup bounds the numbers one look for mail naming them asks
// of the triage index: a few milliseconds each.
const numbersPerLookup = 1000

// RematchNaming queues, within tx, the matching again of the mail in
// triage that names a number of one of claims, a number no claim had when
// the mail was classified. The pipeline does this for the claims it makes
// (Processor.rematchWaiting); a claim a person makes or renumbers (the
// new-claim form, the API, a claims import) settles that mail the same
// way. The look holds each office's triage lock shared until tx ends, so
// mail put in triage meanwhile finds the claims once they commit (see
// storage.MessagesAwaiting).
func (q *Queue) RematchNaming(ctx context.Context, tx pgx.Tx, claims []storage.Claim) error {
	byOffice := make(map[int64][]string)
	for _, c := range claims {
		byOffice[c.OfficeID] = append(byOffice[c.OfficeID], claimNumbers(c)...)
	}
	var waiting []int64
	// Offices in one order: two imports lock the same offices alike.
	for _, office := range slices.Sorted(maps.Keys(byOffice)) {
		numbers := slices.Compact(slices.Sorted(slices.Values(byOffice[office])))
		// In chunks: the index lookup's cost grows faster than the
		// array it is given (a large import names many thousands).
		for chunk := range slices.Chunk(numbers, numbersPerLookup) {
			ids, err := storage.MessagesAwaiting(ctx, tx, office, "", chunk)
			if err != nil {
				return err
			}
			waiting = append(waiting, ids...)
		}
	}
	if len(waiting) == 0 {
		return nil
	}
	return insertRematches(ctx, q.client, tx, waiting, 0)
}
