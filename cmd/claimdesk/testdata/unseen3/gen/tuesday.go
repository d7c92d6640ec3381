package main

var tuesday = []msg{
	{Kind: "after_assignment", Claim: "FP26-HO-008821", From: danny, To: office, Date: at(1, 7, 45),
		Subject: "gulf blvd 402",
		Text:    "Pruitt condo. Kitchen and hall wet, cabinets toe kicks off. Set 4 air movers and 1 LGR.\n\n" + dannySig,
		Files:   []file{jpg("IMG_6031.jpg", 36), jpg("IMG_6032.jpg", 37), jpg("IMG_6033.jpg", 38)}},

	{Kind: "ia_file_only", Claim: "001-00-421906", NeedsAck: true, From: rick, To: office, Date: at(1, 8, 30),
		Subject: "GCS-26-03318",
		Text:    "Please send the signed work authorization and your day 1 moisture map when you have them. I'm planning to be on site Thursday.\n\n" + rickSig},

	{Kind: "adjuster_number_no_dash", Claim: "001-00-418237", NeedsAck: true, From: jorge, To: office, Date: at(1, 9, 10),
		Subject: "Claim 00100418237",
		Text: `Good morning,

The insured called me about water coming back under the kitchen sink. Please let me know whether this is new damage or the same loss, and send updated photos.

Jorge Alvarez
Field Adjuster | Citizens Property Insurance Corporation
813-555-0102`},

	{Kind: "vendor_invoice_dumpster", Claim: "HCI1224088", NeedsAck: true,
		From: "Bay Area Roll-Off <billing@bayarearolloff.example>", To: office, Date: at(1, 10, 0),
		Subject: "Invoice 40718 from Bay Area Roll-Off",
		Text: `Thank you for your business. Your invoice is attached.

Bay Area Roll-Off | 727-555-0111`,
		Files: []file{pdfFile("Invoice_40718.pdf", "invoice", textPDF("QuickBooks", "INVOICE 40718",
			lines(`Bay Area Roll-Off LLC
Bill to: Suncoast Dry & Restore
Site: 2040 Belcher Rd S, Largo FL 33771 (Okafor)
20 yd roll-off, delivery and 7 days    $425.00
Tonnage 1.8 t                           $117.00
Total due                               $542.00`)...))}},

	{Kind: "near_claim_number", NeedsAck: true,
		From: "PODS Tampa <tampa.billing@pods.example>", To: office, Date: at(1, 10, 40),
		Subject: "Container invoice - claim UPC26-117503",
		Text: `Attached is the invoice for the storage container delivered Dec 30 for contents at 4102 W San Miguel St, Tampa (claim UPC26-117503). Please remit within 30 days.

PODS Tampa Bay`,
		Files: []file{pdfFile("PODS_INV_7781203.pdf", "invoice", textPDF("PODS", "INVOICE 7781203",
			lines(`PODS Enterprises
Customer: Suncoast Dry & Restore
Delivery: 4102 W San Miguel St, Tampa FL 33629
Reference: claim UPC26-117503
16 ft container, monthly rent      $299.00
Delivery                           $89.00
Total                              $388.00`)...))}},

	{Kind: "customer_street_name", Claim: "3300291847", NeedsAck: true,
		From: "Walter Carter <waltcarter51@aol.example>", To: office, Date: at(1, 11, 25),
		Subject: "fans",
		Text: `This is Walter Carter on Palmetto Street. How much longer do the fans need to run? The noise is keeping my wife up at night.

Walt`},

	{Kind: "estimate_package", Claim: "HP-FL-26-0077413", From: sam, To: office, Date: at(1, 13, 0),
		Subject: "Sorensen - HP-FL-26-0077413 estimate",
		Text:    "Mitigation estimate for Sorensen, ESX and PDF.\n\nSam Patel\nEstimator | Suncoast Dry & Restore",
		Files: []file{
			{Name: "SORENSEN_G.ESX", CType: "application/octet-stream", Data: esx("SORENSEN_G", "HP-FL-26-0077413"), DocType: "estimate"},
			pdfFile("SORENSEN_G.pdf", "estimate", textPDF("Xactimate", "Suncoast Dry & Restore",
				lines(`Insured: Gail Sorensen
Property: 6120 38th Ave N, St. Petersburg, FL 33710
Claim Number: HP-FL-26-0077413
Estimate: SORENSEN_G
Water Mitigation
Line item total  3,288.90
Net claim  3,288.90`)...))}},

	{Kind: "tech_docs_typeless", Claim: "HCI1224088", From: danny, To: office, Date: at(1, 14, 10),
		Subject: "okafor",
		Text:    "signed\n\n" + dannySig,
		Files:   []file{pdfFile("IMG_4490.pdf", "atp", okaforATP)}},

	{Kind: "assignment_human", Claim: "HP-FL-26-0079120", NeedsAck: true, ID: idKyleTran,
		From: kyle, To: office, Date: at(1, 15, 20),
		Subject: "new one in Largo",
		Text: `Hi Renata,

Can you guys get out to a new loss for me in Largo? The insured is Anh Tran, 1322 Rosery Rd NE, Largo 33770. The water heater in the hall closet failed over the weekend and the carpet in two bedrooms is wet. Heritage claim number is HP-FL-26-0079120. His number is 727-555-0193, he speaks some Vietnamese and English.

Please send me the ATP and first day photos once you're in.

` + kyleSig},
}

var okaforATP = textPDF("iOS Notes Scanner", "WORK AUTHORIZATION AND ASSIGNMENT OF BENEFITS",
	lines(`Suncoast Dry & Restore
Property Owner: Thomas Okafor
Property Address: 2040 Belcher Rd S, Largo, FL 33771
Insurance Carrier: Homeowners Choice     Claim No.: HCI1224088
I authorize Suncoast Dry & Restore to perform emergency water mitigation at the property above.
Signature: Thomas Okafor      Date: 01/04/2027`)...)
