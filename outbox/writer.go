package outbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
)

// Writer fills the office's templates into drafts: the mail Outbox sends,
// and the text a coordinator's mail program is handed when sending from
// claimdesk is not set up. It reads; it never sends.
type Writer struct {
	db *storage.DB
	// officeDomain names each claim's forward address; none when empty.
	officeDomain string
}

// NewWriter writes drafts from db's templates, with forward addresses at
// officeDomain (none when empty).
func NewWriter(db *storage.DB, officeDomain string) *Writer {
	return &Writer{db: db, officeDomain: officeDomain}
}

// ErrNothingToAsk says a reminder would ask for nothing the claim lacks:
// what it asks for is on file, or the equipment it is about is not on
// site.
var ErrNothingToAsk = errors.New("the claim lacks nothing this reminder asks for")

// ErrNothingToAnswer says a message cannot be acknowledged by a reply: the
// office sent it, or it has no sender to answer.
var ErrNothingToAnswer = errors.New("nothing to answer")

// ErrNoAdjuster says a claim has no adjuster address to send its update to.
var ErrNoAdjuster = errors.New("the claim has no adjuster email")

// DraftAck prefills the acknowledgment of message id in language, signed
// by coordinator.
func (w *Writer) DraftAck(ctx context.Context, id int64, language, coordinator string) (Draft, error) {
	t, err := w.db.ThreadOf(ctx, id)
	if err != nil {
		return Draft{}, err
	}
	if t.Direction != "in" || t.FromAddress == "" {
		return Draft{}, fmt.Errorf("message %d: %w", id, ErrNothingToAnswer)
	}
	var claim *storage.Claim
	if t.ClaimID != nil {
		c, err := w.db.GetClaim(ctx, *t.ClaimID)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return Draft{}, err
		}
		if err == nil {
			claim = &c
		}
	}
	d := Draft{Kind: storage.ReplyAck, Language: language, To: []string{t.FromAddress}, Thread: &t, ClaimID: t.ClaimID}
	f := w.Fields(claim, coordinator)
	if f.RecipientFirstName, err = w.greetingName(ctx, t, claim); err != nil {
		return Draft{}, err
	}
	return d, w.fill(ctx, &d, f)
}

// greetingName is the first name the reply to message t greets its
// sender by (GreetingName), with the people of its claim (nil: none).
func (w *Writer) greetingName(ctx context.Context, t storage.ThreadMessage, claim *storage.Claim) (string, error) {
	var people []storage.ClaimParticipant
	if claim != nil {
		byClaim, err := w.db.ParticipantsOfClaims(ctx, []int64{claim.ID})
		if err != nil {
			return "", err
		}
		people = byClaim[claim.ID]
	}
	return GreetingName(t.FromName, t.FromAddress, claim, people), nil
}

// DraftUpdate prefills claim id's daily update to its adjuster, in the
// latest thread with them (a new thread when there is none), opening with
// facts (nil: none) written out.
func (w *Writer) DraftUpdate(ctx context.Context, id int64, language, coordinator string, facts *UpdateFacts) (Draft, error) {
	c, err := w.db.GetClaim(ctx, id)
	if err != nil {
		return Draft{}, err
	}
	if c.AdjusterEmail == "" {
		return Draft{}, fmt.Errorf("claim %s: %w", c.JobNumber, ErrNoAdjuster)
	}
	d := Draft{Kind: storage.ReplyUpdate, Language: language, To: []string{c.AdjusterEmail}, ClaimID: &c.ID}
	if err := w.continueThread(ctx, &d, id, c.AdjusterEmail); err != nil {
		return Draft{}, err
	}
	f := w.Fields(&c, coordinator)
	if facts != nil {
		f.Facts, f.Standing, f.Ahead = facts.Text(language), facts.Standing(language), facts.Ahead(language)
	}
	return d, w.fill(ctx, &d, f)
}

// fill writes the template of d's kind and language into d, filled with f
// and the phone of the office it is from (ReplyTemplate.Fill).
func (w *Writer) fill(ctx context.Context, d *Draft, f ReplyFields) error {
	id, err := w.draftOfficeID(ctx, *d)
	if err != nil {
		return err
	}
	office, err := w.db.OfficeByID(ctx, id)
	if err != nil {
		return err
	}
	saved, err := w.db.ReplyTemplates(ctx, id)
	if err != nil {
		return err
	}
	f.OfficePhone = office.Phone
	var tmpl ReplyTemplate
	found := false
	for _, t := range OfficeReplyTemplates(saved) {
		if t.Kind == d.Kind && t.Language == d.Language {
			tmpl, found = t, true
		}
	}
	if !found {
		return fmt.Errorf("%w: no %s template in language %q", ErrBadTemplate, d.Kind, d.Language)
	}
	subject, body, err := tmpl.Fill(f)
	if err != nil {
		return err
	}
	d.Subject, d.Body = subject, body
	if d.Thread != nil && strings.TrimSpace(d.Thread.Subject) != "" {
		d.Subject = ReplySubject(d.Thread.Subject)
	}
	return nil
}

// unplacedFacts is what of f's facts a template's body has no place for:
// above its bullets, all of them when it names none of them (an office's
// own, saved before it could), or where the job stands when it names only
// what is ahead; below them, what is ahead when it names only where the
// job stands. A note to the adjuster never loses half of what it says.
func unplacedFacts(body string, f ReplyFields) (above, below string) {
	standing, ahead := strings.Contains(body, ".Standing"), strings.Contains(body, ".Ahead")
	switch {
	case strings.Contains(body, ".Facts") || standing && ahead:
		return "", ""
	case standing:
		return "", f.Ahead
	case ahead:
		return f.Standing, ""
	}
	return f.Facts, ""
}

// draftOfficeID returns the office d is written for: its claim's, else
// the office of the message it answers.
func (w *Writer) draftOfficeID(ctx context.Context, d Draft) (int64, error) {
	switch {
	case d.ClaimID != nil:
		return w.db.OfficeOf(ctx, storage.KindClaim, *d.ClaimID)
	case d.Thread != nil:
		return w.db.OfficeOf(ctx, storage.KindMessage, d.Thread.ID)
	}
	return storage.DefaultOfficeID, nil
}

// draftTemplates returns the saved templates of the office d is written
// for.
func (w *Writer) draftTemplates(ctx context.Context, d Draft) ([]storage.ReplyTemplate, error) {
	office, err := w.draftOfficeID(ctx, d)
	if err != nil {
		return nil, err
	}
	return w.db.ReplyTemplates(ctx, office)
}

// Fields are a reply's template values for claim (nil: none known).
func (w *Writer) Fields(claim *storage.Claim, coordinator string) ReplyFields {
	f := ReplyFields{Coordinator: coordinator}
	if claim != nil {
		f.Insured, f.ClaimNumber, f.JobNumber = claim.InsuredName, claim.ClaimNumber, claim.JobNumber
		f.LossAddress = claim.LossAddress
		f.AdjusterFirstName = FirstName(claim.AdjusterName)
		if w.officeDomain != "" && claim.JobNumber != "" {
			f.ForwardAddress = "claims+" + claim.JobNumber + "@" + w.officeDomain
		}
	}
	return f
}

// DraftReminder writes the reminder of kind on claim c to r, asking for
// what ask says (AskOf), in r's language, signed by coordinator: in the
// claim's latest thread with r, or a new one naming the job when there is
// none. A reminder that asks for nothing is ErrNothingToAsk.
func (w *Writer) DraftReminder(ctx context.Context, c storage.Claim, kind string, r Recipient, ask ReminderAsk, coordinator string) (Draft, error) {
	if !slices.Contains(storage.ReminderKinds, kind) {
		return Draft{}, fmt.Errorf("%w: no reminder of kind %q", ErrBadReply, kind)
	}
	if len(ask.Docs) == 0 {
		return Draft{}, fmt.Errorf("%w: %s to %s", ErrNothingToAsk, kind, r.Email)
	}
	d := Draft{Kind: kind, Language: r.Language, To: []string{r.Email}, ClaimID: &c.ID}
	if err := w.continueThread(ctx, &d, c.ID, r.Email); err != nil {
		return Draft{}, err
	}
	f := w.Fields(&c, coordinator)
	f.RecipientFirstName = FirstName(r.Name)
	f.Asking, f.FromJob = AskList(ask.Docs, r.Language), ask.FromJob
	return d, w.fill(ctx, &d, f)
}

// continueThread has draft d answer claim's latest thread with address,
// when there is one; it starts a thread of its own otherwise.
func (w *Writer) continueThread(ctx context.Context, d *Draft, claim int64, address string) error {
	t, err := w.db.LatestThreadWith(ctx, claim, address)
	switch {
	case err == nil:
		d.Thread = &t
	case !errors.Is(err, storage.ErrNotFound):
		return err
	}
	return nil
}
