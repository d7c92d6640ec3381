package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// The board and the morning page name, in one line, the open claims with
// equipment read from mail that nobody confirmed, and how many wait on
// each, linking to the claim page's list; a claim whose proposals were
// decided, or a closed claim, is not named.
func TestProposalsToConfirmOnBoardAndMorning(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	sandoval := b.addClaim(t, claimSeed{Job: "26-2106-WTR", Number: "31-7K42-9Q8", Carrier: "State Farm", Insured: "Sandoval"})
	jensen := b.addClaim(t, claimSeed{Job: "26-2108-WTR", Number: "0683449786", Carrier: "Allstate", Insured: "Jensen"})
	closed := b.addClaim(t, claimSeed{Job: "26-2100-WTR", Number: "577104656-341", Carrier: "Chubb", Insured: "Bishop", Status: "closed"})
	b.proposeEquipment(t, sandoval, now.Add(-4*24*time.Hour), equipment.AirMover, equipment.Dehumidifier)
	decided := b.proposeEquipment(t, jensen, now.Add(-5*24*time.Hour), equipment.AirMover)
	b.proposeEquipment(t, closed, now.Add(-6*24*time.Hour), equipment.AirMover)
	if _, err := b.srv.equipmentLog().Decide(ctx, decided[0].ID, storage.ProposalDismissed, "dana@office.example", 0); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"/", "/morning"} {
		body := b.get(t, page, http.StatusOK)
		want := `<strong>Equipment from mail to confirm</strong> <span class="count">2</span> <a href="/claims/` +
			strconv.FormatInt(sandoval, 10) + `#proposals-h"><span class="job">26-2106-WTR</span> Sandoval</a>&nbsp;(2)</p>`
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %s", page, want)
		}
		if strings.Contains(body, "Jensen</a>&nbsp;(") || strings.Contains(body, "Bishop</a>&nbsp;(") {
			t.Errorf("%s names a claim with nothing to confirm", page)
		}
	}
}

// proposeEquipment records, as a technician's mail at at would, a line
// placing two of each kind on claim, and returns the claim's proposals.
func (b *pageBundle) proposeEquipment(t *testing.T, claim int64, at time.Time, kinds ...string) []storage.EquipmentProposal {
	t.Helper()
	ctx := context.Background()
	msg := b.addMessage(t, msgSeed{Subject: "equipment", From: "tech@office.example", ClaimID: claim, Status: storage.StatusFiled, Arrived: at})
	var ps []storage.EquipmentProposal
	for _, k := range kinds {
		ps = append(ps, storage.EquipmentProposal{Action: equipment.ActionPlaced, Kind: k, Count: 2, At: at, Text: "set 2"})
	}
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error { return storage.RecordEquipmentProposals(ctx, tx, claim, msg, ps) }); err != nil {
		t.Fatal(err)
	}
	got, err := b.db.ClaimEquipmentProposals(ctx, claim)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// The line of equipment to confirm comes after what is due: the morning
// page opens on its claims, the board on the mail waiting for an answer,
// its jump list counting the equipment and leading down to the line. Each
// claim's own to-do already says to confirm its equipment.
func TestProposalsToConfirmFollowWhatIsDue(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2106-WTR", Number: "31-7K42-9Q8", Carrier: "State Farm", Insured: "Sandoval"})
	b.addAlert(t, claim, "drying_log", "Drying log due", now.Add(-48*time.Hour), now.Add(-time.Hour))
	b.proposeEquipment(t, claim, now.Add(-24*time.Hour), equipment.AirMover)
	before := func(page, body, first, then string) {
		t.Helper()
		i, j := strings.Index(body, first), strings.Index(body, then)
		if i < 0 || j < 0 || i > j {
			t.Errorf("%s: want %s (at %d) before %s (at %d)", page, first, i, then, j)
		}
	}
	morning := b.get(t, "/morning", http.StatusOK)
	before("/morning", morning, `<ol class="morning">`, `id="to-confirm"`)
	board := b.get(t, "/", http.StatusOK)
	before("/", board, `id="alerts-h"`, `id="to-confirm"`)
	before("/", board, `<a href="#to-confirm">Equipment to confirm <span class="count">1</span></a>`, `id="waiting-h"`)
}
