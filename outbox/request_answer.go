package outbox

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
)

// KindRequestAnswer is the answer to what a sender asked the office to
// send: written for the mail program, where the person attaches the
// documents, which claimdesk's own replies do not carry.
const KindRequestAnswer = "request_answer"

// DraftRequestAnswer writes the answer to request r, in its asker's thread:
// sending says what goes with it ("photos", "drying log"), lacking what is
// not on file yet, each in words; signed by coordinator.
func (w *Writer) DraftRequestAnswer(ctx context.Context, r storage.Request, sending, lacking []string, coordinator string) (Draft, error) {
	t, err := w.db.ThreadOf(ctx, r.MessageID)
	if err != nil {
		return Draft{}, err
	}
	c, err := w.db.GetClaim(ctx, r.ClaimID)
	if err != nil {
		return Draft{}, err
	}
	greet, err := w.greetingName(ctx, t, &c)
	if err != nil {
		return Draft{}, err
	}
	job := "our job " + c.JobNumber
	if c.InsuredName != "" {
		job += " (" + c.InsuredName + ")"
	}
	if c.ClaimNumber != "" {
		job += ", claim " + c.ClaimNumber
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Hello %s,\n\n", cmp.Or(greet, "there"))
	switch {
	case len(sending) > 0:
		fmt.Fprintf(&b, "Please find attached the %s for %s, as you asked.\n\n", theList(sending), job)
		if len(lacking) > 0 {
			fmt.Fprintf(&b, "We will send the %s as soon as we have it on file.\n\n", theList(lacking))
		}
	default:
		fmt.Fprintf(&b, "We will send the %s for %s as soon as we have it on file.\n\n", theList(lacking), job)
	}
	fmt.Fprintf(&b, "Best regards,\n%s\n", coordinator)
	return Draft{Kind: KindRequestAnswer, Language: LangEnglish, To: []string{r.From}, Subject: ReplySubject(t.Subject),
		Body: b.String(), Thread: &t, ClaimID: &c.ID}, nil
}

// theList joins things a sentence names after "the": "photos, the scope
// and the drying log".
func theList(things []string) string {
	if len(things) < 2 {
		return strings.Join(things, "")
	}
	return strings.Join(things[:len(things)-1], ", the ") + " and the " + things[len(things)-1]
}
