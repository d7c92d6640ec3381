package equipmentlog

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// NoticeDue reports whether line e's pickup is yet to be told: it was
// picked up and nobody was told.
func NoticeDue(e storage.Equipment) bool {
	return e.PickedUpAt != nil && e.PickupNotifiedAt == nil
}

// notifyPickup queues, within tx, the notice that e was picked up to the
// claim's mitigation manager and estimator, once per pickup. Without an
// outbox nothing is sent, and nothing is marked: the notice goes out when
// the pickup is saved again with one. e is marked notified when it was.
func (l *Log) notifyPickup(ctx context.Context, tx pgx.Tx, e *storage.Equipment, actor string) error {
	if !NoticeDue(*e) || l.Outbox == nil {
		return nil
	}
	claim, err := l.DB.GetClaim(ctx, e.ClaimID)
	if err != nil {
		return err
	}
	to, err := l.pickupRecipients(ctx, e.ClaimID)
	if err != nil || len(to) == 0 {
		if len(to) == 0 {
			l.Logger.Warn("equipment picked up with no mitigation manager or estimator to tell", "claim_id", e.ClaimID, "equipment_id", e.ID)
		}
		return err
	}
	now := l.Now()
	first, err := storage.ClaimPickupNotice(ctx, tx, e.ID, now)
	if err != nil || !first {
		return err
	}
	e.PickupNotifiedAt = &now // the caller's answer shows the line as stored
	loc := l.ZoneOf(e.OfficeID)
	days := 0
	if d := BilledDays(*e, now, loc); d != nil {
		days = *d
	}
	_, err = l.Outbox.QueuePickupNotice(ctx, tx, outbox.PickupNotice{
		Claim: claim, Item: *e, To: to, Location: loc, Days: days, By: actor})
	return err
}

// pickupRoles are who hears of a pickup: the mitigation manager (the job's
// foreman) and the estimator.
var pickupRoles = []string{"foreman", "estimator"}

// pickupRecipients are the addresses of the claim's foreman and estimator;
// a role the claim does not name falls back to the office's people list
// when it holds exactly one person of that role with an email.
func (l *Log) pickupRecipients(ctx context.Context, claimID int64) ([]string, error) {
	parts, err := l.DB.ParticipantsOfClaims(ctx, []int64{claimID})
	if err != nil {
		return nil, err
	}
	people, err := l.DB.PeopleOfClaims(ctx, []int64{claimID})
	if err != nil {
		return nil, err
	}
	var to []string
	for _, role := range pickupRoles {
		var addrs []string
		for _, p := range parts[claimID] {
			if p.Role == role && p.Email != "" {
				addrs = append(addrs, strings.ToLower(p.Email))
			}
		}
		if len(addrs) == 0 {
			for _, p := range people[claimID] {
				if p.Role == role && p.Email != "" {
					addrs = append(addrs, strings.ToLower(p.Email))
				}
			}
			if len(addrs) > 1 {
				addrs = nil // the office has several: which one is this job's is for a person to say
			}
		}
		for _, a := range addrs {
			if !slices.Contains(to, a) {
				to = append(to, a)
			}
		}
	}
	return to, nil
}
