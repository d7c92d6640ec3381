package web

import (
	"regexp"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
)

// wordsClaims are the claims the wording tests match mail against.
var wordsClaims = []classify.Claim{
	{ID: 1, JobNumber: "24-1031-WTR", ClaimNumber: "60-8H77-8H5", InsuredName: "Luis Pena", LossAddress: "17 Maple Ave, Springfield, IL 62704", Open: true},
	{ID: 2, JobNumber: "26-1001-WTR", ClaimNumber: "0683449786", InsuredName: "Ellen Ripley", LossAddress: "42 Elm St, Plano, TX 75023",
		AdjusterEmail: "ann@carrier.example", Open: true},
	{ID: 3, JobNumber: "26-1002-FIR", ClaimNumber: "1442694208-1", InsuredName: "Dwayne Hicks", LossAddress: "9 Oak Ct, Plano, TX 75023", Open: true},
	{ID: 4, JobNumber: "26-1003-WTR", ClaimNumber: "1442694208-1", InsuredName: "Carter Burke", LossAddress: "5 Pine Rd, Dallas, TX 75201", Open: true},
}

var someone = classify.Address{Email: "someone@gmail.example"}

// wordsCases are mail of every kind the classifier decides, and what the
// pages say of each decision.
var wordsCases = []struct {
	name    string
	msg     classify.Message
	outcome classify.Outcome
	want    string
}{
	{"thread and number point to different claims",
		classify.Message{From: someone, Subject: "RE: 0683449786 photos", InReplyTo: "<ack.1@office.example>"}, classify.OutcomeTriage,
		"It points to more than one claim: a reply in the thread of Pena – Maple Ave (job 24-1031-WTR); the claim number of Ripley – Elm St (job 26-1001-WTR)."},
	{"a number two claims share",
		classify.Message{From: someone, Subject: "Claim 1442694208-1"}, classify.OutcomeTriage,
		"The claim number “1442694208-1” is on more than one claim: Hicks – Oak Ct (job 26-1002-FIR) and Burke – Pine Rd (job 26-1003-WTR)."},
	{"a number, and clues of another claim",
		classify.Message{From: someone, Subject: "0683449786 update", Text: "Dwayne Hicks called about 9 Oak Ct, Plano, TX 75023."}, classify.OutcomeTriage,
		"It names one claim, and clues point to another: the claim number of Ripley – Elm St (job 26-1001-WTR); the address of Hicks – Oak Ct (job 26-1002-FIR) and its insured’s name."},
	{"a number no claim has",
		classify.Message{From: someone, Subject: "26-1999-WTR photos"}, classify.OutcomeTriage,
		"“26-1999-WTR” is no claim’s number yet: the message is filed by itself once a claim has it."},
	{"a number one character off",
		classify.Message{From: someone, Subject: "Claim 0683449787 photos"}, classify.OutcomeTriage,
		"“0683449787” is no claim’s number yet, and one character off the number of Ripley – Elm St (job 26-1001-WTR)."},
	{"the insured's name alone",
		classify.Message{From: someone, Subject: "Question", Text: "This is about Ellen Ripley's house."}, classify.OutcomeTriage,
		"Not enough to file it: only the insured’s name of Ripley – Elm St (job 26-1001-WTR)."},
	{"names of two claims",
		classify.Message{From: someone, Subject: "Question", Text: "Ellen Ripley and Dwayne Hicks are neighbours."}, classify.OutcomeTriage,
		"Only clues, and they point to more than one claim: the insured’s name of Ripley – Elm St (job 26-1001-WTR); the insured’s name of Hicks – Oak Ct (job 26-1002-FIR)."},
	{"the insured and adjuster, at another address",
		classify.Message{From: classify.Address{Email: "ann@carrier.example"}, Subject: "New loss", Text: "Ellen Ripley has a new loss at 88 Birch Ln, Plano, TX 75023."},
		classify.OutcomeTriage,
		"Clues point to one claim, but the mail names another address: the insured’s name of Ripley – Elm St (job 26-1001-WTR) and mail from its adjuster. Another loss of the same insured?"},
	{"nothing",
		classify.Message{From: someone, Subject: "Hello", Text: "Are you hiring?"}, classify.OutcomeTriage,
		"Nothing in it names a claim: no job, claim or policy number, no reply in a filed thread, no insured’s name or address."},
	{"filed",
		classify.Message{From: someone, Subject: "RE: 0683449786 photos", InReplyTo: "<ack.2@office.example>"}, classify.OutcomeFiled,
		"Filed to Ripley – Elm St (job 26-1001-WTR): a reply in its thread and its claim number."},
	{"bulk mail",
		classify.Message{From: someone, Subject: "Newsletter", Headers: map[string]string{"Precedence": "bulk"}}, classify.OutcomeIgnored,
		"Automatic or bulk mail that names no claim: not filed."},
}

// codeWords are what a coordinator should never read in a reason: grades,
// Message-IDs, addresses, the classifier's own terms.
var codeWords = regexp.MustCompile(`(?i)\b(strong|medium|weak|evidence|signals?)\b|[<>@]|->`)

// TestDecisionWordsSayWhyInCoordinatorsWords matches mail of every kind
// against claims with the classifier itself, and words each decision: the
// claims by insured and street, what points at each, and never a grade of
// evidence or a Message-ID, which the classifier's own reason holds.
func TestDecisionWordsSayWhyInCoordinatorsWords(t *testing.T) {
	t.Parallel()
	claims := map[int64]classify.Claim{}
	for _, c := range wordsClaims {
		claims[c.ID] = c
	}
	for _, c := range wordsCases {
		t.Run(c.name, func(t *testing.T) {
			reg := classify.NewMemRegistry(wordsClaims...)
			reg.FileMessage("<ack.1@office.example>", 1)
			reg.FileMessage("<ack.2@office.example>", 2)
			d := classify.MatchClaim(&c.msg, reg, classify.Config{OfficeDomain: "office.example"})
			if d.Outcome != c.outcome {
				t.Fatalf("the classifier %s it (%s), want %s", d.Outcome, d.Reason, c.outcome)
			}
			got := decisionWords(d, claims)
			if got != c.want {
				t.Errorf("classifier: %s\ngot  %s\nwant %s", d.Reason, got, c.want)
			}
			if codeWords.MatchString(got) {
				t.Errorf("%q speaks in codes", got)
			}
		})
	}
}

// TestDecisionWordsOfAssignments words the assignments a person must
// place: one that came about another claim, one whose number is one
// character off a claim's, and one for a new claim.
func TestDecisionWordsOfAssignments(t *testing.T) {
	t.Parallel()
	ripley := wordsClaims[1]
	claims := map[int64]classify.Claim{ripley.ID: ripley}
	asg := &classify.Assignment{ClaimNumber: "0683449999"}
	for _, c := range []struct {
		d    classify.Decision
		want string
	}{
		{classify.Decision{Outcome: classify.OutcomeTriage, Assignment: asg, Candidates: []classify.Claim{ripley},
			Evidence: []classify.Evidence{{Rule: classify.RuleThread, Matched: "<a@b>", ClaimID: 2, Strength: classify.StrengthStrong}}},
			"An assignment for claim 0683449999, with a reply in the thread of Ripley – Elm St (job 26-1001-WTR): a new claim, or that one?"},
		{classify.Decision{Outcome: classify.OutcomeTriage, Assignment: asg, Candidates: []classify.Claim{ripley},
			Evidence: []classify.Evidence{{Rule: classify.RuleNearClaimNumber, Matched: "0683449999", ClaimID: 2, Strength: classify.StrengthWeak}}},
			"An assignment for claim 0683449999, one character off the number of Ripley – Elm St (job 26-1001-WTR): a typing slip, or a new claim?"},
		{classify.Decision{Outcome: classify.OutcomeNewClaim, Assignment: asg},
			"A new assignment, for claim 0683449999, which no claim had yet."},
	} {
		if got := decisionWords(c.d, claims); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}
