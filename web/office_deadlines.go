package web

import (
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// The milestone deadlines of the Hours and deadlines page: one labelled
// pair of numbers per milestone rather than the setting's own text
// ("first_docs=24h/4h; chase=2-3; …", sla.ParseRules), which is what is
// stored, each part only for a milestone the office sets itself.

// deadlineField is one milestone's deadline on the form: when it shows as
// due soon (Warn) and when it is due (Due), each empty where the office
// follows the configuration, whose values (ConfWarn, ConfDue) the empty
// fields show.
type deadlineField struct {
	// Name is the milestone's name in the setting (first_docs, chase, …).
	Name, Label string
	// Hours says the numbers are hours from the assignment, first_docs'
	// (Warn: how long before it is due); the others count business days.
	Hours             bool
	Warn, Due         string
	ConfWarn, ConfDue string
}

// deadlineNames are the milestones the setting names, in its order, with
// their labels on the form.
var deadlineNames = []struct{ name, label string }{
	{"first_docs", "Photos and 24-hour scope"},
	{"chase", "Chase the technician when nothing came from the job"},
	{"paperwork", "Paperwork complete: estimate, sketch, scope, photos"},
	{"billing", "Billing packet complete"},
	{"lab_report", "ITEL lab report, from the day the sample was taken"},
}

// deadlineFields are the form's fields for the office's own setting spec
// (its parts as typed), over the configuration's deadlines conf.
func deadlineFields(spec string, conf sla.Rules) []deadlineField {
	own := map[string][2]string{}
	for _, item := range strings.FieldsFunc(spec, func(c rune) bool { return c == ';' || c == ',' }) {
		name, value, _ := strings.Cut(strings.TrimSpace(item), "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if name == "first_docs" {
			due, warn, _ := strings.Cut(value, "/")
			own[name] = [2]string{hoursOf(warn), hoursOf(due)}
			continue
		}
		warn, due, _ := strings.Cut(value, "-")
		own[name] = [2]string{strings.TrimSpace(warn), strings.TrimSpace(due)}
	}
	windows := map[string]sla.Window{"chase": conf.Chase, "paperwork": conf.Paperwork, "billing": conf.Billing, "lab_report": conf.LabReport}
	var out []deadlineField
	for _, n := range deadlineNames {
		f := deadlineField{Name: n.name, Label: n.label, Warn: own[n.name][0], Due: own[n.name][1]}
		if n.name == "first_docs" {
			f.Hours = true
			f.ConfWarn, f.ConfDue = hoursOf(conf.FirstDocsWarn.String()), hoursOf(conf.FirstDocs.String())
		} else {
			f.ConfWarn, f.ConfDue = strconv.Itoa(windows[n.name].Warn), strconv.Itoa(windows[n.name].Due)
		}
		out = append(out, f)
	}
	return out
}

// hoursOf writes a duration of the setting ("24h", "90m") as hours, "24",
// "1.5"; as it is when it is no duration.
func hoursOf(s string) string {
	s = strings.TrimSpace(s)
	d, err := time.ParseDuration(s)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(d.Hours(), 'f', -1, 64)
}

// deadlineSpec writes the deadlines the form r sets as the setting reads
// them, naming only the milestones given a number; the other number of
// a pair is the configuration's (conf).
func deadlineSpec(r *http.Request, conf sla.Rules) string {
	var parts []string
	for _, f := range deadlineFields("", conf) {
		warn, due := strings.TrimSpace(r.PostFormValue("warn_"+f.Name)), strings.TrimSpace(r.PostFormValue("due_"+f.Name))
		switch {
		case warn == "" && due == "":
			continue
		case f.Hours && warn == "":
			parts = append(parts, fmt.Sprintf("%s=%sh", f.Name, due))
		case f.Hours:
			parts = append(parts, fmt.Sprintf("%s=%sh/%sh", f.Name, cmp.Or(due, f.ConfDue), warn))
		default:
			parts = append(parts, fmt.Sprintf("%s=%s-%s", f.Name, cmp.Or(warn, f.ConfWarn), cmp.Or(due, f.ConfDue)))
		}
	}
	return strings.Join(parts, "; ")
}

// deadlineWords say the deadlines r counts by, for people: "photos and
// scope within 24 hours (due soon 4 hours before); chase the technician
// on business day 3 (due soon from day 2); …".
func deadlineWords(r sla.Rules) string {
	win := func(what string, w sla.Window) string {
		return fmt.Sprintf("%s on business day %d (due soon from day %d)", what, w.Due, w.Warn)
	}
	return strings.Join([]string{
		fmt.Sprintf("photos and scope within %s hours, or by the next business day's close when that falls while the office is closed (due soon %s hours before)", hoursOf(r.FirstDocs.String()), hoursOf(r.FirstDocsWarn.String())),
		win("chase the technician", r.Chase), win("paperwork complete", r.Paperwork), win("billing packet", r.Billing),
		win("lab report after the sample", r.LabReport),
	}, "; ")
}
