package web

import (
	"cmp"
	"context"
	"strings"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

// officeMailWhy says why message m, the office's own mail sent to
// recipients and decided as d, waits in triage when nothing in it points
// at a claim: it is mail the office sent (a copy from Sent, or Bcc'd to
// the shared inbox), not mail to answer, and it goes where the coordinator
// who wrote it meant it to. Mail that came back says so. "" for any other
// message, whose words decisionWords says; domain is the office's.
func (s *Server) officeMailWhy(ctx context.Context, m storage.MessageRow, recipients []string, d classify.Decision, domain string) (string, error) {
	own := m.Direction == "out" || domain != "" && inDomain(m.FromAddress, domain)
	if !own || d.Outcome != classify.OutcomeTriage || len(d.Evidence) > 0 || len(d.Unknown) > 0 || d.Assignment != nil {
		return "", nil
	}
	refused, err := s.db.RefusedRecipientsOf(ctx, m.ID)
	if err != nil || len(refused) > 0 {
		return s.cameBackWhy(ctx, m.OfficeID, refused, err)
	}
	to := ""
	if rs := firstN(recipients, 2); len(rs) > 0 {
		to = " to " + strings.Join(rs, ", ")
	}
	return "The office’s own mail" + to + ": it names no claim and answers no mail filed to one. File it to the claim it was written for.", nil
}

// cameBackWhy says why the office's own mail of office that came back from
// the addresses refused waits in triage (err: it could not be read). A
// record given the address, or one close to it, since the mail was
// matched is named: the coordinator decides whether the mail was meant
// for that person.
func (s *Server) cameBackWhy(ctx context.Context, office int64, refused []string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	back := "The office’s own mail to " + strings.Join(refused, ", ") + " came back undelivered"
	rec, err := s.db.RecordAddressOf(ctx, office, refused[0], 0)
	if err != nil || rec == nil {
		return back + ", and no claim’s record has that address or one close to it. " +
			"File it to the claim it was written for, and put the address right on that claim’s record.", err
	}
	c, err := s.db.GetClaim(ctx, rec.ClaimID)
	if err != nil {
		return "", err
	}
	return back + ". " + returnedTo{Record: rec}.Person() + " of " + claimName(ingest.ClassifyClaim(c)) + " has " + rec.Email +
		" on the record: file it there if it was meant for them.", nil
}

// addOfficeMailWhy says on message page p, decided as d, why the office's
// own mail waits in triage, as triage says it.
func (s *Server) addOfficeMailWhy(ctx context.Context, p *messageView, d classify.Decision) error {
	if d.Outcome != classify.OutcomeTriage {
		return nil
	}
	o, err := s.db.OfficeByID(ctx, p.M.OfficeID)
	if err != nil {
		return err
	}
	own, err := s.officeMailWhy(ctx, p.M.MessageRow, append(append([]string(nil), p.M.To...), p.M.Cc...), d, cmp.Or(o.Domain, s.opts.OfficeDomain))
	if own != "" {
		p.Why = own
	}
	return err
}
