package classify

import "strings"

// ruleWords name the matching rules for people: a decision's reason and
// the pages that show evidence say why a message points at a claim, and
// codes such as insured_name mean nothing to a coordinator.
var ruleWords = map[string]string{
	RuleForwardAddress:  "forwarding address",
	RuleThread:          "reply in a filed thread",
	RuleJobNumber:       "job number",
	RuleClaimNumber:     "claim number",
	RulePolicyNumber:    "policy number",
	RuleFileNumber:      "adjuster's file number",
	RuleInsuredName:     "insured's name",
	RuleLossAddress:     "loss address",
	RuleAdjusterEmail:   "adjuster's email",
	RuleAssignment:      "assignment",
	RuleNearClaimNumber: "nearly the claim number",
	RuleReturnedTo:      "address the returned mail went to",
}

// RuleWords names rule in words; a rule without words is itself, so a
// rule added later still shows.
func RuleWords(rule string) string {
	if w, ok := ruleWords[rule]; ok {
		return w
	}
	return rule
}

// whereWords name the message's headers.
var whereWords = map[string]string{
	"from":        "the sender",
	"signature":   "the sender's signature",
	"to":          "the To address",
	"cc":          "the Cc address",
	"subject":     "the subject",
	"body":        "the body",
	"in_reply_to": "the message it answers",
	"references":  "the thread it belongs to",
	"returned":    "the message it reports undelivered",
}

// WhereWords says in words where a rule found its text: evidence records
// "attachment_text:x.pdf" or "forward[0].subject", which a coordinator
// reads as "the text of x.pdf" or "the forwarded subject".
func WhereWords(where string) string {
	if w, ok := whereWords[where]; ok {
		return w
	}
	for _, p := range []struct{ prefix, words string }{
		{"attachment_ocr:", "the text read from "},
		{"attachment_text:", "the text of "},
		{"attachment:", "the file name "},
	} {
		if rest, ok := strings.CutPrefix(where, p.prefix); ok {
			return p.words + rest
		}
	}
	if strings.HasPrefix(where, "forward[") {
		if _, part, ok := strings.Cut(where, "]."); ok {
			return "the forwarded " + part
		}
	}
	return where
}
