package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// ForgetClaimStamps forgets, within tx, the stamped copies of claim id's
// documents and returns those documents' ids, for each to be stamped again
// from its original: a stamp shows the claim's job number, which changed.
// Until then a document has no stamped copy to offer, rather than one with
// the old job number. Documents that could not be stamped keep their
// reason, which is about the file.
func ForgetClaimStamps(ctx context.Context, tx pgx.Tx, id int64) ([]int64, error) {
	ids, err := queryAll(ctx, tx, pgx.RowTo[int64], `
		UPDATE documents SET stamped_sha256 = NULL
		WHERE claim_id = $1 AND stamped_sha256 IS NOT NULL
		RETURNING id`, id)
	if err != nil {
		return nil, fmt.Errorf("forget the stamped copies of claim %d: %w", id, err)
	}
	return ids, nil
}

// LockClaimJobNumber returns claim id's job number and keeps others from
// changing the claim until tx ends; ErrNotFound when there is none.
func LockClaimJobNumber(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	var job string
	err := tx.QueryRow(ctx, `SELECT job_number FROM claims WHERE id = $1 FOR UPDATE`, id).Scan(&job)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("claim %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("lock claim %d: %w", id, err)
	}
	return job, nil
}

// UnstampedDocuments returns, within tx, at most limit documents of the
// given types after document id after, in id order, that have neither a
// stamped copy nor a stamp error, and no stamp job waiting or running:
// those filed before documents like them were stamped.
func UnstampedDocuments(ctx context.Context, tx pgx.Tx, types []string, after int64, limit int) ([]Document, error) {
	docs, err := collectDocuments(tx.Query(ctx, documentSelect+`
		WHERE d.id > $1 AND d.doc_type = ANY($2) AND d.stamped_sha256 IS NULL AND d.stamp_error = ''
		  AND NOT EXISTS (SELECT FROM river_job j WHERE j.kind = 'stamp_document'
		                  AND j.args @> jsonb_build_object('document_id', d.id)
		                  AND j.state IN ('available', 'pending', 'retryable', 'running', 'scheduled'))
		ORDER BY d.id LIMIT $3`, after, types, limit))
	if err != nil {
		return nil, fmt.Errorf("unstamped documents after %d: %w", after, err)
	}
	return docs, nil
}

// RetryOutgrownStamps forgets, within tx, the stamp errors that a process
// with all of abilities and a stamping limit of maxBytes may now get past,
// and returns the ids of their documents, in id order, each to be stamped
// again: as many as the jobs of queue waiting or running fall short of
// most, none when they do not. Those are the errors of outgrown kinds
// (StampUnsupported, StampNoProgram) that no process with all of
// abilities has met, and those of files refused for their size over a
// smaller limit than maxBytes takes (OverLimit). Until stamped again each
// has no stamp error, as a document being stamped has none, but keeps its
// kind: a server of the version before kinds, which records a sentence
// alone, may run the stamp and fail, and it is tried again. A document
// keeps the abilities of each process that met its error (RecordStamp adds
// them), so that wherever the stamps queued run, a process that met the
// error itself never tries it again, and two processes that each lack what
// the other has do not try it again in turn for ever. (The outgrown kinds
// are written out in the query, as the partial index that finds them is.)
func RetryOutgrownStamps(ctx context.Context, tx pgx.Tx, abilities []string, maxBytes int64, queue string, most int) ([]int64, error) {
	ids, err := queryAll(ctx, tx, pgx.RowTo[int64], `
		UPDATE documents SET stamp_error = ''
		WHERE id IN (
			SELECT id FROM documents d
			WHERE (stamp_error_kind IN ('unsupported', 'no_program') AND stamp_error <> ''
			       AND NOT EXISTS (SELECT FROM unnest(d.stamp_error_abilities) AS met (abilities)
			                       WHERE string_to_array(met.abilities, ' ') @> $1))
			   OR (stamp_error_over_limit AND size <= $4 AND stamp_error <> '')
			ORDER BY id
			LIMIT greatest($3 - (SELECT count(*) FROM river_job WHERE queue = $2
			                     AND state IN ('available', 'pending', 'retryable', 'running', 'scheduled')), 0)
			FOR UPDATE SKIP LOCKED)
		RETURNING id`, pgTexts(abilities), queue, most, maxBytes)
	if err != nil {
		return nil, fmt.Errorf("retry outgrown stamp errors: %w", err)
	}
	slices.Sort(ids)
	return ids, nil
}
