package ingest

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/requests"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// ActorPipeline names claimdesk itself in the audit trail of moves, for a
// move no person asked for.
const ActorPipeline = "claimdesk"

// MoveRequest asks to move a message to a claim: out of triage, or from the
// claim it was filed to by mistake.
type MoveRequest struct {
	MessageID int64
	ToClaimID int64
	// Actor is who moves it, for the audit trail: a user's email, or
	// ActorPipeline.
	Actor string
	// DocTypes types the attachments of a message that has no documents yet
	// (one from triage), as FileRequest.DocTypes does. A message filed
	// before keeps its documents and their types.
	DocTypes map[string]string
}

// Move moves a message to another claim in one transaction, then runs the
// blob steps (see Publish). Its documents go with it, under browse keys
// with the new job number; their PDFs are stamped again, since the stamp
// shows the job number. A document the target claim has already is merged
// into that one; one that other messages of the old claim brought too stays
// there for them. A lab report that leaves takes back the sample time it
// gave the old claim (the claim's other lab reports give it again), and
// gives the new claim its own. Every move writes an audit row. Moving a
// message to the claim it is in does nothing and returns Moved false.
func (f *Filer) Move(ctx context.Context, req MoveRequest) (FileResult, error) {
	var res FileResult
	err := f.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		res, err = f.MoveTx(ctx, tx, req)
		return err
	})
	if err != nil {
		return FileResult{}, err
	}
	f.publishAfterCommit(ctx, res)
	return res, nil
}

// MoveTx is Move within the caller's transaction. Once tx commits, the
// queued publish job runs the blob steps; call Publish to have them at once.
func (f *Filer) MoveTx(ctx context.Context, tx pgx.Tx, req MoveRequest) (FileResult, error) {
	if strings.TrimSpace(req.Actor) == "" {
		return FileResult{}, errors.New("move message: no actor for the audit trail")
	}
	m, err := storage.LockMessageForFiling(ctx, tx, req.MessageID)
	if err != nil {
		return FileResult{}, err
	}
	if !fileable(m.Status) {
		return FileResult{}, notParsed(m)
	}
	// Both claims before the documents (see storage.LockClaimsForChange):
	// their sample stages follow the lab reports that move.
	if err := storage.LockClaimsForChange(ctx, tx, m.ClaimID, req.ToClaimID); err != nil {
		return FileResult{}, err
	}
	folder, err := storage.ClaimFolderOf(ctx, tx, req.ToClaimID)
	if err != nil {
		return FileResult{}, err
	}
	res := FileResult{MessageID: m.ID, ClaimID: req.ToClaimID, FromClaimID: m.ClaimID}
	if err := f.moveDocuments(ctx, tx, &res, m, folder, req); err != nil {
		return FileResult{}, err
	}
	if m.ClaimID == req.ToClaimID && m.Status == storage.StatusFiled && res.Created == 0 && len(res.Retired) == 0 && res.Stamping == 0 {
		return res, nil // already there
	}
	if err := f.markFiled(ctx, tx, res); err != nil {
		return FileResult{}, err
	}
	if err := f.fileRequest(ctx, tx, m.ID, req.ToClaimID); err != nil {
		return FileResult{}, err
	}
	if err := f.fileEquipment(ctx, tx, m.ID, req.ToClaimID); err != nil {
		return FileResult{}, err
	}
	if m.ClaimID != req.ToClaimID {
		_, err := storage.RecordMessageMove(ctx, tx, storage.MessageMove{
			MessageID: m.ID, FromClaimID: m.ClaimID, ToClaimID: req.ToClaimID, Actor: req.Actor,
		})
		if err != nil {
			return FileResult{}, err
		}
		res.Moved = true
	}
	if err := f.rematchThread(ctx, tx, m); err != nil {
		return FileResult{}, err
	}
	f.log.Info("message moved", "message_id", m.ID, "from_claim_id", m.ClaimID, "claim_id", req.ToClaimID,
		"actor", req.Actor, "documents", len(res.Documents), "restamp", res.Stamping)
	return res, nil
}

// moveDocuments takes m's documents into the claim in folder and records
// in res what it did: a message never filed (from triage) is filed now,
// one filed before brings the documents it had.
func (f *Filer) moveDocuments(ctx context.Context, tx pgx.Tx, res *FileResult, m storage.FilingMessage, folder storage.ClaimFolder, req MoveRequest) error {
	before, err := storage.LockMessageDocuments(ctx, tx, m.ID)
	if err != nil {
		return err
	}
	if len(before) == 0 {
		parts, err := storage.FilingParts(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		return f.fileParts(ctx, tx, res, m, folder, parts, req.DocTypes)
	}
	moved, err := storage.MoveMessageDocuments(ctx, tx, storage.DocumentsMove{
		MessageID: m.ID, ToClaimID: req.ToClaimID, To: folder, ReceivedAt: m.ReceivedAt,
	}, f.loc)
	if err != nil {
		return err
	}
	res.Retired = moved.Retired
	for _, d := range moved.Restamp {
		if err := f.stampLater(ctx, tx, res, d); err != nil {
			return err
		}
	}
	if res.Documents, err = storage.LockMessageDocuments(ctx, tx, m.ID); err != nil {
		return err
	}
	if err := f.stagesFromDocuments(ctx, tx, res, false); err != nil {
		return err
	}
	if m.ClaimID != req.ToClaimID && hasLabReport(before) {
		if err := f.sampleAgain(ctx, tx, m.ClaimID, req.Actor); err != nil {
			return err
		}
	}
	return nil
}

// hasLabReport reports whether docs hold a lab report.
func hasLabReport(docs []storage.Document) bool {
	return slices.ContainsFunc(docs, func(d storage.Document) bool { return d.DocType == classify.DocLabReport })
}

// rematchThread queues matching again, last in a person's filing of m
// (see Processor.settleFiled), for the mail waiting in triage for m's
// thread and, for the office's own message, its delivery reports outside a
// claim: they follow a person's filing as they follow the pipeline's (see
// Processor.rematchWaiting).
func (f *Filer) rematchThread(ctx context.Context, tx pgx.Tx, m storage.FilingMessage) error {
	waiting, err := awaitingFiling(ctx, tx, m.OfficeID, m.ID, m.Direction, m.MessageID, nil)
	if err != nil {
		return err
	}
	if len(waiting) == 0 {
		return nil
	}
	return insertRematches(ctx, f.queue.client, tx, waiting, 0)
}

// WithOfficeCalendars has the filer date the requests of messages it files
// by hand on their office's calendar rather than the configured one.
func (f *Filer) WithOfficeCalendars(offices OfficeCalendars) *Filer {
	f.offices = offices
	return f
}

// calendarOf is the calendar office dates requests by.
func (f *Filer) calendarOf(office int64) *sla.Calendar {
	return officeCalendar(f.offices, f.cal, office)
}

// fileRequest takes what message id asks along to claim claimID: a request
// already read moves with its message; a message filed out of triage has
// its request read now.
func (f *Filer) fileRequest(ctx context.Context, tx pgx.Tx, id, claimID int64) error {
	found, err := storage.MoveRequest(ctx, tx, id, claimID)
	if err != nil || found {
		return err
	}
	src, err := storage.ReadRequestSource(ctx, tx, id)
	if err != nil {
		return err
	}
	if src.Direction != "in" || !src.NeedsAck {
		return nil
	}
	body := src.Body
	if strings.TrimSpace(body) == "" && src.HTML != "" {
		body = mailparse.HTMLToText(src.HTML)
	}
	req, ok := requests.Extract(src.Subject, body, src.ArrivedAt, f.calendarOf(src.OfficeID))
	if !ok {
		return nil
	}
	err = storage.RecordRequest(ctx, tx, storage.NewRequest{
		ClaimID: claimID, MessageID: id, From: src.From, DocTypes: req.DocTypes, Items: req.Items,
		Text: req.Text, AskedAt: src.ArrivedAt, Due: req.Due,
	})
	if err != nil {
		return err
	}
	return storage.SentEarlier(ctx, tx, id)
}
