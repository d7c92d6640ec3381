package web

import (
	"strconv"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// claimColumn is one field of a claim as the hand-off files show it: its
// JSON name (the CSV header, which the import reads back) and its label
// on the printed cover. A new claim field is one more row here.
type claimColumn struct {
	name  string
	label string
	value func(c storage.Claim) string
}

// claimColumns are the claim's fields, in the order of DESIGN's claim
// import header, then the rest.
var claimColumns = []claimColumn{
	{"job_number", "Job number", func(c storage.Claim) string { return c.JobNumber }},
	{"claim_number", "Claim number", func(c storage.Claim) string { return c.ClaimNumber }},
	{"carrier", "Carrier", func(c storage.Claim) string { return c.Carrier }},
	{"policy_number", "Policy number", func(c storage.Claim) string { return c.PolicyNumber }},
	{"insured_name", "Insured", func(c storage.Claim) string { return c.InsuredName }},
	{"loss_address", "Loss address", func(c storage.Claim) string { return c.LossAddress }},
	{"loss_type", "Loss type", func(c storage.Claim) string { return c.LossType }},
	{"adjuster_name", "Adjuster", func(c storage.Claim) string { return c.AdjusterName }},
	{"adjuster_email", "Adjuster email", func(c storage.Claim) string { return c.AdjusterEmail }},
	{"date_of_loss", "Date of loss", func(c storage.Claim) string { return isoDate(c.DateOfLoss) }},
	{"insured_phone", "Insured phone", func(c storage.Claim) string { return c.InsuredPhone }},
	{"insured_email", "Insured email", func(c storage.Claim) string { return c.InsuredEmail }},
	{"company", "Company", func(c storage.Claim) string { return c.Company }},
	{"job_name", "Job name", func(c storage.Claim) string { return c.JobName }},
	{"loss_description", "Loss description", func(c storage.Claim) string { return c.LossDescription }},
	{"cause", "Cause", func(c storage.Claim) string { return c.Cause }},
	{"cat", "CAT", func(c storage.Claim) string { return numberText(c.Cat) }},
	{"class", "Class", func(c storage.Claim) string { return numberText(c.Class) }},
	{"adjuster_phone", "Adjuster phone", func(c storage.Claim) string { return c.AdjusterPhone }},
	{"status", "Status", func(c storage.Claim) string { return c.Status }},
	{"source", "Source", func(c storage.Claim) string { return c.Source }},
}

// adjusterFileColumn is the adjusting firm's own file number: the
// export's last column (columns are only added at the end), the cover's
// beside the adjuster.
var adjusterFileColumn = claimColumn{"adjuster_file_number", "Adjuster's file number",
	func(c storage.Claim) string { return c.AdjusterFileNumber }}

// numberText is n as text, empty when unknown (0).
func numberText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// isoDate is t's day as YYYY-MM-DD, the form the import reads; empty for
// the zero time.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
