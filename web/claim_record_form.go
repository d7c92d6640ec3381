package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// claimHistoryShown is how many of a claim's changes its page lists.
const claimHistoryShown = 200

// recordFormFields are the claim fields the edit form has, in its order,
// grouped as the form shows them.
var recordFormFields = []struct {
	Legend string
	Fields []string
}{
	{"Insured", []string{"insured_name", "insured_phone", "insured_email", "company"}},
	{"Loss", []string{"loss_address", "loss_type", "date_of_loss", "cause", "loss_description", "cat", "class"}},
	{"Carrier", []string{"carrier", "claim_number", "policy_number", "adjuster_name", "adjuster_email", "adjuster_phone",
		"adjuster_file_number"}},
	{"Job", []string{"job_number", "job_name"}},
}

// fieldLabels name claim fields for people; participant roles are named
// by roleLabels.
var fieldLabels = map[string]string{
	"job_number": "Job number", "claim_number": "Claim number", "carrier": "Carrier", "policy_number": "Policy number",
	"insured_name": "Insured", "insured_phone": "Insured's phone", "insured_email": "Insured's email",
	"loss_address": "Loss address", "loss_type": "Loss type", "loss_description": "What happened", "cause": "Cause",
	"date_of_loss": "Date of loss", "cat": "CAT (water category)", "class": "Class", "adjuster_name": "Adjuster",
	"adjuster_email": "Adjuster's email", "adjuster_phone": "Adjuster's phone", "company": "Company",
	"job_name": "Job name", "status": "Status", "participants": "People", "adjuster_file_number": "Adjuster's file number",
	storage.DismissedSenderField: "Not part of this claim",
	// A required adjuster is met by the claim's adjuster fields or by a
	// person of that role: as a field, the role names the person.
	"adjuster":   "Adjuster (person)",
	"cos_signed": "COS signed", "billing_packet": "Billing packet complete", "final_update": "Final daily update sent",
	"required_fields": "Required fields filled", "open_requests": "No open requests",
	equipmentToConfirm: "Equipment from mail confirmed or dismissed",
}

// roleLabels name participant roles for people: pages never show a role's
// key. sla.ParticipantRoles is the order they are listed in.
var roleLabels = map[string]string{
	"foreman": "Foreman", "coordinator": "Coordinator", "estimator": "Estimator", "marketing": "Marketing",
	"technician": "Technician", "insurance_company": "Insurance company", "adjuster": "Adjuster",
	"referred_by": "Referred by",
}

// fieldLabel is name, a claim field or a participant role, in words.
func fieldLabel(name string) string {
	if l, ok := fieldLabels[name]; ok {
		return l
	}
	return labelOr(roleLabels, name)
}

// refusalWords says a refusal in the form's words: the field's name that
// starts it ("job_number 26-2106-WTR belongs to another claim",
// "claim_number: required") reads as the form labels the field, and the
// other field names it holds read as words.
func refusalWords(msg string) string {
	end := strings.IndexAny(msg, " :")
	if end <= 0 {
		return msg
	}
	name, rest := msg[:end], strings.ReplaceAll(msg[end:], "_", " ")
	if _, known := fieldLabels[name]; known {
		return fieldLabel(name) + rest
	}
	if _, known := roleLabels[name]; known {
		return roleLabel(name) + rest
	}
	return strings.ReplaceAll(name, "_", " ") + rest
}

// roleLabel names a participant's role for people.
func roleLabel(role string) string {
	if role == "" {
		return "Participant"
	}
	return labelOr(roleLabels, role)
}

// formRoles are the roles the edit form offers a row for each.
var formRoles = []string{"foreman", "coordinator", "estimator", "marketing", "technician", "insurance_company", "referred_by"}

// recordField is one input of the edit form.
type recordField struct {
	Name, Label, Value string
	// ID is the input's, for the missing fields' links.
	ID string
	// Kind is the input's type: text, tel, email, date, select (cat,
	// class), textarea (the description).
	Kind     string
	Options  []string
	Required bool
	// Needed is a required field still empty: a folded form shows it.
	Needed bool
	// Renumber is the job number's, when the loss type gives it another.
	Renumber *renumbering
}

// recordFieldset is a group of the edit form.
type recordFieldset struct {
	Legend string
	Fields []recordField
}

// Folded lists the labels of the fields a folded form keeps out of
// sight: all but the needed ones.
func (f recordFieldset) Folded() string {
	var labels []string
	for _, field := range f.Fields {
		if !field.Needed {
			labels = append(labels, field.Label)
		}
	}
	return strings.Join(labels, ", ")
}

// participantRow is one person row of the edit form; Fixed rows keep their
// role, the spare ones let the coordinator choose it.
type participantRow struct {
	storage.ClaimParticipant
	Label string
	Fixed bool
	// ID is the name input's on the first row of its role, for the
	// missing fields' links; empty on the others.
	ID string
	// Needed is the first row of a required role nobody has yet.
	Needed bool
}

// personRowView is a person row of the edit form with the roles a spare
// row offers.
type personRowView struct {
	Row   participantRow
	Roles []roleOption
}

// recordView is the claim page's record: what it lacks, the edit form,
// the people to pick from, its history and how it may close.
type recordView struct {
	// Missing are the required fields still empty, as the edit form
	// names them, by the form's sections in its order.
	Missing      []missingSection
	Fieldsets    []recordFieldset
	Participants []participantRow
	Roles        []roleOption
	People       []storage.Person
	// Senders are who wrote into the claim and are not among its people;
	// CanAddPeople offers to add or dismiss them, and to restore the
	// Dismissed (not to read-only members).
	Senders      []senderSuggestion
	Dismissed    []storage.DismissedSender
	CanAddPeople bool
	Changes      []changeView
	// Home is the viewer's zone: the history's times name the office's
	// when it is another.
	Home *time.Location
	// CloseRefused lists what the closing checklist lacked when a close
	// was just refused: the page then offers to force it.
	CloseRefused []string
	// Refused says, in words, why the edit form was just refused; the
	// form then holds what was typed.
	Refused string
	// Renumber is set when the claim's job number was made while its loss
	// type was unknown (it ends in OTH) and the type is now known.
	Renumber *renumbering
}

// Folded says the edit form shows first the fields the record still
// needs and folds the rest: a new claim's form, whole, is pages long on a
// phone. A refused form or a renumbering shows whole, as what it names may
// be anywhere in it.
func (v recordView) Folded() bool {
	return len(v.Missing) > 0 && v.Refused == "" && v.Renumber == nil
}

// FoldedPeople names the person rows a folded form keeps out of sight:
// the roles nobody needs filled, and the spare rows.
func (v recordView) FoldedPeople() string {
	var labels []string
	for _, row := range v.Participants {
		switch {
		case row.Needed || slices.Contains(labels, row.Label):
		case row.Fixed:
			labels = append(labels, row.Label)
		case !slices.Contains(labels, "anyone else"):
			labels = append(labels, "anyone else")
		}
	}
	return strings.Join(labels, ", ")
}

// missingSection is a section of the edit form and the required fields
// of it still empty.
type missingSection struct {
	Legend string
	Fields []formPlace
}

// formPlace is a field of the edit form: its label and its input's id.
type formPlace struct {
	Label, ID string
}

// peopleLegend names the edit form's section of person rows, after the
// fieldsets of recordFormFields.
const peopleLegend = "People"

// recordInputID is the id of the edit form's input of field name.
func recordInputID(name string) string { return "record-" + name }

// roleInputID is the id of the name in the edit form's first person row
// of role, in words: the page shows no role's key.
func roleInputID(role string) string { return "record-role-" + strings.ReplaceAll(role, "_", "-") }

// missingInForm says where the edit form has each of the required fields
// and roles missing, by section in the form's order. A required adjuster
// is the Carrier section's Adjuster: a person row of that role, which only
// the spare rows offer, meets it too.
func missingInForm(missing []string) []missingSection {
	var out []missingSection
	add := func(legend string, p formPlace) {
		if i := slices.IndexFunc(out, func(m missingSection) bool { return m.Legend == legend }); i >= 0 {
			out[i].Fields = append(out[i].Fields, p)
			return
		}
		out = append(out, missingSection{Legend: legend, Fields: []formPlace{p}})
	}
	for _, g := range recordFormFields {
		for _, name := range g.Fields {
			if slices.Contains(missing, name) || (name == "adjuster_name" && slices.Contains(missing, "adjuster")) {
				add(g.Legend, formPlace{Label: fieldLabel(name), ID: recordInputID(name)})
			}
		}
	}
	for _, f := range missing {
		if slices.Contains(sla.ParticipantRoles, f) && f != "adjuster" {
			add(peopleLegend, formPlace{Label: roleLabel(f), ID: roleInputID(f)})
		}
	}
	return out
}

// missingLabels are the labels of the fields sections name, in order.
func missingLabels(sections []missingSection) []string {
	var out []string
	for _, sec := range sections {
		for _, f := range sec.Fields {
			out = append(out, f.Label)
		}
	}
	return out
}

// renumbering is the job number a claim's loss type now gives.
type renumbering struct {
	Job      string
	LossType string // Water, Fire, Mold or Storm
}

// roleOption is a participant role for a select.
type roleOption struct{ Value, Label string }

// changeView is one change of the history. Its At is on the office's
// clock.
type changeView struct {
	storage.ClaimChange
	Label string
	// Opened marks the line that says how the claim was opened: its Label
	// says it all, with no values before and after.
	Opened bool
}

// recordOf builds the record part of claim c's page.
func (s *Server) recordOf(ctx context.Context, c storage.Claim, ps []storage.ClaimParticipant) (recordView, error) {
	var v recordView
	scoped, err := s.db.ClaimsWithScope(ctx, []int64{c.ID})
	if err != nil {
		return v, err
	}
	v.Renumber = renumbered(c)
	required := s.requiredFields()
	missing := storage.MissingClaimFields(c, ps, scoped[c.ID], required)
	v.Missing = missingInForm(missing)
	v.Fieldsets = recordFieldsets(c, missing)
	v.Participants = participantRows(ps)
	for i, row := range v.Participants {
		v.Participants[i].Needed = row.ID != "" && slices.Contains(missing, row.Role)
	}
	for _, r := range sla.ParticipantRoles {
		v.Roles = append(v.Roles, roleOption{Value: r, Label: fieldLabel(r)})
	}
	if v.People, err = s.db.People(ctx, c.OfficeID); err != nil {
		return v, err
	}
	if v.Senders, err = s.claimSenders(ctx, c, v.People); err != nil {
		return v, err
	}
	if v.Dismissed, err = s.db.DismissedClaimSenders(ctx, c.ID); err != nil {
		return v, err
	}
	v.CanAddPeople = scopeFrom(ctx).canAct(c.OfficeID)
	if v.Home, err = s.viewerZone(ctx); err != nil {
		return v, err
	}
	v.Changes, err = s.historyOf(ctx, c, v.Home)
	return v, err
}

// historyOf is claim c's history, newest first, on its office's clock
// (named when it is not the viewer's, home), down to the line that says
// how the claim was opened.
func (s *Server) historyOf(ctx context.Context, c storage.Claim, home *time.Location) ([]changeView, error) {
	changes, err := s.db.ClaimChanges(ctx, c.ID, claimHistoryShown)
	if err != nil {
		return nil, err
	}
	loc := s.rulesOf(c.OfficeID).Calendar.Location()
	var out []changeView
	opened := false
	for _, ch := range changes {
		ch.At = ch.At.In(loc)
		if ch.Field == storage.FieldOpened {
			opened = true
			out = append(out, changeView{ClaimChange: ch, Label: openedWords(ch, c.Carrier, s.names.of, loc, home), Opened: true})
			continue
		}
		out = append(out, s.changeViewOf(ch))
	}
	if !opened && len(changes) < claimHistoryShown {
		// A claim opened before its history said so: its source says how.
		ch := storage.ClaimChange{At: c.CreatedAt.In(loc), Field: storage.FieldOpened, New: openedBySource[c.Source]}
		out = append(out, changeView{ClaimChange: ch, Label: openedWords(ch, c.Carrier, s.names.of, loc, home), Opened: true})
	}
	return out, nil
}

// openedBySource is how a claim of each source was opened, as far as its
// source tells: the office's own (manual) were opened by a form, the API
// or from mail.
var openedBySource = map[string]string{
	storage.SourceAssignment: storage.OpenedFromAssignment,
	storage.SourceCSV:        storage.OpenedByImport,
}

// recordFieldsets are the edit form's fields of claim c, by section;
// those of missing (the required fields it lacks) are Needed.
func recordFieldsets(c storage.Claim, missing []string) []recordFieldset {
	var out []recordFieldset
	for _, g := range recordFormFields {
		set := recordFieldset{Legend: g.Legend}
		for _, name := range g.Fields {
			f := recordField{Name: name, Label: fieldLabel(name), ID: recordInputID(name), Value: storage.ClaimField(c, name), Kind: "text",
				// A claim number, once given, is never cleared; a claim
				// opened before the carrier gave one is edited without it.
				Required: name == "job_number" || (name == "claim_number" && c.ClaimNumber != ""),
				Needed:   slices.Contains(missing, name) || (name == "adjuster_name" && slices.Contains(missing, "adjuster"))}
			if name == "job_number" {
				f.Renumber = renumbered(c)
			}
			switch {
			case strings.HasSuffix(name, "_phone"):
				f.Kind = "tel"
			case strings.HasSuffix(name, "_email"):
				f.Kind = "email"
			case name == "date_of_loss":
				f.Kind = "date"
			case name == "cat":
				f.Kind, f.Options = "select", []string{"1", "2", "3"}
			case name == "class":
				f.Kind, f.Options = "select", []string{"1", "2", "3", "4"}
			case name == "loss_description":
				f.Kind = "textarea"
			}
			set.Fields = append(set.Fields, f)
		}
		out = append(out, set)
	}
	return out
}

// changeViewOf is a change of the claim's history as its page says it.
func (s *Server) changeViewOf(ch storage.ClaimChange) changeView {
	label := fieldLabel(ch.Field)
	switch {
	case ch.Field == "participants":
		ch.Old, ch.New = participantsInWords(ch.Old), participantsInWords(ch.New)
	case ch.Field == storage.FieldDocType:
		label = "Type of a document no longer on the claim"
		if ch.Document != "" {
			label = "Type of " + ch.Document
		}
		ch.Old, ch.New = docTypeLabel(ch.Old), docTypeLabel(ch.New)
	case storage.IsJobStage(ch.Field):
		label = stageLabels[storage.JobStage(ch.Field)]
		ch.Old, ch.New = s.stageInWords(ch.Old), s.stageInWords(ch.New)
	default:
		if l, ok := takenBackChange(&ch); ok {
			label = l
		}
	}
	return changeView{ClaimChange: ch, Label: label}
}

// stageInWords is a stage's time as the history keeps it (RFC 3339, empty
// for not yet) in the words the stages show it.
func (s *Server) stageInWords(text string) string {
	if text == "" {
		return "not yet"
	}
	at, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return text
	}
	return at.In(s.opts.Location).Format("Mon Jan 2, 15:04")
}

// renumbered is claim c's job number with the code of its loss type in
// place of the OTH it was given while the type was unknown; nil when it
// has none or its type is still none of the known ones.
func renumbered(c storage.Claim) *renumbering {
	job, code := c.JobNumber, classify.LossCode(c.LossType)
	n := len(job) - len("OTH")
	if code == "OTH" || n < 1 || !strings.EqualFold(job[n:], "OTH") || unicode.IsLetter(rune(job[n-1])) {
		return nil
	}
	return &renumbering{Job: job[:n] + code, LossType: classify.LossTypeOf(c.LossType)}
}

// participantRows are the edit form's person rows for people ps: a row
// for each of formRoles (empty when nobody has it, the first of each
// holding the id the missing fields link to), then those of other roles,
// then two spare rows (a second technician, a marketing rep).
func participantRows(ps []storage.ClaimParticipant) []participantRow {
	var rows []participantRow
	for _, role := range formRoles {
		first := len(rows)
		for _, p := range ps {
			if p.Role == role {
				rows = append(rows, participantRow{ClaimParticipant: p, Label: fieldLabel(role), Fixed: true})
			}
		}
		if len(rows) == first {
			rows = append(rows, participantRow{ClaimParticipant: storage.ClaimParticipant{Role: role},
				Label: fieldLabel(role), Fixed: true})
		}
		rows[first].ID = roleInputID(role)
	}
	// People of other roles (an adjuster as a person) keep their rows.
	for _, p := range ps {
		if !slices.Contains(formRoles, p.Role) {
			rows = append(rows, participantRow{ClaimParticipant: p, Label: fieldLabel(p.Role), Fixed: true})
		}
	}
	return append(rows, participantRow{}, participantRow{})
}

// participantsInWords names the roles of the history's participant lines,
// which the history keeps as "referred_by: Name <email> phone".
func participantsInWords(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if role, rest, ok := strings.Cut(l, ": "); ok {
			if label, known := roleLabels[role]; known {
				lines[i] = label + ": " + rest
			}
		}
	}
	return strings.Join(lines, "\n")
}

// formParticipants reads the edit form's person rows: parallel p_role,
// p_name, p_email, p_phone values. A name picked from the people list
// brings that person's email and phone when the row left them empty.
func formParticipants(r *http.Request, people []storage.Person) ([]storage.ClaimParticipant, error) {
	roles, names := r.PostForm["p_role"], r.PostForm["p_name"]
	emails, phones := r.PostForm["p_email"], r.PostForm["p_phone"]
	if len(names) != len(roles) || len(emails) != len(roles) || len(phones) != len(roles) {
		return nil, badRequest("the people rows are incomplete: reload the page and try again")
	}
	var out []storage.ClaimParticipant
	for i, role := range roles {
		p := storage.ClaimParticipant{Role: role, Name: strings.TrimSpace(names[i]),
			Email: strings.TrimSpace(emails[i]), Phone: strings.TrimSpace(phones[i])}
		if p.Name == "" && p.Email == "" && p.Phone == "" {
			continue
		}
		if role == "" {
			return nil, badRequest("choose the role of %s", p.Name)
		}
		for _, known := range people {
			if strings.EqualFold(known.Name, p.Name) && (known.Role == p.Role || p.Email == "" && p.Phone == "") {
				p.Name = known.Name
				if p.Email == "" {
					p.Email = known.Email
				}
				if p.Phone == "" {
					p.Phone = known.Phone
				}
				if known.Role == p.Role {
					break
				}
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// handleClaimRecordForm saves the claim page's edit form: every field it
// has, and the people rows, which replace the claim's participants.
func (s *Server) handleClaimRecordForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badRequest("unreadable form"))
		return
	}
	p, err := s.recordPatch(ctx, r, id)
	if err == nil {
		_, err = s.updateClaim(ctx, id, p)
	}
	var refused *httpError
	if errors.As(fieldError(err), &refused) && refused.status < http.StatusInternalServerError && refused.status != http.StatusNotFound &&
		refused.status != http.StatusForbidden {
		s.showRecordRefused(w, r, id, p, refused)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("claim record saved", "claim_id", id, "actor", actorFrom(ctx))
	http.Redirect(w, r, fmt.Sprintf("/claims/%d#record", id), http.StatusSeeOther)
}

// recordPatch reads the edit form: every field it has, and the people
// rows, which replace the claim's participants. A refusal comes with what
// was read so far, for the form to show again.
func (s *Server) recordPatch(ctx context.Context, r *http.Request, id int64) (storage.ClaimPatch, error) {
	p := storage.ClaimPatch{Fields: map[string]string{}}
	for _, g := range recordFormFields {
		for _, name := range g.Fields {
			if vs, ok := r.PostForm[name]; ok {
				p.Fields[name] = vs[0]
			}
		}
	}
	people, err := s.db.PeopleOfClaims(ctx, []int64{id})
	if err != nil {
		return p, err
	}
	ps, err := formParticipants(r, people[id])
	if err != nil {
		return p, err
	}
	p.Participants = &ps
	for name, v := range p.Fields {
		if err := checkFieldValue(name, v); err != nil {
			return p, err
		}
	}
	if ps, err = participantsInput(participantItems(ps)); err != nil {
		return p, err
	}
	p.Participants = &ps
	return p, nil
}

// showRecordRefused shows claim id's page again after its edit form was
// refused: the form open, holding what was typed (p), and why, in words.
func (s *Server) showRecordRefused(w http.ResponseWriter, r *http.Request, id int64, p storage.ClaimPatch, refused *httpError) {
	v, err := s.claimView(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i := range v.Record.Fieldsets {
		for j, f := range v.Record.Fieldsets[i].Fields {
			if typed, ok := p.Fields[f.Name]; ok {
				v.Record.Fieldsets[i].Fields[j].Value = typed
			}
		}
	}
	if p.Participants != nil {
		v.Record.Participants = participantRows(*p.Participants)
	}
	v.Record.Refused = refusalWords(refused.msg)
	s.render(w, r, refused.status, "claim", pageData{Title: v.C.JobNumber, Nav: "claims", Data: v})
}

func participantItems(ps []storage.ClaimParticipant) []participantItem {
	out := make([]participantItem, len(ps))
	for i, p := range ps {
		out[i] = participantItem{Role: p.Role, Name: p.Name, Email: p.Email, Phone: p.Phone}
	}
	return out
}

// handleClaimCloseForm closes the claim from its page. A close the
// checklist refuses leads back to the page, which says what is lacking and
// offers to force it with a note: a reload then asks again, not re-sends.
func (s *Server) handleClaimCloseForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := closeInput{Note: strings.TrimSpace(r.PostFormValue("note")), Force: r.PostFormValue("force") == "1"}
	switch {
	case len(in.Note) > maxUpdateNote:
		s.fail(w, r, badRequest("the note is longer than %d characters", maxUpdateNote))
		return
	case in.Force && in.Note == "":
		s.fail(w, r, badRequest("say in the note why the claim closes with something lacking"))
		return
	}
	missing, _, _, err := s.closingGaps(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(missing) > 0 && !in.Force {
		http.Redirect(w, r, fmt.Sprintf("/claims/%d?close=refused", id), http.StatusSeeOther)
		return
	}
	note := in.Note
	if len(missing) > 0 {
		note += " [forced; lacking " + strings.Join(missing, ", ") + "]"
	}
	if _, err := s.db.CloseClaim(ctx, id, note, actorFrom(ctx)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("claim closed", "claim_id", id, "actor", actorFrom(ctx), "forced", len(missing) > 0)
	http.Redirect(w, r, fmt.Sprintf("/claims/%d", id), http.StatusSeeOther)
}

// closeRefusal says what the closing checklist of claim id lacks, for the
// page a refused close leads back to; nil once nothing is.
func (s *Server) closeRefusal(ctx context.Context, id int64) ([]string, error) {
	missing, _, why, err := s.closingGaps(ctx, id)
	if err != nil || len(missing) == 0 {
		return nil, err
	}
	return lackingWords(missing, why, fieldLabel), nil
}

// handleClaimReopenForm reopens the claim from its page.
func (s *Server) handleClaimReopenForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.db.ReopenClaim(ctx, id, actorFrom(ctx)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("claim reopened", "claim_id", id, "actor", actorFrom(ctx))
	http.Redirect(w, r, fmt.Sprintf("/claims/%d", id), http.StatusSeeOther)
}
