package main

var monday = []msg{
	{Kind: "assignment_xact", Claim: "FP26-HO-008821",
		From: "XactAnalysis <noreply@xactanalysis.example>", To: office, Date: at(0, 6, 52),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "XactAnalysis Assignment - PRUITT, LINDA - FP26-HO-008821",
		Text: `You have received a new assignment in XactAnalysis.

Assignment Type:      Emergency Services / Mitigation
Carrier:              Florida Peninsula Insurance Company
Claim Number:         FP26-HO-008821
Policy Number:        FPH-1028834
Insured:              PRUITT, LINDA
Property Address:     5590 Gulf Blvd Unit 402
                      St. Pete Beach, FL 33706
Home Phone:           (727) 555-0119
Type of Loss:         Water Damage - Plumbing
Date of Loss:         01/02/2027
Adjuster:             Mark Sato  msato@floridapeninsula.example
XA Transaction ID:    7HF2K9Q

Log in to XactAnalysis to accept this assignment. Do not reply to this message.`},

	{Kind: "tech_photos_plus", Claim: "3300291847", From: cody, To: "claims+SC-3103@suncoastdry.example", Date: at(0, 7, 35),
		Subject: "",
		Text:    codySig,
		Files:   []file{jpg("IMG_8804.JPG", 31), jpg("IMG_8805.JPG", 32), jpg("IMG_8806.JPG", 33)}},

	{Kind: "customer_es", Claim: "001-00-418237", NeedsAck: true, Latin1: true,
		From: "Marisol Pena <marisolpena77@hotmail.example>", To: office, Date: at(0, 7, 58),
		Subject: "agua otra vez en la cocina",
		Text: `Buenos días,

Les escribo de la casa de Maple Avenue. Anoche salió más agua debajo del gabinete de la cocina y el piso de madera se está levantando. Las máquinas siguen prendidas. ¿Puede venir alguien hoy a revisar?

Gracias,
Marisol`},

	{Kind: "auto_reply", Claim: "59-51R2-336", Optional: true, ReplyTo: idSentBaptiste,
		From: carla, To: office, Date: at(0, 8, 31),
		Headers: []string{"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"},
		Subject: "Automatic reply: Baptiste - 59-51R2-336 - day 3 dry log",
		Text:    "Thank you for your message. I am out of the office Monday, January 4 and will return Tuesday. For immediate assistance please call 1-800-732-5246."},

	{Kind: "adjuster_update", Claim: "HP-FL-26-0077413", NeedsAck: true, From: kyle, To: office, Date: at(0, 8, 40),
		Subject: "HP-FL-26-0077413 Sorensen",
		Text: `Good morning,

Checking on the mitigation invoice and final dry log for Sorensen. I'd like to close out the emergency portion this week.

` + kyleSig},

	{Kind: "near_address", NeedsAck: true, From: "Pete Galloway <pgalloway@tampabay.rr.example>", To: office, Date: at(0, 9, 15),
		Subject: "Water heater leak",
		Text: `Hi - I saw your van at the house next door this morning. Our water heater leaked into the garage and the hallway carpet is soaked. We're at 1417 Maple Ave N, St. Pete. Are you able to come look today? We have Citizens too.

Pete Galloway
727-555-0170`},

	{Kind: "assignment_ia", Claim: "001-00-421906", NeedsAck: true, ID: idRickWhitaker,
		From: rick, To: office, Date: at(0, 10, 20),
		Subject: "New assignment - Whitaker / Citizens",
		Text: `Renata,

Gulfline Claims Services has been retained by Citizens Property Insurance Corporation on the loss below and I would like your crew to handle the mitigation.

Insured:            Earl Whitaker
Loss Location:      88 Bayshore Blvd, Dunedin, FL 34698
Citizens Claim #:   001-00-421906
Our File #:         GCS-26-03318
Contact:            (727) 555-0154 (cell)
Loss:               Washing machine hose, laundry room and two bedrooms

Please contact the insured today and reference our file number on your invoices.

` + rickSig},

	{Kind: "newsletter", From: "Tampa Bay Restoration Network <news@tbrestorenet.example>", To: office, Date: at(0, 11, 0),
		Headers: []string{"Precedence: bulk", "List-Unsubscribe: <https://tbrestorenet.example/u/8812>"},
		Subject: "Cold snap week: burst pipes on Maple Ave, Belcher Rd and Gulf Blvd",
		Text: `TAMPA BAY RESTORATION NETWORK - Monday brief

Members logged 60 water calls over the holiday cold snap, most of them slab leaks and
burst supply lines along Maple Ave N in St. Petersburg, Belcher Rd in Largo and the
Gulf Blvd condos from Clearwater Beach to St. Pete Beach.

- Citizens vendor program: re-certification due January 31
- WRT/ASD class at the Clearwater chapter, January 18-20

Unsubscribe: https://tbrestorenet.example/u/8812`},

	{Kind: "thread_reply_phone", Claim: "59-48N7-702", NeedsAck: true, ReplyTo: idSentLindqvist,
		From: "Harold Lindqvist <hlindqvist@verizon.example>", To: office, Date: at(0, 11, 40),
		Subject: "Re: Equipment pickup",
		Text:    "ok. side gate is unlocked\n\nSent from my iPad"},

	{Kind: "tech_forward_customer", Claim: "HP-FL-26-0077413", From: cody, To: office, Date: at(0, 13, 5),
		Subject: "Fwd: more pics",
		Text: `


Sent from my iPhone

Begin forwarded message:

From: Gail Sorensen <gsorensen.stpete@gmail.example>
Date: January 4, 2027 at 12:41:09 PM EST
To: Cody Marsh <cmarsh@suncoastdry.example>
Subject: more pics

Cody here are the pictures of the baseboard in the guest room at 6120 38th Ave N like you asked. Gail`,
		Files: []file{jpg("IMG_2217.jpeg", 34), jpg("IMG_2218.jpeg", 35)}},
}
