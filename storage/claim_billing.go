package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/claimdesk/claimdesk/sla"
)

// ClaimBilling is where an open claim's billing packet stands while it is
// incomplete: its deadline, from when it is at risk of missing it, and
// what it lacks.
type ClaimBilling struct {
	// WarnAt is when the packet shows as due soon: from then the claim is
	// at risk of missing billing.
	WarnAt, Due time.Time
	// Missing are the documents the packet lacks, signed forms on file not
	// yet verified included; Unverified are those forms.
	Missing, Unverified []sla.DocType
	// Waiting are the documents it lacks that are not owed yet (the COS
	// while the equipment is on the job): not among Missing, nobody is
	// asked for them.
	Waiting []sla.DocType
	// ToConfirm counts the equipment read from mail that nobody confirmed
	// or dismissed yet: until someone does, the log leaves it out, and the
	// invoice would bill none of its days.
	ToConfirm int
}

// AtRisk reports whether the packet, incomplete, is past its warning at
// now.
func (b ClaimBilling) AtRisk(now time.Time) bool { return !now.Before(b.WarnAt) }

// BillingOfClaims returns, by claim, where the billing packets of those of
// the claims ids that are open with an incomplete packet stand at now, as
// the last refresh of their alerts worked them out (claim_billing).
func (db *DB) BillingOfClaims(ctx context.Context, ids []int64, now time.Time) (map[int64]ClaimBilling, error) {
	out := map[int64]ClaimBilling{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `
		SELECT b.claim_id, b.warn_at, b.due_at, b.missing, b.unverified, b.waiting,
		       (SELECT count(*) FROM equipment_proposals p WHERE p.claim_id = b.claim_id AND p.status = 'proposed')::int
		FROM claim_billing b
		WHERE b.claim_id = ANY($1) AND b.shows_from <= $2 AND b.shows_until > $2`, ids, now)
	if err != nil {
		return nil, fmt.Errorf("billing of claims: %w", err)
	}
	var (
		id                  int64
		b                   ClaimBilling
		missing, unverified []string
		waiting             []string
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &b.WarnAt, &b.Due, &missing, &unverified, &waiting, &b.ToConfirm}, func() error {
		b.Missing, b.Unverified, b.Waiting = docTypes(missing), docTypes(unverified), docTypes(waiting)
		out[id] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("billing of claims: %w", err)
	}
	return out, nil
}

func docTypes(ss []string) []sla.DocType {
	out := make([]sla.DocType, len(ss))
	for i, s := range ss {
		out[i] = sla.DocType(s)
	}
	return out
}

func docTypeStrings(ts []sla.DocType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

// billingRows are claims' billing stretches as claim_billing keeps them,
// column by column.
type billingRows struct {
	claims, offices     []int64
	froms, untils       []pgtype.Timestamptz
	warns, dues         []time.Time
	missing, unverified [][]string
	waiting             [][]string
}

// add keeps the billing stretches of claim of office; those shorter than
// the database can tell are left out.
func (r *billingRows) add(claim, office int64, stretches []sla.BillingStretch) {
	for _, s := range stretches {
		from, until := storedInstant(s.From), storedInstant(s.Until)
		if from != nil && until != nil && !from.Before(*until) {
			continue
		}
		r.claims, r.offices = append(r.claims, claim), append(r.offices, office)
		r.froms = append(r.froms, boundOr(from, pgtype.NegativeInfinity))
		r.untils = append(r.untils, boundOr(until, pgtype.Infinity))
		r.warns, r.dues = append(r.warns, s.WarnAt), append(r.dues, s.Due)
		r.missing, r.unverified = append(r.missing, docTypeStrings(s.Missing)), append(r.unverified, docTypeStrings(s.Unverified))
		r.waiting = append(r.waiting, docTypeStrings(s.Waiting))
	}
}

// boundOr is t as a stored timestamp, or the infinity inf when nil.
func boundOr(t *time.Time, inf pgtype.InfinityModifier) pgtype.Timestamptz {
	if t == nil {
		return pgtype.Timestamptz{InfinityModifier: inf, Valid: true}
	}
	return pgtype.Timestamptz{Time: *t, Valid: true}
}

func (r *billingRows) insert(ctx context.Context, tx pgx.Tx) error {
	if len(r.claims) == 0 {
		return nil
	}
	// Text arrays do not unnest into rows of arrays: each row's lists go
	// as one text, split again on the way in.
	join := func(lists [][]string) []string {
		out := make([]string, len(lists))
		for i, l := range lists {
			out[i] = strings.Join(l, ",")
		}
		return out
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO claim_billing (claim_id, office_id, shows_from, shows_until, warn_at, due_at, missing, unverified, waiting)
		SELECT claim, office, shows_from, shows_until, warn, due,
		       coalesce(string_to_array(nullif(missing, ''), ','), '{}'), coalesce(string_to_array(nullif(unverified, ''), ','), '{}'),
		       coalesce(string_to_array(nullif(waiting, ''), ','), '{}')
		FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[], $9::text[])
		     AS b(claim, office, shows_from, shows_until, warn, due, missing, unverified, waiting)`,
		r.claims, r.offices, r.froms, r.untils, r.warns, r.dues, join(r.missing), join(r.unverified), join(r.waiting))
	return err
}
