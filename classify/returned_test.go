package classify

import (
	"cmp"
	"slices"
	"strings"
	"testing"
)

// returnsRegistry is a MemRegistry that knows which addresses refused
// the office's messages: refused maps a Message-ID to the record entries
// at the addresses that refused it.
type returnsRegistry struct {
	*MemRegistry
	refused map[string][]RecordEntry
}

func (r returnsRegistry) ReturnedTo(id string, sentTo []string) []RecordEntry {
	var out []RecordEntry
	for _, e := range r.refused[id] {
		if slices.Contains(sentTo, e.Refused) {
			out = append(out, e)
		}
	}
	return out
}

// TestOfficeMailThatCameBack matches the office's own message by whom its
// mail that came back was meant for: the record's exact address, or a
// misspelt one sent under the record's name, when nothing else names a
// claim. A misspelt address sent under another name or none, an address
// two claims have, the carrier's adjuster, a person's mail from outside,
// and a number of a claim not known yet do not file it; a thread or a
// number of another claim files it there.
func TestOfficeMailThatCameBack(t *testing.T) {
	lindqvist := Claim{ID: 1, JobNumber: "26-2101-WTR", ClaimNumber: "31-7K42-9Q8", InsuredName: "Gretchen Lindqvist", Open: true}
	ruiz := Claim{ID: 2, JobNumber: "26-2102-WTR", ClaimNumber: "31-7K42-9Q9", InsuredName: "Ana Ruiz", Open: true}
	record := "gretchen.lindqvist@inboxmail.example"
	misspelt := "gretchen.lindquist@inboxmail.example"
	adjuster := "mbell@prairiemutual.example"
	technician := "jake.h@gmail.example"
	entry := func(c Claim, refused, email, name string) RecordEntry {
		role := "insured"
		switch email {
		case adjuster:
			role = "adjuster"
		case technician:
			role = "technician"
		}
		return RecordEntry{Claim: c, Refused: refused, Email: email, Name: name, Role: role}
	}
	reg := returnsRegistry{NewMemRegistry(lindqvist, ruiz), map[string][]RecordEntry{
		"<exact@office.example>":    {entry(lindqvist, record, record, "Gretchen Lindqvist")},
		"<misspelt@office.example>": {entry(lindqvist, misspelt, record, "Gretchen Lindqvist")},
		"<adjuster@office.example>": {entry(lindqvist, adjuster, adjuster, "Marcus Bell"), entry(ruiz, adjuster, adjuster, "Marcus Bell")},
		"<one@office.example>":      {entry(ruiz, adjuster, adjuster, "Marcus Bell")},
		"<numbered@office.example>": {entry(ruiz, record, record, "Gretchen Lindqvist")},
		"<tech@office.example>":     {entry(ruiz, technician, technician, "Jake Halvorsen")},
	}}
	reg.FileMessage("<ask@ruiz.example>", ruiz.ID)
	for _, tc := range []struct {
		name, id, from, toName, to, inReplyTo string
		want                                  Outcome
		claim                                 int64
		// candidates are the claims triage offers.
		candidates []int64
		body       string
	}{
		{"the record's address", "<exact@office.example>", "claims@office.example", "", record, "", OutcomeFiled, 1, nil, ""},
		{"misspelt, under the record's name", "<misspelt@office.example>", "beth@office.example", "GRETCHEN LINDQVÍST", misspelt, "", OutcomeFiled, 1, nil, ""},
		{"misspelt, under no name", "<misspelt@office.example>", "claims@office.example", "", misspelt, "", OutcomeTriage, 0, []int64{1}, ""},
		{"misspelt, under no name, naming her", "<misspelt@office.example>", "claims@office.example", "", misspelt, "", OutcomeFiled, 1, nil,
			"Dear Gretchen Lindqvist, for your records, a copy of the certificate you signed today."},
		{"misspelt, under another name", "<misspelt@office.example>", "claims@office.example", "Greta Lind", misspelt, "", OutcomeTriage, 0, []int64{1}, ""},
		{"an address two claims have", "<adjuster@office.example>", "claims@office.example", "Marcus Bell", adjuster, "", OutcomeTriage, 0, []int64{1, 2}, ""},
		{"the adjuster, in a thread of one", "<adjuster@office.example>", "claims@office.example", "Marcus Bell", adjuster, "<ask@ruiz.example>", OutcomeFiled, 2, nil, ""},
		{"the insured, in a thread of another", "<exact@office.example>", "claims@office.example", "", record, "<ask@ruiz.example>", OutcomeFiled, 2, nil, ""},
		{"the adjuster of one claim", "<one@office.example>", "claims@office.example", "Marcus Bell", adjuster, "", OutcomeTriage, 0, []int64{2}, ""},
		// A technician works on many claims; this record names him on one.
		{"the technician of one claim", "<tech@office.example>", "claims@office.example", "Jake Halvorsen", technician, "", OutcomeTriage, 0, []int64{2}, ""},
		{"naming another claim", "<numbered@office.example>", "claims@office.example", "", record, "", OutcomeFiled, 1, nil, "Your copy for claim 31-7K42-9Q8."},
		{"naming a claim not known yet", "<numbered@office.example>", "claims@office.example", "", record, "", OutcomeTriage, 0, nil, "Your copy for Claim # 99-1111-222."},
		{"mail from outside", "<exact@office.example>", "someone@elsewhere.example", "", record, "", OutcomeTriage, 0, nil, ""},
		{"mail to someone else", "<exact@office.example>", "claims@office.example", "", "other@inboxmail.example", "", OutcomeTriage, 0, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &Message{MessageID: tc.id, InReplyTo: tc.inReplyTo, From: Address{Email: tc.from},
				To: []Address{{Name: tc.toName, Email: tc.to}}, Subject: "Your copy - Certificate of Satisfaction",
				Text: cmp.Or(tc.body, "For your records, a copy of the certificate you signed today.")}
			d := MatchClaim(m, reg, Config{OfficeDomain: "office.example"})
			var got int64
			if d.Claim != nil {
				got = d.Claim.ID
			}
			if d.Outcome != tc.want || got != tc.claim {
				t.Errorf("%s to claim %d (%s); want %s to claim %d", d.Outcome, got, d.Reason, tc.want, tc.claim)
			}
			var cands []int64
			for _, c := range d.Candidates {
				cands = append(cands, c.ID)
			}
			slices.Sort(cands)
			if !slices.Equal(cands, tc.candidates) {
				t.Errorf("candidates %v; want %v", cands, tc.candidates)
			}
			if tc.want == OutcomeFiled && tc.body == "" && !strings.Contains(d.Reason, "came back") && tc.inReplyTo == "" {
				t.Errorf("reason %q does not say its mail came back", d.Reason)
			}
		})
	}
}
