package main

var friday = []msg{
	{kind: "thread_reply", claim: "040526011893", needsAck: true, replyTo: idSentPaulaATP,
		from: paula, to: office, date: at(4, 8, 5),
		subject: "RE: Halvorsen - 040526011893 - signed ATP",
		text:    "Got it, thanks. What is your ETA on the estimate?\n\nPaula"},

	{kind: "adjuster_typo_number", claim: "0738216645", needsAck: true, from: renee, to: office, date: at(4, 8, 40),
		subject: "Villanueva - claim 0738261645",
		text: `Did your tech find the source of the ceiling leak? I need to know before I can release the supplement.

Renee Park
Claim Adjuster | Allstate
(678) 555-0109`},

	{kind: "near_cancelled", from: "Chubb Claims <claims.notification@chubb.example>", to: office, date: at(4, 9, 0),
		headers: []string{"Auto-Submitted: auto-generated"},
		subject: "Chubb - Vendor Referral CANCELLED - WEBB, NORA",
		html: `<html><body><p>The vendor referral below has been cancelled. No action is needed.</p>
<table border="1"><tr><th>Claim Number</th><td>040526011839</td></tr>
<tr><th>Named Insured</th><td>WEBB, NORA</td></tr>
<tr><th>Risk Address</th><td>12 Polo Dr, Marietta, GA 30068</td></tr></table></body></html>`},

	{kind: "newsletter", from: "Georgia Insurance Update <editor@gainsupdate.example>", to: office, date: at(4, 9, 30),
		headers: []string{"Precedence: bulk", "List-Unsubscribe: <mailto:leave@gainsupdate.example>"},
		subject: "Carriers tighten mitigation pricing in Cobb County",
		text: `This week: Travelers, Allstate and Georgia Farm Bureau announce new mitigation price lists for Cobb County.
A Kennesaw Ave homeowner told us about her long wait after a December freeze.

To leave this list reply with "leave".`},

	{kind: "customer_address", claim: "054419283017", needsAck: true,
		from: "Brian O'Neal <boneal.home@gmail.example>", to: office, date: at(4, 10, 10),
		subject: "left a fan",
		text:    "Your guys left one of the blue fans at 37 Kennesaw Ave when they picked up. It's on the porch.\n\nBrian"},

	{kind: "ia_estimate_reply", claim: "054419283017", needsAck: true, from: dana, to: office, date: at(4, 11, 0),
		subject: "O'Neal estimate",
		text: `Estimate reviewed and agreed at $5,118.40 for Safeco claim 0544-1928-3017. Payment will come from Safeco directly.

` + danaSig},

	{kind: "customer_phone_name", claim: "GFB-HO-2611847", needsAck: true,
		from: "wpike1948@bellsouth.example", to: office, date: at(4, 12, 30),
		subject: "dehu",
		text:    "Pike here. The dehumidifier quit running last night\n\nSent from my Verizon, Samsung Galaxy smartphone"},

	{kind: "prospect_near_street", needsAck: true, from: "Ann Duval <annduval@comcast.example>", to: office, date: at(4, 13, 15),
		subject: "roof leak estimate",
		text:    "Could someone come give me an estimate for water damage from a roof leak? 12 Church St, Smyrna. Thank you, Ann Duval"},

	{kind: "outlook_chain_deep", claim: "C26-118-40722", needsAck: true,
		from: "Mike Dunn <mike.dunn@countryfinancial.example>", to: office, date: at(4, 14, 0),
		subject: "RE: FW: RE: Fulton",
		text: `Adding the restoration company. Please coordinate the contents pack-out with the insured directly.

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
