package web

import (
	"context"
	"time"
)

// claimReturned is the office's mail on a claim that came back undelivered:
// the claim page's Next says it once, with what to do.
type claimReturned struct {
	undeliveredItem
	// When is when it came back, on the office's clock.
	When string
	// Self is the claim page, where marking it seen leads back to.
	Self string
}

// claimReturnedForm is returned mail on the claim page, with whether the
// viewer may mark it seen and the forms' CSRF token.
type claimReturnedForm struct {
	Returned claimReturned
	CanEdit  bool
	CSRF     string
}

// addReturnedMail puts in claim page v's Next the office's mail on the
// claim that came back and nobody has marked seen, the latest first; times
// on the office's clock, named when it is not the viewer's (home).
func (s *Server) addReturnedMail(ctx context.Context, v *claimView, now time.Time, home *time.Location) error {
	reports, err := s.db.ClaimUndelivered(ctx, v.C.ID, now)
	if err != nil {
		return err
	}
	zone := s.zoneOf(v.C.OfficeID)
	for _, r := range reports {
		it := undeliveredItem{ID: r.ID, OfficeID: r.OfficeID, ReceivedAt: r.ArrivedAt, SentID: r.SentID, Subject: r.SentSubject,
			Recipients: r.Undelivered.Recipients, ClaimID: v.C.ID, JobNumber: v.C.JobNumber}
		if it.Returned, err = s.returnedTos(ctx, r.OfficeID, v.C.ID, it.Recipients); err != nil {
			return err
		}
		v.Returned = append(v.Returned, claimReturned{undeliveredItem: it, Self: v.Self,
			When: officeClock(r.ArrivedAt.In(zone), "Mon Jan 2, 15:04", home)})
	}
	return nil
}
