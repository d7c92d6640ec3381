package web

import (
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// labelOr is key in words as labels has it, or key itself where labels
// has no words for it: a name added later still shows.
func labelOr(labels map[string]string, key string) string {
	if l, ok := labels[key]; ok {
		return l
	}
	return key
}

// sourceLabels say how a claim came to be, in words.
var sourceLabels = map[string]string{
	storage.SourceCSV:        "from the claims CSV",
	storage.SourceAssignment: "from an assignment email",
	storage.SourceManual:     "entered by hand",
}

func sourceLabel(source string) string {
	return labelOr(sourceLabels, source)
}

// outboxKindLabels name the kinds of mail the office sends.
var outboxKindLabels = map[string]string{
	storage.ReplyAck:           "acknowledgment",
	storage.ReplyUpdate:        "update",
	storage.ReplyReminder:      "reminder",
	storage.ReplyFormRejected:  "form request",
	storage.ReplyDigest:        "morning digest",
	outbox.KindApprovalRequest: "approval request",
	outbox.KindPickupNotice:    "pickup notice",
}

func outboxKindLabel(kind string) string {
	return labelOr(outboxKindLabels, kind)
}
