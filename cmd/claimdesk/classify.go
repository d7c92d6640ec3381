package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
)

func bindClassify(fs *flag.FlagSet) runFunc {
	claims := fs.String("claims", "", "CSV file of known claims (required)")
	sent := fs.String("sent", "", "directory of the office's sent mail (.eml), for threads")
	ocrCache := fs.String("ocr-cache", "", "directory keeping the text OCR reads of each picture, by content and by what changes it (tesseract's version and language data, languages, page settings), for later runs; default: none, each run reads its pictures")
	return func(ctx context.Context, e *env, args []string) error {
		if *claims == "" || len(args) == 0 {
			return errors.New("usage: claimdesk classify --claims FILE.csv [--sent DIR] [--ocr-cache DIR] PATH...")
		}
		reg, err := memRegistry(*claims)
		if err != nil {
			return err
		}
		files, err := emlFiles(args)
		if err != nil {
			return err
		}
		var sentFiles []string
		if *sent != "" {
			if sentFiles, err = emlFiles([]string{*sent}); err != nil {
				return err
			}
		}
		tmp, err := os.MkdirTemp("", "claimdesk-classify-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		off, err := ingest.NewOffline(classify.Config{OfficeDomain: e.cfg.OfficeDomain}, reg, e.cfg.JobPattern, tmp)
		if err != nil {
			return err
		}
		if *ocrCache != "" {
			if err := off.KeepOCRTexts(ctx, *ocrCache); err != nil {
				return err
			}
		}
		results, err := off.Run(ctx, files, sentFiles)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, r := range results {
			if err := enc.Encode(classifyJSON(r)); err != nil {
				return err
			}
		}
		return nil
	}
}

// classifiedMessage is one line of `claimdesk classify` output (DESIGN.md).
type classifiedMessage struct {
	File        string              `json:"file"`
	MessageID   string              `json:"message_id"`
	ClaimNumber *string             `json:"claim_number"`
	JobNumber   *string             `json:"job_number"`
	NeedsAck    bool                `json:"needs_ack"`
	Evidence    []classify.Evidence `json:"evidence"`
	Attachments []classifiedPart    `json:"attachments"`
}

type classifiedPart struct {
	Filename string `json:"filename"`
	DocType  string `json:"doc_type"`
	Folder   string `json:"folder"`
}

func classifyJSON(r *ingest.OfflineResult) classifiedMessage {
	out := classifiedMessage{
		File:        filepath.Base(r.File),
		MessageID:   r.Message.MessageID,
		NeedsAck:    r.NeedsAck,
		Evidence:    r.Decision.Evidence,
		Attachments: []classifiedPart{},
	}
	if out.Evidence == nil {
		out.Evidence = []classify.Evidence{}
	}
	if r.Claim != nil {
		out.ClaimNumber, out.JobNumber = &r.Claim.ClaimNumber, &r.Claim.JobNumber
	}
	for _, p := range r.Message.Parts {
		if dt, ok := r.DocTypes[p.Path]; ok {
			out.Attachments = append(out.Attachments, classifiedPart{Filename: p.Filename, DocType: dt.Type, Folder: classify.Folder(dt.Type)})
		}
	}
	return out
}

// memRegistry loads a claims CSV into an in-memory registry.
func memRegistry(path string) (*classify.MemRegistry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, errs := storage.ReadClaimsCSV(f)
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s: %w", path, errors.Join(errs...))
	}
	reg := classify.NewMemRegistry()
	for _, r := range rows {
		reg.Add(classify.Claim{
			JobNumber: r.JobNumber, ClaimNumber: r.ClaimNumber, PolicyNumber: r.PolicyNumber, Carrier: r.Carrier,
			InsuredName: r.InsuredName, LossAddress: r.LossAddress, AdjusterName: r.AdjusterName,
			AdjusterEmail: r.AdjusterEmail, FileNumber: r.AdjusterFileNumber, Open: true,
		})
	}
	return reg, nil
}

// emlFiles expands directories into the .eml files they hold, sorted by
// name; files are taken as given.
func emlFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(p, "*.eml"))
		if err != nil {
			return nil, err
		}
		sort.Strings(matches)
		out = append(out, matches...)
	}
	return out, nil
}

func bindExplain(fs *flag.FlagSet) runFunc {
	claims := fs.String("claims", "", "CSV file of known claims; default: the claims in claimdesk's database")
	office := fs.String("office", "", "slug of the office whose claims the message is matched against; default: the default office")
	return func(ctx context.Context, e *env, args []string) error {
		if len(args) != 1 {
			return errors.New("usage: claimdesk explain [--claims FILE.csv] [--office SLUG] FILE.eml")
		}
		tmp, err := os.MkdirTemp("", "claimdesk-explain-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		var reg classify.Registry
		if *claims != "" {
			if reg, err = memRegistry(*claims); err != nil {
				return err
			}
		} else {
			db, closeDB, err := openDatabase(ctx, e.cfg, newLogger(e))
			if err != nil {
				return err
			}
			defer closeDB()
			officeID := storage.DefaultOfficeID
			if *office != "" {
				o, err := db.OfficeBySlug(ctx, *office)
				if err != nil {
					return err
				}
				officeID = o.ID
			}
			reg = ingest.NewDBRegistry(ctx, db, officeID)
		}
		off, err := ingest.NewOffline(classify.Config{OfficeDomain: e.cfg.OfficeDomain}, nil, "", tmp)
		if err != nil {
			return err
		}
		m, err := off.ParseFile(ctx, args[0])
		if err != nil {
			return err
		}
		c := off.Classifier.Classify(ctx, m, reg)
		fmt.Fprint(e.stdout, explainText(m, c))
		return nil
	}
}

// explainText says in words what claimdesk decides about a message and why.
func explainText(m *mailparse.Message, c ingest.Classification) string {
	var b strings.Builder
	d := c.Decision
	fmt.Fprintf(&b, "Message:   %s\nFrom:      %s\nSubject:   %s\n", m.MessageID, m.From, m.Subject)
	switch {
	case d.Claim != nil:
		fmt.Fprintf(&b, "Decision:  %s to %s (claim %s)\n", d.Outcome, d.Claim.JobNumber, d.Claim.ClaimNumber)
	default:
		fmt.Fprintf(&b, "Decision:  %s\n", d.Outcome)
	}
	fmt.Fprintf(&b, "Why:       %s\n", d.Reason)
	if d.Assignment != nil {
		a := d.Assignment
		fmt.Fprintf(&b, "Assignment: claim %s, %s, insured %s, %s, %s loss, adjuster %s <%s>\n",
			a.ClaimNumber, a.Carrier, a.InsuredName, a.LossAddress, a.LossType, a.AdjusterName, a.AdjusterEmail)
	}
	if len(d.Evidence) > 0 {
		b.WriteString("Evidence:\n")
		for _, ev := range d.Evidence {
			fmt.Fprintf(&b, "  - %-17s %-6s %q in %s\n", ev.Rule, ev.Strength, ev.Matched, ev.Where)
		}
	}
	if len(d.Candidates) > 0 {
		b.WriteString("Candidates:\n")
		for _, cand := range d.Candidates {
			fmt.Fprintf(&b, "  - %s (claim %s, %s)\n", cand.JobNumber, cand.ClaimNumber, cand.InsuredName)
		}
	}
	if len(d.Unknown) > 0 {
		fmt.Fprintf(&b, "Unknown numbers (matched again when a claim with one is created): %s\n", strings.Join(d.Unknown, ", "))
	}
	ack := "no"
	if c.NeedsAck {
		ack = "yes, within 30 business minutes"
	}
	fmt.Fprintf(&b, "Needs acknowledgment: %s\n", ack)
	if m.Incomplete != "" {
		fmt.Fprintf(&b, "Incomplete: %s\n", m.Incomplete)
	}
	if len(m.Warnings) > 0 {
		// What the parser met: broken MIME, pointers to content kept
		// elsewhere (message/external-body), parts cut at a limit.
		b.WriteString("Notes:\n")
		for _, w := range m.Warnings {
			fmt.Fprintf(&b, "  - %s\n", w)
		}
	}
	if len(c.DocTypes) > 0 {
		b.WriteString("Attachments:\n")
		for _, p := range m.Parts {
			if dt, ok := c.DocTypes[p.Path]; ok {
				folder := classify.Folder(dt.Type)
				if folder == "" {
					folder = "kept with the message"
				}
				fmt.Fprintf(&b, "  - %s: %s → %s (%s)\n", p.Filename, dt.Type, folder, dt.Evidence)
			}
		}
	}
	return b.String()
}
