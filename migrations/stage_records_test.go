package migrations_test

import (
	"context"
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/migrations"
)

// Migration 58 says who or what gave the stages recorded before it: a
// person whose name was not kept, except a sample a lab report of the
// claim gave (the start of a day before it came, or the time it came),
// which names the first such report; a pickup the equipment log sets has
// no record, the log being its one source. A sample time a person typed
// stays theirs, lab report or not.
func TestStageRecordsMigrationKeepsTheStagesRecorded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDBAt(t, 57)
	if _, err := db.ExecContext(ctx, `
		INSERT INTO claims (job_number, work_started_at, completed_at, sampled_at, office_id)
		VALUES ('26-1001-WTR', '2026-03-02 09:00Z', '2026-03-09 15:00Z', '2026-03-03 00:00Z', 1);
		INSERT INTO claims (job_number, sampled_at, equipment_picked_up_at, office_id)
		VALUES ('26-1002-WTR', '2026-03-04 10:00Z', '2026-03-06 16:00Z', 1);
		INSERT INTO claims (job_number, equipment_picked_up_at, office_id) VALUES ('26-1003-WTR', '2026-03-07 16:00Z', 1);
		INSERT INTO claims (job_number, office_id) VALUES ('26-1004-WTR', 1);
		INSERT INTO claims (job_number, sampled_at, office_id) VALUES ('26-1005-WTR', '2026-03-04 10:37Z', 1);
		INSERT INTO claims (job_number, sampled_at, office_id) VALUES ('26-1006-WTR', '2026-03-07 14:20Z', 1);
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		SELECT id, md5(job_number) || md5(job_number), 1, 'ITEL ' || job_number || '.pdf', 'lab_report', 'Lab Reports',
		       'claims/' || job_number || '.pdf', v.at, 1
		FROM claims JOIN (VALUES ('26-1005-WTR', '2026-03-06Z'::timestamptz), ('26-1006-WTR', '2026-03-07 14:20Z')) v(job, at) ON job = job_number;
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		SELECT id, md5(f) || md5(f), 1, f, 'lab_report', 'Lab Reports', 'claims/' || f, at, 1
		FROM claims, (VALUES ('ITEL 2.pdf', '2026-03-06Z'::timestamptz), ('ITEL 1.pdf', '2026-03-05Z')) v(f, at)
		WHERE job_number = '26-1001-WTR';
		INSERT INTO equipment (claim_id, kind, count, placed_at, picked_up_at, office_id)
		SELECT id, 'dehumidifier', 1, '2026-03-02Z', '2026-03-07 16:00Z', 1 FROM claims WHERE job_number = '26-1003-WTR'`); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	got := dbStrings(t, db, `SELECT c.job_number || ' ' || r.stage || ' ' || r.source || ' ' || r.actor || ' ' || to_char(r.at AT TIME ZONE 'UTC', 'MM-DD HH24:MI')
		       || coalesce(' of ' || d.filename, '')
		FROM claim_stage_records r JOIN claims c ON c.id = r.claim_id LEFT JOIN documents d ON d.id = r.document_id ORDER BY 1`)
	want := []string{
		"26-1001-WTR completed person  03-09 15:00",
		"26-1001-WTR sampled lab_report ITEL 1.pdf 03-03 00:00 of ITEL 1.pdf",
		"26-1001-WTR work_started person  03-02 09:00",
		"26-1002-WTR equipment_picked_up person  03-06 16:00",
		"26-1002-WTR sampled person  03-04 10:00",
		"26-1005-WTR sampled person  03-04 10:37",
		"26-1006-WTR sampled lab_report ITEL 26-1006-WTR.pdf 03-07 14:20 of ITEL 26-1006-WTR.pdf",
	}
	if !slices.Equal(got, want) {
		t.Errorf("records:\n%q\nwant\n%q", got, want)
	}
}
