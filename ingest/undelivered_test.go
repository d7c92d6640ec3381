package ingest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/storage"
)

// bounce is a Postfix delivery report of the office's message sentID to
// the adjuster, refused as an unknown user.
func bounce(id, sentID string, at time.Time) string {
	return bounceTo(id, sentID, requestAdjuster, at)
}

// bounceTo is bounce of the office's message to recipient.
func bounceTo(id, sentID, recipient string, at time.Time) string {
	return fmt.Sprintf(`From: Mail Delivery System <MAILER-DAEMON@mx.smrestore.example>
To: claims@smrestore.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <%s@mx.smrestore.example>
Date: %s
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="r"

--r
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.
--r
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.smrestore.example

Final-Recipient: rfc822; %s
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown
--r
Content-Type: text/rfc822-headers

From: Claims <claims@smrestore.example>
To: %s
Subject: Re: 60-8H77-8H5 Castillo
Message-ID: <%s@smrestore.example>
--r--
`, id, at.Format(time.RFC1123Z), recipient, recipient, sentID)
}

// deliverBounced delivers the office's mail to the adjuster, sent at at,
// and a minute later the report that it bounced.
func (b *requestBundle) deliverBounced(t *testing.T, at time.Time) (sent, report int64) {
	t.Helper()
	sent = b.deliver(t, "out", at, officeMail("cos", "Signed COS attached.", at, "COS signed.pdf"))
	report = b.deliver(t, "in", at.Add(time.Minute), bounce("r1", "cos", at.Add(time.Minute)))
	return sent, report
}

// TestBounceOfOfficeMailIsShownWithItsClaim processes the office's mail to
// the adjuster and the report that it bounced: the report is filed with
// the claim and listed as undelivered mail until seen. A report of mail
// the office never sent (spam forging its address), or naming someone the
// office's message was not sent to, is not listed; one read before the
// office's message was imported is, once it is. Reports a month old are
// no longer listed.
func TestBounceOfOfficeMailIsShownWithItsClaim(t *testing.T) {
	b := setupRequests(t)
	ctx := t.Context()
	sentAt := time.Date(2026, 11, 3, 14, 0, 0, 0, time.UTC)
	sent, report := b.deliverBounced(t, sentAt)
	spam := b.deliver(t, "in", sentAt.Add(2*time.Minute), bounce("r2", "never-sent", sentAt.Add(2*time.Minute)))
	// A report of the office's message that names someone it was not
	// sent to: anyone can write one.
	b.deliver(t, "in", sentAt.Add(2*time.Minute), bounceTo("r4", "cos", "someone.else@elsewhere.example", sentAt.Add(2*time.Minute)))

	d, err := b.db.GetMessageDetail(ctx, report)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != storage.StatusFiled || d.ClaimID == nil || *d.ClaimID != b.claim.ID {
		t.Errorf("report: status %s, claim %v; want filed to claim %d", d.Status, d.ClaimID, b.claim.ID)
	}
	if m, err := b.db.GetMessage(ctx, spam); err != nil || m.Status != storage.StatusIgnored {
		t.Errorf("report of mail never sent: status %s (%v), want ignored", m.Status, err)
	}
	now := sentAt.Add(time.Hour)
	b.wantUndelivered(t, now, undeliveredWant{report, sent})

	// A report imported before the office's message it returns.
	early := b.deliver(t, "in", sentAt.Add(3*time.Minute), bounce("r3", "atp", sentAt.Add(3*time.Minute)))
	b.wantUndelivered(t, now, undeliveredWant{report, sent})
	later := b.deliver(t, "out", sentAt.Add(4*time.Minute), officeMail("atp", "Signed ATP attached.", sentAt.Add(4*time.Minute), "ATP.pdf"))
	b.wantUndelivered(t, now, undeliveredWant{early, later}, undeliveredWant{report, sent})

	b.wantUndelivered(t, sentAt.Add(31*24*time.Hour)) // a month on, they are history

	for _, id := range []int64{report, early} {
		if err := b.db.AckManually(ctx, id, "maria", "address fixed, sent again", now, func(time.Time) int { return 0 }); err != nil {
			t.Fatal(err)
		}
	}
	b.wantUndelivered(t, now)
}

// TestReportPartsAreNotDocuments files into the claim two delivery
// reports of the office's message, one returning its headers and one the
// whole message with the signed COS, and the adjuster's read receipt of
// it: each is filed as correspondence and nothing more. Their parts (the
// report's fields, the returned headers, the returned copy) are kept with
// the message, not filed: the claim holds the COS once, as the office
// sent it.
func TestReportPartsAreNotDocuments(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	inserter, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.proc.cfg.Filer = NewFiler(b.db, b.blobs, NewQueue(inserter), time.UTC, nil)
	at := time.Date(2026, 11, 3, 14, 0, 0, 0, time.UTC)
	sent, headers := b.deliverBounced(t, at)
	whole := b.deliver(t, "in", at.Add(2*time.Minute), bounceReturning("r2", at.Add(2*time.Minute),
		officeMail("cos", "Signed COS attached.", at, "COS signed.pdf")))
	receipt := b.deliver(t, "in", at.Add(3*time.Minute), readReceipt("cos", at.Add(3*time.Minute)))

	for name, id := range map[string]int64{"report returning headers": headers, "report returning the message": whole, "read receipt": receipt} {
		checkStatus(t, b.db, id, storage.StatusFiled)
		docs, err := b.db.MessageDocuments(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 1 || docs[0].DocType != storage.DocTypeCorrespondence || docs[0].ClaimID != b.claim.ID {
			t.Errorf("%s: documents %+v; want the message alone, as correspondence of claim %d", name, docs, b.claim.ID)
		}
		var stored int
		if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, `SELECT count(*) FROM message_parts WHERE message_id = $1 AND sha256 IS NOT NULL`, id).Scan(&stored)
		}); err != nil || stored != 2 {
			t.Errorf("%s: %d parts stored (%v); want its two kept with it", name, stored, err)
		}
	}
	docs, err := b.db.ClaimDocuments(ctx, b.claim.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, d := range docs {
		if d.DocType != storage.DocTypeCorrespondence {
			files = append(files, d.Folder+"/"+d.Filename)
		}
	}
	if !reflect.DeepEqual(files, []string{"Contracts/COS signed.pdf"}) {
		t.Errorf("claim files %q; want only the COS the office sent (message %d)", files, sent)
	}
}

// bounceReturning is a delivery report of the office's message to the
// adjuster that returns the message whole, raw.
func bounceReturning(id string, at time.Time, raw string) string {
	return fmt.Sprintf(`From: Mail Delivery System <MAILER-DAEMON@mx.smrestore.example>
To: claims@smrestore.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <%s@mx.smrestore.example>
Date: %s
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="r"

--r
Content-Type: text/plain

Your message could not be delivered.
--r
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.smrestore.example

Final-Recipient: rfc822; %s
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown
--r
Content-Type: message/rfc822

%s
--r--
`, id, at.Format(time.RFC1123Z), requestAdjuster, raw)
}

// readReceipt is the adjuster's read receipt (RFC 8098) of the office's
// message sentID, as Outlook sends it.
func readReceipt(sentID string, at time.Time) string {
	return fmt.Sprintf(`From: Jennifer Anderson <%s>
To: claims@smrestore.example
Subject: Read: Re: 60-8H77-8H5 Castillo
Message-ID: <read-%s@statefarm.example>
In-Reply-To: <%s@smrestore.example>
References: <%s@smrestore.example>
Date: %s
MIME-Version: 1.0
Content-Type: multipart/report; report-type=disposition-notification; boundary="r"

--r
Content-Type: text/plain

Your message was read on %s.
--r
Content-Type: message/disposition-notification

Reporting-UA: statefarm.example; Microsoft Outlook 16.0
Final-Recipient: rfc822;%s
Original-Message-ID: <%s@smrestore.example>
Disposition: manual-action/MDN-sent-manually; displayed
--r
Content-Type: text/rfc822-headers

From: Claims <claims@smrestore.example>
To: %s
Subject: Re: 60-8H77-8H5 Castillo
Message-ID: <%s@smrestore.example>
--r--
`, requestAdjuster, sentID, sentID, sentID, at.Format(time.RFC1123Z), at.Format(time.RFC1123Z),
		requestAdjuster, sentID, requestAdjuster, sentID)
}

// undeliveredWant is a report the board lists, and the office's message
// it names.
type undeliveredWant struct{ report, sent int64 }

// wantUndelivered checks the undelivered mail listed at now, the latest
// report first: each of the adjuster, refused as an unknown user, in the
// bundle's claim.
func (b *requestBundle) wantUndelivered(t *testing.T, now time.Time, want ...undeliveredWant) {
	t.Helper()
	list, total, err := b.db.UndeliveredMail(t.Context(), storage.AllOffices, now, 10)
	if err != nil {
		t.Fatal(err)
	}
	recipients := []storage.UndeliveredRecipient{{Address: requestAdjuster, Status: "5.1.1", Diagnostic: "550 5.1.1 User unknown"}}
	ok := total == len(want) && len(list) == len(want)
	for i := 0; ok && i < len(want); i++ {
		r := list[i]
		ok = r.ID == want[i].report && r.SentID == want[i].sent && r.SentSubject == "Re: 60-8H77-8H5 Castillo" &&
			reflect.DeepEqual(r.Undelivered.Recipients, recipients) && r.SentJobNumber == b.claim.JobNumber
	}
	if !ok {
		t.Errorf("undelivered mail = %+v (%d in all), want %+v, to %v, in %s", list, total, want, recipients, b.claim.JobNumber)
	}
}

// TestBounceLinkedWhenItsJobRunsAgain: the link of a report and the
// office's message is made after the commit that stored the second of
// them; a job stopped between the two (a crash, a failed statement) runs
// again and makes it, whichever of the two it was for.
func TestBounceLinkedWhenItsJobRunsAgain(t *testing.T) {
	b := setupRequests(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 3, 14, 0, 0, 0, time.UTC)
	sent, report := b.deliverBounced(t, at)
	b.wantUndelivered(t, at, undeliveredWant{report, sent})
	for _, id := range []int64{report, sent} {
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE messages SET undelivered_of = NULL`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		b.wantUndelivered(t, at)
		if err := b.proc.Process(ctx, id); err != nil {
			t.Fatal(err)
		}
		b.wantUndelivered(t, at, undeliveredWant{report, sent})
	}
}

// TestBounceReadBeforeTheOfficeMailGoesWithIt imports a report before the
// office's message it returns: ignored at first, as automatic mail with no
// thread to follow, it is matched again once that message is filed, and
// goes with it into the claim.
func TestBounceReadBeforeTheOfficeMailGoesWithIt(t *testing.T) {
	b := setupRequests(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 3, 14, 0, 0, 0, time.UTC)
	early := b.deliver(t, "in", at, bounce("r3", "atp", at))
	checkStatus(t, b.db, early, storage.StatusIgnored)

	ws := river.NewWorkers()
	river.AddWorker(ws, b.proc)
	queue, events := testQueue(t, b.db, ws, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}})
	sent := b.store(t, "out", at.Add(time.Minute), officeMail("atp", "Any update on the drying?", at.Add(time.Minute)))
	if _, err := queue.Insert(ctx, ProcessArgs{MessageID: sent}, nil); err != nil {
		t.Fatal(err)
	}
	if err := queue.Start(ctx); err != nil {
		t.Fatal(err)
	}
	b.waitFiled(t, events, early, b.claim.ID)
}

// TestBounceOfOfficeMailFiledLaterGoesWithIt processes the office's message
// naming a claim not made yet (it waits in triage) and the report that it
// bounced, which links to it outside a claim. Once the claim is made and
// the office's message is matched into it, the report follows.
func TestBounceOfOfficeMailFiledLaterGoesWithIt(t *testing.T) {
	b := setupRequests(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 3, 14, 0, 0, 0, time.UTC)
	raw := strings.NewReplacer("60-8H77-8H5", "71-2Q55-1K9", "<ask@statefarm.example>", "<other@statefarm.example>").
		Replace(officeMail("atp", "Any update on the drying?", at))
	sent := b.deliver(t, "out", at, raw)
	checkStatus(t, b.db, sent, storage.StatusTriage)
	report := b.deliver(t, "in", at.Add(time.Minute), bounce("r3", "atp", at.Add(time.Minute)))
	checkStatus(t, b.db, report, storage.StatusIgnored)

	claim, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "71-2Q55-1K9", InsuredName: "Baker"}, "", at, 0)
	if err != nil {
		t.Fatal(err)
	}
	ws := river.NewWorkers()
	river.AddWorker(ws, b.proc)
	queue, events := testQueue(t, b.db, ws, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}})
	if _, err := queue.Insert(ctx, ProcessArgs{MessageID: sent, Rematch: true}, nil); err != nil {
		t.Fatal(err)
	}
	if err := queue.Start(ctx); err != nil {
		t.Fatal(err)
	}
	b.waitFiled(t, events, report, claim.ID)
}

// waitFiled waits, as jobs end, until message id is filed, and checks it
// is in claim.
func (b *requestBundle) waitFiled(t *testing.T, events <-chan *river.Event, id, claim int64) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		m, err := b.db.GetMessageDetail(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status == storage.StatusFiled {
			if m.ClaimID == nil || *m.ClaimID != claim {
				t.Errorf("message %d filed in claim %v; want claim %d", id, m.ClaimID, claim)
			}
			return
		}
		select {
		case <-events:
		case <-deadline:
			t.Fatalf("message %d still %s a minute on; want it filed in claim %d", id, m.Status, claim)
		}
	}
}
