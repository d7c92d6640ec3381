package storage_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// stageHistory is claim's history of stage, oldest first, one
// "actor: old -> new" a change.
func stageHistory(t *testing.T, db *storage.DB, claim int64, stage storage.JobStage) []string {
	t.Helper()
	changes, err := db.ClaimChanges(t.Context(), claim, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(changes) - 1; i >= 0; i-- {
		if ch := changes[i]; ch.Field == string(stage) {
			out = append(out, fmt.Sprintf("%s: %s -> %s", ch.Actor, ch.Old, ch.New))
		}
	}
	return out
}

// stageAt is claim's stage column as the milestones read it.
func stageAt(t *testing.T, db *storage.DB, claim int64, stage storage.JobStage) *time.Time {
	t.Helper()
	f, err := db.ClaimFacts(t.Context(), claim)
	if err != nil {
		t.Fatal(err)
	}
	return map[storage.JobStage]*time.Time{storage.StageWorkStarted: f.WorkStartedAt, storage.StageEquipmentPickedUp: f.EquipmentPickedUpAt,
		storage.StageCompleted: f.CompletedAt, storage.StageSampled: f.SampledAt}[stage]
}

func sameTime(got *time.Time, want time.Time) bool {
	return got != nil && got.Equal(want) || got == nil && want.IsZero()
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// A work start recorded by a tap that should not have been is taken back:
// the stage is not yet again, and the history says who recorded, moved
// and cleared it. Clearing what nobody recorded changes nothing; another
// claim's stage is its own.
func TestClearJobStageTakesBackWhatAPersonRecorded(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	tap := time.Date(2026, 11, 10, 15, 2, 0, 0, time.UTC)
	if err := b.db.SetJobStage(ctx, b.claimA, storage.StageWorkStarted, tap, "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetJobStage(ctx, b.claimB, storage.StageWorkStarted, tap, "ana@office.example"); err != nil {
		t.Fatal(err)
	}
	recs, err := b.db.StageRecords(ctx, b.claimA)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0] != (storage.StageRecord{Stage: storage.StageWorkStarted, Source: storage.StageByPerson, At: recs[0].At, By: "dana@office.example"}) ||
		!recs[0].At.Equal(tap) {
		t.Fatalf("records after the tap: %+v", recs)
	}
	// The same time again is no change; another moves it.
	if err := b.db.SetJobStage(ctx, b.claimA, storage.StageWorkStarted, tap, "ana@office.example"); err != nil {
		t.Fatal(err)
	}
	moved := tap.Add(-26 * time.Hour)
	if err := b.db.SetJobStage(ctx, b.claimA, storage.StageWorkStarted, moved, "ana@office.example"); err != nil {
		t.Fatal(err)
	}
	cleared, err := b.db.ClearJobStage(ctx, b.claimA, storage.StageWorkStarted, "lee@office.example")
	if err != nil || !cleared {
		t.Fatalf("clear: %v (%v), want cleared", cleared, err)
	}
	if at := stageAt(t, b.db, b.claimA, storage.StageWorkStarted); at != nil {
		t.Errorf("work started %v once cleared, want not yet", at)
	}
	if recs, err := b.db.StageRecords(ctx, b.claimA); err != nil || len(recs) != 0 {
		t.Errorf("records once cleared: %+v (%v)", recs, err)
	}
	if again, err := b.db.ClearJobStage(ctx, b.claimA, storage.StageWorkStarted, "lee@office.example"); err != nil || again {
		t.Errorf("clear again: %v (%v), want nothing to clear", again, err)
	}
	want := []string{
		"dana@office.example:  -> " + rfc(tap),
		"ana@office.example: " + rfc(tap) + " -> " + rfc(moved),
		"lee@office.example: " + rfc(moved) + " -> ",
	}
	if got := stageHistory(t, b.db, b.claimA, storage.StageWorkStarted); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("history:\n%q\nwant\n%q", got, want)
	}
	if at := stageAt(t, b.db, b.claimB, storage.StageWorkStarted); !sameTime(at, tap) {
		t.Errorf("the other claim's start %v, want %v", at, tap)
	}
	if _, err := b.db.ClearJobStage(ctx, 999999, storage.StageWorkStarted, "lee@office.example"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("clear on a missing claim: %v, want ErrNotFound", err)
	}
	if _, err := b.db.ClearJobStage(ctx, b.claimA, "painted", "lee@office.example"); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("clear an unknown stage: %v, want ErrInvalid", err)
	}
}

// A lab report's sample date is evidence no one clears: a time a person
// records stands over it, and clearing that brings the report's back. A
// later report moves nothing.
func TestClearedSampleFallsBackToTheLabReport(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	report := time.Date(2026, 11, 9, 6, 0, 0, 0, time.UTC)
	msg := b.message(t)
	fromReport := func(at time.Time, file string) bool {
		t.Helper()
		doc := b.fileTyped(t, msg, file, "lab_report", "Lab Reports", len(file))
		var set bool
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			set, err = storage.SetSampledFromEvidence(ctx, tx, b.claimA, storage.SampleEvidence{DocumentID: doc.ID, File: file, At: at})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return set
	}
	if !fromReport(report, "ITEL 4471.pdf") {
		t.Fatal("the first lab report did not set the sample")
	}
	if fromReport(report.Add(48*time.Hour), "ITEL 4471 revised.pdf") {
		t.Error("a later lab report moved the sample")
	}
	person := report.Add(-20 * time.Hour)
	if err := b.db.SetJobStage(ctx, b.claimA, storage.StageSampled, person, "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	if at := stageAt(t, b.db, b.claimA, storage.StageSampled); !sameTime(at, person) {
		t.Errorf("sampled %v with a person's time, want %v", at, person)
	}
	if cleared, err := b.db.ClearJobStage(ctx, b.claimA, storage.StageSampled, "lee@office.example"); err != nil || !cleared {
		t.Fatalf("clear the person's sample: %v (%v)", cleared, err)
	}
	if at := stageAt(t, b.db, b.claimA, storage.StageSampled); !sameTime(at, report) {
		t.Errorf("sampled %v once the person's is cleared, want the report's %v", at, report)
	}
	if cleared, err := b.db.ClearJobStage(ctx, b.claimA, storage.StageSampled, "lee@office.example"); err != nil || cleared {
		t.Errorf("clear the lab report's sample: %v (%v), want it left", cleared, err)
	}
	want := []string{
		"lab report ITEL 4471.pdf:  -> " + rfc(report),
		"dana@office.example: " + rfc(report) + " -> " + rfc(person),
		"lee@office.example: " + rfc(person) + " -> " + rfc(report),
	}
	if got := stageHistory(t, b.db, b.claimA, storage.StageSampled); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("history:\n%q\nwant\n%q", got, want)
	}
	recs, err := b.db.StageRecords(ctx, b.claimA)
	if err != nil || len(recs) != 1 || recs[0].Source != storage.StageByLabReport || recs[0].By != "ITEL 4471.pdf" || recs[0].ByPeople() {
		t.Errorf("records left: %+v (%v), want the first lab report's", recs, err)
	}
}

// A lab report's sample stays while the report is one of the claim's lab
// reports; once it is gone (merged into another claim's copy of the same
// file, say) its record is replaced by what the claim's other report says,
// and with none left the stage is not yet. Each move is in the history, by
// whom it was.
func TestLostLabReportGivesBackItsSample(t *testing.T) {
	t.Parallel()
	b, pool := setupDocsAndSQL(t)
	ctx := t.Context()
	msg := b.message(t)
	first, second := b.fileTyped(t, msg, "ITEL 4471.pdf", "lab_report", "Lab Reports", 1), b.fileTyped(t, msg, "ITEL 4472.pdf", "lab_report", "Lab Reports", 2)
	sampled, later := time.Date(2026, 11, 3, 6, 0, 0, 0, time.UTC), time.Date(2026, 11, 5, 6, 0, 0, 0, time.UTC)
	replace := func(next *storage.SampleEvidence) bool {
		t.Helper()
		var lost bool
		if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			lost, err = storage.ReplaceLostSampleEvidence(ctx, tx, b.claimA, next, "lee@office.example")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return lost
	}
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.SetSampledFromEvidence(ctx, tx, b.claimA, storage.SampleEvidence{DocumentID: first.ID, File: first.Filename, At: sampled})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	next := &storage.SampleEvidence{DocumentID: second.ID, File: second.Filename, At: later}
	if replace(next) {
		t.Error("the sample of a report still on the claim was taken back")
	}
	if _, err := pool.Exec(ctx, `DELETE FROM documents WHERE id = $1`, first.ID); err != nil {
		t.Fatal(err)
	}
	if !replace(next) {
		t.Fatal("the sample of a report gone stays")
	}
	if at := stageAt(t, b.db, b.claimA, storage.StageSampled); !sameTime(at, later) {
		t.Errorf("sampled %v once the first report is gone, want the other's %v", at, later)
	}
	if _, err := pool.Exec(ctx, `UPDATE documents SET doc_type = 'photo', folder = 'Photos' WHERE id = $1`, second.ID); err != nil {
		t.Fatal(err)
	}
	if !replace(nil) {
		t.Fatal("the sample of a report typed a photo stays")
	}
	if at := stageAt(t, b.db, b.claimA, storage.StageSampled); at != nil {
		t.Errorf("sampled %v with no lab report left, want not yet", at)
	}
	want := []string{
		"lab report ITEL 4471.pdf:  -> " + rfc(sampled),
		"lee@office.example: " + rfc(sampled) + " -> " + rfc(later),
		"lee@office.example: " + rfc(later) + " -> ",
	}
	if got := stageHistory(t, b.db, b.claimA, storage.StageSampled); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("history:\n%q\nwant\n%q", got, want)
	}
}

// The equipment log, once it holds drying equipment, says when it was
// picked up: a person neither records nor clears that, and each move the
// log makes is in the history as the log's. Without drying equipment, the
// pickup from mail a person confirmed is theirs to clear.
func TestPickupClearedOnlyWhereAPersonGaveIt(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	mail := time.Date(2026, 11, 12, 22, 0, 0, 0, time.UTC)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.SetPickupFromEvidence(ctx, tx, b.claimB, mail, "dana@office.example")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := b.db.StageRecords(ctx, b.claimB)
	if err != nil || len(recs) != 1 || recs[0].Source != storage.StageByMail || recs[0].By != "dana@office.example" || !recs[0].ByPeople() {
		t.Fatalf("records of the mail's pickup: %+v (%v)", recs, err)
	}
	if cleared, err := b.db.ClearJobStage(ctx, b.claimB, storage.StageEquipmentPickedUp, "lee@office.example"); err != nil || !cleared {
		t.Fatalf("clear the mail's pickup: %v (%v)", cleared, err)
	}
	if at := stageAt(t, b.db, b.claimB, storage.StageEquipmentPickedUp); at != nil {
		t.Errorf("pickup %v once cleared, want not yet", at)
	}

	placed, picked := time.Date(2026, 11, 9, 15, 0, 0, 0, time.UTC), time.Date(2026, 11, 12, 21, 0, 0, 0, time.UTC)
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: b.claimA, Kind: "air_mover", Count: 3, PlacedAt: &placed, PickedUpAt: &picked})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetJobStage(ctx, b.claimA, storage.StageEquipmentPickedUp, mail, "dana@office.example"); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("record a logged pickup: %v, want ErrConflict", err)
	}
	if _, err := b.db.ClearJobStage(ctx, b.claimA, storage.StageEquipmentPickedUp, "dana@office.example"); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("clear a logged pickup: %v, want ErrConflict", err)
	}
	if at := stageAt(t, b.db, b.claimA, storage.StageEquipmentPickedUp); !sameTime(at, picked) {
		t.Errorf("pickup %v, want the log's %v", at, picked)
	}
	if got, want := stageHistory(t, b.db, b.claimA, storage.StageEquipmentPickedUp), []string{"equipment log:  -> " + rfc(picked)}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("history %q, want %q", got, want)
	}
}

// A cleared start queues the claim's alerts, and the refresh takes back
// the ATP deadline the start had set: the board no longer says the ATP
// is overdue.
func TestClearedStageRecomputesAlerts(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	pool := storage.PoolOf(b.db)
	rules := storage.AlertRules{Calendar: sla.NewCalendar(b.loc, sla.DefaultHours())}
	refresh := func() {
		t.Helper()
		if _, err := b.db.RefreshAllClaimAlerts(ctx, rules, 10); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2026, 11, 13, 9, 0, 0, 0, b.loc) // a Friday
	atpOverdue := func() bool {
		t.Helper()
		alerts, _, err := b.db.ClaimAlertsAt(ctx, storage.AllOffices, start.Add(time.Hour), 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range alerts {
			if a.ClaimID == b.claimA && a.Milestone == sla.MilestoneATP && a.State == sla.StateOverdue {
				return true
			}
		}
		return false
	}
	refresh()
	if err := b.db.SetJobStage(ctx, b.claimA, storage.StageWorkStarted, start, "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	refresh()
	if !atpOverdue() {
		t.Fatal("work started without an ATP: the board does not say the ATP is overdue")
	}
	if _, err := b.db.ClearJobStage(ctx, b.claimA, storage.StageWorkStarted, "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	if !queued(t, pool, b.claimA) || queued(t, pool, b.claimB) {
		t.Fatalf("start cleared: claim A queued %v, B %v; want A alone", queued(t, pool, b.claimA), queued(t, pool, b.claimB))
	}
	refresh()
	if atpOverdue() {
		t.Error("the start cleared, the board still says the ATP is overdue")
	}
}
