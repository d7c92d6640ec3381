package web

import (
	"context"

	"github.com/claimdesk/claimdesk/handoff"
	"github.com/claimdesk/claimdesk/storage"
)

// What a packet's correspondence.pdf says it holds, on the cover: all the
// claim's mail in the office's packet; in the carrier's copy only the mail
// the carrier's people sent or received.
const (
	officeCorrespondence  = "every message on the claim, in the order it came"
	carrierCorrespondence = "the mail between the carrier and the office on the claim, in the order it came"
)

// packetCorrespondence is the mail packet p prints for claim h. The
// office's packet holds every message of the claim as filed, Message-IDs
// and type codes included. The carrier's copy holds only what the
// carrier's people on the claim (carrierPeople) sent or received, To or
// Cc: their mail and the office's replies, and nothing they never saw
// (a foreman's forward to the office, a technician's readings); it names
// each file in words, and leaves Message-IDs out.
func (s *Server) packetCorrespondence(ctx context.Context, h handoffClaim, p packet) (handoff.Correspondence, error) {
	corr := handoff.Correspondence{Title: "Correspondence - job " + h.claim.JobNumber,
		Location: s.rulesOf(h.claim.OfficeID).Calendar.Location(), Plain: p.carrier}
	var msgs []storage.PrintedMessage
	var err error
	if p.carrier {
		msgs, err = s.db.ClaimCorrespondenceWith(ctx, h.claim.ID, carrierPeople(h.claim, h.people), packetMessages)
	} else {
		msgs, err = s.db.ClaimCorrespondence(ctx, h.claim.ID, packetMessages)
	}
	if err != nil {
		return corr, err
	}
	for _, m := range msgs {
		pm := printedMessage(m)
		for i, a := range pm.Attachments {
			pm.Attachments[i].Words = carrierFileWords[a.DocType]
		}
		corr.Messages = append(corr.Messages, pm)
	}
	return corr, nil
}

// carrierFileWords say what a file of each document type is, for the
// carrier's reader, who knows no codes: "ATP - Sandoval.pdf (signed work
// authorization)". A file of no known type goes by its name alone.
var carrierFileWords = map[string]string{
	"photo": "photo", "atp": "signed work authorization", "atr": "signed authorization to repair",
	"cos": "signed certificate of satisfaction", "waiver": "signed waiver", "estimate": "estimate",
	"sketch": "sketch", "scope": "scope of work", "lab_report": "lab report", "invoice": "invoice",
	"drying_log": "drying log", "correspondence": "email",
}
