package sla

import (
	"fmt"
	"slices"
	"strings"
)

// Participant roles on a claim, as the API and the CSV columns name them.
var ParticipantRoles = []string{"foreman", "coordinator", "estimator", "marketing", "technician",
	"insurance_company", "adjuster", "referred_by"}

// RecordFields are the claim fields a claim record can be required to
// have, by their API names. A participant role is required by its name
// (a participant of that role with a name).
var RecordFields = []string{"job_number", "claim_number", "carrier", "policy_number", "insured_name",
	"insured_phone", "insured_email", "loss_address", "loss_type", "loss_description", "cause",
	"date_of_loss", "cat", "class", "adjuster_name", "adjuster_email", "adjuster_phone", "company", "job_name",
	"adjuster_file_number"}

// ScopeFields are required only once the 24-hour scope is filed: it is
// where the water category and class come from.
var ScopeFields = []string{"cat", "class"}

// DefaultRequiredFields is what a complete claim record has unless the
// office says otherwise.
const DefaultRequiredFields = "insured_name,insured_phone,loss_address,carrier,claim_number,adjuster," +
	"foreman,coordinator,estimator,referred_by,cat,class"

// ParseRequiredFields reads a comma-separated list of claim fields and
// participant roles; an unknown name is an error, so a typo does not
// quietly require nothing.
func ParseRequiredFields(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" || slices.Contains(out, f) {
			continue
		}
		if !slices.Contains(RecordFields, f) && !slices.Contains(ParticipantRoles, f) {
			return nil, fmt.Errorf("unknown claim field or role %q", f)
		}
		out = append(out, f)
	}
	return out, nil
}

// MissingFields lists the required fields and roles that filled says are
// empty, in the order required lists them; the scope's fields count only
// once the scope is in.
func MissingFields(required []string, filled func(field string) bool, scopeIn bool) []string {
	missing := []string{}
	for _, f := range required {
		if slices.Contains(ScopeFields, f) && !scopeIn {
			continue
		}
		if !filled(f) {
			missing = append(missing, f)
		}
	}
	return missing
}
