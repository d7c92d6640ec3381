package storage_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Paperwork by claim ranks the claims with alerts showing by their first
// deadline among them, no deadline last, then by claim, and counts them;
// the API counts the alerts showing. At every instant where any claim's
// alerts change, and just before it, the ranking and the counts are those
// worked out from the claims' alerts themselves, before and after a
// refresh changes some of them.
func TestShowingAlertsRankedAndCountedAsTheAlertsSay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, pool := openDBAndSQL(t)
	base := time.Date(2026, 4, 6, 9, 0, 0, 0, time.UTC)
	var claims []int64
	for i, loss := range []string{"Water", "Fire", "Mold", "Water", "Water", "Fire", "Mold", "Water"} {
		opened := base.Add(time.Duration(i*11) * time.Hour)
		c, err := db.CreateClaim(ctx, storage.Claim{JobNumber: fmt.Sprintf("26-%d-WTR", 1001+i), ClaimNumber: fmt.Sprintf("C-%d", i),
			LossType: loss, OfficeID: storage.DefaultOfficeID}, "", opened, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, c.ID, opened); err != nil {
			t.Fatal(err)
		}
		claims = append(claims, c.ID)
	}
	// Documents end some alerts part-way; signed forms not yet verified
	// raise work without a deadline.
	addDocuments(t, pool, claims[0], base.Add(20*time.Hour), "photo", "scope")
	addDocuments(t, pool, claims[2], base.Add(30*time.Hour), "atp")
	addDocuments(t, pool, claims[5], base.Add(80*time.Hour), "photo", "atp", "cos")
	rules := storage.AlertRules{Calendar: sla.NewCalendar(time.UTC, sla.DefaultHours()), Milestones: sla.DefaultRules()}
	check := func(when string) {
		t.Helper()
		if _, err := db.RefreshAllClaimAlerts(ctx, rules, 3); err != nil {
			t.Fatal(err)
		}
		instants := alertEnds(t, pool)
		if len(instants) < 10 {
			t.Fatalf("%s: the claims' alerts start or end at %d instants, want many", when, len(instants))
		}
		for _, at := range instants {
			for _, now := range []time.Time{at.Add(-time.Microsecond), at} {
				want, wantTotal := claimsRankedFromAlerts(t, pool, now)
				for _, limit := range []int{3, 100} {
					got, total, err := db.ClaimAlertsByClaimAt(ctx, storage.OnlyOffices(storage.DefaultOfficeID), now, limit)
					if err != nil {
						t.Fatal(err)
					}
					ids := make([]int64, len(got))
					for i, c := range got {
						ids[i] = c.ClaimID
					}
					if w := want[:min(limit, len(want))]; !slices.Equal(ids, w) || total != wantTotal {
						t.Errorf("%s, at %s, limit %d: claims %v of %d, want %v of %d", when, now.Format(time.RFC3339Nano), limit, ids, total, w, wantTotal)
					}
				}
				_, alerts, err := db.ClaimAlertsAt(ctx, storage.OnlyOffices(storage.DefaultOfficeID), now, 1)
				if err != nil {
					t.Fatal(err)
				}
				if want := showingAlerts(t, pool, now); alerts != want {
					t.Errorf("%s, at %s: %d alerts showing, want %d", when, now.Format(time.RFC3339Nano), alerts, want)
				}
			}
		}
	}
	check("first refresh")
	addDocuments(t, pool, claims[3], base.Add(50*time.Hour), "photo", "scope", "atp")
	addDocuments(t, pool, claims[7], base.Add(90*time.Hour), "estimate", "sketch")
	check("after documents came")
}

// addDocuments files one document of each type into claim at at.
func addDocuments(t *testing.T, pool *pgxpool.Pool, claim int64, at time.Time, types ...string) {
	t.Helper()
	_, err := pool.Exec(t.Context(), `
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, doc_type, folder, browse_key, received_at)
		SELECT $1, 1, md5($4 || t) || md5(t), 1, t || '.pdf', t, 'Other', format('claims/%s/%s.pdf', $4, t), $2
		FROM unnest($3::text[]) AS t`, claim, at, types, fmt.Sprint(claim))
	if err != nil {
		t.Fatal(err)
	}
}

// alertEnds returns every finite instant at which an alert starts or stops
// showing.
func alertEnds(t *testing.T, pool *pgxpool.Pool) []time.Time {
	t.Helper()
	rows, err := pool.Query(t.Context(), `
		SELECT shows_from FROM claim_alerts WHERE isfinite(shows_from)
		UNION SELECT shows_until FROM claim_alerts WHERE isfinite(shows_until) ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	at, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// claimsRankedFromAlerts ranks the claims with alerts showing at now by
// grouping the alerts themselves.
func claimsRankedFromAlerts(t *testing.T, pool *pgxpool.Pool, now time.Time) ([]int64, int) {
	t.Helper()
	rows, err := pool.Query(t.Context(), `
		SELECT claim_id FROM claim_alerts
		WHERE shows_from <= $1 AND shows_until > $1
		GROUP BY claim_id
		ORDER BY min(due_at) NULLS LAST, claim_id`, now)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids, len(ids)
}

// showingAlerts counts the alerts showing at now.
func showingAlerts(t *testing.T, pool *pgxpool.Pool, now time.Time) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(t.Context(), `SELECT count(*) FROM claim_alerts WHERE shows_from <= $1 AND shows_until > $1`, now).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
