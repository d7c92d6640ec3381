package web

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// morningReturned reads the office's mail that came back undelivered and
// nobody has marked seen, as the first line of its claim's entry on the
// morning page, by claim: someone on the claim has not got what the office
// sent, which no deadline shows. The claim page's Next says the same with
// what the record has and what to put right; the line leads there. Times
// are on the office's clock, named when it is not the viewer's (home).
func (s *Server) morningReturned(ctx context.Context, offices storage.Offices, now time.Time, home *time.Location) (map[int64][]nextStep, error) {
	reports, _, err := s.db.UndeliveredMail(ctx, offices, now, morningClaims)
	if err != nil {
		return nil, err
	}
	out := map[int64][]nextStep{}
	for _, r := range reports {
		if r.SentClaimID == nil {
			continue // in no claim: the board's "Not delivered" has it
		}
		claim := *r.SentClaimID
		when := officeClock(r.ArrivedAt.In(s.zoneOf(r.OfficeID)), "Mon 15:04", home)
		out[claim] = append(out[claim], nextStep{
			Text:  fmt.Sprintf("Mail to %s came back %s (%s): check the address and send it again", returnedAddresses(r.Undelivered.Recipients), when, quotedSubject(r.SentSubject)),
			Href:  fmt.Sprintf("/claims/%d#returned-%d", claim, r.ID),
			State: sla.StateOverdue,
		})
	}
	return out, nil
}

// returnedAddresses names the addresses mail came back from: "a, b".
func returnedAddresses(rs []storage.UndeliveredRecipient) string {
	addrs := make([]string, len(rs))
	for i, r := range rs {
		addrs[i] = r.Address
	}
	if len(addrs) == 0 {
		return "someone"
	}
	return strings.Join(addrs, ", ")
}

// quotedSubject is a subject in quotes, or "no subject".
func quotedSubject(subject string) string {
	if subject == "" {
		return "no subject"
	}
	return "“" + subject + "”"
}
