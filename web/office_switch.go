package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// officeCookie keeps the office a person of several offices chose to look
// at; it narrows what they see, never what they may see.
const officeCookie = "claimdesk_office"

// clearOfficeCookie forgets the office chosen: a sign-in or sign-out on a
// shared computer starts the next person with every office of theirs, not
// with the previous person's choice, which would hide the other offices'
// mail without their noticing.
func (s *Server) clearOfficeCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: officeCookie, Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode})
}

// viewedOffice returns the office the request's switcher chose: 0 (every
// office of the scope) unless the cookie names one the scope may see.
func viewedOffice(r *http.Request, sc scope) int64 {
	c, err := r.Cookie(officeCookie)
	if err != nil {
		return 0
	}
	id, err := strconv.ParseInt(c.Value, 10, 64)
	if err != nil || !sc.several() || !sc.canSee(id) {
		return 0
	}
	return id
}

// officeSwitch is the layout's office switcher: the offices to choose from
// and the one chosen (0: all of them).
type officeSwitch struct {
	Current     int64
	CurrentName string
	Offices     []officeChoice
}

// officeChoice is one office in the switcher.
type officeChoice struct {
	ID   int64
	Name string
}

// officeSwitchOf returns the switcher of a person of several offices; nil
// for one office, who sees no switcher and no office on rows.
func officeSwitchOf(sc scope) *officeSwitch {
	if !sc.several() {
		return nil
	}
	sw := &officeSwitch{Current: sc.view, CurrentName: sc.names[sc.view]}
	for id, name := range sc.names {
		sw.Offices = append(sw.Offices, officeChoice{ID: id, Name: name})
	}
	slices.SortFunc(sw.Offices, func(a, b officeChoice) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return sw
}

// rowOffices returns the office names rows show: only for a person of
// several offices looking at all of them.
func rowOffices(sc scope) map[int64]string {
	if !sc.several() || sc.view != 0 {
		return nil
	}
	return sc.names
}

// handleOfficeSwitch chooses the office a person of several offices looks
// at ("office" is its id; empty for all of them) and goes back to the page.
func (s *Server) handleOfficeSwitch(w http.ResponseWriter, r *http.Request) {
	sc := scopeFrom(r.Context())
	value := r.PostFormValue("office")
	if value != "" {
		id, err := strconv.ParseInt(value, 10, 64)
		if err != nil || !sc.canSee(id) {
			s.fail(w, r, badRequest("office: choose one of your offices"))
			return
		}
	}
	c := &http.Cookie{Name: officeCookie, Value: value, Path: "/", HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode}
	if value == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, formNext(r, "/"), http.StatusSeeOther)
}
