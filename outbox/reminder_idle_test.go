package outbox

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// lockedBuffer is a log's output, written by the worker and read by the
// test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestReminderWithNothingLeftToAsk: the COS reminder falls due on a claim
// read by a sweep, and the signed COS is filed before the sweep sends it.
// The reminder is not sent; one debug line says so, naming the claim and
// the reminder but not the person, however often the same reading comes
// round, and the next sweep, reading the claim afresh, finds nothing due.
func TestReminderWithNothingLeftToAsk(t *testing.T) {
	t.Parallel()
	b := setupReminders(t, "")
	ctx := t.Context()
	b.now = tueMorning
	photo := `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		VALUES ($1, $2, 1, $3, $4, 'Photos', $2, $5, 1)`
	if _, err := b.sql.Exec(ctx, photo, b.claim.ID, fmt.Sprintf("%064x", 1), "IMG_1.jpg", "photo", monAfternoon); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetJobStage(ctx, b.claim.ID, storage.StageEquipmentPickedUp, b.now.Add(-time.Hour), "dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	read, err := b.db.ClaimFacts(ctx, b.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	rules := ReminderRules{Calendar: b.cal}
	if due := rules.Due(read, b.now); len(due) != 1 || due[0].Kind != storage.ReminderCOSAtPickup {
		t.Fatalf("due on the claim as read: %v, want the COS reminder alone", due)
	}
	if _, err := b.sql.Exec(ctx, photo, b.claim.ID, fmt.Sprintf("%064x", 2), "cos.pdf", "cos", b.now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}

	var logged lockedBuffer
	w := NewReminderWorker(b.db, OutboxConfig{From: mail.Address{Name: "Claims Desk", Address: "claims@office.example"},
		OfficeDomain: "office.example", Now: func() time.Time { return b.now }},
		rules, slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug})))
	o := NewOutbox(b.db, b.outbox.jobs, w.cfg)
	to := Recipients([]storage.ClaimParticipant{{Role: "technician", Name: "Marcus Field", Email: "marcus@field.example"}}, nil)
	for range 2 {
		if n, err := w.sweepClaim(ctx, o, rules, b.claim.ID, read, to, b.now); n != 0 || err != nil {
			t.Fatalf("sweep of the claim as read: sent %d (%v), want none", n, err)
		}
	}
	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "level=DEBUG") || !strings.Contains(lines[0], "nothing left to ask") ||
		!strings.Contains(lines[0], fmt.Sprintf("claim_id=%d", b.claim.ID)) || !strings.Contains(lines[0], "kind="+storage.ReminderCOSAtPickup) {
		t.Errorf("logged %q, want one debug line naming the claim and the reminder", lines)
	}
	if out := logged.String(); strings.Contains(out, "@") || strings.Contains(out, "Marcus") {
		t.Errorf("the log names the person: %q", out)
	}
	if n, err := w.Sweep(ctx, b.outbox.jobs); n != 0 || err != nil {
		t.Fatalf("the next sweep: sent %d (%v), want none", n, err)
	}
	if got := strings.Count(logged.String(), "\n"); got != 1 {
		t.Errorf("the next sweep logged again: %q", logged.String())
	}
	if f, err := b.db.ClaimFacts(ctx, b.claim.ID); err != nil || len(rules.Due(f, b.now)) != 0 {
		t.Errorf("due on the claim read afresh: %v (%v), want nothing", rules.Due(f, b.now), err)
	}
	if rs, err := b.db.ClaimReminders(ctx, b.claim.ID); err != nil || len(rs) != 0 {
		t.Errorf("reminders recorded: %v (%v), want none", rs, err)
	}
}
