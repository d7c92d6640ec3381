package web

import "testing"

// TestWhereLabel: the places a rule found its text read as words.
func TestWhereLabel(t *testing.T) {
	for where, want := range map[string]string{
		"body":                            "body",
		"in_reply_to":                     "the message it answers",
		"attachment:Estimate.pdf":         "the file name Estimate.pdf",
		"attachment_text:ATP_signed.pdf":  "the text of ATP_signed.pdf",
		"attachment_ocr:scan.pdf, page 2": "the text read from scan.pdf, page 2",
		"forward[0].subject":              "the forwarded subject",
		"forward[1].body":                 "the forwarded body",
	} {
		if got := whereLabel(where); got != want {
			t.Errorf("whereLabel(%q) = %q, want %q", where, got, want)
		}
	}
}
