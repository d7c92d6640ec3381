package ingest

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// stagesFromDocuments fills in the job stages the documents just filed to
// res.ClaimID are evidence of: an ITEL lab report means the flooring
// sample was taken (see sampleEvidence). A stage already recorded is left
// as it is. byMail says the documents came filing message res.MessageID:
// the claim's history has the stage as of its arrival; else a person's
// change to them set it, now.
func (f *Filer) stagesFromDocuments(ctx context.Context, tx pgx.Tx, res *FileResult, byMail bool) error {
	ev, ok, err := f.sampleEvidence(ctx, tx, res.Documents)
	if err != nil || !ok {
		return err
	}
	if byMail {
		ev.MessageID = res.MessageID
	}
	set, err := storage.SetSampledFromEvidence(ctx, tx, res.ClaimID, ev)
	if err != nil {
		return err
	}
	if set {
		f.log.Info("sample stage set from a lab report", "claim_id", res.ClaimID, "message_id", res.MessageID,
			"document_id", ev.DocumentID, "sampled_at", ev.At)
	}
	return nil
}

// sampleAgain takes back the sample time a lab report of claim claimID
// gave once it is no longer one of the claim's lab reports (a person typed
// it otherwise, it moved to another claim), on behalf of actor: the
// claim's other lab reports give it again, if it has any.
func (f *Filer) sampleAgain(ctx context.Context, tx pgx.Tx, claimID int64, actor string) error {
	reports, err := storage.ClaimLabReports(ctx, tx, claimID)
	if err != nil {
		return err
	}
	ev, ok, err := f.sampleEvidence(ctx, tx, reports)
	if err != nil {
		return err
	}
	var next *storage.SampleEvidence
	if ok {
		next = &ev
	}
	lost, err := storage.ReplaceLostSampleEvidence(ctx, tx, claimID, next, actor)
	if err != nil {
		return err
	}
	if lost {
		f.log.Info("sample stage taken back from a document no longer the claim's lab report", "claim_id", claimID,
			"actor", actor, "next_document_id", ev.DocumentID, "sampled_at", ev.At)
	}
	return nil
}

// sampleEvidence is what the lab reports among docs say of the sample:
// the earliest sample date a report gives, else the time the report came.
// ok is false when docs hold no lab report.
func (f *Filer) sampleEvidence(ctx context.Context, tx pgx.Tx, docs []storage.Document) (ev storage.SampleEvidence, ok bool, err error) {
	for _, d := range docs {
		if d.DocType != classify.DocLabReport {
			continue
		}
		at := d.ReceivedAt
		text, err := storage.FileTextTx(ctx, tx, d.SHA256)
		if err != nil {
			return storage.SampleEvidence{}, false, err
		}
		if day, ok := classify.LabSampleDate(text, d.ReceivedAt); ok {
			// The start of that day in the office: the report's deadline
			// counts business days from it. A date after the report came
			// is a misreading.
			if start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, f.loc); start.Before(at) {
				at = start
			}
		}
		if !ok || at.Before(ev.At) {
			ev, ok = storage.SampleEvidence{DocumentID: d.ID, File: d.Filename, At: at}, true
		}
	}
	return ev, ok, nil
}
