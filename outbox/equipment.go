package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// Kinds of mail about a claim's equipment.
const (
	// KindPickupNotice tells the mitigation manager and the estimator that
	// equipment left a job.
	KindPickupNotice = "pickup_notice"
	// KindApprovalRequest asks the adjuster to approve equipment.
	KindApprovalRequest = "approval_request"
)

// PickupNotice is the notice that an equipment line was picked up.
type PickupNotice struct {
	Claim storage.Claim
	Item  storage.Equipment
	// To are the mitigation manager's and the estimator's addresses.
	To []string
	// Location is the office's zone, in which the notice gives times.
	Location *time.Location
	// Days is the item's billed days.
	Days int
	By   string // who recorded the pickup
}

// QueuePickupNotice writes n within tx (the transaction that records the
// pickup and claims its notice, storage.ClaimPickupNotice) and queues its
// sending: committed together, a pickup notifies once.
func (o *Outbox) QueuePickupNotice(ctx context.Context, tx pgx.Tx, n PickupNotice) (int64, error) {
	it := n.Item
	what := fmt.Sprintf("%d × %s", it.Count, strings.ToLower(equipment.KindLabel(it.Kind)))
	subject := fmt.Sprintf("Equipment picked up: %s, job %s", what, n.Claim.JobNumber)
	var b strings.Builder
	fmt.Fprintf(&b, "Equipment was picked up from job %s", n.Claim.JobNumber)
	if n.Claim.InsuredName != "" {
		fmt.Fprintf(&b, " (%s)", n.Claim.InsuredName)
	}
	if n.Claim.ClaimNumber != "" {
		fmt.Fprintf(&b, ", claim %s", n.Claim.ClaimNumber)
	}
	b.WriteString(".\n\n")
	fmt.Fprintf(&b, "- %s", what)
	if it.Vendor != "" {
		fmt.Fprintf(&b, " (%s)", it.Vendor)
	}
	b.WriteString("\n")
	if it.PlacedAt != nil {
		fmt.Fprintf(&b, "- Placed: %s\n", noticeTime(*it.PlacedAt, it.PlacedDayOnly, n.Location))
	}
	fmt.Fprintf(&b, "- Picked up: %s\n", noticeTime(*it.PickedUpAt, it.PickedUpDayOnly, n.Location))
	if it.PlacedAt != nil {
		fmt.Fprintf(&b, "- Equipment days: %d\n", n.Days)
	}
	if len(it.Hauls) > 0 {
		days := make([]time.Time, len(it.Hauls))
		for i, h := range it.Hauls {
			days[i] = h.At
		}
		fmt.Fprintf(&b, "- Swapped (hauled): %s\n", dayList(days, n.Location, "Mon Jan 2"))
	}
	if n.Claim.LossAddress != "" {
		fmt.Fprintf(&b, "- Loss address: %s\n", n.Claim.LossAddress)
	}
	if it.Note != "" {
		fmt.Fprintf(&b, "- Note: %s\n", it.Note)
	}
	if n.By != "" {
		fmt.Fprintf(&b, "\nRecorded by %s.\n", n.By)
	}
	to, err := parseRecipients(n.To)
	if err != nil {
		return 0, err
	}
	return queueNewThread(ctx, tx, o.jobs, o.cfg, to, storage.OutboxMessage{Kind: KindPickupNotice, ClaimID: &n.Claim.ID,
		Subject: subject, Body: b.String(), CreatedBy: n.By})
}

// noticeTime is t on loc's clock as a notice tells it: a day alone (its
// time not known) without an hour.
func noticeTime(t time.Time, dayOnly bool, loc *time.Location) string {
	if dayOnly {
		return t.In(loc).Format("Mon Jan 2")
	}
	return t.In(loc).Format("Mon Jan 2 15:04")
}

// DraftApproval prefills the request to the adjuster of equipment line
// id's claim to approve it, in language, signed by coordinator. It starts
// a thread of its own: the adjuster's answer in it is linked to the line
// when the Outbox sends it.
func (w *Writer) DraftApproval(ctx context.Context, id int64, language, coordinator string) (Draft, error) {
	e, err := w.db.GetEquipment(ctx, id)
	if err != nil {
		return Draft{}, err
	}
	c, err := w.db.GetClaim(ctx, e.ClaimID)
	if err != nil {
		return Draft{}, err
	}
	if c.AdjusterEmail == "" {
		return Draft{}, fmt.Errorf("claim %s: %w", c.JobNumber, ErrNoAdjuster)
	}
	what := equipment.Describe(e.Kind, e.Count, e.Vendor, e.Note)
	if e.DocumentID != nil {
		doc, err := w.db.GetDocument(ctx, *e.DocumentID)
		if err != nil {
			return Draft{}, err
		}
		what = "the vendor's document " + doc.Filename
		if e.Note != "" {
			what += ", " + e.Note
		}
	}
	d := Draft{Kind: KindApprovalRequest, Language: language, To: []string{c.AdjusterEmail}, ClaimID: &c.ID,
		EquipmentID: &e.ID}
	f := w.Fields(&c, coordinator)
	f.Equipment = what
	return d, w.fill(ctx, &d, f)
}
