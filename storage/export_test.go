package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// PoolOf is db's own pool, for storage's tests: their fixtures and checks
// in SQL, and what the pool itself is set to.
func PoolOf(db *DB) *pgxpool.Pool { return db.pool }

// FileDocumentOnce is the first attempt of filing d, alone: the one
// statement that links the claim's copy, or inserts d at its plain name
// or the first free one. done is false when a concurrent filing took the
// name picked, or inserted the same file, meanwhile.
func FileDocumentOnce(ctx context.Context, tx pgx.Tx, d NewDocument, loc *time.Location) (_ Document, done, created bool, err error) {
	doc, base := firstCandidate(d, loc)
	return fileDocumentAt(ctx, tx, d, doc, base)
}

// CountWaitingSQL is the query AckQueue counts with.
var CountWaitingSQL = countWaitingSQL

// CountTriageSQL is the query CountTriage runs.
const CountTriageSQL = countTriageSQL

// CountIncompleteClaimsSQL is the query CountIncompleteClaims runs.
func CountIncompleteClaimsSQL(offices Offices, required []string) (string, []any) {
	return countIncompleteClaimsSQL(offices, required)
}

// ClaimsMissingUpdateSQL is the query ClaimsMissingUpdate runs.
var ClaimsMissingUpdateSQL = claimsMissingUpdateSQL

// ClaimsOwingNoUpdateSQL is the query ClaimsOwingNoUpdate runs.
var ClaimsOwingNoUpdateSQL = claimsOwingNoUpdateSQL

// CountShowingAlertsSQL is the query ClaimAlertsAt counts the alerts with;
// its arguments are the instant, the offices' ids (nil: all) and the
// coordinator's address (nil: every claim's).
var CountShowingAlertsSQL = countShowingAlertsSQL

// ClaimsByFirstDeadlineSQL is the query ClaimAlertsByClaimAt runs; its
// arguments are the instant, the limit, the offices' ids (nil: all) and
// the coordinator's address (nil: every claim's).
var ClaimsByFirstDeadlineSQL = claimsByFirstDeadlineSQL

// MessagesAwaitingSQL is the statement MessagesAwaiting runs for a
// Message-ID ($2) and numbers ($3) in office $1.
var MessagesAwaitingSQL = fmt.Sprintf(awaitingReplySQL, 2) + " UNION " + fmt.Sprintf(awaitingNumberSQL, 3)

// ProcessedRowSQL is the update of a message's row QueueProcessed queues.
const ProcessedRowSQL = processedRowSQL

// FilingPartsSQL is the look-up of a message's attachments FilingParts and
// LockFilingState run.
const FilingPartsSQL = filingPartsSQL

// TriageSettledSQL is the statement TriageSettled runs after its lock.
const TriageSettledSQL = triageSettledSQL

// LinkReportsOfSQL is LinkReportsOf's statement; UndeliveredCountSQL the
// count of the board's undelivered mail; ReportsOutsideClaimSQL
// ReportsOutsideClaim's.
var (
	LinkReportsOfSQL       = linkReportsOfSQL
	UndeliveredCountSQL    = `SELECT count(*)` + undeliveredFrom + undeliveredWhere
	ReportsOutsideClaimSQL = reportsOutsideClaimSQL
)

// ListMessagesSQL is the query ListMessages runs for f, and its arguments.
func ListMessagesSQL(f MessageFilter) (string, []any) { return listMessagesSQL(f) }

// ClaimSendersSQL is the query ClaimSenders runs: $1 the claim, $2 the
// office's domain, $3 the addresses skipped, $4 the limit.
var ClaimSendersSQL = claimSendersSQL

// ListClaimsSQL is the query ListClaims runs for f, and its arguments.
func ListClaimsSQL(ctx context.Context, db *DB, f ClaimFilter) (string, []any, error) {
	return db.listClaimsSQL(ctx, f)
}

// DeriveAlertFirsts replaces claim_alert_firsts with what claim_alerts
// make of it, as storing a claim's alerts does: for fixtures that insert
// alerts directly.
func DeriveAlertFirsts(ctx context.Context, db *DB) error {
	return db.InTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT claim_id, office_id, shows_from, shows_until, due_at FROM claim_alerts ORDER BY claim_id`)
		if err != nil {
			return err
		}
		byClaim := map[[2]int64][]alertStretch{}
		var order [][2]int64
		for rows.Next() {
			var key [2]int64
			var from, until, due pgtype.Timestamptz
			if err := rows.Scan(&key[0], &key[1], &from, &until, &due); err != nil {
				return err
			}
			if byClaim[key] == nil {
				order = append(order, key)
			}
			byClaim[key] = append(byClaim[key], alertStretch{from: finite(from), until: finite(until), due: finite(due)})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		var firsts firstDeadlineRows
		for _, key := range order {
			firsts.add(key[0], key[1], firstDeadlines(byClaim[key]))
		}
		if _, err := tx.Exec(ctx, `DELETE FROM claim_alert_firsts`); err != nil {
			return err
		}
		return firsts.insert(ctx, tx)
	})
}

// finite is t as alertStretch keeps it: nil for a missing or infinite time.
func finite(t pgtype.Timestamptz) *time.Time {
	if !t.Valid || t.InfinityModifier != pgtype.Finite {
		return nil
	}
	return &t.Time
}

// TriageSQL is the query TriageMessages runs.
var TriageSQL = triageSQL
