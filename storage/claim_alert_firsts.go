package storage

import (
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// alertStretch is when one of a claim's alerts shows, from until until, and
// its deadline, as the database keeps them: nil from is minus infinity, nil
// until plus infinity, nil due no deadline.
type alertStretch struct {
	from, until, due *time.Time
}

// showsAt reports whether the alert shows at the end e.
func (a alertStretch) showsAt(e stretchEnd) bool {
	return !e.before(startOf(a)) && e.before(endOf(a))
}

// firstDeadline is a stretch of time in which the same alerts of a claim
// show: their earliest deadline (nil when none has one) and their number.
type firstDeadline struct {
	from, until stretchEnd
	due         *time.Time
	alerts      int
}

// stretchEnd is an instant, or minus or plus infinity (inf -1 or 1).
type stretchEnd struct {
	at  time.Time
	inf int
}

func startOf(a alertStretch) stretchEnd {
	if a.from == nil {
		return stretchEnd{inf: -1}
	}
	return stretchEnd{at: *a.from}
}

func endOf(a alertStretch) stretchEnd {
	if a.until == nil {
		return stretchEnd{inf: 1}
	}
	return stretchEnd{at: *a.until}
}

func (e stretchEnd) compare(o stretchEnd) int {
	if e.inf != 0 || o.inf != 0 {
		return e.inf - o.inf
	}
	return e.at.Compare(o.at)
}

func (e stretchEnd) before(o stretchEnd) bool { return e.compare(o) < 0 }

// stored is e as claim_alert_firsts keeps it.
func (e stretchEnd) stored() pgtype.Timestamptz {
	return pgtype.Timestamptz{Time: e.at, InfinityModifier: pgtype.InfinityModifier(e.inf), Valid: true}
}

// firstDeadlines cuts the time a claim's alerts show into stretches at
// every instant one starts or stops showing, and returns those in which
// any shows, in order.
func firstDeadlines(alerts []alertStretch) []firstDeadline {
	var ends []stretchEnd
	for _, a := range alerts {
		ends = append(ends, startOf(a), endOf(a))
	}
	slices.SortFunc(ends, stretchEnd.compare)
	ends = slices.CompactFunc(ends, func(a, b stretchEnd) bool { return a.compare(b) == 0 })
	var out []firstDeadline
	for i := 0; i+1 < len(ends); i++ {
		f := firstDeadline{from: ends[i], until: ends[i+1]}
		for _, a := range alerts {
			if !a.showsAt(f.from) {
				continue
			}
			f.alerts++
			if a.due != nil && (f.due == nil || a.due.Before(*f.due)) {
				f.due = a.due
			}
		}
		if f.alerts > 0 {
			out = append(out, f)
		}
	}
	return out
}

// firstDeadlineRows are claims' first deadlines as claim_alert_firsts
// keeps them, column by column.
type firstDeadlineRows struct {
	claims, offices []int64
	froms, untils   []pgtype.Timestamptz
	dues            []*time.Time
	alerts          []int32
}

func (r *firstDeadlineRows) add(claim, office int64, firsts []firstDeadline) {
	for _, f := range firsts {
		r.claims, r.offices = append(r.claims, claim), append(r.offices, office)
		r.froms, r.untils = append(r.froms, f.from.stored()), append(r.untils, f.until.stored())
		r.dues, r.alerts = append(r.dues, f.due), append(r.alerts, int32(f.alerts))
	}
}

func (r *firstDeadlineRows) insert(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO claim_alert_firsts (claim_id, office_id, shows_from, shows_until, first_due, alerts)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::integer[])`,
		r.claims, r.offices, r.froms, r.untils, r.dues, r.alerts)
	return err
}
