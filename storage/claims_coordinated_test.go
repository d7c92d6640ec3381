package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// addPerson makes the person a participant of the claim in the role.
func addPerson(t *testing.T, db *storage.DB, claim int64, role, name, email string) {
	t.Helper()
	if _, err := storage.PoolOf(db).Exec(context.Background(), `
		INSERT INTO claim_participants (claim_id, role, name, email) VALUES ($1, $2, $3, $4)`,
		claim, role, name, email); err != nil {
		t.Fatal(err)
	}
}

// TestClaimsCoordinatedBy: the claims list and the board read, for a
// coordinator, the claims whose coordinator has their address (whatever
// its case), the mail waiting on those claims and the mail filed on no
// claim; not the claims they are another role on, nor a colleague's.
func TestClaimsCoordinatedBy(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	mine := saveClaim(t, db, storage.Claim{JobNumber: "26-1001-WTR", InsuredName: "Rosa Sandoval"})
	beths := saveClaim(t, db, storage.Claim{JobNumber: "26-1002-WTR", InsuredName: "Tom Berg"})
	nobodys := saveClaim(t, db, storage.Claim{JobNumber: "26-1003-FIR", InsuredName: "Lee Park"})
	foremans := saveClaim(t, db, storage.Claim{JobNumber: "26-1004-MLD", InsuredName: "Ann Cole"})
	addPerson(t, db, mine.ID, "coordinator", "Ana Ruiz", "Ana.Ruiz@SMRestore.example")
	addPerson(t, db, beths.ID, "coordinator", "Beth Moss", "beth@smrestore.example")
	addPerson(t, db, foremans.ID, "foreman", "Ana Ruiz", "ana.ruiz@smrestore.example")
	addPerson(t, db, foremans.ID, "coordinator", "Beth Moss", "beth@smrestore.example")

	ana := storage.OnlyOffices(storage.DefaultOfficeID).CoordinatedBy("ana.ruiz@smrestore.example")
	claims, err := db.ListClaims(ctx, storage.ClaimFilter{Status: "open", Limit: 50, Offices: ana})
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 || claims[0].ID != mine.ID {
		t.Errorf("Ana's claims: %v, want %s alone", jobNumbers(claims), mine.JobNumber)
	}
	all, err := db.ListClaims(ctx, storage.ClaimFilter{Status: "open", Limit: 50, Offices: storage.OnlyOffices(storage.DefaultOfficeID)})
	if err != nil || len(all) != 4 {
		t.Errorf("every claim: %v (%v), want all four", jobNumbers(all), err)
	}
	// Another office's claim Ana coordinates is not hers to see here.
	if got, err := db.ListClaims(ctx, storage.ClaimFilter{Limit: 50, Offices: storage.OnlyOffices(99).CoordinatedBy("ana.ruiz@smrestore.example")}); err != nil || len(got) != 0 {
		t.Errorf("Ana's claims of another office: %v (%v), want none", jobNumbers(got), err)
	}

	for _, c := range []struct {
		email string
		want  bool
	}{{"ANA.RUIZ@smrestore.example", true}, {"beth@smrestore.example", true}, {"carl@smrestore.example", false}, {"", false}} {
		got, err := db.CoordinatesOpenClaims(ctx, storage.OnlyOffices(storage.DefaultOfficeID), c.email)
		if err != nil || got != c.want {
			t.Errorf("%q coordinates open claims: %v (%v), want %v", c.email, got, err, c.want)
		}
	}

	inbox, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	for i, claim := range []*int64{&mine.ID, &beths.ID, &nobodys.ID, nil} {
		if _, err := storage.PoolOf(db).Exec(ctx, `
			INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, claim_id, needs_ack, ack_due_at, received_at, office_id)
			VALUES ($1, 1, $2, 'in', $3, 1, $4, $5, true, $6, $7, 1)`,
			inbox.ID, i+1, fmt.Sprintf("%064x", i+1), fmt.Sprintf("question %d", i+1), claim,
			now.Add(time.Duration(i)*time.Minute), now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	waiting, total, err := db.AckQueue(ctx, ana, 10)
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, m := range waiting {
		subjects = append(subjects, m.Subject)
	}
	if want := []string{"question 1", "question 4"}; !slices.Equal(subjects, want) || total != 2 {
		t.Errorf("mail waiting for Ana: %q of %d, want %q (her claim's and the unfiled)", subjects, total, want)
	}
	// The count, read when the page is full, narrows alike.
	if _, total, err := db.AckQueue(ctx, ana, 1); err != nil || total != 2 {
		t.Errorf("mail waiting for Ana counted: %d (%v), want 2", total, err)
	}
	if _, total, err := db.AckQueue(ctx, storage.OnlyOffices(storage.DefaultOfficeID), 10); err != nil || total != 4 {
		t.Errorf("mail waiting for everyone: %d (%v), want 4", total, err)
	}

	if _, err := storage.PoolOf(db).Exec(ctx, `UPDATE claims SET status = 'closed', closed_at = $2 WHERE id = $1`, mine.ID, now); err != nil {
		t.Fatal(err)
	}
	if got, err := db.CoordinatesOpenClaims(ctx, storage.OnlyOffices(storage.DefaultOfficeID), "ana.ruiz@smrestore.example"); err != nil || got {
		t.Errorf("Ana coordinates open claims once hers closed: %v (%v), want false", got, err)
	}
}

func jobNumbers(cs []storage.Claim) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.JobNumber)
	}
	return out
}

// TestClaimsCoordinatedByReadTheCoordinatorIndex: a coordinator's claims
// are found from claim_participants_coordinator_idx, never by reading
// every participant of the office, whether they coordinate few claims or
// half of them.
func TestClaimsCoordinatedByReadTheCoordinatorIndex(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	pool := storage.PoolOf(db)
	// 6,000 claims, each with a foreman and an adjuster; Ana and Beth
	// coordinate half of them each but for the few Carl took over.
	if _, err := pool.Exec(ctx, `
		WITH c AS (
			INSERT INTO claims (job_number, job_number_norm, office_id, insured_name, status)
			SELECT '26-' || (2000 + n) || '-WTR', '26' || (2000 + n) || 'WTR', 1, 'Owner ' || n,
			       CASE WHEN n % 10 = 0 THEN 'open' ELSE 'closed' END
			FROM generate_series(1, 6000) n
			RETURNING id
		)
		INSERT INTO claim_participants (claim_id, role, name, email)
		SELECT id, 'coordinator', '', CASE WHEN id % 500 = 7 THEN 'carl@smrestore.example'
		                                   WHEN id % 2 = 0 THEN 'Ana@smrestore.example' ELSE 'beth@smrestore.example' END FROM c
		UNION ALL SELECT id, 'foreman', 'Hector Ruiz', 'hector@smrestore.example' FROM c
		UNION ALL SELECT id, 'adjuster', 'Dana Reyes', 'dana' || id % 300 || '@carrier.example' FROM c`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE claims, claim_participants`); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"carl@smrestore.example", "ana@smrestore.example"} {
		for _, status := range []string{"open", ""} {
			query, args, err := storage.ListClaimsSQL(ctx, db, storage.ClaimFilter{Status: status, Limit: 51,
				Offices: storage.OnlyOffices(storage.DefaultOfficeID).CoordinatedBy(email)})
			if err != nil {
				t.Fatal(err)
			}
			plan := explain(t, pool, query, args...)
			// Their open claims come from the index of open claims'
			// coordinators.
			index := "claim_participants_coordinator_idx"
			if status == "open" {
				index = "claim_participants_open_coordinator_idx"
			}
			if !strings.Contains(plan, index+" ") || strings.Contains(plan, "Seq Scan on claim_participants") {
				t.Errorf("%s's claims (status %q): the plan does not read %s:\n%s", email, status, index, plan)
			}
			// A page of the claims of someone who coordinates half of
			// them is found among the first claims walked, newest first:
			// hashing all they ever coordinated first is what a planner
			// does that believes they coordinate a few.
			if email == "ana@smrestore.example" && strings.Contains(plan, "Hash") {
				t.Errorf("%s's claims (status %q): the plan hashes all their claims for a page:\n%s", email, status, plan)
			}
		}
	}
	// The alerts showing on Ana's claims are counted against her open
	// claims alone, read from their index: not probed claim by claim.
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE claim_participants`); err != nil {
		t.Fatal(err)
	}
	plan := explain(t, pool, storage.CountShowingAlertsSQL, time.Now(), []int64{storage.DefaultOfficeID}, "ana@smrestore.example")
	if !strings.Contains(plan, "claim_participants_open_coordinator_idx ") {
		t.Errorf("alerts showing on Ana's claims: the plan does not read her open claims' index:\n%s", plan)
	}
	// The few messages waiting are each looked up, not checked against
	// every claim Ana ever coordinated, whatever the planner expects of
	// the messages.
	plan = explain(t, pool, storage.CountWaitingSQL, []int64{storage.DefaultOfficeID}, "ana@smrestore.example")
	if strings.Contains(plan, "hashed SubPlan") || strings.Contains(plan, "Hash") {
		t.Errorf("mail waiting for Ana: the plan hashes all her claims:\n%s", plan)
	}
}

// explain returns the plan of query with args.
func explain(t *testing.T, pool interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, query string, args ...any) string {
	t.Helper()
	rows, err := pool.Query(t.Context(), `EXPLAIN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
