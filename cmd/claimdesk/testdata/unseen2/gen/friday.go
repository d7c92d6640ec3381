package main

var friday = []msg{
	{Kind: "thread_reply", Claim: "040526011893", NeedsAck: true, ReplyTo: idSentPaulaATP,
		From: paula, To: office, Date: at(4, 8, 5),
		Subject: "RE: Halvorsen - 040526011893 - signed ATP",
		Text:    "Got it, thanks. What is your ETA on the estimate?\n\nPaula"},

	{Kind: "adjuster_typo_number", Claim: "0738216645", NeedsAck: true, From: renee, To: office, Date: at(4, 8, 40),
		Subject: "Villanueva - claim 0738261645",
		Text: `Did your tech find the source of the ceiling leak? I need to know before I can release the supplement.

Renee Park
Claim Adjuster | Allstate
(678) 555-0109`},

	{Kind: "near_cancelled", From: "Chubb Claims <claims.notification@chubb.example>", To: office, Date: at(4, 9, 0),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "Chubb - Vendor Referral CANCELLED - WEBB, NORA",
		HTML: `<html><body><p>The vendor referral below has been cancelled. No action is needed.</p>
<table border="1"><tr><th>Claim Number</th><td>040526011839</td></tr>
<tr><th>Named Insured</th><td>WEBB, NORA</td></tr>
<tr><th>Risk Address</th><td>12 Polo Dr, Marietta, GA 30068</td></tr></table></body></html>`},

	{Kind: "newsletter", From: "Georgia Insurance Update <editor@gainsupdate.example>", To: office, Date: at(4, 9, 30),
		Headers: []string{"Precedence: bulk", "List-Unsubscribe: <mailto:leave@gainsupdate.example>"},
		Subject: "Carriers tighten mitigation pricing in Cobb County",
		Text: `This week: Travelers, Allstate and Georgia Farm Bureau announce new mitigation price lists for Cobb County.
A Kennesaw Ave homeowner told us about her long wait after a December freeze.

To leave this list reply with "leave".`},

	{Kind: "customer_address", Claim: "054419283017", NeedsAck: true,
		From: "Brian O'Neal <boneal.home@gmail.example>", To: office, Date: at(4, 10, 10),
		Subject: "left a fan",
		Text:    "Your guys left one of the blue fans at 37 Kennesaw Ave when they picked up. It's on the porch.\n\nBrian"},

	{Kind: "ia_estimate_reply", Claim: "054419283017", NeedsAck: true, From: dana, To: office, Date: at(4, 11, 0),
		Subject: "O'Neal estimate",
		Text: `Estimate reviewed and agreed at $5,118.40 for Safeco claim 0544-1928-3017. Payment will come from Safeco directly.

` + danaSig},

	{Kind: "customer_phone_name", Claim: "GFB-HO-2611847", NeedsAck: true,
		From: "wpike1948@bellsouth.example", To: office, Date: at(4, 12, 30),
		Subject: "dehu",
		Text:    "Pike here. The dehumidifier quit running last night\n\nSent from my Verizon, Samsung Galaxy smartphone"},

	{Kind: "prospect_near_street", NeedsAck: true, From: "Ann Duval <annduval@comcast.example>", To: office, Date: at(4, 13, 15),
		Subject: "roof leak estimate",
		Text:    "Could someone come give me an estimate for water damage from a roof leak? 12 Church St, Smyrna. Thank you, Ann Duval"},

	{Kind: "outlook_chain_deep", Claim: "C26-118-40722", NeedsAck: true,
		From: "Mike Dunn <mike.dunn@countryfinancial.example>", To: office, Date: at(4, 14, 0),
		Subject: "RE: FW: RE: Fulton",
		Text: `Adding the restoration company. Please coordinate the contents pack-out with the insured directly.

Mike Dunn | Claims Adjuster | COUNTRY Financial
309-555-0171

From: James Fulton <jfulton.smyrna@yahoo.example>
Sent: Thursday, December 17, 2026 6:10 PM
To: Dunn, Mike
Subject: RE: FW: RE: Fulton

Mike, when is someone going to move the furniture out of the den?

From: Dunn, Mike
Sent: Tuesday, December 15, 2026 11:02 AM
To: James Fulton
Subject: FW: RE: Fulton

James, see below from underwriting. Your claim number is C26-118-40722; please use it when you call.`},
}
