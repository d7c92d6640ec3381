package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// copyToInsured is the office's copy of a certificate to the insured,
// sent to (a display name and address), naming no claim and answering
// nothing: only whom it was for ties it to a claim. From Sent, it is
// "out"; Bcc'd to the shared inbox, it arrives "in" the same.
func copyToInsured(id, sentTo string, at time.Time) string {
	return fmt.Sprintf(`From: Claims <claims@smrestore.example>
To: %s
Subject: Your copy - Certificate of Satisfaction
Message-ID: <%s@smrestore.example>
Date: %s

Hello, for your records, a copy of the certificate you signed today will follow by mail.
`, sentTo, id, at.Format(time.RFC1123Z))
}

// returnedClaim adds to b's office a claim of an insured whose address
// the office may misspell.
func (b *requestBundle) returnedClaim(t *testing.T, number, insured, email string) storage.Claim {
	t.Helper()
	c, err := b.db.CreateClaim(t.Context(), storage.Claim{ClaimNumber: number, InsuredName: insured, InsuredEmail: email},
		"", time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// runQueued processes ids in a job queue, which also runs the matching
// again that their filings queue, until each of wantFiled is filed in
// claim.
func (b *requestBundle) runQueued(t *testing.T, ids []int64, claim int64, wantFiled ...int64) {
	t.Helper()
	ws := river.NewWorkers()
	river.AddWorker(ws, b.proc)
	queue, events := testQueue(t, b.db, ws, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}})
	for _, id := range ids {
		if _, err := queue.Insert(t.Context(), ProcessArgs{MessageID: id}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := queue.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, id := range wantFiled {
		b.waitFiled(t, events, id, claim)
	}
}

// TestOfficeMailThatCameBackIsFiledWithItsClaim: the office sends an
// insured her copy of a certificate at a misspelt address, under her name
// as the record has it; the mail server's report that it bounced comes
// back. The office's message, naming no claim, is filed with the claim of
// the person it was meant for, and the report with it, whichever of the two
// is read first, from Sent or as a copy in the shared inbox.
func TestOfficeMailThatCameBackIsFiledWithItsClaim(t *testing.T) {
	t.Parallel()
	const misspelt = "gretchen.lindquist@inboxmail.example"
	for _, tc := range []struct {
		name         string
		direction    string
		reportFirst  bool
		reportFollow bool
	}{
		{"from Sent, the report after", "out", false, true},
		{"from Sent, the report first", "out", true, true},
		{"a copy in the shared inbox", "in", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupRequests(t)
			claim := b.returnedClaim(t, "31-7K42-9Q8", "Gretchen Lindqvist", "gretchen.lindqvist@inboxmail.example")
			at := time.Date(2026, 11, 3, 15, 14, 0, 0, time.UTC)
			sent := copyToInsured("cos-copy", "Gretchen Lindqvist <"+misspelt+">", at)
			report := bounceTo("r1", "cos-copy", misspelt, at.Add(time.Minute))
			var sentID, reportID int64
			if tc.reportFirst {
				reportID = b.store(t, "in", at.Add(time.Minute), report)
				sentID = b.store(t, tc.direction, at, sent)
			} else {
				sentID = b.deliver(t, tc.direction, at, sent)
				checkStatus(t, b.db, sentID, storage.StatusTriage)
				reportID = b.store(t, "in", at.Add(time.Minute), report)
			}
			wantFiled := []int64{sentID}
			if tc.reportFollow {
				wantFiled = append(wantFiled, reportID)
			}
			queued := []int64{reportID}
			if tc.reportFirst {
				queued = append(queued, sentID)
			}
			b.runQueued(t, queued, claim.ID, wantFiled...)
		})
	}
}

// TestOfficeMailThatCameBackWaitsWhenUnsure: the office's mail that came
// back stays in triage when whom it was meant for is not certain: a
// misspelt address sent without the record's name for it, or an address
// two claims' records have. The decision names the claims.
func TestOfficeMailThatCameBackWaitsWhenUnsure(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	b.returnedClaim(t, "31-7K42-9Q8", "Gretchen Lindqvist", "gretchen.lindqvist@inboxmail.example")
	at := time.Date(2026, 11, 3, 15, 14, 0, 0, time.UTC)

	const misspelt = "gretchen.lindquist@inboxmail.example"
	noName := b.deliver(t, "out", at, copyToInsured("no-name", misspelt, at))
	b.deliver(t, "in", at.Add(time.Minute), bounceTo("r1", "no-name", misspelt, at.Add(time.Minute)))
	if err := b.proc.process(ctx, noName, ProcessArgs{MessageID: noName, Rematch: true}, nil); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, b.db, noName, storage.StatusTriage)

	// The adjuster of b's claim has a second claim.
	second, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "60-9J12-4K1", InsuredName: "Ana Ruiz", AdjusterEmail: requestAdjuster},
		"", at, 0)
	if err != nil {
		t.Fatal(err)
	}
	toAdjuster := strings.Replace(copyToInsured("to-adjuster", "Jennifer Anderson <"+requestAdjuster+">", at), "Your copy", "Signed certificate", 1)
	both := b.deliver(t, "out", at, toAdjuster)
	b.deliver(t, "in", at.Add(time.Minute), bounceTo("r2", "to-adjuster", requestAdjuster, at.Add(time.Minute)))
	if err := b.proc.process(ctx, both, ProcessArgs{MessageID: both, Rematch: true}, nil); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, b.db, both, storage.StatusTriage)
	d, err := b.db.GetMessageDetail(ctx, both)
	if err != nil {
		t.Fatal(err)
	}
	var dec classify.Decision
	if err := json.Unmarshal(d.Decision, &dec); err != nil {
		t.Fatal(err)
	}
	var cands []int64
	for _, c := range dec.Candidates {
		cands = append(cands, c.ID)
	}
	slices.Sort(cands)
	if want := []int64{b.claim.ID, second.ID}; !slices.Equal(cands, want) || !slices.ContainsFunc(dec.Evidence, func(e classify.Evidence) bool {
		return e.Rule == classify.RuleReturnedTo && e.Matched == requestAdjuster
	}) {
		t.Errorf("decision %s; want the returned address as evidence and claims %v to choose from", d.Decision, want)
	}
}

// TestOfficeMailCameBackWhileItWasMatched: the report that the office's
// message bounced is read while that message is being matched (after it
// read the reports, before it was stored in triage). Neither look misses
// the other: the message is matched again and filed with its claim.
func TestOfficeMailCameBackWhileItWasMatched(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	const misspelt = "gretchen.lindquist@inboxmail.example"
	claim := b.returnedClaim(t, "31-7K42-9Q8", "Gretchen Lindqvist", "gretchen.lindqvist@inboxmail.example")
	at := time.Date(2026, 11, 3, 15, 14, 0, 0, time.UTC)
	sent := b.store(t, "out", at, copyToInsured("cos-copy", "Gretchen Lindqvist <"+misspelt+">", at))
	var once sync.Once
	b.proc.beforeSave = func(ctx context.Context, id int64) {
		if id == sent {
			once.Do(func() {
				b.deliver(t, "in", at.Add(time.Minute), bounceTo("r1", "cos-copy", misspelt, at.Add(time.Minute)))
			})
		}
	}
	b.runQueued(t, []int64{sent}, claim.ID, sent)
}
