package classify

import (
	"strings"
	"testing"
)

// TestReadNewLoss reads the claim a homeowner's first email asks for: the
// sender when the name is a person's, the phone and the address the body
// writes, and the loss type from what happened.
func TestReadNewLoss(t *testing.T) {
	t.Parallel()
	kessler := "Hello,\n\nOur sump pump quit overnight and there is about an inch of water in the finished basement, " +
		"house is in Maple Grove. I have not called my insurance yet. Can someone come out today? My cell is (763) 555-0118.\n\nBrian Kessler"
	// At most 400 bytes, cut after the last whole word.
	long := "Kitchen water leak. The dishwasher leaked " + strings.Repeat("and leaked ", 60)
	longAccount := long[:strings.LastIndex(long[:400], " ")] + "…"
	for _, c := range []struct {
		name                    string
		fromName, subject, body string
		want                    NewLoss
	}{
		{"a homeowner's mail, no street written", "Brian Kessler", "Water in basement - sump pump failed", kessler,
			NewLoss{InsuredName: "Brian Kessler", InsuredEmail: "b@x.example", InsuredPhone: "(763) 555-0118",
				LossDescription: "Water in basement - sump pump failed. Our sump pump quit overnight and there is about an inch of water " +
					"in the finished basement, house is in Maple Grove.", LossType: LossWater}},
		{"last name first in capitals, the address in the body", "KESSLER, BRIAN", "RE: Help please",
			"The kitchen caught fire last night at 4410 Preston Hollow Blvd, Dallas TX 75225. Call 214-555-0100.",
			NewLoss{InsuredName: "Brian Kessler", InsuredEmail: "b@x.example", InsuredPhone: "214-555-0100",
				LossAddress:     "4410 Preston Hollow Blvd, Dallas TX 75225",
				LossDescription: "The kitchen caught fire last night at 4410 Preston Hollow Blvd, Dallas TX 75225.", LossType: LossFire}},
		{"a subject the body's sentence repeats", "Brian Kessler", "Water in the basement", "Hi, water in the basement since last night.",
			NewLoss{InsuredName: "Brian Kessler", InsuredEmail: "b@x.example", LossDescription: "Hi, water in the basement since last night.",
				LossType: LossWater}},
		{"a long account is cut at a word", "Brian Kessler", "Kitchen water leak", "The dishwasher leaked " + strings.Repeat("and leaked ", 60) + ".",
			NewLoss{InsuredName: "Brian Kessler", InsuredEmail: "b@x.example", LossDescription: longAccount, LossType: LossWater}},
		{"a team is no insured", "Claims Team", "Mold in the bathroom", "",
			NewLoss{InsuredEmail: "b@x.example", LossDescription: "Mold in the bathroom", LossType: LossMold}},
		{"one word is no name", "brian", "Question", "Are you open on Saturday?",
			NewLoss{InsuredEmail: "b@x.example", LossDescription: "Question"}},
		{"an address for a name", "b@x.example", "Fwd: hail storm took off the shingles", "",
			NewLoss{InsuredEmail: "b@x.example", LossDescription: "hail storm took off the shingles", LossType: LossStorm}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := ReadNewLoss(c.fromName, "B@x.example", c.subject, c.body); got != c.want {
				t.Errorf("ReadNewLoss:\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}
