package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/claimdesk/claimdesk/storage"
)

// settingsOffice is the office whose reply templates and people a
// settings page shows and edits, and the caller's other offices to pick
// from instead.
type settingsOffice struct {
	ID   int64
	Name string
	// Others are the caller's other offices; empty for a person of one
	// office, whose pages name no office.
	Others []officeChoice
	// CanEdit is false for a read-only member, who sees the office's
	// settings without their forms.
	CanEdit bool
	// several is set for a person of several offices, whose addresses
	// name the office.
	several bool
}

// settingsOfficeOf returns the office a settings request is about: the
// one its "office" value names (the form's, or the query's), else the one
// the switcher chose, else the caller's first. may says whether the
// caller may change that office's settings. An office out of scope is not
// found.
func settingsOfficeOf(r *http.Request, sc scope, may func(scope, int64) bool) (settingsOffice, error) {
	id := sc.view
	if v := r.FormValue("office"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !sc.canSee(n) {
			return settingsOffice{}, &httpError{status: http.StatusNotFound, msg: "office " + v + " not found"}
		}
		id = n
	}
	if id == 0 {
		id = firstOffice(sc)
	}
	if !sc.canSee(id) {
		return settingsOffice{}, &httpError{status: http.StatusNotFound, msg: "you are in no office yet: ask an administrator"}
	}
	o := settingsOffice{ID: id, Name: sc.names[id], CanEdit: may(sc, id), several: sc.several()}
	if sw := officeSwitchOf(sc); sw != nil {
		for _, c := range sw.Offices {
			if c.ID != id {
				o.Others = append(o.Others, c)
			}
		}
	}
	return o, nil
}

// firstOffice is the office of the lowest id the scope may see: the
// default office for an operator and for its members; 0 for a scope of no
// office.
func firstOffice(sc scope) int64 {
	if sc.all {
		return storage.DefaultOfficeID
	}
	if len(sc.roles) == 0 {
		return 0
	}
	return slices.Min(slices.Collect(maps.Keys(sc.roles)))
}

// settingsURL is the address of a settings page about office o with
// query q: the office is named only for a person of several offices.
func (o settingsOffice) settingsURL(path string, q url.Values) string {
	if o.several {
		q = maps.Clone(q)
		if q == nil {
			q = url.Values{}
		}
		q.Set("office", strconv.FormatInt(o.ID, 10))
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}
