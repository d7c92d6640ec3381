package classify

import (
	"strings"
	"testing"
)

// TestWhereWords: the places a rule found its text read as words.
func TestWhereWords(t *testing.T) {
	for where, want := range map[string]string{
		"body":                            "the body",
		"in_reply_to":                     "the message it answers",
		"attachment:Estimate.pdf":         "the file name Estimate.pdf",
		"attachment_text:ATP_signed.pdf":  "the text of ATP_signed.pdf",
		"attachment_ocr:scan.pdf, page 2": "the text read from scan.pdf, page 2",
		"forward[0].subject":              "the forwarded subject",
		"forward[1].body":                 "the forwarded body",
	} {
		if got := WhereWords(where); got != want {
			t.Errorf("WhereWords(%q) = %q, want %q", where, got, want)
		}
	}
}

// TestReasonInWords: a decision's reason names its evidence in words, not
// in the rule codes the JSON carries.
func TestReasonInWords(t *testing.T) {
	d := MatchClaim(&Message{From: addr("tech@gmail.example"), Subject: "Photos for claim LA123-456789-01"}, testRegistry(t), testConfig())
	if d.Outcome != OutcomeFiled {
		t.Fatalf("outcome %s (%s), want filed", d.Outcome, d.Reason)
	}
	if want := "on claim number in the subject"; !strings.Contains(d.Reason, want) {
		t.Errorf("reason %q lacks %q", d.Reason, want)
	}
}

// TestThreadReasonInWords: a reply filed by its thread says so once, as
// a sentence reads, not "reply in a filed thread in the thread it belongs
// to".
func TestThreadReasonInWords(t *testing.T) {
	office := testConfig().OfficeDomain
	reg := testRegistry(t)
	reg.FileMessage("<ack.1@"+office+">", 5)
	d := MatchClaim(&Message{From: addr("someone@gmail.example"), Subject: "RE: RE: update",
		References: []string{"<orig@chubb.example>", "<ack.1@" + office + ">"}}, reg, testConfig())
	if d.Outcome != OutcomeFiled {
		t.Fatalf("outcome %s (%s), want filed", d.Outcome, d.Reason)
	}
	if want := " on a reply in a thread already filed there"; !strings.HasSuffix(d.Reason, want) || strings.Contains(d.Reason, "thread it belongs to") {
		t.Errorf("reason %q, want it to end %q", d.Reason, want)
	}
}
