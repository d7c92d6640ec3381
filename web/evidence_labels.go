package web

import (
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

func ruleLabel(rule string) string {
	if l, ok := ruleLabels[rule]; ok {
		return l
	}
	return rule
}

// sourceLabels say how a claim came to be, in words.
var sourceLabels = map[string]string{
	storage.SourceCSV:        "from the claims CSV",
	storage.SourceAssignment: "from an assignment email",
	storage.SourceManual:     "entered by hand",
}

func sourceLabel(source string) string {
	if l, ok := sourceLabels[source]; ok {
		return l
	}
	return source
}
