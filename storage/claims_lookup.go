package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
)

// ClaimsByNumber returns the claims of office whose normalized job,
// carrier claim, policy or adjuster's file number is norm, in one round
// trip: the classifier asks all four of every number it reads. Another
// office's claim of the same number is not among them.
func (db *DB) ClaimsByNumber(ctx context.Context, office int64, norm string) (byJob, byClaim, byPolicy, byFile []Claim, err error) {
	rows, err := db.pool.Query(ctx, `
		SELECT 'j', `+claimColumns+` FROM claims WHERE job_number_norm = $1 AND office_id = $2
		UNION ALL
		SELECT 'c', `+claimColumns+` FROM claims WHERE claim_number_norm = $1 AND office_id = $2
		UNION ALL
		SELECT 'p', `+claimColumns+` FROM claims WHERE $1 <> '' AND policy_number_norm = $1 AND office_id = $2
		UNION ALL
		SELECT 'f', `+claimColumns+` FROM claims
		WHERE $1 <> '' AND adjuster_file_number_norm = $1 AND office_id = $2`, norm, office)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("claims by number %q: %w", norm, err)
	}
	defer rows.Close()
	for rows.Next() {
		tag, c, err := scanTaggedClaim(rows)
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("claims by number %q: %w", norm, err)
		}
		switch tag {
		case "j":
			byJob = append(byJob, c)
		case "c":
			byClaim = append(byClaim, c)
		case "f":
			byFile = append(byFile, c)
		default:
			byPolicy = append(byPolicy, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("claims by number %q: %w", norm, err)
	}
	return byJob, byClaim, byPolicy, byFile, nil
}

// scanTaggedClaim reads a claim row behind one tag column.
func scanTaggedClaim(row pgx.Row) (string, Claim, error) {
	var tag string
	var c Claim
	err := row.Scan(append([]any{&tag}, claimDest(&c)...)...)
	if c.DateOfLoss.Year() == 1 {
		c.DateOfLoss = time.Time{}
	}
	return tag, c, err
}

// ClaimLookups are the answers to every claim lookup the classifier makes
// for one message, read at once (ClaimLookupsOf), as the classifier sees
// claims.
type ClaimLookups struct {
	Open []classify.Claim // the office's open claims, by id
	// ByJob, ByClaim, ByPolicy and ByFile hold, for each number asked, the
	// claims whose normalized job, carrier claim, policy or adjuster's file
	// number it is; a number no claim has is missing.
	ByJob, ByClaim, ByPolicy, ByFile map[string][]classify.Claim
	// ByThread holds, for each Message-ID asked, the claims of the
	// messages with it; an ID no claim's message has is missing.
	ByThread map[string][]classify.Claim
}

// lookupColumns are the columns of a claim the classifier reads, in the
// order of lookupFields.
const lookupColumns = `id, job_number, claim_number, policy_number, carrier, insured_name, loss_address,
	adjuster_name, adjuster_email, status = 'open', coalesce(adjuster_file_number, '')`

// lookupFields are the fields of c that lookupColumns are scanned into.
func lookupFields(c *classify.Claim) []any {
	return []any{&c.ID, &c.JobNumber, &c.ClaimNumber, &c.PolicyNumber, &c.Carrier, &c.InsuredName,
		&c.LossAddress, &c.AdjusterName, &c.AdjusterEmail, &c.Open, &c.FileNumber}
}

// ClaimLookupsOf answers, in one round trip, what ClaimsByNumber asks of
// each of numbers, what ClaimsByThread asks of each of threadIDs alone, and
// OpenClaims (when open), for office. The Message-IDs are read behind a sub-select,
// so that Postgres plans a thread's few as it plans one and keeps one plan
// rather than planning each call for its Message-IDs; that they are not
// empty (none is) lets the plan use the index of Message-IDs.
func (db *DB) ClaimLookupsOf(ctx context.Context, office int64, numbers, threadIDs []string, open bool) (ClaimLookups, error) {
	l := ClaimLookups{Open: []classify.Claim{}, ByJob: map[string][]classify.Claim{}, ByClaim: map[string][]classify.Claim{},
		ByPolicy: map[string][]classify.Claim{}, ByFile: map[string][]classify.Claim{}, ByThread: map[string][]classify.Claim{}}
	b := &pgx.Batch{}
	if open {
		b.Queue(`SELECT 'o', '', `+lookupColumns+` FROM claims WHERE status = 'open' AND office_id = $1 ORDER BY id`, office).
			Fn = l.collect
	}
	if len(numbers) > 0 {
		b.Queue(`
			SELECT 'j', job_number_norm, `+lookupColumns+` FROM claims WHERE job_number_norm = ANY($1) AND office_id = $2
			UNION ALL
			SELECT 'c', claim_number_norm, `+lookupColumns+` FROM claims WHERE claim_number_norm = ANY($1) AND office_id = $2
			UNION ALL
			SELECT 'p', policy_number_norm, `+lookupColumns+` FROM claims
			WHERE policy_number_norm = ANY($1) AND policy_number_norm <> '' AND office_id = $2
			UNION ALL
			SELECT 'f', adjuster_file_number_norm, `+lookupColumns+` FROM claims
			WHERE adjuster_file_number_norm = ANY($1) AND adjuster_file_number_norm <> '' AND office_id = $2
			ORDER BY 1, 2, 3`, numbers, office).Fn = l.collect
	}
	if len(threadIDs) > 0 {
		b.Queue(`
			SELECT 't', t.mid, `+lookupColumns+` FROM claims
			JOIN (SELECT DISTINCT message_id AS mid, claim_id AS cid FROM messages
			      WHERE message_id = ANY((SELECT $1::text[])::text[]) AND message_id <> '' AND claim_id IS NOT NULL) t
			ON claims.id = t.cid
			WHERE office_id = $2
			ORDER BY 2, 3`, threadIDs, office).Fn = l.collect
	}
	if b.Len() == 0 {
		return l, nil
	}
	if err := db.pool.SendBatch(ctx, b).Close(); err != nil {
		return ClaimLookups{}, fmt.Errorf("claim lookups: %w", err)
	}
	return l, nil
}

// collect reads claims, each behind the kind of lookup that found it
// (o: open, j, c, p, f: by job, claim, policy or file number, t: by
// thread) and the
// number or Message-ID it was found by.
func (l *ClaimLookups) collect(br pgx.BatchResults) error {
	rows, err := br.Query()
	if err != nil {
		return err
	}
	defer rows.Close()
	byKind := map[string]map[string][]classify.Claim{"j": l.ByJob, "c": l.ByClaim, "p": l.ByPolicy, "f": l.ByFile,
		"t": l.ByThread}
	for rows.Next() {
		var kind, key string
		var c classify.Claim
		if err := rows.Scan(append([]any{&kind, &key}, lookupFields(&c)...)...); err != nil {
			return err
		}
		if kind == "o" {
			l.Open = append(l.Open, c)
			continue
		}
		byKind[kind][key] = append(byKind[kind][key], c)
	}
	return rows.Err()
}
