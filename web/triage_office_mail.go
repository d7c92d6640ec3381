package web

import (
	"context"
	"strings"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/ingest"
)

// officeMailWhy says why the office's own mail waits in triage when
// nothing in it points at a claim: it is mail the office sent (a copy
// from Sent, or Bcc'd to the shared inbox), not mail to answer, and it
// goes where the coordinator who wrote it meant it to. Mail that came back
// says so: no record has the address it went to, or one close to it.
func (s *Server) officeMailWhy(ctx context.Context, it *triageItem, d classify.Decision, domain string) error {
	own := it.Direction == "out" || domain != "" && inDomain(it.FromAddress, domain)
	if !own || d.Outcome != classify.OutcomeTriage || len(d.Evidence) > 0 || len(d.Unknown) > 0 || d.Assignment != nil {
		return nil
	}
	refused, err := s.db.RefusedRecipientsOf(ctx, it.ID)
	if err != nil {
		return err
	}
	to := ""
	if rs := firstN(it.Recipients, 2); len(rs) > 0 {
		to = " to " + strings.Join(rs, ", ")
	}
	if len(refused) > 0 {
		return s.cameBackWhy(ctx, it, refused)
	}
	it.Why = "The office’s own mail" + to + ": it names no claim and answers no mail filed to one. File it to the claim it was written for."
	return nil
}

// cameBackWhy says why the office's own mail that came back from the
// addresses refused waits in triage. A record given the address, or one
// close to it, since the mail was matched is named: the coordinator
// decides whether the mail was meant for that person.
func (s *Server) cameBackWhy(ctx context.Context, it *triageItem, refused []string) error {
	back := "The office’s own mail to " + strings.Join(refused, ", ") + " came back undelivered"
	rec, err := s.db.RecordAddressOf(ctx, it.OfficeID, refused[0], 0)
	if err != nil || rec == nil {
		it.Why = back + ", and no claim’s record has that address or one close to it. " +
			"File it to the claim it was written for, and put the address right on that claim’s record."
		return err
	}
	c, err := s.db.GetClaim(ctx, rec.ClaimID)
	if err != nil {
		return err
	}
	who := returnedTo{Record: rec}.Person()
	it.Why = back + ". " + who + " of " + claimName(ingest.ClassifyClaim(c)) + " has " + rec.Email +
		" on the record: file it there if it was meant for them."
	return nil
}
