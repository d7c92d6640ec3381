package web

import (
	"strings"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// ruleLabels name the matching rules for people: the triage and message
// pages say why a message points at a claim, and codes such as
// insured_name mean nothing to a coordinator.
var ruleLabels = map[string]string{
	classify.RuleForwardAddress:  "forwarding address",
	classify.RuleThread:          "reply in a filed thread",
	classify.RuleJobNumber:       "job number",
	classify.RuleClaimNumber:     "claim number",
	classify.RulePolicyNumber:    "policy number",
	classify.RuleInsuredName:     "insured's name",
	classify.RuleLossAddress:     "loss address",
	classify.RuleAdjusterEmail:   "adjuster's email",
	classify.RuleAssignment:      "assignment",
	classify.RuleNearClaimNumber: "nearly the claim number",
}

// labelOr is key in words as labels has it, or key itself where labels
// has no words for it: a name added later still shows.
func labelOr(labels map[string]string, key string) string {
	if l, ok := labels[key]; ok {
		return l
	}
	return key
}

func ruleLabel(rule string) string {
	return labelOr(ruleLabels, rule)
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

// whereLabels name the message's headers.
var whereLabels = map[string]string{
	"from":        "the sender",
	"to":          "the To address",
	"cc":          "the Cc address",
	"in_reply_to": "the message it answers",
	"references":  "the thread it belongs to",
}

// whereLabel says in words where a rule found its text: the matcher
// records "attachment_text:x.pdf" or "forward[0].subject", which a
// coordinator should read as "the text of x.pdf" or "the forwarded
// subject".
func whereLabel(where string) string {
	if l, ok := whereLabels[where]; ok {
		return l
	}
	for _, p := range []struct{ prefix, label string }{
		{"attachment_ocr:", "the text read from "},
		{"attachment_text:", "the text of "},
		{"attachment:", "the file name "},
	} {
		if rest, ok := strings.CutPrefix(where, p.prefix); ok {
			return p.label + rest
		}
	}
	if strings.HasPrefix(where, "forward[") {
		if _, part, ok := strings.Cut(where, "]."); ok {
			return "the forwarded " + part
		}
	}
	return where
}
