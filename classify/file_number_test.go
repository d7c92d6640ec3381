package classify

import (
	"slices"
	"strings"
	"testing"
)

// TestParseAssignmentFileNumber reads the adjusting firm's own file number
// beside the carrier's claim number, under the labels firms and TPAs give
// it, and never takes one for the other.
func TestParseAssignmentFileNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, subject, text string
		claim, file         string
	}{
		{"our file no., carrier's claim after it", "New loss for you - Banks",
			"Safeco has another water loss for you.\n\nOur File No.:    PCS-GA-26-45102\nSafeco Claim:    054419377206\n" +
				"Insured:         Gloria Banks\nRisk:            905 Roswell St NE, Marietta, GA 30060\n",
			"054419377206", "PCS-GA-26-45102"},
		{"IA file before the claim number", "New assignment - Ruiz",
			"Please accept this assignment.\nIA File #: FP-7731\nClaim Number: 0683449786\nInsured: Ana Ruiz\n" +
				"Loss address: 12 Oak St, Plano, TX 75023\n",
			"0683449786", "FP-7731"},
		{"ref in the subject's place", "Our File IA-22-0193 / new assignment",
			"New assignment.\nRef: IA-22-0193\nClaim: 60-8H77-8H5\nInsured: Kevin Castillo\n" +
				"Loss address: 6345 Birch Rd, Plano, TX 75023\n",
			"60-8H77-8H5", "IA-22-0193"},
		{"a ref naming the claim itself is no file number", "New assignment",
			"New assignment.\nClaim #: 1442694208-12\nRef: 1442694208-12\nInsured: James Smith\n" +
				"Loss address: 90 Elm Street, Garland, TX 75040\n",
			"1442694208-12", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, ok := ParseAssignment(&Message{From: addr("Dana Whitfield <dwhitfield@pilotcat.example>"),
				Subject: tt.subject, Text: tt.text})
			if !ok {
				t.Fatal("not read as an assignment")
			}
			if a.ClaimNumber != tt.claim || a.FileNumber != tt.file {
				t.Errorf("claim %q, file %q; want claim %q, file %q", a.ClaimNumber, a.FileNumber, tt.claim, tt.file)
			}
		})
	}
}

// TestMatchClaimFileNumber files mail that names a claim only by the
// adjusting firm's file number, as it files a claim number's, and leaves a
// file number two claims share to a person.
func TestMatchClaimFileNumber(t *testing.T) {
	t.Parallel()
	claims := slices.Clone(testClaims)
	claims[0].FileNumber = "EMA-26-10442"
	claims[1].FileNumber = "PCS-GA-26-44817"
	claims[2].FileNumber = "FP-7731"
	claims[3].FileNumber = "fp 7731" // another firm's file, numbered alike
	neil := addr("Neil Braddock <nbraddock@englemartin.example>")
	tests := []struct {
		name    string
		msg     Message
		outcome Outcome
		claim   int64
	}{
		{"labelled in the subject", Message{From: neil, Subject: "Ref: EMA-26-10442 - reinspection moved",
			Text: "Reinspection moved to Friday at 10:00."}, OutcomeFiled, 1},
		{"alone in the subject, without its label", Message{From: neil, Subject: "PCS-GA-26-44817 - status?",
			Text: "Any update on drying?"}, OutcomeFiled, 2},
		{"in the body, written otherwise", Message{From: neil, Subject: "reinspection",
			Text: "About our file pcs ga 26 44817: moisture map please."}, OutcomeFiled, 2},
		{"shared by two claims", Message{From: neil, Subject: "File # FP-7731", Text: "Status please."}, OutcomeTriage, 0},
		{"against the claim number of another claim", Message{From: neil, Subject: "EMA-26-10442",
			Text: "Claim CLM-2026-004512: photos please."}, OutcomeTriage, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := MatchClaim(&tt.msg, NewMemRegistry(claims...), testConfig())
			if d.Outcome != tt.outcome {
				t.Fatalf("outcome %s, want %s: %s %+v", d.Outcome, tt.outcome, d.Reason, d.Evidence)
			}
			if tt.outcome == OutcomeFiled && (d.Claim.ID != tt.claim || !hasEvidence(d, wantEvidence{RuleFileNumber, "", tt.claim})) {
				t.Errorf("filed to %d with %+v, want %d by its file number", d.Claim.ID, d.Evidence, tt.claim)
			}
			if tt.outcome == OutcomeFiled && !strings.Contains(d.Reason, "adjuster's file number") {
				t.Errorf("reason %q does not name the adjuster's file number in words", d.Reason)
			}
			if tt.outcome == OutcomeTriage && len(d.Candidates) < 2 {
				t.Errorf("candidates %+v, want both claims", d.Candidates)
			}
		})
	}
}

// TestMatchClaimUnknownFileNumberWaits leaves mail naming a file number no
// claim has in triage, the number kept among those no claim had yet: the
// claim that gets it later matches the mail again.
func TestMatchClaimUnknownFileNumberWaits(t *testing.T) {
	t.Parallel()
	dana := addr("Dana Whitfield <dwhitfield@pilotcat.example>")
	tests := []struct {
		name string
		msg  Message
		want string
	}{
		{"our file no. in the body", Message{From: dana, Subject: "reinspection",
			Text: "Our File No.: PCS-GA-26-45102\nReinspection moved to Friday at 10:00."}, "PCSGA2645102"},
		{"ref in the subject", Message{From: dana, Subject: "Ref: IA-22-0193 - moisture map?",
			Text: "Please send your moisture map."}, "IA220193"},
		{"file # in the body", Message{From: dana, Subject: "status",
			Text: "Any update on File # FP-7731?"}, "FP7731"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := MatchClaim(&tt.msg, NewMemRegistry(testClaims...), testConfig())
			if d.Outcome != OutcomeTriage || !slices.Contains(d.Unknown, tt.want) {
				t.Errorf("outcome %s, numbers no claim has %q; want triage keeping %s (%s)", d.Outcome, d.Unknown, tt.want, d.Reason)
			}
		})
	}
}
