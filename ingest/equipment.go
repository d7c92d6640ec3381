package ingest

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/requests"
	"github.com/claimdesk/claimdesk/storage"
)

// maxAnswerText bounds what an approval answer's proposal quotes.
const maxAnswerText = 300

// queueEquipment queues on b the record of what a message filed to a claim
// says about the claim's equipment, for a person to confirm: what a
// technician or a vendor reports placed or picked up, and the adjuster's
// answer, in the thread of an approval request, approving or denying the
// equipment asked about (whose requests are read within tx first). Nothing
// changes the log until someone confirms it.
func (p *Processor) queueEquipment(ctx context.Context, tx pgx.Tx, b *pgx.Batch, m storage.StoredMessage, parsed *mailparse.Message, claim *storage.Claim) error {
	if m.Direction != "in" || claim == nil {
		return nil
	}
	body := parsed.PlainText()
	if strings.TrimSpace(body) == "" && parsed.HTMLBody != "" {
		body = mailparse.HTMLToText(parsed.HTMLBody)
	}
	answers, err := approvalAnswers(ctx, tx, m, parsed, claim, body)
	if err != nil {
		return err
	}
	ps := answers
	loc := p.cfg.Location
	if cal := p.calendarOf(m.OfficeID); cal != nil && cal.Location() != nil {
		loc = cal.Location()
	}
	for _, x := range equipment.Extract(parsed.Subject, body, m.ArrivedAt, loc) {
		ps = append(ps, storage.EquipmentProposal{Action: x.Action, Kind: x.Kind, Count: x.Count, At: x.At, DayOnly: x.Day,
			Address: x.Address, Text: x.Text})
	}
	storage.QueueEquipmentProposals(b, claim.ID, m.ID, ps)
	return nil
}

// approvalAnswers reads the adjuster's answer to the approval requests
// the message replies to: one proposal per line asked about, when the
// words approve or deny.
func approvalAnswers(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, parsed *mailparse.Message, claim *storage.Claim, body string) ([]storage.EquipmentProposal, error) {
	if claim.AdjusterEmail == "" || !strings.EqualFold(parsed.From.Email, claim.AdjusterEmail) {
		return nil, nil
	}
	refs := parsed.References
	if parsed.InReplyTo != "" {
		refs = append([]string{parsed.InReplyTo}, refs...)
	}
	if len(refs) == 0 {
		return nil, nil
	}
	answer := equipment.Answer(body)
	if answer == "" {
		return nil, nil
	}
	asked, err := storage.ApprovalRequestsInThread(ctx, tx, claim.ID, refs)
	if err != nil {
		return nil, err
	}
	text := strings.Join(strings.Fields(requests.OwnText(body)), " ")
	if len(text) > maxAnswerText {
		text = strings.ToValidUTF8(text[:maxAnswerText], "")
	}
	var out []storage.EquipmentProposal
	for _, e := range asked {
		out = append(out, storage.EquipmentProposal{Action: answer, Kind: e.Kind, Count: e.Count, At: m.ArrivedAt,
			Text: text, EquipmentID: &e.ID})
	}
	return out, nil
}

// fileEquipment takes what message id proposes for the equipment log
// along to claim claimID; a message filed out of triage has its words read
// now. (An approval answer is read only as mail arrives: its thread is
// what ties it to the request.)
func (f *Filer) fileEquipment(ctx context.Context, tx pgx.Tx, id, claimID int64) error {
	found, err := storage.MoveEquipmentProposals(ctx, tx, id, claimID)
	if err != nil || found {
		return err
	}
	src, err := storage.ReadRequestSource(ctx, tx, id)
	if err != nil || src.Direction != "in" {
		return err
	}
	body := src.Body
	if strings.TrimSpace(body) == "" && src.HTML != "" {
		body = mailparse.HTMLToText(src.HTML)
	}
	var ps []storage.EquipmentProposal
	loc := f.loc
	if cal := f.calendarOf(src.OfficeID); cal != nil && cal.Location() != nil {
		loc = cal.Location()
	}
	for _, x := range equipment.Extract(src.Subject, body, src.ArrivedAt, loc) {
		ps = append(ps, storage.EquipmentProposal{Action: x.Action, Kind: x.Kind, Count: x.Count, At: x.At, DayOnly: x.Day,
			Address: x.Address, Text: x.Text})
	}
	if len(ps) == 0 {
		return nil
	}
	return storage.RecordEquipmentProposals(ctx, tx, claimID, id, ps)
}
