package main

var tuesday = []msg{
	{Kind: "customer_phone_scan", Claim: "3401-7729-88", NeedsAck: true,
		From: "Samantha Greer <sam.greer88@yahoo.example>", To: office, Date: at(1, 7, 48),
		Subject: "signed", Text: "Here you go\n\nSent from my iPhone",
		Files: []file{pdfFile("scan0001.pdf", "atp", greerATP)}},

	{Kind: "auto_reply", Claim: "A00008714426", Optional: true, ReplyTo: idSentPena,
		From: karen, To: office, Date: at(1, 8, 16),
		Headers: []string{"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"},
		Subject: "Automatic reply: Pena - readings",
		Text: `I am out of the office Tuesday 12/1 and will return Wednesday 12/2. For urgent matters please call 1-800-458-0811.

Karen Mullins | Erie Insurance`},

	{Kind: "ia_file_only", Claim: "LX0011289456", NeedsAck: true,
		From: neil, To: office, Date: at(1, 8, 50), Subject: "Ref: EMA-26-10442 - reinspection moved",
		Text: `Jenna - reinspection moved to Friday 12/4 at 10:00. Please have the clearance sampling scheduled before then.

Neil Braddock, AIC
General Adjuster | Engle Martin & Associates
O: 614-555-0160  M: 614-555-0161
Ohio Adjuster License #1298834`},

	{Kind: "near_address", NeedsAck: true,
		From: "Westerville Plumbing Co. <billing@westervilleplumbing.example>", To: office, Date: at(1, 9, 10),
		Subject: "Invoice 20455 - 420 Maple Ave",
		Text:    "Attached is our invoice for the water heater replacement at 420 Maple Ave, Westerville. Thank you for the referral!\n\nAccounts Receivable\nWesterville Plumbing Co. | 614-555-0133",
		Files:   []file{pdfFile("attachment.pdf", "invoice", plumberInvoice)}},

	{Kind: "estimate_package", Claim: "WIC-2026-0193374", From: tom, To: office, Date: at(1, 9, 45),
		Subject: "Johnson - WIC-2026-0193374 - estimate",
		Text:    "Mitigation estimate, PDF and sketch for the Johnsons on Larchmont.\n\nTom Kessler | Estimator\nBuckeye Dry & Restore",
		Files: []file{
			{Name: "JOHNSON_DA.ESX", CType: "application/octet-stream", Data: esx("JOHNSON_DA", "WIC-2026-0193374"), DocType: "estimate"},
			pdfFile("JOHNSON_DA.pdf", "estimate", johnsonEstimate),
			pdfFile("JOHNSON_DA_SKETCH.pdf", "sketch", johnsonSketch)}},

	{Kind: "adjuster_possessive", Claim: "WIC-2026-0193374", NeedsAck: true,
		From: "Brian Tate <btate@westfieldins.example>", To: office, Date: at(1, 10, 20),
		Subject: "Kitchen - cabinets?",
		Text: `Jenna, on the Johnsons' kitchen loss - did your crew save the lower cabinets or are they coming out? I need to know before I write the contents portion.

Brian Tate | Property Field Adjuster | Westfield
P 614-555-0127 | OH Lic # 1184417`},

	{Kind: "thread_reply_es", Claim: "017422361-003", NeedsAck: true, ReplyTo: idSentIbarra,
		From: "María Ibarra <mibarra82@hotmail.example>", To: office, Date: at(1, 11, 2),
		Subject: "Re: Ibarra - recogida de equipo", Text: "Está bien, el jueves en la mañana. Gracias\n\nEnviado desde mi iPhone"},

	{Kind: "same_insured_vague", NeedsAck: true, From: "Victor Aldana <vic.aldana@gmail.example>", To: office,
		Date: at(1, 11, 30), Subject: "Update?",
		Text: "Hi any update on my claim? The adjuster hasn't called me back.\nVictor"},

	{Kind: "same_insured_address", Claim: "SA-1184417", NeedsAck: true,
		From: "Victor Aldana <vic.aldana@gmail.example>", To: office, Date: at(1, 12, 5),
		Subject: "Dehumidifier beeping",
		Text:    "My tenant at 88 East Lane Avenue says the dehumidifier keeps beeping and the light is red. Can someone stop by?\n\nThanks, Victor Aldana\n614-555-0166"},

	{Kind: "same_insured_vague", NeedsAck: true, From: lori, To: office, Date: at(1, 13, 15),
		Subject: "Aldana invoice",
		Text:    "Hi, please send me your invoice for the Aldana loss so I can get it processed before the end of the month.\n\nLori Chen | State Auto | Claims Representative\n614-555-0150"},

	{Kind: "same_insured_claim", Claim: "SA-1184402", NeedsAck: true, From: lori, To: office, Date: at(1, 13, 40),
		Subject: "SA-1184402 / Hamlet St - equipment",
		Text:    "Equipment through Friday is approved on SA-1184402 (1422 Hamlet St). Let me know if you need more days.\n\nLori"},

	{Kind: "outlook_chain_deep", Claim: "WIC-2026-0193374", NeedsAck: true,
		From: "Mike Sorensen <mike@sorensencabinetry.example>", To: office, Date: at(1, 14, 25),
		Subject: "RE: FW: Kitchen cabinets", Text: sorensenChain},

	{Kind: "tpa_adjuster", Claim: "HO-26-3318207", NeedsAck: true, ID: idJorgeFirst,
		From: jorge, To: office, Date: at(1, 15, 0), Subject: "File ALC-OH-558812 / Hassan",
		Text: `Jenna,

I'm the independent adjuster handling this loss on behalf of American Strategic.

Alacrity File #: ALC-OH-558812
Carrier Claim #: HO26-3318207
Insured: Nadia Hassan
Loss Location: 4471 Refugee Road, Columbus

Please upload the 24 hr scope and moisture map to the file, or email them to me directly.

` + jorgeSig},

	{Kind: "same_surname_tech", From: dwayne, To: office, Date: at(1, 15, 45), Subject: "Johnson pics",
		Text:  "Johnson job, day 2. Moved 2 fans to the dining room.\n\n" + dwayneSig,
		Files: []file{jpg("IMG_0112.jpg", 7)}},

	{Kind: "adjuster_update", Claim: "300-0091827-2026", NeedsAck: true,
		From: "Ron Becker <rbecker@aoins.example>", To: office, Date: at(1, 16, 30),
		Subject: "Johnson - 64 Oakwood Ave",
		Text:    "Please send photos of the basement drywall before it comes out. Claim number is 300-0091827-2026.\n\nRon Becker | Auto-Owners Insurance | Claims Rep\n740-555-0108"},
}

const sorensenChain = `Jenna, see below - can you get this to your crew? We can template Thursday.

Mike Sorensen
Sorensen Cabinetry
614-555-0144

From: Brian Tate <btate@westfieldins.example>
Sent: Tuesday, December 1, 2026 11:02 AM
To: Mike Sorensen <mike@sorensencabinetry.example>
Subject: FW: Kitchen cabinets

Mike, FYI below. Please coordinate access with the mitigation company.

Brian Tate | Property Field Adjuster | Westfield
P 614-555-0127 | OH Lic # 1184417

From: Jenna Walsh <jwalsh@buckeyedry.example>
Sent: Tuesday, December 1, 2026 10:41 AM
To: Brian Tate <btate@westfieldins.example>
Subject: Kitchen cabinets

Brian, on Westfield claim WIC-2026-0193374 (Derek & Amy Johnson, 77 Larchmont Rd) the lower cabinets are delaminating and will have to come out. The uppers are fine.

Jenna Walsh
Claims Coordinator | Buckeye Dry & Restore`

var greerATP = textPDF("Adobe Scan", "Authorization to Perform Services and Direction of Payment",
	lines(`Buckeye Dry & Restore, 2150 Alum Creek Dr, Columbus OH 43207
Property owner: Samantha Greer
Property address: 1140 N. Main St., Apt. 2, Marysville, OH 43040
Insurance company: Cincinnati Insurance    Claim no.: 3401-7729-88
I authorize Buckeye Dry & Restore to perform emergency water mitigation at the property above,
including extraction, removal of wet materials and drying, and I direct my insurance company to
pay Buckeye Dry & Restore directly for these services.
Owner signature: Samantha Greer (signed)    Date: 11/30/2026`)...)

var plumberInvoice = textPDF("QuickBooks", "INVOICE #20455",
	lines(`Westerville Plumbing Co.  |  611 S State St, Westerville OH 43081
Bill to: Ellen Burke, 420 Maple Ave, Westerville OH 43081
Date: 11/30/2026     Terms: Net 15
Water heater replacement, 50 gal gas      1,640.00
Haul-away of old unit                       85.00
Permit                                     165.00
Total due                               $1,890.00`)...)

var johnsonEstimate = textPDF("Xactimate", "JOHNSON_DA",
	lines(`Insured: Derek & Amy Johnson      Claim Number: WIC-2026-0193374
Property: 77 Larchmont Rd, Upper Arlington, OH 43221
Insurance Company: Westfield Insurance    Estimator: Tom Kessler
Type of Loss: Water Damage    Price List: OHCO8X_NOV26
Kitchen
Water extraction from hard surface floor    168.00 SF
Tear out wet drywall, cleanup, bag for disposal    64.00 SF
Air mover (per 24 hour period) - No monitoring    12.00 EA
Dehumidifier (per 24 hour period) - Large    3.00 EA
Line Item Totals: 3,482.16    Grand Total RCV 3,482.16`)...)

var johnsonSketch = textPDF("Xactimate", "JOHNSON_DA",
	lines(`Main Level
Kitchen    14' 2" x 12' 8"    Height 8'
Dining Room    11' x 12' 8"
Hallway    3' 6" x 9'
Sketch - Main Level`)...)
