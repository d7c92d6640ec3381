package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// equipmentBundle is the API of an office that sends mail, with a water
// claim whose foreman and estimator are named.
type equipmentBundle struct {
	*apiBundle
	claim int64
}

func setupEquipment(t *testing.T) *equipmentBundle {
	t.Helper()
	b := &equipmentBundle{apiBundle: setupAPI(t)}
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.srv.opts.Outbox = outbox.NewOutbox(b.db, rc, outbox.OutboxConfig{
		From: mail.Address{Address: "claims@smrestore.example"}, Now: b.clock.Now})
	b.claim = b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", Carrier: "State Farm",
		InsuredName: "Ellen Ripley", LossType: "water", AdjusterEmail: "janderson@statefarm.example"})
	resp, body := b.call(t, "PATCH", fmt.Sprintf("/api/claims/%d", b.claim), map[string]any{"participants": []map[string]string{
		{"role": "foreman", "name": "Mike Manager", "email": "mike@smrestore.example"},
		{"role": "estimator", "name": "Eve Estimator", "email": "Eve@smrestore.example"},
		{"role": "technician", "name": "Tom Tech", "email": "tom@smrestore.example"},
	}}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("participants: %d %s", resp.StatusCode, body)
	}
	return b
}

// propose records what message msg, filed with the bundle's claim, says of
// its equipment, as the mail's reading does.
func (b *equipmentBundle) propose(t *testing.T, msg int64, ps []storage.EquipmentProposal) {
	t.Helper()
	ctx := context.Background()
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordEquipmentProposals(ctx, tx, b.claim, msg, ps)
	}); err != nil {
		t.Fatal(err)
	}
}

// add logs equipment on the bundle's claim and returns it.
func (b *equipmentBundle) add(t *testing.T, in map[string]any) equipmentItem {
	t.Helper()
	var e equipmentItem
	b.send(t, "POST", fmt.Sprintf("/api/claims/%d/equipment", b.claim), in, http.StatusCreated, &e)
	return e
}

// send calls the API and decodes the answer, which must be status.
func (b *equipmentBundle) send(t *testing.T, method, path string, in any, status int, out any) {
	t.Helper()
	resp, body := b.call(t, method, path, in, nil)
	if resp.StatusCode != status {
		t.Fatalf("%s %s: %d %s, want %d", method, path, resp.StatusCode, body, status)
	}
	if err := json.Unmarshal([]byte(body), out); err != nil {
		t.Fatalf("%s %s: %v in %s", method, path, err, body)
	}
}

// notices returns the pickup notices queued, oldest first.
func (b *equipmentBundle) notices(t *testing.T) []storage.OutboxMessage {
	t.Helper()
	rows, err := b.sql.Query(context.Background(), `SELECT id FROM outbox WHERE kind = $1 ORDER BY id`, outbox.KindPickupNotice)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	var out []storage.OutboxMessage
	for _, id := range ids {
		m, err := b.db.GetOutbox(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func TestAPIEquipmentLog(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	placed := b.at(3, 1, 9, 0)
	am := b.add(t, map[string]any{"kind": "air_mover", "count": 6, "placed_at": placed, "vendor": "Dri-Eaz rental"})
	if am.Kind != "air_mover" || am.Count != 6 || am.PlacedAt == nil || !am.PlacedAt.Equal(placed) || am.PickedUpAt != nil ||
		am.Approval != "not_needed" || am.Vendor != "Dri-Eaz rental" || am.Days == nil || *am.Days != 3 {
		t.Fatalf("added %+v", am)
	}
	// placed_at defaults to now; null says not placed yet.
	pod := b.add(t, map[string]any{"kind": "pod", "approval": "requested", "note": "second pod for the contents"})
	if pod.Count != 1 || pod.PlacedAt == nil || !pod.PlacedAt.Equal(b.clock.Now()) || pod.Approval != "requested" ||
		pod.ApprovalBy != "ana-script" || pod.ApprovalAt == nil || *pod.Days != 1 {
		t.Fatalf("pod %+v", pod)
	}
	later := b.add(t, map[string]any{"kind": "dumpster", "placed_at": nil})
	if later.PlacedAt != nil || later.Days != nil {
		t.Fatalf("unplaced dumpster %+v", later)
	}

	var got equipmentItem
	b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", pod.ID), map[string]any{"approval": "approved", "count": 2}, http.StatusOK, &got)
	if got.Approval != "approved" || got.Count != 2 || got.Note != "second pod for the contents" || got.Kind != "pod" {
		t.Errorf("patched %+v", got)
	}
	b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", pod.ID), map[string]any{"placed_at": nil}, http.StatusOK, &got)
	if got.PlacedAt != nil || got.Count != 2 {
		t.Errorf("placed_at cleared: %+v", got)
	}

	var list listResponse[equipmentItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment", b.claim), &list)
	if len(list.Items) != 3 || list.Items[0].ID != am.ID || list.Items[0].Vendor != "Dri-Eaz rental" {
		t.Fatalf("list %+v", list.Items)
	}

	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		want               string
	}{
		{"unknown kind", "POST", fmt.Sprintf("/api/claims/%d/equipment", b.claim), map[string]any{"kind": "fan"}, 400, "kind: want one of"},
		{"no kind", "POST", fmt.Sprintf("/api/claims/%d/equipment", b.claim), map[string]any{"count": 2}, 400, "kind"},
		{"zero count", "POST", fmt.Sprintf("/api/claims/%d/equipment", b.claim), map[string]any{"kind": "pod", "count": 0}, 400, "count: want 1 to 999"},
		{"unknown field", "POST", fmt.Sprintf("/api/claims/%d/equipment", b.claim), map[string]any{"kind": "pod", "colour": "red"}, 400, "unknown field"},
		{"pickup before placement", "PATCH", fmt.Sprintf("/api/equipment/%d", am.ID), map[string]any{"picked_up_at": placed.Add(-time.Hour)}, 400, "before placed_at"},
		{"unknown approval", "PATCH", fmt.Sprintf("/api/equipment/%d", am.ID), map[string]any{"approval": "maybe"}, 400, "approval: want one of"},
		{"unknown claim", "POST", "/api/claims/999999/equipment", map[string]any{"kind": "pod"}, 404, "claim 999999 not found"},
		{"unknown claim list", "GET", "/api/claims/999999/equipment", nil, 404, "claim 999999 not found"},
		{"unknown line", "PATCH", "/api/equipment/999999", map[string]any{"count": 2}, 404, "equipment 999999 not found"},
	} {
		resp, body := b.call(t, tc.method, tc.path, tc.body, nil)
		wantError(t, tc.name, resp, body, tc.status, tc.want)
	}
}

// TestAPIEquipmentPickupNotifiesOnce picks up a line, saves the pickup
// again, and runs the sending jobs against a real SMTP server: the
// foreman and the estimator get one notice each.
func TestAPIEquipmentPickupNotifiesOnce(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	smtpSrv := testenv.SMTP(t)
	am := b.add(t, map[string]any{"kind": "air_mover", "count": 4, "placed_at": b.at(3, 1, 9, 0)})
	if n := len(b.notices(t)); n != 0 {
		t.Fatalf("%d notices before any pickup", n)
	}
	pickup := b.at(3, 4, 11, 30)
	var got equipmentItem
	for range 2 {
		b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", am.ID), map[string]any{"picked_up_at": pickup}, http.StatusOK, &got)
	}
	b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", am.ID), map[string]any{"note": "all four out"}, http.StatusOK, &got)
	if !got.PickupNotified || *got.Days != 3 {
		t.Errorf("after pickup: %+v", got)
	}
	ns := b.notices(t)
	if len(ns) != 1 {
		t.Fatalf("%d pickup notices queued, want 1", len(ns))
	}
	if want := []string{"mike@smrestore.example", "eve@smrestore.example"}; !slices.Equal(ns[0].Recipients, want) {
		t.Errorf("notice to %v, want %v", ns[0].Recipients, want)
	}

	w := outbox.NewSendWorker(b.db, outbox.SMTPConfig{Addr: smtpSrv.Addr, TLS: "none", User: smtpSrv.User,
		Password: smtpSrv.Password, Auth: outbox.SMTPAuthPlain, SaveSent: true}, nil, testenv.Logger(t))
	rows, err := b.sql.Query(context.Background(), `SELECT (args->>'outbox_id')::bigint FROM river_job WHERE kind = 'send_reply'`)
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range jobs {
		job := &river.Job[outbox.SendArgs]{JobRow: &rivertype.JobRow{Attempt: 1}, Args: outbox.SendArgs{OutboxID: id}}
		if err := w.Work(context.Background(), job); err != nil {
			t.Fatal(err)
		}
	}
	got2 := smtpSrv.Received()
	if len(got2) != 1 {
		t.Fatalf("SMTP server got %d messages, want one notice", len(got2))
	}
	to := slices.Sorted(slices.Values(got2[0].To))
	if !slices.Equal(to, []string{"eve@smrestore.example", "mike@smrestore.example"}) {
		t.Errorf("notice sent to %v", to)
	}
	if ns[0].Subject != "Equipment picked up: 4 × air mover, job 26-1001-WTR" {
		t.Errorf("subject %q", ns[0].Subject)
	}
	for _, want := range []string{"Ellen Ripley", "- Picked up: Wed Mar 4 11:30", "- Equipment days: 3"} {
		if !strings.Contains(ns[0].Body, want) {
			t.Errorf("notice body lacks %q:\n%s", want, ns[0].Body)
		}
	}
}

// TestAPIPickUpSomeEquipment picks up two of five air movers, then the
// rest, through POST /api/equipment/{id}/pickup.
func TestAPIPickUpSomeEquipment(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	movers := b.add(t, map[string]any{"kind": "air_mover", "count": 5, "placed_at": b.at(3, 2, 9, 0)})
	path := fmt.Sprintf("/api/equipment/%d/pickup", movers.ID)
	var two, rest equipmentItem
	b.send(t, "POST", path, map[string]any{"count": 2, "picked_up_at": b.at(3, 4, 9, 0)}, http.StatusOK, &two)
	if two.ID == movers.ID || two.Count != 2 || two.PickedUpAt == nil || !two.PickedUpAt.Equal(b.at(3, 4, 9, 0)) || two.Days == nil || *two.Days != 2 {
		t.Errorf("two picked up: %+v, want a line of their own billed two days", two)
	}
	b.send(t, "POST", path, map[string]any{}, http.StatusOK, &rest)
	if rest.ID != movers.ID || rest.Count != 3 || rest.PickedUpAt == nil || !rest.PickedUpAt.Equal(b.clock.Now()) {
		t.Errorf("the rest picked up: %+v, want the line's three, now", rest)
	}
	for _, in := range []map[string]any{{}, {"count": -1}} {
		if resp, body := b.call(t, "POST", path, in, nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("pickup %v of a line picked up already: %d %s, want 400", in, resp.StatusCode, body)
		}
	}
	if resp, _ := b.call(t, "POST", "/api/equipment/999999/pickup", map[string]any{}, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("pickup of no line: %d, want 404", resp.StatusCode)
	}
}
