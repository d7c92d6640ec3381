package ingest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// bounce is a Postfix delivery report of the office's message sentID to
// the adjuster, refused as an unknown user.
func bounce(id, sentID string, at time.Time) string {
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
`, id, at.Format(time.RFC1123Z), requestAdjuster, requestAdjuster, sentID)
}

// TestBounceOfOfficeMailIsShownWithItsClaim processes the office's mail to
// the adjuster and the report that it bounced: the report is filed with
// the claim and listed as undelivered mail until seen. A report of mail
// the office never sent (spam forging its address) is not.
func TestBounceOfOfficeMailIsShownWithItsClaim(t *testing.T) {
	b := setupRequests(t)
	ctx := t.Context()
	sentAt := time.Date(2026, 11, 3, 14, 0, 0, 0, time.UTC)
	sent := b.deliver(t, "out", sentAt, officeMail("cos", "Signed COS attached.", sentAt, "COS signed.pdf"))
	report := b.deliver(t, "in", sentAt.Add(time.Minute), bounce("r1", "cos", sentAt.Add(time.Minute)))
	spam := b.deliver(t, "in", sentAt.Add(2*time.Minute), bounce("r2", "never-sent", sentAt.Add(2*time.Minute)))

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

	list, total, err := b.db.UndeliveredMail(ctx, storage.AllOffices, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := storage.Undelivered{MessageID: sent, Subject: "Re: 60-8H77-8H5 Castillo", Recipients: []storage.UndeliveredRecipient{
		{Address: requestAdjuster, Status: "5.1.1", Diagnostic: "550 5.1.1 User unknown"}}}
	if total != 1 || len(list) != 1 || list[0].ID != report || !reflect.DeepEqual(list[0].Undelivered, want) || list[0].JobNumber != b.claim.JobNumber {
		t.Fatalf("undelivered mail = %+v (%d in all), want report %d of %+v in %s", list, total, report, want, b.claim.JobNumber)
	}

	if err := b.db.AckManually(ctx, report, "maria", "address fixed, sent again", sentAt.Add(time.Hour), func(time.Time) int { return 0 }); err != nil {
		t.Fatal(err)
	}
	if list, total, err := b.db.UndeliveredMail(ctx, storage.AllOffices, 10); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("after it was seen: undelivered mail = %+v, %d in all (%v); want none", list, total, err)
	}
}
