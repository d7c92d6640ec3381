package main

var wednesday = []msg{
	{Kind: "after_assignment", Claim: "HP-FL-26-0079120", NeedsAck: true,
		From: "Anh Tran <anhtran.largo@gmail.example>", To: office, Date: at(2, 7, 40),
		Subject: "water heater",
		Text: `Hello, my adjuster Kyle said your company will come for the water damage at my house on Rosery Rd. What time will you come today? I leave for work at 11.

Thank you
Anh`},

	{Kind: "lab_itel", Claim: "UPC26-117502",
		From: "ITEL Laboratories <reports@itelinc.example>", To: office, Date: at(2, 8, 0),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "ITEL Report Complete - Claim# UPC26117502 - CARTER",
		Text:    "The ITEL report for the sample you submitted is complete and attached.\n\nThis message was sent from an unmonitored address.",
		Files: []file{pdfFile("ITEL_1187744.pdf", "lab_report", textPDF("ITEL", "ITEL Flooring Report",
			lines(`ITEL Report No. 1187744
Claim Number: UPC26-117502
Insured: Denise Carter
Loss Location: 3308 W Bay Vista Ave, Tampa FL 33611
Sample: luxury vinyl plank, 7 in x 48 in, 4 mm
Match: Available - Category B pricing $3.42/SF`)...))}},

	{Kind: "outlook_chain_deep", Claim: "031882450-004", NeedsAck: true, From: nicole, To: office, Date: at(2, 8, 50),
		Subject: "RE: FW: RE: Dominguez water loss",
		Text: `Adding Suncoast. Please coordinate the contents pack-out with Mr. Dominguez directly and send me your inventory.

Nicole Frey | Claims Adjuster | USAA
210-555-0185

From: Ramon Dominguez <rdominguez.tpa@gmail.example>
Sent: Tuesday, January 5, 2027 7:14 PM
To: Frey, Nicole
Subject: RE: FW: RE: Dominguez water loss

Nicole, when can someone box up the den and the office? We can't walk through there.

From: Frey, Nicole
Sent: Monday, January 4, 2027 9:40 AM
To: Ramon Dominguez
Subject: FW: RE: Dominguez water loss

Mr. Dominguez, your claim number is 031882450 004. Please reference it when you call.`},

	{Kind: "same_surname_vague", NeedsAck: true, From: "Mike Yoder <mike@gulfcoastdrywall.example>", To: office, Date: at(2, 9, 30),
		Subject: "Carter job",
		Text: `Renata, when do you want us to hang and tape at the Carter job? We have a crew free Monday.

Mike
Gulf Coast Drywall`},

	{Kind: "insured_org_staff", Claim: "AIIC26-1084439", NeedsAck: true,
		From: "Pam Whitcomb <pwhitcomb@sandkeymgmt.example>", To: office, Date: at(2, 10, 15),
		Subject: "lobby fans",
		Text: `Hi Renata,

Owners are asking when the fans and dehumidifiers can come out of the lobby and the mail room. Can you give me a date I can post?

Pam Whitcomb, LCAM
Property Manager for Ocean Breeze Condominium Association
Sand Key Management | 727-555-0129`},

	{Kind: "adjuster_two_claims_vague", NeedsAck: true, From: carla, To: office, Date: at(2, 11, 0),
		Subject: "dry logs",
		Text:    "Hi, please send me the current dry logs on both of my files with you. Thank you!\n\n" + carlaSig},

	{Kind: "thread_reply", Claim: "001-00-421906", NeedsAck: true, ReplyTo: idSentWhitaker,
		From: rick, To: office, Date: at(2, 12, 5),
		Subject: "RE: New assignment - Whitaker / Citizens",
		Text:    "Thanks Renata. Please send the signed ATP and the moisture map before Thursday.\n\nRick"},

	{Kind: "tech_es", Claim: "001-00-418237", From: danny, To: office, Date: at(2, 13, 30),
		Subject: "fotos Maple",
		Text:    "Fotos de la cocina en Maple. El piso de madera todavía está mojado, dejé 2 ventiladores más.\n\n" + dannySig,
		Files:   []file{jpg("IMG_6102.jpg", 39), jpg("IMG_6103.jpg", 40)}},

	{Kind: "auto_reply", Claim: "3300291847", Optional: true, ReplyTo: idSentScott,
		From: scott, To: office, Date: at(2, 15, 1),
		Headers: []string{"Auto-Submitted: auto-replied"},
		Subject: "Automatic reply: Carter - 3300291847 - mitigation estimate",
		Text:    "I am in the field with limited access to email. I will respond to your message as soon as possible."},

	{Kind: "vendor_street_words", Claim: "001-00-418237", NeedsAck: true,
		From: "Sunshine Plumbing <office@sunshineplumbingfl.example>", To: office, Date: at(2, 16, 20),
		Subject: "leak found",
		Text: `Hi Renata, our tech finished at the Pena home on Maple Avenue. The leak was a cracked PEX fitting under the kitchen sink, repaired and pressure tested. Invoice to follow.

Sunshine Plumbing | CFC1428810 | 727-555-0116`},
}
