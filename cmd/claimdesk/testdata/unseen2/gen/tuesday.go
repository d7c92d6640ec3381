package main

var tuesday = []msg{
	{kind: "after_assignment", claim: "GFB-HO-2612203", from: luis, to: office, date: at(1, 7, 50),
		subject: "Odom crawl",
		text:    "4410 Cedarcrest. Vapor barrier soaked, standing water at the back wall. Set 6 AM and 2 dehus.\n\n" + luisSig,
		files:   []file{jpg("IMG_0611.jpg", 15), jpg("IMG_0612.jpg", 16)}},

	{kind: "after_assignment", claim: "040526011893", needsAck: true, from: paula, to: office, date: at(1, 8, 40),
		subject: "Halvorsen",
		text: `Hello,

Please send the signed work authorization and your first day photos for the Halvorsen water loss when you can.

Thank you,
Paula Grier
Claim Professional | Chubb
(404) 555-0120`},

	{kind: "ia_file_only", claim: "054419283017", needsAck: true, from: dana, to: office, date: at(1, 9, 15),
		subject: "PCS-GA-26-44817 - status?",
		text: `Any update on drying? I will need your moisture map before my inspection tomorrow.

` + danaSig},

	{kind: "forward_chain", claim: "0738216645", needsAck: true, from: renee, to: office, date: at(1, 10, 20),
		subject: "FW: bathroom ceiling",
		text: `Please see below from the insured. Can you go back out and let me know what you find?

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

	{kind: "assignment_ia", claim: "054419377206", needsAck: true, id: idDanaBanks, from: dana, to: office, date: at(1, 11, 30),
		subject: "New loss for you - Banks",
		text: `Tasha,

Safeco has another water loss for you on my desk.

Our File No.:    PCS-GA-26-45102
Safeco Claim:    054419377206
Insured:         Gloria Banks
Risk:            905 Roswell St NE, Marietta, GA 30060
Phone:           (770) 555-0187
Loss:            toilet supply line, upstairs bath, water into the kitchen below

Please make contact today and copy me on your estimate.

` + danaSig},

	{kind: "near_claim_number", needsAck: true, from: "Southern Board-Up <billing@southernboardup.example>", to: office, date: at(1, 12, 0),
		subject: "Invoice 20931 - claim 12-B873-41L",
		text: `Attached is our invoice for the board-up at 2295 Powder Springs Rd SW (claim 12-B873-41L). Net 30.

Southern Board-Up LLC
770-555-0199`,
		files: []file{pdfFile("INV20931.pdf", "invoice", textPDF("QuickBooks", "INVOICE 20931",
			lines(`Southern Board-Up LLC
Bill to: Peach State Restoration
Job: 2295 Powder Springs Rd SW, Marietta GA
Claim: 12-B873-41L
Emergency board-up, 2 windows      $385.00
Total due                          $385.00`)...))}},

	{kind: "tech_docs_typeless", claim: "GFB-HO-2611847", from: andre, to: office, date: at(1, 13, 10),
		subject: "signed",
		text:    "Pike\n\n" + andreSig,
		files:   []file{pdfFile("scan0007.pdf", "cos", pikeCOS)}},

	{kind: "customer_street_name", claim: "C26-118-40722", needsAck: true,
		from: "James Fulton <jfulton.smyrna@yahoo.example>", to: office, date: at(1, 15, 45),
		subject: "dehumidifier",
		text: `Hi this is James over on Church Street. The dehumidifier is beeping and showing a code E4. Should I unplug it?

James Fulton`},

	{kind: "vendor_invoice", claim: "IFB8873", needsAck: true,
		from: "Marietta Plumbing Co <office@mariettaplumbing.example>", to: office, date: at(1, 16, 30),
		subject: "Invoice - Kimbrough",
		text: `Invoice attached for the repair at 640 Whitlock Ave NW (Kimbrough). Thank you for the referral!

Marietta Plumbing Co. | GA Master Plumber MP208871 | 770-555-0114`,
		files: []file{pdfFile("Invoice_3318.pdf", "invoice", textPDF("QuickBooks", "INVOICE 3318",
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
