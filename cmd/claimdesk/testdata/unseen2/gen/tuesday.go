package main

var tuesday = []msg{
	{Kind: "after_assignment", Claim: "GFB-HO-2612203", From: luis, To: office, Date: at(1, 7, 50),
		Subject: "Odom crawl",
		Text:    "4410 Cedarcrest. Vapor barrier soaked, standing water at the back wall. Set 6 AM and 2 dehus.\n\n" + luisSig,
		Files:   []file{jpg("IMG_0611.jpg", 15), jpg("IMG_0612.jpg", 16)}},

	{Kind: "after_assignment", Claim: "040526011893", NeedsAck: true, From: paula, To: office, Date: at(1, 8, 40),
		Subject: "Halvorsen",
		Text: `Hello,

Please send the signed work authorization and your first day photos for the Halvorsen water loss when you can.

Thank you,
Paula Grier
Claim Professional | Chubb
(404) 555-0120`},

	{Kind: "ia_file_only", Claim: "054419283017", NeedsAck: true, From: dana, To: office, Date: at(1, 9, 15),
		Subject: "PCS-GA-26-44817 - status?",
		Text: `Any update on drying? I will need your moisture map before my inspection tomorrow.

` + danaSig},

	{Kind: "forward_chain", Claim: "0738216645", NeedsAck: true, From: renee, To: office, Date: at(1, 10, 20),
		Subject: "FW: bathroom ceiling",
		Text: `Please see below from the insured. Can you go back out and let me know what you find?

Renee Park
Claim Adjuster | Allstate
(678) 555-0109

-----Original Message-----
From: Hector Villanueva <hvillanueva1880@gmail.example>
Sent: Monday, December 14, 2026 9:02 PM
To: Park, Renee <rpark@claims.allstate.example>
Subject: bathroom ceiling

Ms Park the ceiling in the bathroom is dripping again, this is claim 0738216645. The company came last week but its wet again.
Hector`},

	{Kind: "assignment_ia", Claim: "054419377206", NeedsAck: true, ID: idDanaBanks, From: dana, To: office, Date: at(1, 11, 30),
		Subject: "New loss for you - Banks",
		Text: `Tasha,

Safeco has another water loss for you on my desk.

Our File No.:    PCS-GA-26-45102
Safeco Claim:    054419377206
Insured:         Gloria Banks
Risk:            905 Roswell St NE, Marietta, GA 30060
Phone:           (770) 555-0187
Loss:            toilet supply line, upstairs bath, water into the kitchen below

Please make contact today and copy me on your estimate.

` + danaSig},

	{Kind: "near_claim_number", NeedsAck: true, From: "Southern Board-Up <billing@southernboardup.example>", To: office, Date: at(1, 12, 0),
		Subject: "Invoice 20931 - claim 12-B873-41L",
		Text: `Attached is our invoice for the board-up at 2295 Powder Springs Rd SW (claim 12-B873-41L). Net 30.

Southern Board-Up LLC
770-555-0199`,
		Files: []file{pdfFile("INV20931.pdf", "invoice", textPDF("QuickBooks", "INVOICE 20931",
			lines(`Southern Board-Up LLC
Bill to: Peach State Restoration
Job: 2295 Powder Springs Rd SW, Marietta GA
Claim: 12-B873-41L
Emergency board-up, 2 windows      $385.00
Total due                          $385.00`)...))}},

	{Kind: "tech_docs_typeless", Claim: "GFB-HO-2611847", From: andre, To: office, Date: at(1, 13, 10),
		Subject: "signed",
		Text:    "Pike\n\n" + andreSig,
		Files:   []file{pdfFile("scan0007.pdf", "cos", pikeCOS)}},

	{Kind: "customer_street_name", Claim: "C26-118-40722", NeedsAck: true,
		From: "James Fulton <jfulton.smyrna@yahoo.example>", To: office, Date: at(1, 15, 45),
		Subject: "dehumidifier",
		Text: `Hi this is James over on Church Street. The dehumidifier is beeping and showing a code E4. Should I unplug it?

James Fulton`},

	{Kind: "vendor_invoice", Claim: "IFB8873", NeedsAck: true,
		From: "Marietta Plumbing Co <office@mariettaplumbing.example>", To: office, Date: at(1, 16, 30),
		Subject: "Invoice - Kimbrough",
		Text: `Invoice attached for the repair at 640 Whitlock Ave NW (Kimbrough). Thank you for the referral!

Marietta Plumbing Co. | GA Master Plumber MP208871 | 770-555-0114`,
		Files: []file{pdfFile("Invoice_3318.pdf", "invoice", textPDF("QuickBooks", "INVOICE 3318",
			lines(`Marietta Plumbing Co.
Customer: Dorothy Kimbrough
Service address: 640 Whitlock Ave NW, Marietta GA 30064
Replace failed supply line under kitchen sink     $240.00
Total                                            $240.00`)...))}},
}

var pikeCOS = textPDF("Adobe Scan", "CERTIFICATE OF SATISFACTION",
	lines(`Peach State Restoration
Owner: Wendell Pike
Property: 415 Old Canton Rd, Marietta GA 30068
I am satisfied with the water mitigation services performed at the property above.
Signed: Wendell Pike      Date: 12/15/2026`)...)
