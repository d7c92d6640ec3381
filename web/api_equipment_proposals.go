package web

import (
	"net/http"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// proposalItem is what a message proposes for a claim's equipment log, as
// the API shows it.
type proposalItem struct {
	ID        int64     `json:"id"`
	ClaimID   int64     `json:"claim_id"`
	MessageID int64     `json:"message_id"`
	Action    string    `json:"action"` // placed, picked_up, approved, denied
	Kind      string    `json:"kind"`
	Count     int       `json:"count"`
	At        time.Time `json:"at"`
	// DayOnly says the mail names the day alone: at stands at noon of it
	// on the office's clock, and no time of day is known.
	DayOnly     bool   `json:"day_only"`
	Address     string `json:"address"`
	Text        string `json:"text"`
	EquipmentID *int64 `json:"equipment_id"`
	Says        string `json:"says"`
	// AlreadyLogged are the lines a placement may repeat, and
	// AlreadyLoggedSays says them; confirming adds on top of them.
	AlreadyLogged     []int64 `json:"already_logged"`
	AlreadyLoggedSays string  `json:"already_logged_says"`
}

func newProposalItem(v proposalView) proposalItem {
	p := v.EquipmentProposal
	it := proposalItem{ID: p.ID, ClaimID: p.ClaimID, MessageID: p.MessageID, Action: p.Action, Kind: p.Kind, Count: p.Count,
		At: p.At, DayOnly: p.DayOnly, Address: p.Address, Text: p.Text, EquipmentID: p.EquipmentID, Says: v.Says,
		AlreadyLogged: make([]int64, len(v.AlreadyLogged)), AlreadyLoggedSays: v.AlreadyLoggedSays}
	for i, e := range v.AlreadyLogged {
		it.AlreadyLogged[i] = e.ID
	}
	return it
}

// handleAPIEquipmentProposals lists what mail proposes for a claim's
// equipment log and nobody decided yet, oldest first, a placement with the
// lines it may repeat. The list is whole.
func (s *Server) handleAPIEquipmentProposals(w http.ResponseWriter, r *http.Request) {
	serveClaimList(s, w, r, s.claimProposalViews, newProposalItem)
}

// proposalDecision is the body of POST /api/equipment-proposals/{id}.
type proposalDecision struct {
	Decision string `json:"decision"` // confirm or dismiss
	// Count is how many, to confirm a proposal whose mail did not say
	// (its count is 0).
	Count int `json:"count"`
}

// handleAPIDecideProposal confirms a proposal into the log or dismisses
// it: 200 with the claim's equipment log as it now stands.
func (s *Server) handleAPIDecideProposal(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[proposalDecision](s, w, r)
	if !ok {
		return
	}
	status := map[string]string{"confirm": storage.ProposalConfirmed, "dismiss": storage.ProposalDismissed}[in.Decision]
	if status == "" {
		s.fail(w, r, badRequest("decision: want confirm or dismiss, got %q", in.Decision))
		return
	}
	p, err := s.decideProposal(r.Context(), id, status, in.Count)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	es, err := s.db.ClaimEquipment(r.Context(), p.ClaimID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp := listResponse[equipmentItem]{Items: make([]equipmentItem, 0, len(es))}
	for _, e := range es {
		resp.Items = append(resp.Items, s.newEquipmentItem(e))
	}
	writeJSON(w, http.StatusOK, resp)
}
