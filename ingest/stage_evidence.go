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
// sample was taken, on the sample date the report gives, else by the time
// the report came. A stage already recorded is left as it is.
func (f *Filer) stagesFromDocuments(ctx context.Context, tx pgx.Tx, res *FileResult) error {
	var (
		sampled time.Time
		file    string
	)
	for _, d := range res.Documents {
		if d.DocType != classify.DocLabReport {
			continue
		}
		at := d.ReceivedAt
		text, err := storage.FileTextTx(ctx, tx, d.SHA256)
		if err != nil {
			return err
		}
		if day, ok := classify.LabSampleDate(text); ok {
			// The start of that day in the office: the report's deadline
			// counts business days from it. A date after the report came
			// is a misreading.
			if start := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, f.loc); start.Before(at) {
				at = start
			}
		}
		if sampled.IsZero() || at.Before(sampled) {
			sampled, file = at, d.Filename
		}
	}
	if sampled.IsZero() {
		return nil
	}
	set, err := storage.SetSampledFromEvidence(ctx, tx, res.ClaimID, sampled, file)
	if err != nil {
		return err
	}
	if set {
		f.log.Info("sample stage set from a lab report", "claim_id", res.ClaimID, "message_id", res.MessageID, "sampled_at", sampled)
	}
	return nil
}
