package ingest

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// pilotFile is the adjusting firm's file number the waiting mail names.
const pilotFile = "PCS-GA-26-44817"

// pilotStatusMail names the claim only by the firm's file number.
const pilotStatusMail = "From: Dana Whitfield <dwhitfield@pilotcat.example>\r\nTo: claims@office.example\r\n" +
	"Subject: Ref: " + pilotFile + " - status?\r\nMessage-ID: <status@pilotcat.example>\r\n" +
	"Date: Mon, 02 Mar 2026 09:00:00 -0500\r\n\r\nAny update on drying? I will need your moisture map.\r\n\r\nDana Whitfield\r\n"

// pilotFirstReport is the firm's first report on the claim: its file
// number beside the carrier's claim number.
const pilotFirstReport = "From: Dana Whitfield <dwhitfield@pilotcat.example>\r\nTo: claims@office.example\r\n" +
	"Subject: O'Neal / Safeco / " + pilotFile + "\r\nMessage-ID: <report@pilotcat.example>\r\n" +
	"Date: Tue, 03 Mar 2026 09:00:00 -0500\r\n\r\n" +
	"Pilot Catastrophe Services has been assigned by Safeco Insurance to handle the above claim.\r\n\r\n" +
	"Our File No.:    " + pilotFile + "\r\nSafeco Claim:    054419283017\r\nInsured:         Brian O'Neal\r\n" +
	"Risk:            37 Kennesaw Ave NW, Marietta\r\n\r\nDana Whitfield\r\nPilot Catastrophe Services\r\n"

// TestClaimGettingAFileNumberSettlesMailNamingIt leaves in triage the
// adjusting firm's mail naming only its file number, which no claim has
// yet; then a claim gets that number, from the firm's first report, typed
// on its record or imported: the mail is matched again and filed into it. When
// two claims get the number (a claims import), it names neither, and the
// mail, matched again, waits with both as candidates.
func TestClaimGettingAFileNumberSettlesMailNamingIt(t *testing.T) {
	t.Parallel()
	oneal := storage.Claim{JobNumber: "26-2644-WTR", ClaimNumber: "054419283017", Carrier: "Safeco",
		InsuredName: "Brian O'Neal", LossAddress: "37 Kennesaw Ave NW, Marietta, GA 30060"}
	for _, tc := range []struct {
		name   string
		number func(t *testing.T, b *rematchBundle, c storage.Claim)
	}{
		{"from the first report", func(t *testing.T, b *rematchBundle, _ storage.Claim) {
			report := storeRawMessageUID(t, b.db, b.blobs, []byte(pilotFirstReport), 2)
			// Processed by the queue's worker, which queues the matching
			// again of the mail the report settles.
			if _, err := b.rc.Insert(t.Context(), ProcessArgs{MessageID: report}, nil); err != nil {
				t.Fatal(err)
			}
		}},
		{"typed on the record", func(t *testing.T, b *rematchBundle, c storage.Claim) {
			_, err := b.filer.UpdateClaim(t.Context(), c.ID,
				storage.ClaimPatch{Fields: map[string]string{"adjuster_file_number": pilotFile}}, "dana@office.example")
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"imported onto the claim", func(t *testing.T, b *rematchBundle, c storage.Claim) {
			c.AdjusterFileNumber = pilotFile
			_, _, errs := b.db.ImportClaims(t.Context(), []storage.ClaimRow{{Line: 2, Claim: c}}, NewQueue(b.rc).RematchNaming)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newRematchBundle(t)
			c, err := b.db.CreateClaim(t.Context(), oneal, "", time.Now(), 0)
			if err != nil {
				t.Fatal(err)
			}
			waiting := waitingForFileNumber(t, b)
			tc.number(t, b, c)
			if err := b.rc.Start(t.Context()); err != nil {
				t.Fatal(err)
			}
			waitForJobsDone(t, b.sql, b.events)
			status, claim, _ := decided(t, b, waiting)
			if status != storage.StatusFiled || claim != c.ID {
				t.Errorf("mail naming %s is %s in claim %d; want filed in claim %d", pilotFile, status, claim, c.ID)
			}
		})
	}
	t.Run("shared by two claims", func(t *testing.T) {
		t.Parallel()
		b := newRematchBundle(t)
		waiting := waitingForFileNumber(t, b)
		other := oneal
		other.JobNumber, other.ClaimNumber, other.InsuredName = "26-2650-WTR", "054419283555", "Carla Neely"
		var rows []storage.ClaimRow
		for i, c := range []storage.Claim{oneal, other} {
			c.AdjusterFileNumber = pilotFile
			rows = append(rows, storage.ClaimRow{Line: i + 2, Claim: c})
		}
		if _, _, errs := b.db.ImportClaims(t.Context(), rows, NewQueue(b.rc).RematchNaming); len(errs) > 0 {
			t.Fatal(errs)
		}
		if err := b.rc.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		waitForJobsDone(t, b.sql, b.events)
		status, _, d := decided(t, b, waiting)
		if status != storage.StatusTriage || len(d.Candidates) != 2 {
			t.Errorf("mail naming a file number two claims share is %s with candidates %+v; want in triage with both",
				status, d.Candidates)
		}
	})
}

// waitingForFileNumber processes the firm's mail naming only its file
// number, and checks it waits in triage for a claim with that number.
func waitingForFileNumber(t *testing.T, b *rematchBundle) int64 {
	t.Helper()
	id := storeRawMessageUID(t, b.db, b.blobs, []byte(pilotStatusMail), 1)
	if err := b.proc.Process(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	status, _, d := decided(t, b, id)
	if status != storage.StatusTriage || !slices.Contains(d.Unknown, classify.Normalize(pilotFile)) {
		t.Fatalf("mail naming an unknown file number is %s, waiting for %q; want in triage waiting for %s",
			status, d.Unknown, pilotFile)
	}
	return id
}

// decided is message id's status, claim (0: none) and decision.
func decided(t *testing.T, b *rematchBundle, id int64) (string, int64, classify.Decision) {
	t.Helper()
	var status string
	var claim int64
	var raw []byte
	err := b.sql.QueryRow(t.Context(), `SELECT status, coalesce(claim_id, 0), coalesce(decision, '{}') FROM messages WHERE id = $1`, id).
		Scan(&status, &claim, &raw)
	if err != nil {
		t.Fatal(err)
	}
	var d classify.Decision
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return status, claim, d
}
