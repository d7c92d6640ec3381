package web

import (
	"github.com/claimdesk/claimdesk/classify"
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

// messageStatusLabels name a message's status in a coordinator's words:
// the API keeps the codes, the pages say what the codes mean.
var messageStatusLabels = map[string]string{
	storage.StatusNew:      "just arrived",
	storage.StatusParsed:   "being read",
	storage.StatusFiled:    "filed",
	storage.StatusTriage:   "needs a claim",
	storage.StatusIgnored:  "not for a claim",
	storage.StatusFailed:   "could not be read",
	storage.StatusRejected: "too large to read",
}

func messageStatusLabel(status string) string {
	return labelOr(messageStatusLabels, status)
}

// matchWords says why a piece of evidence points at a claim, as a
// coordinator would say it: the grade it carries shows as the words
// "check" where it cannot file a message alone.
func matchWords(e classify.Evidence) string {
	switch e.Rule {
	case classify.RuleForwardAddress:
		return "sent to the claim's forwarding address"
	case classify.RuleThread:
		return "reply in the thread"
	case classify.RuleAssignment:
		return "new assignment"
	case classify.RuleNearClaimNumber:
		return "almost the claim number (one character off) — check"
	case classify.RuleAdjusterEmail:
		return "from the claim's adjuster only — check"
	case classify.RuleInsuredName:
		return "insured's name only — check"
	case classify.RuleReturnedTo:
		if e.Strength == classify.StrengthWeak {
			return "mail to someone on the record came back — check"
		}
		return "mail to someone on the record came back"
	}
	words := classify.RuleWords(e.Rule)
	switch e.Strength {
	case classify.StrengthStrong, classify.StrengthMedium:
		return "same " + words
	}
	return "part of the " + words + " only — check"
}

// backingWords is matchWords for evidence behind a message the classifier
// filed with confidence into the claim it points at: without "only" and
// "check", since stronger evidence filed it.
func backingWords(e classify.Evidence) string {
	switch e.Rule {
	case classify.RuleNearClaimNumber:
		return "almost the claim number (one character off)"
	case classify.RuleAdjusterEmail:
		return "from the claim's adjuster"
	case classify.RuleInsuredName:
		return "insured's name"
	}
	if e.Strength == classify.StrengthWeak {
		return "part of the " + classify.RuleWords(e.Rule)
	}
	return matchWords(e)
}

// matchShown reports whether the text evidence matched means something to
// a coordinator: a thread's is a Message-ID, which "reply in the thread"
// says in words.
func matchShown(e classify.Evidence) bool {
	return e.Rule != classify.RuleThread
}
