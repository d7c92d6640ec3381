package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// OfflineResult is the classification of one .eml file.
type OfflineResult struct {
	File    string
	Message *mailparse.Message
	Classification
	// Claim is the claim the message was filed to (created from it, for an
	// assignment), nil when it went to triage or was ignored.
	Claim *classify.Claim
}

// Offline classifies mail files without a database, the way the pipeline
// would have: in arrival order, assignments creating claims in the registry,
// filed messages threading their replies, and messages that named a claim
// before it existed matched again when it is created.
type Offline struct {
	Classifier Classifier
	Registry   *classify.MemRegistry
	JobPattern string
}

// Run classifies files and returns their results in arrival order. Sent
// files (the office's replies) are classified for threading but not
// returned.
func (o *Offline) Run(ctx context.Context, files, sent []string) ([]*OfflineResult, error) {
	type item struct {
		res  *OfflineResult
		sent bool
	}
	var items []item
	for _, group := range []struct {
		files []string
		sent  bool
	}{{files, false}, {sent, true}} {
		for _, f := range group.files {
			m, err := o.ParseFile(ctx, f)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			items = append(items, item{&OfflineResult{File: f, Message: m}, group.sent})
		}
	}
	// Arrival order: the Date header, then the file name (files named in
	// arrival order, as mailbox exports are).
	slices.SortStableFunc(items, func(a, b item) int {
		if c := a.res.Message.Date.Compare(b.res.Message.Date); c != 0 && !a.res.Message.Date.IsZero() && !b.res.Message.Date.IsZero() {
			return c
		}
		return 0
	})

	var out []*OfflineResult
	var waiting []*OfflineResult // in triage, naming numbers no claim had yet
	for _, it := range items {
		r := it.res
		o.classify(ctx, r)
		if r.Decision.Outcome == classify.OutcomeNewClaim || (r.Claim != nil && r.Decision.Assignment != nil) {
			// A new claim may be what earlier messages were waiting for.
			var still []*OfflineResult
			for _, w := range waiting {
				o.classify(ctx, w)
				if w.Claim == nil && len(w.Decision.Unknown) > 0 {
					still = append(still, w)
				}
			}
			waiting = still
		}
		if r.Claim == nil && len(r.Decision.Unknown) > 0 {
			waiting = append(waiting, r)
		}
		if !it.sent {
			out = append(out, r)
		}
	}
	return out, nil
}

func (o *Offline) classify(ctx context.Context, r *OfflineResult) {
	if r.input != nil {
		// Matched again as claims appear: its texts, types and pictures
		// stay what they were read as.
		r.Decision = classify.MatchClaim(r.input, o.Registry, o.Classifier.Config)
	} else {
		r.Classification = o.Classifier.Classify(ctx, r.Message, o.Registry)
	}
	r.Claim = nil
	d := r.Decision
	switch d.Outcome {
	case classify.OutcomeNewClaim:
		c := o.newClaim(d.Assignment, r.Message.Date)
		r.Claim = &c
	case classify.OutcomeFiled:
		r.Claim = d.Claim
		if a := d.Assignment; a != nil && a.FileNumber != "" && d.Claim.FileNumber == "" {
			// A repeated assignment fills in the firm's file number, as
			// the pipeline's does.
			c := *d.Claim
			c.FileNumber = a.FileNumber
			r.Claim = new(o.Registry.Add(c))
		}
	}
	if r.Claim != nil {
		o.Registry.FileMessage(r.Message.MessageID, r.Claim.ID)
	}
}

func (o *Offline) newClaim(a *classify.Assignment, at time.Time) classify.Claim {
	if at.IsZero() {
		at = time.Now()
	}
	var numbers []string
	for _, c := range o.Registry.Claims() {
		numbers = append(numbers, c.JobNumber)
	}
	job, err := classify.NextJobNumber(o.JobPattern, at, a.LossType, numbers)
	if err != nil {
		job, _ = classify.NextJobNumber(classify.DefaultJobPattern, at, a.LossType, numbers)
	}
	return o.Registry.Add(classify.Claim{
		JobNumber: job, ClaimNumber: a.ClaimNumber, PolicyNumber: a.PolicyNumber, FileNumber: a.FileNumber, Carrier: a.Carrier,
		InsuredName: a.InsuredName, LossAddress: a.LossAddress, AdjusterName: a.AdjusterName,
		AdjusterEmail: a.AdjusterEmail, Open: true,
	})
}

// KeepOCRTexts keeps the texts OCR reads in dir, one file per content
// SHA-256, under a directory named by the OCR reader's fingerprint (its
// tesseract's version and language data, its languages and page
// settings), and reads them from there: a later run, or another corpus
// with the same pictures, reads none of them again, while a run after an
// upgrade of tesseract or with other settings reads them afresh. Where
// OCR is not installed, nothing is read and nothing kept.
func (o *Offline) KeepOCRTexts(ctx context.Context, dir string) error {
	if o.Classifier.OCR == nil {
		return nil
	}
	fingerprint, err := o.Classifier.OCR.Fingerprint(ctx)
	if errors.Is(err, ocr.ErrUnavailable) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("keep ocr texts in %s: %w", dir, err)
	}
	o.Classifier.OCRTexts = &ocrTextDir{dir: filepath.Join(dir, "tesseract-"+fingerprint), mem: newMemOCRTexts()}
	return nil
}

// ParseFile parses one .eml file, keeping its attachments for PDF text.
func (o *Offline) ParseFile(ctx context.Context, path string) (*mailparse.Message, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return mailparse.ParseMessage(ctx, f, &blobSink{blobs: o.Classifier.Blobs, tempDir: o.Classifier.TempDir}, mailparse.ParseOptions{})
}

// NewOffline returns an offline classifier keeping attachments in a local
// blob store under tempDir.
func NewOffline(cfg classify.Config, reg *classify.MemRegistry, jobPattern, tempDir string) (*Offline, error) {
	store, err := blob.NewLocalStore(tempDir)
	if err != nil {
		return nil, err
	}
	return &Offline{
		// Pictures are read as they come: the offline classify has no OCR
		// queue to wait for.
		Classifier: Classifier{Config: cfg, Blobs: store, TempDir: tempDir, OCR: &ocr.Reader{TempDir: tempDir, MaxPages: pdfTextPages},
			OCRTexts: newMemOCRTexts()},
		Registry:   reg,
		JobPattern: jobPattern,
	}, nil
}
