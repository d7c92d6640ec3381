package web

import "context"

// markSeenView is a "mark seen" button of a message the board lists until
// a person has seen it. It records what the person did: they saw that it
// needs no answer (storage.AckNotNeeded), which Label says.
type markSeenView struct {
	ID                int64
	Note, Label, CSRF string
	// Next is the page it leads back to; empty: the board, which offers
	// Undo.
	Next string
}

// boardClaimRecords fills in what the board says about claim records: up
// to limit messages that came into closed claims (mail on a closed claim),
// and how many open claims have an incomplete record.
func (s *Server) boardClaimRecords(ctx context.Context, board *slaBoard, limit int) error {
	mail, total, err := s.db.MailOnClosedClaims(ctx, scopeFrom(ctx).claimOffices(), limit)
	if err != nil {
		return err
	}
	board.ClosedClaimMailTotal = total
	for _, m := range mail {
		it := closedClaimMailItem{ID: m.ID, OfficeID: m.OfficeID, From: m.FromAddress, FromName: m.FromName, Subject: m.Subject,
			ReceivedAt: m.ArrivedAt, JobNumber: m.JobNumber}
		if m.ClaimID != nil {
			it.ClaimID = *m.ClaimID
		}
		board.ClosedClaimMail = append(board.ClosedClaimMail, it)
	}
	senders := make([]claimSender, len(mail))
	for i, m := range mail {
		senders[i] = claimSender{ClaimID: m.ClaimID, From: m.FromAddress, FromName: m.FromName}
	}
	names, err := s.recordNamesOf(ctx, senders)
	if err != nil {
		return err
	}
	for i, name := range names {
		board.ClosedClaimMail[i].Who = name
	}
	board.IncompleteRecords, err = s.db.CountIncompleteClaims(ctx, scopeFrom(ctx).claimOffices(), s.requiredFields())
	return err
}

// boardUndelivered fills in up to limit reports of the office's mail that
// did not arrive, and how many there are; the claim is the office's
// message's.
func (s *Server) boardUndelivered(ctx context.Context, board *slaBoard, limit int) error {
	reports, total, err := s.db.UndeliveredMail(ctx, scopeFrom(ctx).claimOffices(), board.Now, limit)
	if err != nil {
		return err
	}
	board.UndeliveredMailTotal = total
	for _, r := range reports {
		it := undeliveredItem{ID: r.ID, OfficeID: r.OfficeID, ReceivedAt: r.ArrivedAt, SentID: r.SentID, Subject: r.SentSubject,
			Recipients: r.Undelivered.Recipients, JobNumber: r.SentJobNumber}
		if r.SentClaimID != nil {
			it.ClaimID = *r.SentClaimID
		}
		if it.Returned, err = s.returnedTos(ctx, r.OfficeID, it.ClaimID, it.Recipients); err != nil {
			return err
		}
		board.UndeliveredMail = append(board.UndeliveredMail, it)
	}
	return nil
}
