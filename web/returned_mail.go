package web

import (
	"context"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
)

// returnedTo is a recipient a receiving server refused, with the claim and
// the person the office meant to reach, as the record has them.
type returnedTo struct {
	storage.UndeliveredRecipient
	// Record is the record's entry at that address, or at one spelt close
	// to it (storage.RecordAddressOf); nil when no claim's record has
	// either.
	Record *storage.RecordAddress
}

// returnedTos reads the recipients rs of a returned message of office
// against the claims' records, the message's own claim (0: none) first.
func (s *Server) returnedTos(ctx context.Context, office, claim int64, rs []storage.UndeliveredRecipient) ([]returnedTo, error) {
	out := make([]returnedTo, len(rs))
	for i, r := range rs {
		rec, err := s.db.RecordAddressOf(ctx, office, r.Address, claim)
		if err != nil {
			return nil, err
		}
		out[i] = returnedTo{UndeliveredRecipient: r, Record: rec}
	}
	return out, nil
}

// Differs says the mail went to another address than the record's.
func (r returnedTo) Differs() bool {
	return r.Record != nil && !strings.EqualFold(r.Record.Email, r.Address)
}

// Person names who the record has at the address: "Gretchen Lindqvist
// (insured)"; empty when no record has it.
func (r returnedTo) Person() string {
	if r.Record == nil {
		return ""
	}
	role := "insured"
	if r.Record.Role != "insured" {
		role = strings.ToLower(roleLabel(r.Record.Role))
	}
	if strings.TrimSpace(r.Record.Name) == "" {
		return "the " + role
	}
	return r.Record.Name + " (" + role + ")"
}

// Refusal says in words what the receiving server's status means, for
// the commonest: the server's own line is folded beneath it.
func (r returnedTo) Refusal() string {
	switch {
	case strings.HasPrefix(r.Status, "5.1."):
		return "no such address at the receiving server"
	case r.Status == "5.2.2" || r.Status == "4.2.2":
		return "the mailbox is full"
	case strings.HasPrefix(r.Status, "4."):
		return "the receiving server could not take it for now"
	}
	return "the receiving server refused it"
}
