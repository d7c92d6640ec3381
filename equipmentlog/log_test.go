package equipmentlog_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/equipmentlog"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

func TestMain(m *testing.M) { testenv.Main(m) }

type bundle struct {
	log    *equipmentlog.Log
	outbox *outbox.Outbox
	sql    *pgxpool.Pool
	claim  int64
}

// setup is the equipment log of an office that sends mail, on a fresh
// database, with a water claim whose foreman and estimator are named. Its
// clock stands at now.
func setup(t *testing.T) *bundle {
	t.Helper()
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	o := outbox.NewOutbox(db, rc, outbox.OutboxConfig{From: mail.Address{Address: "claims@smrestore.example"}, Now: clock})
	c, err := db.CreateClaimRecord(ctx, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", LossType: "water"},
		[]storage.ClaimParticipant{
			{Role: "foreman", Name: "Mike Manager", Email: "Mike@smrestore.example"},
			{Role: "estimator", Name: "Eve Estimator", Email: "eve@smrestore.example"},
			{Role: "technician", Name: "Tom Tech", Email: "tom@smrestore.example"},
		}, "", earlier, storage.Opening{How: storage.OpenedByHand, Actor: "coordinator@smrestore.example"})
	if err != nil {
		t.Fatal(err)
	}
	return &bundle{
		log:    &equipmentlog.Log{DB: db, Outbox: o, ZoneOf: func(int64) *time.Location { return chicago }, Now: clock, Logger: slog.New(slog.DiscardHandler)},
		outbox: o, sql: testenv.SQL(t, dsn), claim: c.ID,
	}
}

// notices are the recipients of each pickup notice queued, oldest first.
func (b *bundle) notices(t *testing.T) [][]string {
	t.Helper()
	rows, err := b.sql.Query(context.Background(), `SELECT recipients FROM outbox WHERE kind = $1 ORDER BY id`, outbox.KindPickupNotice)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[[]string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPickupNoticeOncePerPickup(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	movers, err := b.log.Add(ctx, b.claim, equipmentlog.Change{Kind: equipmentlog.To(equipment.AirMover),
		Count: equipmentlog.To(4), PlacedAt: equipmentlog.To(earlier)}, "tech@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	if n := b.notices(t); len(n) != 0 {
		t.Fatalf("placing told %v", n)
	}
	pickup := equipmentlog.Change{PickedUpAt: equipmentlog.To(now)}
	answer, err := b.log.Update(ctx, movers.ID, pickup, "tech@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	if answer.PickupNotifiedAt == nil {
		t.Fatal("the pickup's answer does not show the notice it queued")
	}
	picked, err := b.log.DB.GetEquipment(ctx, movers.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"mike@smrestore.example", "eve@smrestore.example"}}
	if n := b.notices(t); !slices.EqualFunc(n, want, slices.Equal) || picked.PickupNotifiedAt == nil {
		t.Fatalf("notices %v, notified at %v: want one to the foreman and the estimator", n, picked.PickupNotifiedAt)
	}
	// Saving the pickup again, at another time, or changing the line
	// otherwise tells no one twice.
	for _, c := range []equipmentlog.Change{pickup, {PickedUpAt: equipmentlog.To(now.Add(-time.Hour))}, {Note: equipmentlog.To("basement")}} {
		if _, err := b.log.Update(ctx, movers.ID, c, "tech@smrestore.example"); err != nil {
			t.Fatal(err)
		}
	}
	if n := b.notices(t); len(n) != 1 {
		t.Fatalf("%d notices after saving the same pickup again, want 1", len(n))
	}
	// Another line's pickup is a pickup of its own.
	if _, err := b.log.Add(ctx, b.claim, equipmentlog.Change{Kind: equipmentlog.To(equipment.Dehumidifier),
		PlacedAt: equipmentlog.To(earlier), PickedUpAt: equipmentlog.To(now)}, "tech@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	if n := b.notices(t); len(n) != 2 {
		t.Fatalf("%d notices after a second line's pickup, want 2", len(n))
	}
}

func TestPickupWithoutOutboxIsToldOnceItHasOne(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	b.log.Outbox = nil
	pickup := equipmentlog.Change{Kind: equipmentlog.To(equipment.Dumpster), PlacedAt: equipmentlog.To(earlier), PickedUpAt: equipmentlog.To(now)}
	e, err := b.log.Add(ctx, b.claim, pickup, "tech@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	if e, err = b.log.DB.GetEquipment(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if n := b.notices(t); len(n) != 0 || e.PickupNotifiedAt != nil {
		t.Fatalf("without an outbox: notices %v, notified at %v", n, e.PickupNotifiedAt)
	}
	b.log.Outbox = b.outbox
	if _, err := b.log.Update(ctx, e.ID, equipmentlog.Change{PickedUpAt: equipmentlog.To(now)}, "tech@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	if n := b.notices(t); len(n) != 1 {
		t.Fatalf("%d notices once the pickup is saved with an outbox, want 1", len(n))
	}
}

func TestRefusedChangeLeavesTheLine(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	e, err := b.log.Add(ctx, b.claim, equipmentlog.Change{Kind: equipmentlog.To(equipment.Pod)}, "tech@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	if e.Count != 1 || e.PlacedAt == nil || !e.PlacedAt.Equal(now) || e.Approval != equipment.ApprovalNotNeeded {
		t.Fatalf("added %+v: want one pod placed now, no approval needed", e)
	}
	_, err = b.log.Update(ctx, e.ID, equipmentlog.Change{Approval: equipmentlog.To("maybe"), Note: equipmentlog.To("kept?")}, "tech@smrestore.example")
	var refusal *equipmentlog.Refusal
	if !errors.As(err, &refusal) {
		t.Fatalf("unknown approval: %v, want a refusal", err)
	}
	got, err := b.log.DB.GetEquipment(ctx, e.ID)
	if err != nil || got.Note != "" || got.Approval != equipment.ApprovalNotNeeded {
		t.Errorf("after a refused change: %+v (%v), want the line as it was", got, err)
	}
	if _, err := b.log.Add(ctx, b.claim, equipmentlog.Change{}, "tech@smrestore.example"); !errors.As(err, &refusal) ||
		refusal.Reason != "kind: want one of air_mover, dehumidifier, air_scrubber, dumpster, pod, other" {
		t.Errorf("a line of no kind: %v, want a refusal naming the kinds", err)
	}
}

// TestPickUpSomeOfALine picks up air movers a few at a time, as drying
// crews pull them: each pickup splits off a line of its own, billed to its
// own day and told once, and the last one takes the rest.
func TestPickUpSomeOfALine(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	movers, err := b.log.Add(ctx, b.claim, equipmentlog.Change{Kind: equipmentlog.To(equipment.AirMover), Count: equipmentlog.To(6),
		PlacedAt: equipmentlog.To(earlier), Vendor: equipmentlog.To("Sunbelt"), Approval: equipmentlog.To(equipment.ApprovalApproved)}, "tech@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	first := earlier.Add(24 * time.Hour)
	some, err := b.log.PickUp(ctx, movers.ID, 4, first, false, "tom@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	if some.ID == movers.ID || some.Count != 4 || some.PickedUpAt == nil || !some.PickedUpAt.Equal(first) ||
		!some.PlacedAt.Equal(earlier) || some.Vendor != "Sunbelt" || some.Approval != equipment.ApprovalApproved || some.PickupNotifiedAt == nil {
		t.Errorf("the four picked up: %+v, want a line of their own, placed with the rest and told", some)
	}
	rest, err := b.log.DB.GetEquipment(ctx, movers.ID)
	if err != nil || rest.Count != 2 || rest.PickedUpAt != nil {
		t.Fatalf("the line after picking up four: %+v (%v), want two still on the job", rest, err)
	}
	// The last two: the count covers the line, which is picked up whole.
	last, err := b.log.PickUp(ctx, movers.ID, 2, now, false, "tom@smrestore.example")
	if err != nil || last.ID != movers.ID || last.Count != 2 || last.PickedUpAt == nil || !last.PickedUpAt.Equal(now) {
		t.Fatalf("the last two: %+v (%v), want the line itself picked up", last, err)
	}
	if n := b.notices(t); len(n) != 2 {
		t.Errorf("%d pickup notices, want one a pickup", len(n))
	}
	var refusal *equipmentlog.Refusal
	if _, err := b.log.PickUp(ctx, movers.ID, 0, now, false, "tom@smrestore.example"); !errors.As(err, &refusal) {
		t.Errorf("picking up a line picked up already: %v, want a refusal", err)
	}
	dehu, err := b.log.Add(ctx, b.claim, equipmentlog.Change{Kind: equipmentlog.To(equipment.Dehumidifier), Count: equipmentlog.To(3),
		PlacedAt: equipmentlog.To(now)}, "tech@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.log.PickUp(ctx, dehu.ID, 1, earlier, false, "tom@smrestore.example"); !errors.As(err, &refusal) {
		t.Errorf("a pickup before the placement: %v, want a refusal", err)
	}
	if got, _ := b.log.DB.GetEquipment(ctx, dehu.ID); got.Count != 3 || got.PickedUpAt != nil {
		t.Errorf("after a refused pickup: %+v, want the line as it was", got)
	}
	lines, err := b.log.DB.ClaimEquipment(ctx, b.claim)
	if err != nil || len(lines) != 3 {
		t.Errorf("log %+v (%v), want the two air mover lines and the dehumidifiers", lines, err)
	}
}

// A dumpster still in the driveway is not picked up: a pickup time still
// to come is refused, by the pickup and by an edit, and the line stays on
// the job with no notice sent. A caller's clock a minute fast is not a
// pickup to come.
func TestPickupInTheFutureIsRefused(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	box, err := b.log.Add(ctx, b.claim, equipmentlog.Change{Kind: equipmentlog.To(equipment.Dumpster), PlacedAt: equipmentlog.To(earlier)},
		"tech@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	tomorrow := now.Add(19 * time.Hour)
	var refusal *equipmentlog.Refusal
	if _, err := b.log.PickUp(ctx, box.ID, 0, tomorrow, false, "tom@smrestore.example"); !errors.As(err, &refusal) {
		t.Errorf("picked up tomorrow: %v, want a refusal", err)
	}
	if _, err := b.log.Update(ctx, box.ID, equipmentlog.Change{PickedUpAt: equipmentlog.To(tomorrow)}, "tom@smrestore.example"); !errors.As(err, &refusal) {
		t.Errorf("edited to a pickup tomorrow: %v, want a refusal", err)
	}
	if _, err := b.log.Add(ctx, b.claim, equipmentlog.Change{Kind: equipmentlog.To(equipment.Pod), PlacedAt: equipmentlog.To(earlier),
		PickedUpAt: equipmentlog.To(tomorrow)}, "tom@smrestore.example"); !errors.As(err, &refusal) {
		t.Errorf("a pod logged picked up tomorrow: %v, want a refusal", err)
	}
	if got, _ := b.log.DB.GetEquipment(ctx, box.ID); got.PickedUpAt != nil || len(b.notices(t)) != 0 {
		t.Fatalf("after refused pickups: %+v and %d notices, want the dumpster on the job, nobody told", got, len(b.notices(t)))
	}
	if _, err := b.log.PickUp(ctx, box.ID, 0, now.Add(time.Minute), false, "tom@smrestore.example"); err != nil {
		t.Errorf("picked up a minute ahead of the server's clock: %v, want it taken", err)
	}
}
