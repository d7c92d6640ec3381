package web

import (
	"fmt"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// The buttons that answer with the office's reply templates. The pages
// show them by these words, and the templates page names them by the same
// words, so the two say the same thing.
const (
	// buttonAcknowledge sends the acknowledgment, on the board and the
	// message page, once sending is set up.
	buttonAcknowledge = "Acknowledge"
	// buttonReply opens the acknowledgment to send from a claim's Next.
	buttonReply = "Reply"
	// buttonReplyByEmail opens the coordinator's mail program with the
	// acknowledgment written, while sending is not set up.
	buttonReplyByEmail = "Reply by email"
	// buttonSendUpdate opens the daily update to send, on the claim page.
	buttonSendUpdate = "Send update"
)

// emailButton is the words of a link that opens the coordinator's mail
// program with mail to a person written: "Email Priya".
func emailButton(firstName string) string { return "Email " + firstName }

// templatePurposes say what the acknowledgment and the daily update are
// for and which buttons write them: the buttons that send, when the
// office sends (sends), else those that open the mail program.
func templatePurposes(sends bool) map[string]string {
	q := func(s string) string { return "“" + s + "”" }
	if sends {
		return map[string]string{
			storage.ReplyAck: fmt.Sprintf("The first answer to a person's mail: %s on the board and the message page, %s in a claim's Next.",
				q(buttonAcknowledge), q(buttonReply)),
			storage.ReplyUpdate: fmt.Sprintf("The day's update to the adjuster: %s on the claim page.", q(buttonSendUpdate)),
		}
	}
	example := emailButton(outbox.SampleReplyFields().AdjusterFirstName)
	return map[string]string{
		storage.ReplyAck: fmt.Sprintf("The first answer to a person's mail: %s on the message page and in a claim's Next opens your mail program with it written.",
			q(buttonReplyByEmail)),
		storage.ReplyUpdate: fmt.Sprintf("The day's update to the adjuster: %s (the adjuster's first name) on the claim page opens your mail program with it written.",
			q(example)),
	}
}
