package web

import (
	"net/http"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// peopleView is the people list page.
type peopleView struct {
	People []personView
	Roles  []roleOption
}

// personView is one person of the list with their role in words.
type personView struct {
	storage.Person
	RoleLabel string
}

// handlePeoplePage shows the office's people list: the names claims pick
// their foremen, technicians, estimators and referral sources from.
func (s *Server) handlePeoplePage(w http.ResponseWriter, r *http.Request) {
	people, err := s.db.People(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := peopleView{People: []personView{}}
	for _, p := range people {
		v.People = append(v.People, personView{Person: p, RoleLabel: fieldLabel(p.Role)})
	}
	for _, role := range sla.ParticipantRoles {
		v.Roles = append(v.Roles, roleOption{Value: role, Label: fieldLabel(role)})
	}
	s.render(w, r, http.StatusOK, "people", pageData{Title: "People", Nav: "people", Data: v})
}

// handlePersonSave adds a person to the list, or changes the email, phone
// and language of the one with that role and name.
func (s *Server) handlePersonSave(w http.ResponseWriter, r *http.Request) {
	p := storage.Person{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone"),
		Role: r.PostFormValue("role"), Language: r.PostFormValue("language")}
	saved, err := s.db.SavePerson(r.Context(), p)
	if err != nil {
		s.fail(w, r, fieldError(err))
		return
	}
	s.log.Info("person saved", "person_id", saved.ID, "role", saved.Role, "actor", actorFrom(r.Context()))
	http.Redirect(w, r, "/settings/people", http.StatusSeeOther)
}

// handlePersonRemove takes a person off the list; claims keep them.
func (s *Server) handlePersonRemove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.RemovePerson(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("person removed", "person_id", id, "actor", actorFrom(r.Context()))
	http.Redirect(w, r, "/settings/people", http.StatusSeeOther)
}
