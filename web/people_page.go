package web

import (
	"net/http"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// peopleView is the people list page.
type peopleView struct {
	Office settingsOffice
	People []personView
	Roles  []roleOption
}

// personView is one person of the list with their role in words.
type personView struct {
	storage.Person
	RoleLabel string
}

// actsInOffice says who may change an office's people list: its
// administrators and coordinators.
func actsInOffice(sc scope, office int64) bool { return sc.canAct(office) }

// handlePeoplePage shows an office's people list: the names its claims
// pick their foremen, technicians, estimators and referral sources from.
func (s *Server) handlePeoplePage(w http.ResponseWriter, r *http.Request) {
	office, err := settingsOfficeOf(r, scopeFrom(r.Context()), actsInOffice)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	people, err := s.db.People(r.Context(), office.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := peopleView{Office: office, People: []personView{}}
	for _, p := range people {
		v.People = append(v.People, personView{Person: p, RoleLabel: roleLabel(p.Role)})
	}
	for _, role := range sla.ParticipantRoles {
		v.Roles = append(v.Roles, roleOption{Value: role, Label: roleLabel(role)})
	}
	s.render(w, r, http.StatusOK, "people", pageData{Title: "People", Nav: "people", Data: v})
}

// handlePersonSave adds a person to an office's list, or changes the
// email, phone and language of its person with that role and name.
func (s *Server) handlePersonSave(w http.ResponseWriter, r *http.Request) {
	office, err := settingsOfficeOf(r, scopeFrom(r.Context()), actsInOffice)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !office.CanEdit {
		s.fail(w, r, errReadOnly)
		return
	}
	p := storage.Person{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone"),
		Role: r.PostFormValue("role"), Language: r.PostFormValue("language"), OfficeID: office.ID}
	saved, err := s.db.SavePerson(r.Context(), p)
	if err != nil {
		s.fail(w, r, fieldError(err))
		return
	}
	s.log.Info("person saved", "person_id", saved.ID, "role", saved.Role, "office_id", office.ID, "actor", actorFrom(r.Context()))
	http.Redirect(w, r, office.settingsURL("/settings/people", nil), http.StatusSeeOther)
}

// handlePersonRemove takes a person off their office's list (the route
// checks the office is the caller's); claims keep them.
func (s *Server) handlePersonRemove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	office, err := s.db.OfficeOf(r.Context(), storage.KindPerson, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.RemovePerson(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("person removed", "person_id", id, "office_id", office, "actor", actorFrom(r.Context()))
	back := settingsOffice{ID: office, several: scopeFrom(r.Context()).several()}
	http.Redirect(w, r, back.settingsURL("/settings/people", nil), http.StatusSeeOther)
}
