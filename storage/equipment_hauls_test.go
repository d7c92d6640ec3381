package storage_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// A dumpster swapped twice keeps its placement and counts two hauls, in
// order, with who logged them and the ticket; a haul before the placement,
// after the pickup or still to come is refused in words, as is one on an
// air mover; a pickup before a haul, a placement after one, or a kind not
// hauled is refused while the line has them; a haul logged by mistake is
// removed.
func TestHaulsAreRecordedOnTheirLine(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	dec1 := time.Date(2026, 12, 1, 9, 0, 0, 0, b.loc)
	now := dec1.AddDate(0, 0, 5)
	add := func(kind string, pickedUp *time.Time) storage.Equipment {
		t.Helper()
		var saved storage.Equipment
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			saved, err = storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: b.claimA, Kind: kind, Count: 1,
				PlacedAt: &dec1, PickedUpAt: pickedUp})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	box := add("dumpster", nil)
	dec4 := dec1.AddDate(0, 0, 3)
	if _, _, err := b.db.AddHaul(ctx, box.ID, storage.Haul{At: dec4, By: "kim", Note: "30 yd, ticket 4471"}, now); err != nil {
		t.Fatal(err)
	}
	got, _, err := b.db.AddHaul(ctx, box.ID, storage.Haul{At: dec1.Add(4 * time.Hour), By: "dana"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Hauls) != 2 || !got.Hauls[0].At.Equal(dec1.Add(4*time.Hour)) || got.Hauls[0].By != "dana" ||
		!got.Hauls[1].At.Equal(dec4) || got.Hauls[1].Note != "30 yd, ticket 4471" || !got.PlacedAt.Equal(dec1) || got.PickedUpAt != nil {
		t.Fatalf("the dumpster after two hauls: %+v", got)
	}
	lines, err := b.db.ClaimEquipment(ctx, b.claimA)
	if err != nil || len(lines) != 1 || len(lines[0].Hauls) != 2 {
		t.Fatalf("the claim's equipment: %+v, %v; want the dumpster with 2 hauls", lines, err)
	}

	dec3 := dec1.AddDate(0, 0, 2)
	pod := add("pod", &dec3)
	mover := add("air_mover", nil)
	for _, tc := range []struct {
		line int64
		at   time.Time
		want string
	}{
		{box.ID, dec1.Add(-time.Hour), "the haul time is before the time the Dumpster was placed"},
		{pod.ID, dec3.Add(time.Hour), "the haul time is after the Pod was picked up"},
		{box.ID, now.Add(time.Hour), "the haul time is still to come: log the swap once the hauler has been"},
		{mover.ID, dec3, "only a dumpster or pod is swapped by the hauler"},
	} {
		_, _, err := b.db.AddHaul(ctx, tc.line, storage.Haul{At: tc.at, By: "kim"}, now)
		var refusal *storage.HaulRefusal
		if !errors.As(err, &refusal) || refusal.Reason != tc.want || !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("a haul of line %d at %s: %v; want refused: %s", tc.line, tc.at, err, tc.want)
		}
	}
	if _, _, err := b.db.AddHaul(ctx, 1<<40, storage.Haul{At: dec3}, now); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("a haul of no line: %v; want not found", err)
	}

	// A change the hauls would no longer fit is refused.
	for _, tc := range []struct {
		change func(e storage.Equipment) storage.Equipment
		want   string
	}{
		{func(e storage.Equipment) storage.Equipment { e.PickedUpAt = &dec3; return e },
			"the pickup time is before the line's last haul: remove that haul first if it was logged by mistake"},
		{func(e storage.Equipment) storage.Equipment { e.PlacedAt = &dec3; return e },
			"the placement time is after the line's first haul: remove that haul first if it was logged by mistake"},
		{func(e storage.Equipment) storage.Equipment { e.Kind = "air_mover"; return e },
			"the line has hauls, and only a dumpster or pod is swapped by the hauler: remove its hauls first"},
	} {
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			_, _, err := storage.UpdateEquipment(ctx, tx, box.ID, func(e storage.Equipment) (storage.Equipment, error) {
				return tc.change(e), nil
			})
			return err
		})
		var refusal *storage.HaulRefusal
		if !errors.As(err, &refusal) || refusal.Reason != tc.want {
			t.Errorf("a change to the hauled dumpster: %v; want refused: %s", err, tc.want)
		}
	}

	if _, err := b.db.DeleteHaul(ctx, pod.ID, got.Hauls[0].ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("removing the dumpster's haul through the pod: %v; want not found", err)
	}
	left, err := b.db.DeleteHaul(ctx, box.ID, got.Hauls[0].ID)
	if err != nil || len(left.Hauls) != 1 || !left.Hauls[0].At.Equal(dec4) {
		t.Fatalf("after removing the first haul: %+v, %v; want the Dec 4 haul left", left, err)
	}
}

// A haul submitted again with its key (a double click, a call retried) is
// the haul logged first, even once the line is picked up since; the same
// key asking another haul is refused, and a new key logs a new haul. The
// key of a submission refused is not taken. A key is its line's.
func TestHaulKeyLogsOnce(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	dec1 := time.Date(2026, 12, 1, 9, 0, 0, 0, b.loc)
	now := dec1.AddDate(0, 0, 5)
	box, pod := b.addHauled(t, "dumpster", dec1), b.addHauled(t, "pod", dec1)
	first := storage.Haul{At: dec1.AddDate(0, 0, 2), By: "kim", Note: "ticket 4471", Key: "form-1", Asked: "swap Dec 3"}
	got, repeated, err := b.db.AddHaul(ctx, box.ID, first, now)
	if err != nil || repeated || len(got.Hauls) != 1 {
		t.Fatalf("first submission: %+v, repeated %v, %v; want one haul logged", got.Hauls, repeated, err)
	}
	if _, _, err := b.db.AddHaul(ctx, box.ID, storage.Haul{At: now.Add(time.Hour), By: "kim", Key: "form-2", Asked: "too soon"}, now); !errors.Is(err, storage.ErrInvalid) {
		t.Fatalf("a haul still to come: %v; want refused", err)
	}
	if _, err := storage.PoolOf(b.db).Exec(ctx, `UPDATE equipment SET picked_up_at = $2 WHERE id = $1`, box.ID, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	again := first
	again.By = "dana"
	got, repeated, err = b.db.AddHaul(ctx, box.ID, again, now)
	if err != nil || !repeated || len(got.Hauls) != 1 || got.Hauls[0].By != "kim" {
		t.Errorf("the same submission again, after the pickup: %+v, repeated %v, %v; want kim's haul alone", got.Hauls, repeated, err)
	}
	other := first
	other.Asked = "swap Dec 4"
	if _, _, err := b.db.AddHaul(ctx, box.ID, other, now); !errors.Is(err, storage.ErrKeyReused) {
		t.Errorf("the key asking another haul: %v; want ErrKeyReused", err)
	}
	if _, err := storage.PoolOf(b.db).Exec(ctx, `UPDATE equipment SET picked_up_at = NULL WHERE id = $1`, box.ID); err != nil {
		t.Fatal(err)
	}
	for _, h := range []struct {
		line int64
		key  string
	}{{box.ID, "form-2"}, {box.ID, ""}, {box.ID, ""}, {pod.ID, "form-1"}} {
		if _, repeated, err := b.db.AddHaul(ctx, h.line, storage.Haul{At: dec1.AddDate(0, 0, 3), Key: h.key}, now); err != nil || repeated {
			t.Errorf("a new haul on line %d with key %q: repeated %v, %v; want logged", h.line, h.key, repeated, err)
		}
	}
	var n int
	if err := storage.PoolOf(b.db).QueryRow(ctx, `SELECT count(*) FROM equipment_hauls WHERE equipment_id = $1`, box.ID).Scan(&n); err != nil || n != 4 {
		t.Errorf("the dumpster has %d hauls (%v), want 4: form-1's, form-2's and two without a key", n, err)
	}
}

// Two submissions of one haul at once log it once: the second waits for
// the first, then finds its key taken and answers the first's haul.
func TestHaulKeyTwoAtOnce(t *testing.T) {
	t.Parallel()
	b, sql := setupDocsAndSQL(t)
	ctx := t.Context()
	dec1 := time.Date(2026, 12, 1, 9, 0, 0, 0, b.loc)
	box := b.addHauled(t, "dumpster", dec1)
	holder, holderPID := beginHolder(t, sql)
	if _, err := holder.Exec(ctx, `SELECT id FROM equipment WHERE id = $1 FOR UPDATE`, box.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := holder.Exec(ctx, `INSERT INTO equipment_hauls (equipment_id, hauled_at, hauled_by, request_key, request_digest)
		VALUES ($1, $2, 'kim', 'form-1', 'swap')`, box.ID, dec1.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	type result struct {
		e        storage.Equipment
		repeated bool
		err      error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		r.e, r.repeated, r.err = b.db.AddHaul(ctx, box.ID, storage.Haul{At: dec1.Add(time.Hour), By: "dana", Key: "form-1", Asked: "swap"}, dec1.AddDate(0, 0, 1))
		done <- r
	}()
	testenv.WaitForBlocked(t, sql, holderPID, "%FROM equipment WHERE id = $1 FOR UPDATE%")
	if err := holder.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.err != nil || !r.repeated || len(r.e.Hauls) != 1 || r.e.Hauls[0].By != "kim" {
		t.Errorf("the second submission: %+v, repeated %v, %v; want the first's haul alone", r.e.Hauls, r.repeated, r.err)
	}
}

// addHauled logs a line of kind on claim A, placed at placed.
func (b *docsBundle) addHauled(t *testing.T, kind string, placed time.Time) storage.Equipment {
	t.Helper()
	var saved storage.Equipment
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		saved, err = storage.AddEquipment(t.Context(), tx, storage.Equipment{ClaimID: b.claimA, Kind: kind, Count: 1, PlacedAt: &placed})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return saved
}
