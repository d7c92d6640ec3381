package sla

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseRules reads milestone deadlines from a setting such as
//
//	first_docs=24h/4h; chase=2-3; paperwork=3-4; billing=4-10; lab_report=3-5
//
// first_docs is the deadline for photos and the 24-hour scope and how long
// before it they show as due soon; the others are the business day a
// milestone shows as due soon and the business day it is due. Milestones not
// named keep their defaults; an empty setting is DefaultRules.
func ParseRules(spec string) (Rules, error) {
	return ParseRulesOver(DefaultRules(), spec)
}

// ParseRulesOver reads milestone deadlines as ParseRules does, keeping
// base's for the milestones spec does not name: an office that sets its
// billing deadline keeps the configured ones of the others.
func ParseRulesOver(base Rules, spec string) (Rules, error) {
	r := base.withDefaults()
	var errs []error
	for _, item := range strings.FieldsFunc(spec, func(c rune) bool { return c == ';' || c == ',' }) {
		name, value, ok := strings.Cut(strings.TrimSpace(item), "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || value == "" {
			errs = append(errs, fmt.Errorf("%q: want name=value", item))
			continue
		}
		var w *Window
		switch name {
		case "first_docs":
			due, warn, _ := strings.Cut(value, "/")
			d, err1 := time.ParseDuration(due)
			r.FirstDocs = d
			if warn != "" {
				wd, err2 := time.ParseDuration(warn)
				r.FirstDocsWarn, err1 = wd, errors.Join(err1, err2)
			}
			if err1 != nil {
				errs = append(errs, fmt.Errorf("first_docs: want a deadline and warning like 24h/4h, got %q", value))
			}
			continue
		case "chase":
			w = &r.Chase
		case "paperwork":
			w = &r.Paperwork
		case "billing":
			w = &r.Billing
		case "lab_report":
			w = &r.LabReport
		default:
			errs = append(errs, fmt.Errorf("%q: unknown milestone (want first_docs, chase, paperwork, billing or lab_report)", name))
			continue
		}
		warn, due, ok := strings.Cut(value, "-")
		wn, err1 := strconv.Atoi(strings.TrimSpace(warn))
		dn, err2 := strconv.Atoi(strings.TrimSpace(due))
		if !ok || err1 != nil || err2 != nil || wn < 1 || dn < 1 {
			errs = append(errs, fmt.Errorf("%s: want warn-due business days like 2-3, got %q", name, value))
			continue
		}
		*w = Window{Warn: wn, Due: dn}
	}
	if err := errors.Join(errs...); err != nil {
		return Rules{}, err
	}
	return r, r.Validate()
}

// OfficeRules are what one office counts its deadlines by: its business
// calendar and its milestone deadlines.
type OfficeRules struct {
	Calendar   *Calendar
	Milestones Rules
}

// String writes r, its defaults filled in, as ParseRules reads it.
func (r Rules) String() string {
	r = r.withDefaults()
	win := func(w Window) string { return fmt.Sprintf("%d-%d", w.Warn, w.Due) }
	return fmt.Sprintf("first_docs=%s/%s; chase=%s; paperwork=%s; billing=%s; lab_report=%s",
		shortDuration(r.FirstDocs), shortDuration(r.FirstDocsWarn), win(r.Chase), win(r.Paperwork), win(r.Billing), win(r.LabReport))
}

// shortDuration writes d as "24h" or "90m" rather than "24h0m0s".
func shortDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return cmp.Or(s, "0s")
}
